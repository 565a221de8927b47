"""Results as rows, for the shared output options (``--csv``, ``--tsv``, ``--jsonl``,
``--paths``, ``--count``): one row builder per result that has no table of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vaultkit.graph import GraphSummary, LinkPath
    from vaultkit.graph_analysis import Community, Neighborhood, RankedNote
    from vaultkit.suggest import SuggestReport
    from vaultkit.tags.audit import AuditReport
    from vaultkit.tags.listing import TagListing

Rows = list[tuple[Any, ...]]

TAG_HEADERS = ("tag", "notes", "frontmatter", "inline", "field")
TREE_HEADERS = ("tag", "notes", "total", "depth")


def tag_rows(listing: TagListing) -> tuple[tuple[str, ...], Rows]:
    """``tags``: one row per tag, or per tree node (parents first) with ``--tree``."""
    if listing.tree is not None:
        from vaultkit.render.tags import walk_tree

        return TREE_HEADERS, [(n.name, n.notes, n.total, d) for n, d in walk_tree(listing.tree)]
    return TAG_HEADERS, [(t.name, t.notes, t.frontmatter, t.inline, t.field) for t in listing.tags]


AUDIT_HEADERS = ("check", "path", "line", "tag", "source", "message")


def audit_rows(report: AuditReport) -> Rows:
    """``tags audit``: one row per place a finding shows."""
    return [
        (f.check, o.path, o.line, o.tag, o.source, f.message)
        for f in report.findings
        for o in f.occurrences
    ]


SUGGEST_HEADERS = ("path", "title", "tag", "score", "signals")


def suggest_rows(report: SuggestReport) -> Rows:
    """``tags suggest``: one row per suggested tag of each note."""
    return [
        (n.path, n.title, s.tag, s.score, [r.signal for r in s.reasons])
        for n in report.notes
        for s in n.suggestions
    ]


HUB_HEADERS = ("path", "title", "linked_from", "links_to")


def hub_rows(summary: GraphSummary) -> Rows:
    """``graph``: one row per hub."""
    return [(h.path, h.title, h.linked_from, h.links_to) for h in summary.hubs]


CHAIN_HEADERS = ("step", "path")


def chain_rows(path: LinkPath) -> Rows:
    """``graph path``: the notes of the chain in order (step 0 is the start)."""
    return list(enumerate(path.notes))


RANKED_HEADERS = ("path", "title", "score", "linked_from", "links_to")


def ranked_rows(notes: list[RankedNote]) -> Rows:
    """``graph stats`` (its top hubs), ``graph dead-ends``, ``graph hubs``: one row per note."""
    return [(n.path, n.title, n.score, n.linked_from, n.links_to) for n in notes]


NEIGHBOR_HEADERS = ("path", "title", "distance", "direction")


def neighbor_rows(hood: Neighborhood) -> Rows:
    """``graph neighbors``: one row per neighbouring note, nearest first."""
    return [(n.path, n.title, n.distance, n.direction) for n in hood.neighbors]


COMMUNITY_HEADERS = ("id", "name", "size", "top", "notes")


def community_rows(groups: list[Community]) -> Rows:
    """``graph communities``: one row per community (its notes a list)."""
    return [(g.id, g.name, g.size, g.top, g.notes) for g in groups]
