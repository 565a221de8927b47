"""Each rule of `vaultkit check` on a vault built for it: the finding, its place, its fix
(vaultkit.check). Link resolution follows Obsidian's help (Linking notes and files/Internal
links.md, Aliases.md, Embed files.md); properties follow Properties.md and Tags.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import VaultBuilder
from vaultkit.check.engine import check_paths, check_vault
from vaultkit.check.link_rules import find_heading, heading_key
from vaultkit.check.model import CheckReport
from vaultkit.check.selection import CheckUsageError, ignored_by_note, select_rules
from vaultkit.index import Index
from vaultkit.model import Heading

CASES = {
    # help: Internal links.md — a link to a note that does not exist is unresolved
    "broken-link": (
        {"a.md": "see [[Marxsim]] here\n", "Marxism.md": "# Marxism\n"},
        ("a.md", 1, 5),
        "[[Marxsim]]",
        "did you mean [[Marxism]]?",
    ),
    # help: Aliases.md — aliases are not link targets
    "alias-link": (
        {"a.md": "x\n\n[[sects]]\n", "c/sectarianism.md": "---\naliases: [sects]\n---\n"},
        ("a.md", 3, 1),
        "'sects' is an alias of c/sectarianism.md",
        "write [[sectarianism|sects]]",
    ),
    "ambiguous-link": (
        {"a.md": "[[Plan]]\n", "x/Plan.md": "", "y/z/Plan.md": ""},
        ("a.md", 1, 1),
        "2 files are named 'Plan' (x/Plan.md, y/z/Plan.md)",
        "write the path: [[x/Plan]]",
    ),
    # help: Internal links.md "Link to a heading in a note"
    "missing-heading": (
        {"a.md": "[[b#No such heading]]\n", "b.md": "# Intro\n\n## Such heading\n"},
        ("a.md", 1, 1),
        "b.md has no heading 'No such heading'",
        "did you mean #Such heading?",
    ),
    # help: Internal links.md "Link to a block in a note"
    "missing-block": (
        {"a.md": "text [[b#^nope]]\n", "b.md": "para ^yes\n"},
        ("a.md", 1, 6),
        "b.md has no block ^nope",
        "add ^nope",
    ),
    # help: Embed files.md
    "missing-embed": (
        {"a.md": "![[map.png]]\n", "other.png": b"\x89PNG"},
        ("a.md", 1, 1),
        "no attachment 'map.png'",
        "add the file",
    ),
    "invalid-frontmatter": (
        {"a.md": "---\ntitle: [unclosed\n---\nbody\n"},
        ("a.md", None, 1),
        "invalid YAML frontmatter",
        "fix the YAML",
    ),
    # help: Properties.md — tags are a list; `tag` was deprecated in 1.4, dropped in 1.9
    "ignored-property": (
        {"a.md": "---\ntitle: x\ntag: reading\n---\n"},
        ("a.md", 3, 1),
        "property 'tag' is not read by current Obsidian",
        "rename the property",
    ),
    "duplicate-alias": (
        {"a.md": "---\naliases: [HWL]\n---\n", "b.md": "---\naliases: [hwl]\n---\n"},
        ("a.md", 1, 1),
        "alias 'HWL' is on 2 notes: a.md, b.md",
        "keep the alias on one note",
    ),
    "untagged": ({"a.md": "no tags here\n"}, ("a.md", None, None), "no tag", "add a tag"),
    "empty-tags": (
        {"a.md": "# R\n`TAGS:`\n\n#x\n"},
        ("a.md", 2, None),
        "empty `TAGS:` field",
        "put the note's tags after `TAGS:`",
    ),
    "single-use": ({"a.md": "#lonely\n"}, ("a.md", 1, 1), "#lonely is used in one note", "use"),
    "near-duplicate": (
        {"a.md": "#Organizing\n", "b.md": "#organizing\n", "c.md": "#organizing\n"},
        ("a.md", 1, 1),
        "#organizing (2), #Organizing (1): case variants",
        "write #organizing for #Organizing",
    ),
    "leaf-used-flat": (
        {"a.md": "#reading/theory\n", "b.md": "#theory\n"},
        ("b.md", 1, 1),
        "#reading/theory ends in 'theory', also used on its own as #theory (1)",
        "use one of",
    ),
}


def _check(root: Path, rules: list[str], tmp_path: Path) -> CheckReport:
    with Index.open(root, tmp_path / "ix.sqlite") as index:
        index.refresh(jobs=1)
        return check_vault(index, select_rules(None, rules))


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_rule_finds_its_problem_and_says_the_fix(
    rule: str, make_vault: VaultBuilder, tmp_path: Path
) -> None:
    files, (path, line, col), message, fix = CASES[rule]
    report = _check(make_vault(dict(files)), [rule], tmp_path)
    assert [f.rule for f in report.findings] == [rule], report.findings
    finding = report.findings[0]
    place = finding.places[0]
    assert place.path == path
    if line is not None:
        assert place.line == line
    if col is not None:
        assert place.col == col
    assert message in finding.message
    assert finding.fix is not None and fix in finding.fix


@pytest.mark.parametrize("rule", sorted(CASES))
def test_no_rule_fires_on_a_clean_vault(
    rule: str, make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "a.md": "---\ntags: [topic]\naliases: [A1]\n---\n# Top\n\n## Sub: part\n\n"
            "[[b]] [[b#Intro]] [[b#^blk]] ![[map.png]] [[a#Sub part]] #topic\n",
            "b.md": "---\ntags: [topic]\n---\n# Intro\n\npara ^blk\n\n[[a#Top#Sub: part]]\n",
            "map.png": b"\x89PNG",
        }
    )
    report = _check(root, [rule], tmp_path)
    assert report.findings == []


def test_headings_match_as_obsidian_compares_them() -> None:
    # Internal links.md: [[Note#Heading#Subheading]] names a chain of headings
    headings = (
        Heading(1, "Top", "Top", 1),
        Heading(2, "29. What: makes a cadre?", "29. What: makes a cadre?", 3),
        Heading(3, "Detail", "Detail", 5),
    )
    assert heading_key("What: makes  a #cadre") == "what makes a cadre"
    assert find_heading(headings, "29. what makes a cadre?")
    assert find_heading(headings, "Top#Detail")
    assert not find_heading(headings, "Detail#Top")
    assert not find_heading(headings, "Nope")


def test_a_heading_link_written_as_the_heading_is_typed_is_found(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    # Obsidian CLI.md of the help vault: `### \`move\`` linked as [[#`move`|move]] (Obsidian
    # writes a heading's text as typed into the link); the plain text still matches too
    files = {
        "cli.md": "### `move`\n\nUse [[#`move`|move]] or [[#move]]; not [[#`mov`]].\n",
        "b.md": "[[cli#`move`]]\n",
    }
    report = _check(make_vault(files), ["missing-heading"], tmp_path)
    assert [(f.places[0].path, f.message) for f in report.findings] == [
        ("cli.md", "[[#`mov`]]: cli.md has no heading '`mov`'")
    ]


def test_alias_link_fix_and_tag_case_fix_are_the_only_edits(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "a.md": "[[sects]] and [[Marxsim]] #Organizing\n",
            "sectarianism.md": "---\naliases: [sects, sectarian]\n---\n#organizing\n",
            "b.md": "#organizing #organising\n",
        }
    )
    report = _check(root, ["all"], tmp_path)
    edits = [(e.path, e.kind, e.old, e.new) for f in report.findings for e in f.edits]
    assert sorted(edits) == [
        ("a.md", "rename-tag", "Organizing", "organizing"),
        ("a.md", "splice", "[[sects]]", "[[sectarianism|sects]]"),
    ]


def test_selection_defaults_config_and_cli(make_vault: VaultBuilder) -> None:
    default = select_rules(None).rules
    assert "broken-link" in default and "untagged" not in default
    assert select_rules({"select": ["untagged"]}).rules == ("untagged",)
    extended = select_rules({"extend-select": ["untagged"]}, ignore=["broken-link"]).rules
    assert "untagged" in extended and "broken-link" not in extended and "alias-link" in extended
    assert select_rules(None, ["untagged,broken-link"], severity="warning").rules == (
        "broken-link",
    )
    assert select_rules({"severity": "error"}).rules == (
        "broken-link",
        "missing-heading",
        "missing-block",
        "missing-embed",
        "invalid-frontmatter",
    )
    with pytest.raises(CheckUsageError, match="unknown rule 'nope'"):
        select_rules(None, ["nope"])
    with pytest.raises(CheckUsageError, match="unknown severity"):
        select_rules(None, severity="fatal")


def test_a_note_opts_out_of_rules(make_vault: VaultBuilder, tmp_path: Path) -> None:
    assert ignored_by_note({"vaultkit-ignore": ["broken-link", "nope"]}) == {"broken-link"}
    assert "untagged" in ignored_by_note({"vaultkit-ignore": "all"})
    root = make_vault(
        {
            "a.md": "---\nvaultkit-ignore: [broken-link]\n---\n[[Nowhere]] ![[gone.png]]\n",
            "b.md": "[[Nowhere]]\n",
        }
    )
    report = _check(root, ["broken-link", "missing-embed"], tmp_path)
    assert [(f.rule, f.path) for f in report.findings] == [
        ("broken-link", "b.md"),
        ("missing-embed", "a.md"),
    ]


def test_checking_some_notes_covers_the_links_pointing_at_them(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "target.md": "# Only heading\n",
            "in.md": "[[target#Gone heading]] [[Elsewhere]]\n",
            "other.md": "[[Nowhere]]\n",
            "gone-links.md": "[[deleted note]]\n",
        }
    )
    with Index.open(root, tmp_path / "ix.sqlite") as index:
        index.refresh(jobs=1)
        selection = select_rules(None)
        report = check_paths(index, selection, ["target.md", "deleted note.md"])
    found = sorted((f.rule, f.path, f.message.split(":")[0]) for f in report.findings)
    assert found == [
        ("broken-link", "gone-links.md", "[[deleted note]]"),
        ("missing-heading", "in.md", "[[target#Gone heading]]"),
    ]
    assert report.notes == 1


def test_tag_rules_on_some_notes_agree_with_the_whole_vault(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "a.md": "#Organizing #reading/theory #lonely\n",
            "b.md": "#organizing #organising\n",
            "c.md": "#organizing #theory #other\n",
            "d.md": "#unrelated #unrelatd\n",
        }
    )
    tag_rules = ["single-use", "near-duplicate", "leaf-used-flat"]
    with Index.open(root, tmp_path / "ix.sqlite") as index:
        index.refresh(jobs=1)
        selection = select_rules(None, tag_rules)
        whole = check_vault(index, selection)
        for path in ("a.md", "b.md", "c.md", "d.md"):
            some = check_paths(index, selection, [path])
            expected = [
                (f.rule, f.message, [p for p in f.places if p.path == path])
                for f in whole.findings
                if any(p.path == path for p in f.places)
            ]
            assert [(f.rule, f.message, f.places) for f in some.findings] == expected, path


def test_an_empty_tags_field_is_filled_with_the_notes_own_tags(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """Issue 17: `--fix` fills "an empty TAGS: field the user's template already has" with
    the note's tags; a note without tags keeps its finding and gets no edit."""
    from vaultkit.check.fixes import apply_fixes, plan_fixes
    from vaultkit.index import Index

    tagged = "---\ntags: [reading, labor]\n---\n`SOURCE:` x\n`TAGS:` \nTags::\nbody #theory\n"
    root = make_vault({"tagged.md": tagged, "bare.md": "`TAGS:`\nno tags here\n"})
    report = _check(root, ["empty-tags"], tmp_path)
    by_note = {f.path: f for f in report.findings if f.places[0].line == 5 or f.path == "bare.md"}
    assert not by_note["bare.md"].edits
    with Index.open(root, tmp_path / "fix.sqlite") as index:
        index.refresh(jobs=1)
        plan = plan_fixes(index, report.findings)
        assert [f.path for f in plan.fixes] == ["tagged.md"]
        apply_fixes(index, plan)
    assert (root / "tagged.md").read_text() == tagged.replace(
        "`TAGS:` \nTags::\n",
        "`TAGS:` #reading #labor #theory\nTags:: #reading #labor #theory\n",
    )
    assert (root / "bare.md").read_text() == "`TAGS:`\nno tags here\n"
    assert not [f for f in _check(root, ["empty-tags"], tmp_path).findings if f.path == "tagged.md"]
