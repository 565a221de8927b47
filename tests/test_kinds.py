"""Note kinds, meeting dates and organizations (issue 6, "Note kinds and dates"), on our own
notes in the shapes of the user's samples (tests/fixtures/seedlike) and on small notes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES, VaultBuilder
from vaultkit.cli import app
from vaultkit.errors import ConfigError
from vaultkit.kinds import (
    DEFAULT_RULES,
    NoteFacts,
    classify,
    note_facts,
    parse_date,
    rules_from_config,
)
from vaultkit.parse.note import parse_note

SEEDLIKE = FIXTURES / "seedlike"


def facts(name: str, order: str = "MDY") -> NoteFacts:
    text = (SEEDLIKE / name).read_text(encoding="utf-8")
    return note_facts(parse_note(text, f"Notes/{name}"), DEFAULT_RULES, order)


def test_meeting_note_is_dated_from_its_title_and_its_org_is_the_title_link() -> None:
    """The meeting shape: `# [[ORG]] Branch, M-D-YY` and a nested #meeting/... tag."""
    got = facts("meeting.md")
    assert got.kinds == ("meeting",)
    assert got.date == "2022-03-14"
    assert got.org == "WFU"


def test_reading_note_on_a_resolution_is_both() -> None:
    """author/format frontmatter make a reading; 'Resolution' in the title and the
    paragraph-numbered sections (# 1., # 13., # 29.) make a resolution: both are reported."""
    got = facts("reading.md")
    assert got.kinds == ("reading", "resolution")
    assert got.org is None


@pytest.mark.parametrize(
    "name", ["clipping-points.md", "clipping-bullets.md", "clipping-repeated.md"]
)
def test_clippings_are_clippings(name: str) -> None:
    """No frontmatter, no tags, no links: a clipped document waiting to be tagged."""
    assert facts(name).kinds == ("clipping",)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("# x\n#meeting\n", ("meeting",)),
        ("# x\n#Meeting/political/branch\n", ("meeting",)),  # nested and case-insensitive
        ("# x\n#meetings\n", ()),  # another tag that only starts with 'meeting'
        ("---\nauthor: A\n---\ntext\n", ("reading",)),
        ("---\nformat: book\n---\ntext\n", ("reading",)),
        ("---\nauthor: ''\n---\ntext\n", ()),  # an empty property is not there
        ("# x\n`TAGS:` #reading/theory\n", ("reading",)),  # a tag in a field counts
        ("---\ntype: Resolution\n---\ntext\n", ("resolution",)),
        ("# Draft resolution on dues\n#x\n", ("resolution",)),
        ("# x\n#y\n# 1. A\n# 13. B\n# 29. C\n", ("resolution",)),  # paragraph-numbered
        ("# x\n#y\n# 1. A\n# 2. B\n# 3. C\n", ()),  # numbered 1, 2, 3: plain sections
        ("Just some pasted text.\n", ("clipping",)),
        ("", ()),  # an empty note is not a clipped document
        ("Text with a [[link]].\n", ()),
    ],
)
def test_default_rules(text: str, kinds: tuple[str, ...]) -> None:
    note = parse_note(text, "Notes/n.md")
    assert classify(note, DEFAULT_RULES) == kinds


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("IMT Branch, 1-30-21", "MDY", dt.date(2021, 1, 30)),
        ("Branch, 1/30/2021", "MDY", dt.date(2021, 1, 30)),
        ("Branch, Jan 30, 2021", "MDY", dt.date(2021, 1, 30)),
        ("Branch, January 30th 2021", "MDY", dt.date(2021, 1, 30)),
        ("Branch, 30 January 2021", "MDY", dt.date(2021, 1, 30)),
        ("2021-01-30 Spokane branch", "MDY", dt.date(2021, 1, 30)),
        ("Branch, 30-1-21", "DMY", dt.date(2021, 1, 30)),
        ("Branch, 4/3/2021", "DMY", dt.date(2021, 3, 4)),
        ("Branch, 4/3/2021", "MDY", dt.date(2021, 4, 3)),
        ("Branch, 21.01.30", "YMD", dt.date(2021, 1, 30)),
        ("Branch meeting 3 2021, Jan 30, 2021", "MDY", dt.date(2021, 1, 30)),  # not the first
        ("Branch, 13-30-21", "MDY", None),  # no month 13
        ("The Rise and Fall (2009)", "MDY", None),
    ],
)
def test_parse_date(text: str, order: str, expected: dt.date | None) -> None:
    assert parse_date(text, order) == expected


