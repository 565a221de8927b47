"""The meetings, readings and resolutions reports (issue 6) on vaults built in tmp_path from
our own notes in the shapes of the user's samples (tests/fixtures/seedlike)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, VaultBuilder
from vaultkit.filters import NoteFilter
from vaultkit.index import Index
from vaultkit.reports.meetings import in_period, meetings_report
from vaultkit.reports.readings import readings_report
from vaultkit.reports.resolutions import resolutions_report

SEEDLIKE = FIXTURES / "seedlike"


def seedlike() -> dict[str, str | bytes]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDLIKE.glob("*.md"))}


def open_index(root: Path) -> Index:
    index = Index.open(root, root.parent / "index.sqlite")
    index.refresh()
    return index


def meeting(date: str, org: str = "WFU", extra: str = "") -> str:
    return f"# [[{org}]] Branch, {date}\n#meeting/political\n\n## News\n- x\n{extra}"


# -- meetings --------------------------------------------------------------------------------


def test_seedlike_meeting_row(make_vault: VaultBuilder) -> None:
    """Dated from its title, organization from the title link, its sections, two "My
    intervention" groups with every point below them, and the reading it discusses, which
    has no note yet."""
    report = meetings_report(open_index(make_vault(seedlike())), with_interventions=True)
    (row,) = report.meetings
    assert (row.path, row.date, row.org) == ("meeting.md", "2022-03-14", "WFU")
    assert row.sections == [
        "News Updates",
        "Organizational Point: Study Circles",
        "Discussion: The Long Road of the Dockers (1998)",
    ]
    assert [(r.name, r.exists, r.path) for r in row.readings] == [
        ("The Long Road of the Dockers (1998)", False, None)
    ]
    assert (row.intervention_groups, row.intervention_points) == (2, 16)
    first, second = report.interventions
    assert first.section == "Organizational Point: Study Circles"
    assert [p.depth for p in first.points[:3]] == [1, 1, 2]
    assert first.points[0].text == "Keep circles small enough that everyone speaks"
    assert second.section == "Discussion: The Long Road of the Dockers (1998)"
    assert second.points[-1].text.startswith("Talking to old members in Seattle")


def test_discussed_reading_resolves_once_its_note_exists(make_vault: VaultBuilder) -> None:
    files = seedlike()
    files["Readings/The Long Road of the Dockers (1998).md"] = "---\nauthor: A\n---\n# Dockers\n"
    (row,) = meetings_report(open_index(make_vault(files))).meetings
    assert [(r.path, r.exists) for r in row.readings] == [
        ("Readings/The Long Road of the Dockers (1998).md", True)
    ]


def test_links_to_reading_notes_count_as_discussed_but_other_links_do_not(
    make_vault: VaultBuilder,
) -> None:
    root = make_vault(
        {
            "M/a.md": meeting(
                "1-2-21", extra="- see [the pamphlet](../R/Pamphlet.md) and [[Concept]]\n"
            ),
            "R/Pamphlet.md": "---\nformat: pamphlet\n---\n# Pamphlet\n",
            "Concept.md": "# Concept\n",
        }
    )
    (row,) = meetings_report(open_index(root)).meetings
    assert [r.path for r in row.readings] == ["R/Pamphlet.md"]


def test_tasks_interventions_and_cadence(make_vault: VaultBuilder) -> None:
    tasks = "- [ ] open one\n- [x] done\n- [-] dropped\n- [/] started\n"
    intervention = "- My intervention: one point\n\t- a\n\t\t- b\n- After\n"
    root = make_vault(
        {
            "Tacoma/a.md": meeting("1-2-21", extra=tasks + intervention),
            "Tacoma/b.md": meeting("1-16-21"),
            "Olympia/c.md": meeting("3-6-21", org="IMT"),
            "Olympia/undated.md": "# [[IMT]] Branch\n#meeting\n",
        }
    )
    report = meetings_report(open_index(root), group_by="org")
    rows = {m.path: m for m in report.meetings}
    assert rows["Tacoma/a.md"].open_tasks == 2 and rows["Tacoma/a.md"].done_tasks == 2
    assert (rows["Tacoma/a.md"].intervention_groups, rows["Tacoma/a.md"].intervention_points) == (
        1,
        3,
    )
    assert [m.path for m in report.meetings][-1] == "Olympia/undated.md"  # undated last
    cadence = {c.name: c for c in report.cadence}
    assert (cadence["WFU"].count, cadence["WFU"].median_gap_days) == (2, 14.0)
    assert (cadence["IMT"].count, cadence["IMT"].first, cadence["IMT"].last) == (
        2,
        "2021-03-06",
        "2021-03-06",
    )
    assert [(m.month, m.count) for m in report.months] == [
        ("2021-01", 2),
        ("2021-02", 0),
        ("2021-03", 1),
    ]
    by_folder = meetings_report(open_index(root), group_by="folder")
    assert [c.name for c in by_folder.cadence] == ["Olympia", "Tacoma"]


def test_period_org_and_folder_filters(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {
            "Tacoma/a.md": meeting("1-2-21"),
            "Tacoma/b.md": meeting("2-16-21"),
            "Olympia/c.md": meeting("3-6-21", org="IMT"),
        }
    )
    index = open_index(root)

    def paths(**kwargs: object) -> list[str]:
        return [m.path for m in meetings_report(index, **kwargs).meetings]  # type: ignore[arg-type]

    assert paths(since="2021-02") == ["Tacoma/b.md", "Olympia/c.md"]
    assert paths(until="2021-02") == ["Tacoma/a.md", "Tacoma/b.md"]
    assert paths(since="2021-01-03", until="2021-02-16") == ["Tacoma/b.md"]
    assert paths(org="imt") == ["Olympia/c.md"]
    assert paths(flt=NoteFilter(folder="Tacoma")) == ["Tacoma/a.md", "Tacoma/b.md"]


@pytest.mark.parametrize(
    ("date", "since", "until", "inside"),
    [
        ("2021-03-31", None, "2021-03", True),
        ("2021-04-01", None, "2021-03", False),
        ("2021-01-01", "2021", None, True),
        ("2020-12-31", "2021", None, False),
        (None, "2021", None, False),
        (None, None, None, True),
    ],
)
def test_in_period(date: str | None, since: str | None, until: str | None, inside: bool) -> None:
    assert in_period(date, since, until) is inside


# -- readings --------------------------------------------------------------------------------


def test_readings_grouped_by_rating_with_meetings_and_missing_metadata(
    make_vault: VaultBuilder,
) -> None:
    files = seedlike()
    files |= {
        "R/Five.md": "---\nauthor: A\ngenre: theory\nformat: book\nrating: 5\n---\n# Five\n",
        "R/Unrated.md": "# Unrated\n#reading\n",
        "M/b.md": meeting("4-1-22", extra="## Discussion: [[Five]]\n- good\n"),
        "M/c.md": meeting("2-1-22", extra="- also [[Five]]\n"),
    }
    report = readings_report(open_index(make_vault(files)))
    assert [g.label for g in report.groups] == ["5", "WIP", "unrated"]
    five = report.groups[0].readings[0]
    assert [m.path for m in five.discussed] == ["M/c.md", "M/b.md"]  # by date
    assert report.groups[1].readings[0].path == "reading.md"
    assert [(r.path, r.missing) for r in report.incomplete] == [
        ("R/Unrated.md", ["author", "genre", "format", "rating"])
    ]
    assert [(u.target, [m.path for m in u.discussed]) for u in report.unwritten] == [
        ("The Long Road of the Dockers (1998)", ["meeting.md"])
    ]


# -- resolutions -----------------------------------------------------------------------------


def test_resolution_status_sections_figures_and_links(make_vault: VaultBuilder) -> None:
    files = seedlike()
    files |= {
        "Adopted Resolution.md": "---\nstatus: adopted\n---\n# Dues resolution\n# 1. Dues\n"
        "We set $15 per month as the goal (2).\n# 5. Growth\nFrom 40 to 60 members (6-7).\n",
        "M/x.md": meeting("5-1-22", extra="- on [[reading|the draft]]\n"),
        "R/Comment.md": "---\nauthor: me\n---\n# Comment\nOn [[reading]].\n",
    }
    report = resolutions_report(open_index(make_vault(files)))
    by_path = {r.path: r for r in report.resolutions}
    draft = by_path["reading.md"]
    assert (draft.status, draft.status_from) == ("draft", "text")  # "This is the draft …"
    assert [(s.number, s.first, s.last) for s in draft.sections] == [
        (1, 1, 12),
        (13, 13, 28),
        (29, 29, 31),
        (43, 43, 46),
    ]
    assert {"500", "1,000"} <= {f.text for f in draft.figures}
    assert [q.kind for q in draft.quotes] == ["callout", "quote"]
    assert [m.path for m in draft.meetings] == ["M/x.md"]
    assert [r.path for r in draft.readings] == ["R/Comment.md"]
    adopted = by_path["Adopted Resolution.md"]
    assert (adopted.status, adopted.status_from) == ("adopted", "property")
    assert [(s.number, s.first, s.last) for s in adopted.sections] == [(1, 1, 2), (5, 5, 7)]
    targets = [f.text for f in adopted.figures if f.target]
    assert targets == ["$15 per month"]
