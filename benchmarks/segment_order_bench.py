"""Headings before points (session 8, seg8): the summaries rubric and a vault's segment
counts under the earlier rule (points first) and the current one (headings first), both
in the same run.

Usage::

    python benchmarks/segment_order_bench.py                 # rubric on benchmarks/summaries
    python benchmarks/segment_order_bench.py --vault DIR     # also: DIR's notes (read only)

The earlier rule is put back for the "before" figures by replacing ``digest.segment`` with
its old body (points whenever the note is made of points, else headings, else TextTiling).
Vault figures, over the notes with 2+ headings and over all: notes cut by points, segments
per note, segments without a gist, summaries over half the note.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import summarize_bench  # noqa: E402
from vaultkit.reports import digest as digest_module  # noqa: E402
from vaultkit.reports.segments import Part, by_headings, by_points, by_tiling  # noqa: E402
from vaultkit.reports.summarize import summarize_note  # noqa: E402
from vaultkit.reports.text import Block, blocks  # noqa: E402

METHODS = ("vaultkit", "lead", "textrank", "lexrank")
METRICS = ("gold", "parts", "redundancy")


def points_first(
    items: Sequence[Block], content: Sequence[Block], title_line: int | None, points: bool
) -> tuple[str, list[Part]]:
    """The rule before session 8: points before headings."""
    if points:
        return "points", by_points(content)
    parts = by_headings(items, content, title_line)
    if any(p.kind == "section" for p in parts):
        return "headings", parts
    tiles = by_tiling(content)
    return ("tiling" if tiles else "none"), tiles


@contextmanager
def rule(name: str) -> Iterator[None]:
    current = digest_module.segment
    if name == "before":
        digest_module.segment = points_first  # type: ignore[assignment]
    try:
        yield
    finally:
        digest_module.segment = current  # type: ignore[assignment]


def groups(names: Sequence[str]) -> dict[str, list[str]]:
    sb = summarize_bench
    held = (*sb.HELD_OUT, *sb.HELD_OUT_S6, *sb.HELD_OUT_S7)
    return {
        "all": list(names),
        "first four": [n for n in names if n not in held],
        "held out s5": [n for n in names if n in sb.HELD_OUT],
        "held out s6": [n for n in names if n in sb.HELD_OUT_S6],
        "held out s7": [n for n in names if n in sb.HELD_OUT_S7],
        "plain": [n for n in names if n in sb.PLAIN],
    }


def vault_figures(root: Path) -> dict[str, Any]:
    """Per rule, over the notes with 2+ headings (``headed``) and over all notes."""
    notes = []
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        notes.append((str(path.relative_to(root)), text))
    out: dict[str, Any] = {}
    for name in ("before", "after"):
        with rule(name):
            rows = []
            for rel, text in notes:
                note = summarize_bench.note_of(text, rel)
                headed = sum(1 for b in blocks(text, note) if b.kind == "heading") >= 2
                got = summarize_note(note, text)
                length = got.length
                rows.append(
                    {
                        "note": rel,
                        "headed": headed,
                        "how": got.segmentation,
                        "segments": len(got.segments),
                        "no_gist": sum(1 for s in got.segments if s.gist is None),
                        "over_half": length.note > 0 and length.summary > length.note / 2,
                        "dropped": length.dropped_gists,
                    }
                )
        out[name] = rows
    return out


def summarize_rows(rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    n = len(rows) or 1
    return {
        "notes": len(rows),
        "by points": sum(1 for r in rows if r["how"] == "points"),
        "segments per note": sum(r["segments"] for r in rows) / n,
        "segments without gist": sum(r["no_gist"] for r in rows),
        "gists dropped": sum(r["dropped"] for r in rows),
        "over half": sum(1 for r in rows if r["over_half"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vault", type=Path, help="also count segments over DIR's notes")
    parser.add_argument("--note", action="append", default=[], help="show one vault note")
    args = parser.parse_args(argv)
    found = {}
    for name in ("before", "after"):
        with rule(name):
            found[name] = summarize_bench.quality()
    names = list(found["after"])
    print("Rubric on benchmarks/summaries, before (points first) -> after (headings first)")
    for note in names:
        how = [found[r][note]["vaultkit"] for r in ("before", "after")]
        changed = any(how[0][m] != how[1][m] for m in METRICS)
        print(f"  {note[:44]:44} {'changed' if changed else 'same'}")
    print(f"  {'set':14} {'metric':10} " + " ".join(f"{m:>17}" for m in METHODS))
    for label, members in groups(names).items():
        for metric in METRICS:
            cells = []
            for method in METHODS:
                b, a = (
                    sum(found[r][n][method][metric] for n in members) / (len(members) or 1)
                    for r in ("before", "after")
                )
                cells.append(f"{b:7.2f} -> {a:5.2f}")
            print(f"  {label:14} {metric:10} " + " ".join(f"{c:>17}" for c in cells))
    if args.vault:
        figures = vault_figures(args.vault)
        print(f"Vault {args.vault}, before -> after")
        for subset in ("headed", "all"):
            pick = {
                r: [row for row in figures[r] if subset == "all" or row["headed"]] for r in figures
            }
            b, a = summarize_rows(pick["before"]), summarize_rows(pick["after"])
            label = "notes with 2+ headings" if subset == "headed" else "all notes"
            print(f"  {label}")
            for key in b:
                print(f"    {key:24} {b[key]:8.2f} -> {a[key]:8.2f}")
        for wanted in args.note:
            for r in ("before", "after"):
                row = next(x for x in figures[r] if x["note"] == wanted)
                print(f"  {wanted} {r}: {row}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
