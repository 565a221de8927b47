"""The meeting model (issue 16): branch, organization, type, attendance, agenda, decisions,
actions, speakers and resolution sections, read from parsed notes; and the report's views
(cadence per branch, open actions, matrices, filters, the explanation when nothing matches)
on vaults built in tmp_path."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.kinds import DEFAULT_RULES
from vaultkit.parse.note import parse_note
from vaultkit.reports.meeting_model import (
    actions_of,
    agenda_of,
    attendance_of,
    branch_of,
    decisions_of,
    due_of,
    mentions_of,
    org_of,
    owner_of,
    speakers_of,
    type_of,
)
from vaultkit.reports.meetings import meetings_report

TODAY = dt.date(2021, 10, 1)

MEETING = """\
# [[WFU]] Olympia Branch, 5-22-21
#meeting/organizational

## News Updates
- Amazon workers voted 1,798 to 738 against the union. Everyone agreed it was a blow.
- Saturday: rally downtown

## Organizational Point: Campus Plan
- Dev has agreed to register the club.
- Proposal from Rosa: a weekly reading group.
- Rosa introduced the draft, to be voted on in the fall.
- The branch voted 7-3 for September.
- My intervention
	- I agreed with the timeline
	- Teo: no, he disagreed
- [ ] Dev: register the club by 6-15
- [x] Jamal: order 100 papers
- [ ] Teo and I: draft an amendment 📅 2021-07-01
- [ ] follow up with contacts by Wednesday

## Discussion: [[Res]]
- Ines introduced sections 13 and 29; Teo raised paragraph 16.

