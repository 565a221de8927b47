"""Due dates of meeting actions (issue 16, "Reports"): written dates, phrases resolved
against the meeting's date, and phrases kept as text where no date can be read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.reports.due_dates import DATE, RESOLVED, SCHEDULED, TEXT, Due, due_in

SATURDAY = dt.date(2021, 5, 22)
SUNDAY = dt.date(2021, 3, 14)


@pytest.mark.parametrize(
    ("text", "meeting", "expected"),
    [
        # written as a date
        ("Ines: first draft by 3-28", SUNDAY, Due("2021-03-28", "by 3-28", DATE)),
        ("report 📅 2021-04-01", None, Due("2021-04-01", "📅 2021-04-01", DATE)),
        ("by 3/28/22", None, Due("2022-03-28", "by 3/28/22", DATE)),
        # a named month: its last day, the next one on or after the meeting
        (
            "Ines: first draft before the June deadline",
            SATURDAY,
            Due("2021-06-30", "before the June deadline", RESOLVED),
        ),
        ("Teo: the report by June", SATURDAY, Due("2021-06-30", "by June", RESOLVED)),
        ("Teo: the report by March", SATURDAY, Due("2022-03-31", "by March", RESOLVED)),
        ("Teo: before June", SATURDAY, Due("2021-05-31", "before June", RESOLVED)),
        ("by the start of July", SATURDAY, Due("2021-07-01", "by the start of July", RESOLVED)),
        ("by the middle of June", SATURDAY, Due("2021-06-15", "by the middle of June", RESOLVED)),
        # the month, the week, the year
        (
            "Rosa: leaflets by the end of the month",
            SATURDAY,
            Due("2021-05-31", "end of the month", RESOLVED),
        ),
        (
            "end of next month",
            dt.date(2021, 12, 3),
            Due("2022-01-31", "end of next month", RESOLVED),
        ),
        ("by the end of the week", SATURDAY, Due("2021-05-23", "end of the week", RESOLVED)),
        ("by the end of the week", SUNDAY, Due("2021-03-21", "end of the week", RESOLVED)),
        ("by the end of the year", SATURDAY, Due("2021-12-31", "end of the year", RESOLVED)),
        ("by the end of February", SATURDAY, Due("2022-02-28", "end of February", RESOLVED)),
        # a weekday: the next one after the meeting
        ("Dev: call the union by Friday", SATURDAY, Due("2021-05-28", "by Friday", RESOLVED)),
        (
            "call them by Wednesday",
            dt.date(2021, 1, 30),
            Due("2021-02-03", "by Wednesday", RESOLVED),
        ),
        # a day of the month: the next one on or after the meeting
        ("Ana: send it by the 15th", SUNDAY, Due("2021-03-15", "by the 15th", RESOLVED)),
        ("Ana: send it by the 10th", SUNDAY, Due("2021-04-10", "by the 10th", RESOLVED)),
        ("Ana: by the 31st", dt.date(2021, 4, 2), Due("2021-04-30", "by the 31st", RESOLVED)),
        ("by the 3rd of May", SUNDAY, Due("2021-05-03", "by the 3rd of May", RESOLVED)),
        # counted from the meeting
        ("Dev: within two weeks", SUNDAY, Due("2021-03-28", "within two weeks", RESOLVED)),
        ("in 10 days", SUNDAY, Due("2021-03-24", "in 10 days", RESOLVED)),
        ("in a month", dt.date(2021, 1, 31), Due("2021-02-28", "in a month", RESOLVED)),
        ("Teo: by tomorrow", SUNDAY, Due("2021-03-15", "by tomorrow", RESOLVED)),
        ("Teo: by next week", SUNDAY, Due("2021-03-21", "by next week", RESOLVED)),
        # no date can be read: kept as text
        ("Teo: book the room by next meeting", SATURDAY, Due(None, "by next meeting", TEXT)),
        ("before the next meeting", SATURDAY, Due(None, "before the next meeting", TEXT)),
        ("Rosa: motion before the convention", SATURDAY, Due(None, "before the convention", TEXT)),
        ("Teo: flyers in time for the rally", SATURDAY, Due(None, "in time for the rally", TEXT)),
        ("Dev: ahead of the AGM.", SATURDAY, Due(None, "ahead of the AGM", TEXT)),
        # a relative phrase in a meeting with no date: kept as text
        ("Dev: call by Friday", None, Due(None, "by Friday", TEXT)),
        ("by the end of the month", None, Due(None, "end of the month", TEXT)),
        ("Ines: before the June deadline", None, Due(None, "before the June deadline", TEXT)),
        ("by 6-15", None, Due(None, "by 6-15", TEXT)),
    ],
)
def test_due_dates(text: str, meeting: dt.date | None, expected: Due) -> None:
    assert due_in(text, meeting) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rosa: print the flyers by the door",  # "by" naming a place, not a time
        "Rosa: the letter signed by the committee",
        "Teo: the motion as amended by the council",  # who, not when
        "Dev: leaflets paid for by the party",
        "we may do it later",  # "may" is not May
        "Teo: write up the minutes",
        "Dev: sort the books by author",
        "Jamal: bring 2 chairs",
        "collect the branch donation for the strike fund",  # a purpose
        "Sam: check if the library has a meeting room in June",  # when, not by when
    ],
)
def test_no_due_date(text: str) -> None:
    assert due_in(text, SATURDAY) is None


def test_a_long_task_is_read_in_one_pass() -> None:
    """Many keywords and no date: bounded patterns, linear in the task's length."""
    text = "by the way " * 5_000 + "by the 99th in 77 years end of the " * 5_000
    assert due_in(text, SATURDAY) is None
    assert due_in(text + "before the AGM", SATURDAY) == Due(None, "before the AGM", TEXT)


