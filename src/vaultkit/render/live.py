"""Renderers of ``vaultkit watch``: one line per refresh, or one JSON object per line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vaultkit.render import to_jsonable

if TYPE_CHECKING:
    from vaultkit.live.watch import RefreshEvent

SHOWN = 3
"""Paths named per list in the human line; the rest are counted."""


def event_json(event: RefreshEvent, at: str) -> dict[str, Any]:
    """The documented ``watch --json`` object of one refresh."""
    data: dict[str, Any] = {"time": at}
    data.update(to_jsonable(event))
    return data


def _paths(label: str, paths: list[str]) -> str:
    named = ", ".join(paths[:SHOWN])
    more = f" and {len(paths) - SHOWN} more" if len(paths) > SHOWN else ""
    return f"{len(paths)} {label} ({named}{more})"


def event_line(event: RefreshEvent, at: str) -> str:
    """One line: when, what changed, what the index holds now, how long it took."""
    parts = []
    if event.changed:
        parts.append(_paths("changed", event.changed))
    if event.added:
        parts.append(_paths("added", event.added))
    if event.removed:
        parts.append(_paths("removed", event.removed))
    if event.renamed:
        moves = [f"{r.old} → {r.new}" for r in event.renamed]
        parts.append(_paths("renamed", moves))
    counts = event.counts
    return (
        f"{at} {'; '.join(parts)}: {counts.notes} notes, {counts.links} links,"
        f" {counts.unresolved} unresolved ({event.seconds:.3f} s)"
    )