attendance:: 7
"""


def test_who_and_what() -> None:
    note = parse_note(MEETING, "Meetings/m.md")
    assert org_of(note) == "WFU"
    assert branch_of(note, "WFU") == "Olympia"
    assert type_of(note, DEFAULT_RULES["meeting"]) == "organizational"
    attendance = attendance_of(note)
    assert attendance is not None and attendance.count == 7


@pytest.mark.parametrize(
    ("text", "path", "branch"),
    [
        # the title names the branch: "X Branch" after the organization's link
        ("# [[WFU]] Tacoma Branch, 1-16-21\n", "Meetings/m.md", "Tacoma"),
        ("# [[WFU]] South Tacoma branch 1-16-21\n", "x.md", "South Tacoma"),
        # the file name when there is no heading
        ("text\n", "2021-01-16 Spokane branch.md", "Spokane"),
        # no name before "Branch" (the seed's "# [[IMT]] Branch"): the folder
        ("# [[IMT]] Branch, 1-30-21\n", "Seattle/m.md", "Seattle"),
        # a folder named Meetings names no branch; then the frontmatter
        ("---\nbranch: '[[Everett]]'\n---\n# [[IMT]] Branch\n", "Meetings/m.md", "Everett"),
        ("# [[IMT]] Branch\n", "m.md", None),  # the vault root names no branch
    ],
)
def test_branch_title_then_folder_then_frontmatter(text: str, path: str, branch: str) -> None:
    note = parse_note(text, path)
    assert branch_of(note, org_of(note)) == branch


def test_decisions_leave_out_news_interventions_tasks_and_future_votes() -> None:
    note = parse_note(MEETING, "m.md")
    found = [(d.verb, d.tally, d.text) for d in decisions_of(note, "Olympia")]
    assert found == [
        ("agreed", None, "Dev has agreed to register the club."),
        ("proposal", None, "Proposal from Rosa: a weekly reading group."),
        ("voted", [7, 3], "The branch voted 7-3 for September."),
    ]


def test_actions_owner_due_and_state() -> None:
    note = parse_note(MEETING, "m.md")
    found = [(a.owner, a.due, a.done) for a in actions_of(note, "Olympia")]
    assert found == [
        ("Dev", None, False),  # the meeting has no date: "by 6-15" has no year to take
        ("Jamal", None, True),
        ("Teo and I", "2021-07-01", False),
        (None, None, False),
    ]


@pytest.mark.parametrize(
    ("text", "meeting", "due"),
    [
        ("Ines: first draft by 3-28", dt.date(2021, 3, 14), "2021-03-28"),
        ("send it by 1-10", dt.date(2021, 12, 20), "2022-01-10"),  # next year
        ("by 3/28/22", None, "2022-03-28"),
        ("call them by Wednesday", dt.date(2021, 1, 30), "2021-02-03"),  # a Saturday
        ("report 📅 2021-04-01", None, "2021-04-01"),
        ("before the June deadline", dt.date(2021, 5, 22), "2021-06-30"),
        ("before the convention", dt.date(2021, 5, 22), None),  # kept as text: no date
    ],
)
def test_due_dates(text: str, meeting: dt.date | None, due: str | None) -> None:
    assert due_of(text, meeting) == due


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Rosa: set up the Zoom link", "Rosa"),
        ("Teo and I: draft an amendment", "Teo and I"),
        ("follow up with Rosa: soon", None),
        ("Next: chapter 5", None),
    ],
)
def test_owner(text: str, owner: str | None) -> None:
    assert owner_of(text) == owner


def test_speakers_not_news_not_my_points() -> None:
    note = parse_note(MEETING, "m.md")
    # "Saturday:" is in the news; "Teo:" is inside my intervention; tasks are not speech
    assert speakers_of(note) == {"Rosa": 2, "Ines": 1}


def test_agenda_gists() -> None:
    note = parse_note(MEETING, "m.md")
    assert [(a.title, a.gist) for a in agenda_of(note)] == [
        ("News Updates", "Amazon workers voted 1,798 to 738 against the union."),
        ("Organizational Point: Campus Plan", "Dev has agreed to register the club."),
        ("Discussion: Res", "Ines introduced sections 13 and 29; Teo raised paragraph 16."),
    ]


# -- the report on a vault -----------------------------------------------------------------


def open_index(root: Path) -> Index:
    index = Index.open(root, root.parent / "index.sqlite")
    index.refresh()
    return index


def meeting(branch: str, date: str, extra: str = "") -> str:
    return f"# [[WFU]] {branch} Branch, {date}\n#meeting/political\n\n## Points\n{extra}"


RESOLUTION = (
    "---\ntype: resolution\n---\n# Res\n# 1. Start\nA.\n# 13. Forces\nB.\n# 29. Cadre\nC.\n"
)


@pytest.fixture
def branches(make_vault: VaultBuilder) -> Path:
    return make_vault(
        {
            "Res.md": RESOLUTION,
            "Reading.md": "#reading\n# Reading\n",
            "M/t1.md": meeting("Tacoma", "1-2-21", "- on [[Reading]]\n- [ ] Ines: draft\n"),
            "M/t2.md": meeting("Tacoma", "3-6-21", "- [[Res#29. Cadre]] and paragraph 16\n"),
            "M/t3.md": meeting("Tacoma", "5-1-21"),
            "M/o1.md": meeting("Olympia", "2-6-21", "- [[Reading]] again; sections 1 and 13\n"),
            "M/o2.md": meeting("Olympia", "2-20-21", "- see [[Res]]: sections 1 and 13\n"),
        }
    )


def test_three_branches_of_one_org_are_rows_with_their_own_cadence(branches: Path) -> None:
    report = meetings_report(open_index(branches), today=TODAY)
    rows = [(c.org, c.name, c.count, c.median_gap_days, c.next_expected) for c in report.cadence]
    assert rows == [
        ("WFU", "Olympia", 2, 14.0, "2021-03-06"),
        ("WFU", "Tacoma", 3, 59.5, "2021-06-30"),
    ]
    olympia, tacoma = report.cadence
    assert (olympia.days_since_last, olympia.overdue) == (223, True)
    assert (tacoma.days_since_last, tacoma.overdue) == (153, True)
    (action,) = report.open_actions
    assert (action.owner, action.branch, action.age_days) == ("Ines", "Tacoma", 272)


def test_rotation_and_section_matrices(branches: Path) -> None:
    report = meetings_report(open_index(branches), today=TODAY)
    readings = report.readings_by_branch
    assert readings.branches == ["Olympia", "Tacoma"]
    by_label = {r.label: r.by_branch for r in readings.rows}
    assert by_label["Reading"] == {"Tacoma": ["2021-01-02"], "Olympia": ["2021-02-06"]}
    sections = {r.section: r.by_branch for r in report.sections_by_branch.rows}
    # a link subpath (#29. Cadre) and "paragraph 16" placed in §13 (13 <= 16 < 29);
    # "sections 1 and 13" with [[Res]] linked in the same note
    assert sections == {
        1: {"Olympia": ["2021-02-20"]},
        13: {"Tacoma": ["2021-03-06"], "Olympia": ["2021-02-20"]},
        29: {"Tacoma": ["2021-03-06"]},
    }


def test_org_and_branch_filters(branches: Path) -> None:
    index = open_index(branches)

    def paths(**kwargs: str) -> list[str]:
        return [m.path for m in meetings_report(index, today=TODAY, **kwargs).meetings]  # type: ignore[arg-type]

    assert paths(branch="olympia") == ["M/o1.md", "M/o2.md"]
    assert paths(org="Tacoma") == ["M/t1.md", "M/t2.md", "M/t3.md"]  # a branch of an org
    assert len(paths(org="wfu")) == 5
    empty = meetings_report(index, branch="Seattle", today=TODAY)
    assert (empty.meetings, empty.all_meetings, empty.branches) == ([], 5, ["Olympia", "Tacoma"])


def test_nothing_matches_says_what_makes_a_meeting(make_vault: VaultBuilder) -> None:
    root = make_vault({"M/a.md": "# [[WFU]] Tacoma Branch, 1-2-21\n\n- no tag\n"})
    result = CliRunner().invoke(app, ["report", "meetings", "--vault", str(root)])
    assert result.exit_code == 0 and result.stdout == ""
    err = " ".join(result.stderr.split())
    assert "no meetings in this vault" in err
    assert "not counted, though they look like meetings: M/a.md" in err
    assert "tagged #meeting (or #meeting/…)" in err and "[kinds.meeting]" in err
    # the rule in words follows the vault's own configuration
    (root / ".vaultkit.toml").write_text('[kinds.meeting]\nfolders = ["M"]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["report", "meetings", "--vault", str(root), "--json"])
    assert result.exit_code == 0
    assert '"branch": "Tacoma"' in result.stdout


def test_an_untagged_meeting_does_not_vanish_silently(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {
            "M/a.md": meeting("Tacoma", "1-2-21"),
            "M/b.md": "# [[WFU]] Tacoma Branch, 1-16-21\n\n- forgot the tag\n",
            "Notes/branch.md": "# On branch building\nundated, so not a lookalike\n",
        }
    )
    result = CliRunner().invoke(app, ["report", "meetings", "--vault", str(root), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["lookalikes"] == ["M/b.md"]
    err = " ".join(result.stderr.split())
    assert "not counted, though they look like meetings: M/b.md" in err
    assert "(a meeting is tagged #meeting (or #meeting/…))" in err


def test_a_meeting_without_a_branch_is_counted_under_its_organization(
    make_vault: VaultBuilder,
) -> None:
    # the seed's shape: "# [[IMT]] Branch, 1-30-21" in the vault root names no branch
    root = make_vault(
        {
            "a.md": "# [[IMT]] Branch, 1-2-21\n#meeting/political\n",
            "b.md": "# [[IMT]] Branch, 1-16-21\n#meeting/political\n",
        }
    )
    report = meetings_report(open_index(root), today=TODAY)
    assert [m.branch for m in report.meetings] == [None, None]
    (row,) = report.cadence
    assert (row.name, row.org, row.count, row.median_gap_days) == ("IMT", "IMT", 2, 14.0)


def test_a_mention_belongs_to_the_resolution_linked_under_its_heading() -> None:
    text = (
        "# [[WFU]] Tacoma Branch, 1-2-21\n#meeting\n\n"
        "## Discussion: [[A]]\n- we read section 7\n"
        "## Discussion: [[B]]\n- sections 3 and 9, then paragraph 12\n"
        "## Other\n- section 5\n"
    )
    note = parse_note(text, "m.md")
    paths = {"A": "A.md", "B": "B.md"}  # as the index resolves them
    links = tuple(replace(link, resolved=paths.get(link.target)) for link in note.links)
    note = replace(note, links=links)
    found = [
        (m.resolution, m.section, m.paragraph)
        for m in mentions_of(note, {"A.md": [1, 7], "B.md": [1, 9, 10]})
    ]
    # two resolutions linked: a mention under neither heading belongs to none
    assert found == [
        ("A.md", 7, None),
        ("B.md", 3, None),
        ("B.md", 9, None),
        ("B.md", 10, 12),
        (None, 5, None),
    ]