# -- the report's open actions -----------------------------------------------------------------

ACTIONS = (
    "# [[WFU]] Tacoma Branch, 5-22-21\n#meeting/political\n\n## Tasks\n"
    "- [ ] Ines: first draft before the June deadline\n"
    "- [ ] Teo: book the hall by next meeting\n"
    "- [ ] Rosa: leaflets by the end of the month\n"
    "- [ ] Dev: call the union by 5-25\n"
    "- [ ] Ana: the banner\n"
)


def _report(root: Path, *args: str) -> Result:
    return CliRunner().invoke(
        app,
        ["report", "meetings", "--vault", str(root), "--today", "2021-06-10", *args],
    )


def test_open_actions_show_resolved_and_kept_due_dates(make_vault: VaultBuilder) -> None:
    root = make_vault({"M/t.md": ACTIONS})
    result = _report(root, "--json")
    assert result.exit_code == 0
    rows = {
        a["owner"]: (a["due"], a["due_text"], a["due_kind"], a["overdue"])
        for a in json.loads(result.stdout)["open_actions"]
    }
    assert rows == {
        "Ines": ("2021-06-30", "before the June deadline", "resolved", False),
        "Teo": (None, "by next meeting", "text", False),
        "Rosa": ("2021-05-31", "end of the month", "resolved", True),
        "Dev": ("2021-05-25", "by 5-25", "date", True),
        "Ana": (None, None, None, False),
    }
    (meeting,) = json.loads(result.stdout)["meetings"]
    assert [a["due_kind"] for a in meeting["actions"]] == [
        "resolved",
        "text",
        "resolved",
        "date",
        None,
    ]
    table = _report(root, "--view", "actions", "--format", "md").stdout
    assert "| 2021-06-30 (before the June deadline) |" in table
    assert "| by next meeting |" in table
    assert "| 2021-05-25 (overdue) |" in table
    csv_rows = list(csv.DictReader(io.StringIO(_report(root, "--view", "actions", "--csv").stdout)))
    assert [(r["owner"], r["due"], r["due_text"], r["due_kind"]) for r in csv_rows] == [
        ("Ana", "", "", ""),
        ("Dev", "2021-05-25", "by 5-25", "date"),
        ("Ines", "2021-06-30", "before the June deadline", "resolved"),
        ("Rosa", "2021-05-31", "end of the month", "resolved"),
        ("Teo", "", "by next meeting", "text"),
    ]


