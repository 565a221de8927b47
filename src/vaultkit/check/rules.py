"""Every rule of ``vaultkit check``, in the order findings are reported."""

from __future__ import annotations

from vaultkit.check import link_rules, note_rules, tag_rules
from vaultkit.check.model import Rule

RULES: tuple[Rule, ...] = (
    Rule(
        "broken-link",
        True,
        "error",
        "links no note answers",
        "correct the link (the closest note is suggested) or create the note",
        link_rules.broken_links,
    ),
    Rule(
        "alias-link",
        True,
        "warning",
        "links written as an alias, which Obsidian never resolves",
        "write [[note|alias]]",
        link_rules.alias_links,
        fixable=True,
    ),
    Rule(
        "ambiguous-link",
        True,
        "warning",
        "bare names several files share",
        "write the path",
        link_rules.ambiguous_links,
    ),
    Rule(
        "missing-heading",
        True,
        "error",
        "links to a heading the note does not have",
        "link a heading the note has",
        link_rules.missing_headings,
    ),
    Rule(
        "missing-block",
        True,
        "error",
        "links to a block id the note does not have",
        "add the ^id to the paragraph, or correct it",
        link_rules.missing_blocks,
    ),
    Rule(
        "missing-embed",
        True,
        "error",
        "embeds of attachments not in the vault",
        "add the file, or correct the name",
        link_rules.missing_embeds,
    ),
    Rule(
        "invalid-frontmatter",
        True,
        "error",
        "frontmatter Obsidian cannot read",
        "fix the YAML",
        note_rules.invalid_frontmatter,
    ),
    Rule(
        "ignored-property",
        True,
        "warning",
        "properties Obsidian ignores: tag:, alias:, tags as one comma-separated string",
        "rename to tags:/aliases:, write a list",
        note_rules.ignored_properties,
    ),
    Rule(
        "duplicate-alias",
        True,
        "warning",
        "one alias on several notes",
        "keep the alias on one note",
        note_rules.duplicate_aliases,
    ),
    Rule(
        "untagged",
        False,
        "info",
        "notes with no tag",
        "add a tag",
        tag_rules.untagged,
        tag_rule=True,
    ),
    Rule(
        "empty-tags",
        True,
        "warning",
        "empty tags properties and TAGS: fields",
        "fill or delete them (--fix: a TAGS: field gets the note's own tags)",
        tag_rules.empty_tags,
        fixable=True,
        tag_rule=True,
    ),
    Rule(
        "single-use",
        False,
        "info",
        "tags only one note carries",
        "use a tag others carry",
        tag_rules.single_use,
        tag_rule=True,
    ),
    Rule(
        "near-duplicate",
        True,
        "warning",
        "spellings of one tag: case, plural, - and _, one letter apart",
        "use one spelling (--fix: case variants)",
        tag_rules.near_duplicates,
        fixable=True,
        tag_rule=True,
    ),
    Rule(
        "leaf-used-flat",
        False,
        "info",
        "a nested tag's last part also used on its own",
        "use one of them",
        tag_rules.leaf_used_flat,
        tag_rule=True,
    ),
)
BY_ID = {rule.id: rule for rule in RULES}
AUDIT_ORDER = ("untagged", "empty-tags", "single-use", "near-duplicate", "leaf-used-flat")
"""The tag rules in the order ``tags audit`` reports them."""
