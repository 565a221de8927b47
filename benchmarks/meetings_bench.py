"""How the meeting model's time grows with a note's size: one meeting note of N list items
(decisions, tasks with owners and due dates, speakers, "My intervention" groups, section
mentions) and one line holding N section numbers, timed at N and 8·N. Linear work takes
about 8 times as long; the issue asks for no more than about 10 times.

Usage::

    python benchmarks/meetings_bench.py [--items 2000] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import time

RESOLUTION = "Resolutions/Res.md"


def meeting_note(items: int) -> str:
    """A meeting note with ``items`` list items of every kind the model reads."""
    lines = ["# [[WFU]] Tacoma Branch, 5-2-21", "#meeting/organizational", ""]
    lines.append("## Discussion: [[Res]]")
    shapes = (
        "- Ines introduced sections 13 and 29; Teo raised paragraph {i}.",
        "- The branch voted {i}-3 for September.",
        "- [ ] Rosa: draft part {i} by 3-28",
        "- My intervention",
        "\t- point {i} about [[Res#29. Cadre]]",
        "- Proposal from Teo: item {i}",
    )
    for i in range(items):
        lines.append(shapes[i % len(shapes)].format(i=i))
    return "\n".join(lines) + "\n"


def long_line(numbers: int) -> str:
    """One list item naming ``numbers`` sections."""
    listed = ", ".join(str(1 + i % 999) for i in range(numbers))
    return f"# [[WFU]] Tacoma Branch, 5-2-21\n#meeting\n\n- see [[Res]]: sections {listed}\n"


def _time(text: str, repeat: int) -> float:
    from vaultkit.kinds import DEFAULT_RULES
    from vaultkit.model import Link
    from vaultkit.parse.note import parse_note
    from vaultkit.reports.meetings import meeting_row

    note = parse_note(text, "Meetings/m.md")
    # the index resolves links; here every [[Res…]] link points at the resolution
    links = tuple(
        Link(**{**_fields(link), "resolved": RESOLUTION}) if link.target == "Res" else link
        for link in note.links
    )
    note = type(note)(**{**_fields(note), "links": links})
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        meeting_row(note, set(), DEFAULT_RULES["meeting"], {RESOLUTION: [1, 13, 29]})
        best = min(best, time.perf_counter() - started)
    return best


def _fields(record: object) -> dict[str, object]:
    from dataclasses import fields

    return {f.name: getattr(record, f.name) for f in fields(record)}  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=2000, help="list items (and numbers) at N")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    rows = []
    for name, make in (("list items", meeting_note), ("numbers on one line", long_line)):
        small = _time(make(args.items), args.repeat)
        large = _time(make(8 * args.items), args.repeat)
        rows.append({"input": name, "n": args.items, "seconds": small, "seconds_8n": large})
    if args.json:
        print(json.dumps(rows))
        return 0
    for row in rows:
        ratio = row["seconds_8n"] / row["seconds"] if row["seconds"] else float("inf")
        print(
            f"{row['input']:<22} N={row['n']:<6} {row['seconds'] * 1000:8.1f} ms"
            f"  8N {row['seconds_8n'] * 1000:8.1f} ms  ratio {ratio:.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