def test_by_next_meeting_takes_the_date_of_the_branch_next_meeting(
    make_vault: VaultBuilder,
) -> None:
    later = "# [[WFU]] Tacoma Branch, 6-5-21\n#meeting/political\n\n- [ ] Teo: by next meeting\n"
    other = "# [[WFU]] Olympia Branch, 5-29-21\n#meeting/political\n\n- news\n"
    root = make_vault({"M/t.md": ACTIONS, "M/t2.md": later, "M/o.md": other})
    result = _report(root, "--json")
    rows = [
        (a["date"], a["owner"], a["due"], a["due_text"], a["due_kind"], a["overdue"])
        for a in json.loads(result.stdout)["open_actions"]
        if a["owner"] == "Teo"
    ]
    assert rows == [
        # the Tacoma meeting of 6-5 follows; Olympia's of 5-29 is another branch
        ("2021-05-22", "Teo", "2021-06-05", "by next meeting", "resolved", True),
        # no later Tacoma meeting yet: the cadence's estimate, 6-5 plus the 14-day gap
        ("2021-06-05", "Teo", "2021-06-19", "by next meeting", "expected", False),
    ]
    table = _report(root, "--view", "actions", "--format", "md").stdout
    assert "| 2021-06-19 (expected: by next meeting) |" in table
    assert "| 2021-06-05 (by next meeting) (overdue) |" in table


def _tacoma(day: str, task: str = "- news") -> str:
    return f"# [[WFU]] Tacoma Branch, {day}\n#meeting/political\n\n{task}\n"


@pytest.mark.parametrize(
    ("days", "due"),
    [
        # the median of the gaps 7, 7, 28 is 7: the last meeting (7-3) plus a week
        (["5-22-21", "5-29-21", "6-5-21", "7-3-21"], "2021-07-10"),
        # an even count of gaps: the median of 14 and 21 is 17.5, rounded to 18 days
        (["5-1-21", "5-15-21", "6-5-21"], "2021-06-23"),
    ],
)
def test_by_next_meeting_without_a_later_meeting_is_the_expected_date(
    make_vault: VaultBuilder, days: list[str], due: str
) -> None:
    notes = {f"M/t{n}.md": _tacoma(day) for n, day in enumerate(days[:-1])}
    notes["M/last.md"] = _tacoma(days[-1], "- [ ] Teo: book the hall by next meeting")
    result = _report(make_vault(notes), "--json")
    (row,) = json.loads(result.stdout)["open_actions"]
    assert (row["due"], row["due_kind"], row["due_text"]) == (due, "expected", "by next meeting")


def test_by_next_meeting_with_one_dated_meeting_stays_text(make_vault: VaultBuilder) -> None:
    """No gap to measure a cadence from: nothing is estimated."""
    root = make_vault({"M/t.md": ACTIONS})
    (row,) = [
        a for a in json.loads(_report(root, "--json").stdout)["open_actions"] if a["owner"] == "Teo"
    ]
    assert (row["due"], row["due_kind"]) == (None, "text")


@pytest.mark.parametrize(
    ("text", "meeting", "expected"),
    [
        # Feb 29 passed in a leap year: next year has none (no date, never a crash)
        ("call by 2/29", dt.date(2024, 3, 1), None),
        ("call by 2/29", dt.date(2024, 2, 1), Due("2024-02-29", "by 2/29", DATE)),
        # a meeting dated at the calendar's end: a date past 9999 is no date
        ("call by 1/1", dt.date(9999, 12, 31), None),
        ("by Friday", dt.date(9999, 12, 31), None),
        ("within 6 months", dt.date(9999, 12, 1), None),
        ("end of next year", dt.date(9999, 5, 1), None),
        ("by next month", dt.date(9999, 12, 1), Due(None, "by next month", TEXT)),
        ("end of next week", dt.date(9999, 12, 30), None),
        ("by the 3rd of May", dt.date(9999, 6, 1), None),
        ("by the 15th", dt.date(9999, 12, 20), None),
        ("end of the year", dt.date(9999, 5, 1), Due("9999-12-31", "end of the year", RESOLVED)),
    ],
)
def test_dates_the_calendar_has_not_are_no_dates(
    text: str, meeting: dt.date, expected: Due | None
) -> None:
    assert due_in(text, meeting) == expected