@pytest.mark.parametrize(
    ("path", "text", "date"),
    [
        # frontmatter date first, then the file name, then the title
        (
            "M/2021-02-01 x.md",
            "---\ndate: 2021-03-05\n---\n# Branch, 4-6-21\n#meeting\n",
            "2021-03-05",
        ),
        ("M/2021-02-01 x.md", "# Branch, 4-6-21\n#meeting\n", "2021-02-01"),
        ("M/x.md", "# Branch, 4-6-21\n#meeting\n", "2021-04-06"),
        ("M/x.md", "# Branch\n#meeting\n", None),
    ],
)
def test_meeting_date_sources(path: str, text: str, date: str | None) -> None:
    note = parse_note(text, path)
    assert note_facts(note, DEFAULT_RULES).date == date


@pytest.mark.parametrize(
    ("path", "text", "org"),
    [
        ("M/x.md", "# [[IMT]] Branch, 1-30-21\n#meeting\n", "IMT"),
        ("M/x.md", "# [[Orgs/IMT|the IMT]] Branch\n#meeting\n", "IMT"),  # the note, not alias
        ("M/x.md", "---\norg: '[[SR]]'\n---\n# Branch\n#meeting\n", "SR"),
        ("M/x.md", "---\norg: SR\n---\n# Branch [[IMT]]\n#meeting\n", "IMT"),  # title first
        ("Meetings/Tacoma/x.md", "# Branch\n#meeting\n", "Tacoma"),  # else the folder
        ("x.md", "# Branch\n#meeting\n", None),
        ("M/x.md", "# [[IMT]] reading notes\n", None),  # only meetings have an organization
    ],
)
def test_meeting_org(path: str, text: str, org: str | None) -> None:
    assert note_facts(parse_note(text, path), DEFAULT_RULES).org == org


def test_config_rule_replaces_the_default() -> None:
    rules = rules_from_config(
        {"kinds": {"meeting": {"folders": ["Meetings"], "title_patterns": ["(?i)minutes"]}}}
    )
    in_folder = parse_note("# Branch\n", "Meetings/a.md")
    by_title = parse_note("# Minutes of the branch\n", "Other/b.md")
    by_tag = parse_note("# x\n#meeting\n", "Other/c.md")
    assert "meeting" in classify(in_folder, rules)
    assert "meeting" in classify(by_title, rules)
    assert "meeting" not in classify(by_tag, rules)


def test_config_single_string_is_one_tag() -> None:
    rules = rules_from_config({"kinds": {"meeting": {"tags": "#Minutes"}}})
    assert rules["meeting"].tags == ("minutes",)


@pytest.mark.parametrize(
    "spec",
    [
        {"tag": ["meeting"]},  # a typo of 'tags'
        {"tags": [1, 2]},
        {"title_patterns": ["(unclosed"]},
        {"properties": ["author"]},
        {"numbered_sections": "many"},
    ],
)
def test_config_errors_name_the_table(spec: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match=r"\[kinds\.meeting\]"):
        rules_from_config({"kinds": {"meeting": spec}})


runner = CliRunner()


def _notes_json(root: Path) -> dict[str, dict[str, object]]:
    result = runner.invoke(app, ["notes", "--vault", str(root), "--jsonl"])
    assert result.exit_code == 0, result.stderr
    return {d["path"]: d for d in map(json.loads, result.stdout.splitlines())}


def test_dmy_date_order_from_the_vault_config(make_vault: VaultBuilder) -> None:
    """`date_order = "DMY"` in .vaultkit.toml reads 4-3-21 as the 4th of March."""
    files = {"Meetings/a.md": "# [[IMT]] Branch, 4-3-21\n#meeting/political\n"}
    mdy = _notes_json(make_vault(files))
    assert mdy["Meetings/a.md"]["date"] == "2021-04-03"
    root = make_vault({".vaultkit.toml": 'date_order = "DMY"\n', **files})
    dmy = _notes_json(root)
    assert dmy["Meetings/a.md"]["date"] == "2021-03-04"
    assert dmy["Meetings/a.md"]["org"] == "IMT"


def test_kind_filter_and_json_kind_on_the_seedlike_notes(make_vault: VaultBuilder) -> None:
    """`notes --kind K` filters; `kind` is a list when several kinds apply."""
    root = make_vault(
        {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDLIKE.glob("*.md"))}
    )
    data = _notes_json(root)
    assert data["reading.md"]["kind"] == ["reading", "resolution"]
    assert data["meeting.md"]["kind"] == "meeting"
    assert data["clipping-points.md"]["kind"] == "clipping"
    result = runner.invoke(app, ["notes", "--vault", str(root), "--kind", "clipping", "--csv"])
    paths = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert paths == ["clipping-bullets.md", "clipping-points.md", "clipping-repeated.md"]