# -- a planned day ("on Friday") and a past one ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the day an action is planned for: its own kind, resolved as "by Friday" is
        (
            "Ana will call the venue on Friday",
            Due("2021-05-28", "on Friday", SCHEDULED),
        ),
        ("Ana: call the venue on Friday", Due("2021-05-28", "on Friday", SCHEDULED)),
        ("Teo: leaflets on next Monday", Due("2021-05-24", "on next Monday", SCHEDULED)),
        # "to be …ed" and "will have …ed" keep the clause in the future
        ("Rosa: the lease to be signed on Tuesday", Due("2021-05-25", "on Tuesday", SCHEDULED)),
        ("Dev'll have it printed on Thursday", Due("2021-05-27", "on Thursday", SCHEDULED)),
        # a deadline keyword stays a deadline
        ("Ana: call the venue by Friday", Due("2021-05-28", "by Friday", RESOLVED)),
        ("Ana: proceed on Friday", Due("2021-05-28", "on Friday", SCHEDULED)),
        # a past day in one clause, a planned one in the next: the planned one counts
        (
            "Teo: the hall we saw on Monday, book it on Friday",
            Due("2021-05-28", "on Friday", SCHEDULED),
        ),
        # a participle after "the", "our" ... describes a thing, it tells of no past event
        (
            "Ana: publish the revised leaflet on Friday",
            Due("2021-05-28", "on Friday", SCHEDULED),
        ),
        ("Teo: send our agreed text on Friday", Due("2021-05-28", "on Friday", SCHEDULED)),
        ("Bring the printed leaflets on Monday", Due("2021-05-24", "on Monday", SCHEDULED)),
        ("Rosa: return the lost keys on Tuesday", Due("2021-05-25", "on Tuesday", SCHEDULED)),
    ],
)
def test_a_planned_day_is_scheduled(text: str, expected: Due) -> None:
    assert due_in(text, SATURDAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ana: follow up on what was agreed on Friday",
        "Teo: thank the speaker we met on Friday",
        "Rosa: send the minutes of the meeting held on Friday",
        "Dev: chase the invoice Sam sent on Monday",
        "Ana: follow up the call she made on Tuesday",
        "Jamal: write up the picket, which started on Wednesday",
        "Ana said on Friday she would call",
        "Dev: the plan approved on Monday",
        "We visited the hall on Friday",
        "Sam: the printed leaflets we handed out on Monday",
    ],
)
def test_a_past_day_is_no_due_date(text: str) -> None:
    assert due_in(text, SATURDAY) is None


def test_scheduled_actions_in_the_report(make_vault: VaultBuilder) -> None:
    """A task planned for a day shows it as scheduled, overdue once passed; a past-event
    "on Friday" in a task or in a plain point gives no due date."""
    note = (
        "# [[WFU]] Tacoma Branch, 5-22-21\n#meeting/political\n\n"
        "- We visited the hall on Friday and it is free in June\n"
        "- Sam said on Monday the union will help\n\n## Tasks\n"
        "- [ ] Ana will call the venue on Friday\n"
        "- [ ] Teo: thank the speaker we met on Friday\n"
        "- [ ] Rosa: leaflets on next Wednesday\n"
    )
    root = make_vault({"M/t.md": note})
    result = _report(root, "--json", "--today", "2021-05-27")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = {
        a["text"]: (a["due"], a["due_text"], a["due_kind"], a["overdue"])
        for a in data["open_actions"]
    }
    assert rows == {
        "Ana will call the venue on Friday": ("2021-05-28", "on Friday", "scheduled", False),
        "Teo: thank the speaker we met on Friday": (None, None, None, False),
        "Rosa: leaflets on next Wednesday": ("2021-05-26", "on next Wednesday", "scheduled", True),
    }
    (meeting,) = data["meetings"]
    assert [a["due"] for a in meeting["actions"]] == ["2021-05-28", None, "2021-05-26"]
    table = _report(root, "--view", "actions", "--format", "md", "--today", "2021-05-27").stdout
    assert "| 2021-05-28 (scheduled: on Friday) |" in table
    assert "| 2021-05-26 (scheduled: on next Wednesday) (overdue) |" in table
