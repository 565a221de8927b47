"""Small defects a new user reported in session 7 (fix7): each test fails without its fix."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.live.registry import call
from vaultkit.live.tools import tools
from vaultkit.reports.meetings import ReversedPeriod

runner = CliRunner()

MEETING = "---\ntags: [meeting]\ndate: {date}\n---\n# Agenda\n- plans\n"


def test_a_reversed_period_is_a_usage_error(make_vault: VaultBuilder, tmp_path: Path) -> None:
    """`report meetings --since 2021-05 --until 2021-04` said 'none selected' and explained
    what a meeting is; a period no date can fall in is a usage error naming both bounds."""
    root = make_vault({"m.md": MEETING.format(date="2021-04-20")})
    index = tmp_path / "ix.sqlite"
    base = ["report", "meetings", "--vault", str(root), "--index", str(index), "--json"]
    for since, until in [("2021-05", "2021-04"), ("2021", "2020-12-31"), ("2021-04-21", "2021")]:
        result = runner.invoke(app, [*base, "--since", since, "--until", until])
        if since == "2021-04-21":  # 2021-04-21..2021-12-31 is a real period
            assert result.exit_code == 0, result.stderr
            continue
        assert result.exit_code == 2 and result.stdout == "" and not index.exists()
        assert f"since {since} is after until {until}" in result.stderr
        assert "meeting" not in result.stderr.split("until")[-1]
    same = runner.invoke(app, [*base, "--since", "2021-04", "--until", "2021-04"])
    assert same.exit_code == 0 and '"2021-04-20"' in same.stdout
    tool = {t.name: t for t in tools()}["report"]
    with Index.open(root, index) as opened, pytest.raises(ReversedPeriod, match="2021-05"):
        call(tool, opened, {"report": "meetings", "since": "2021-05", "until": "2021-04"})


BULLETS = """# News

- The reading group meets every second week. Members take turns to introduce the text.
- Police brutality in Tacoma.
- Mass protests show that workers will organise. The unions have called a day of action.
- Members follow up every contact the same day. Most people are busy and need a reminder.
- The branch sells papers at the campus each week. New readers often ask about the meetings.
- The treasurer reports that dues are paid on time. The fund for the hall grows each month.
"""


def test_a_short_bullet_point_gets_its_gist_and_no_sentence_carries_a_marker(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """A four-word bullet point showed no gist, and key points printed as `7: - Relative …`:
    a short point's gist is its whole text; no gist or key sentence carries a list marker."""
    root = make_vault({"news.md": BULLETS})
    base = ["summarize", "news", "--vault", str(root), "--index", str(tmp_path / "ix.sqlite")]
    result = runner.invoke(app, [*base, "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    data = data[0] if isinstance(data, list) else data
    points = [s for s in data["segments"] if s["kind"] == "point"]
    assert [p["gist"]["text"] if p["gist"] else None for p in points][1] == (
        "Police brutality in Tacoma."
    )
    assert data["key"] and data["length"]["summary"] <= data["length"]["note"] / 2
    assert all(not g["text"].startswith(("-", "*", "+", "•")) for g in data["key"])
    shown = runner.invoke(app, base, env={"COLUMNS": "200"})
    assert shown.exit_code == 0
    assert "4: Police brutality in Tacoma." in shown.stdout
    # key points that are their point's gist are starred there and named by line, not repeated
    key = shown.stdout.split("Key points, best first (★ above): lines ", 1)[1].split("\n")[0]
    lines = [int(n) for n in key.split(", ")]
    keyed = [k["line"] for k in data["key"]]
    assert lines and lines == [n for n in keyed if n in lines]
    assert all(f"{n}: " in shown.stdout for n in lines)
    rest = [n for n in keyed if n not in lines]  # a key point whose gist is not shown: in full
    assert not rest or all(f"{n}: " in shown.stdout.split("More key points")[1] for n in rest)
    assert shown.stdout.count("── ★ ") == len(lines)
    assert not re.search(r"\d+: [-*+•] ", shown.stdout)


def test_tags_and_the_audit_pick_the_same_spelling_on_a_tie(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """`vaultkit tags` showed `#tag (tag, TAG)` (the first seen) while `tags audit` said
    `write #TAG` (the first in code-point order): one rule now picks both."""
    root = make_vault({"a.md": "#tag one\n", "b.md": "#TAG two\n", "c.md": "#Tag three\n"})
    ix = ["--vault", str(root), "--index", str(tmp_path / "ix.sqlite"), "--json"]
    listed = runner.invoke(app, ["tags", *ix])
    assert listed.exit_code == 0, listed.stderr
    (row,) = json.loads(listed.stdout)["tags"]
    assert row["name"] == "TAG" and row["spellings"] == ["TAG", "Tag", "tag"]
    audit = runner.invoke(app, ["tags", "audit", *ix])
    (finding,) = json.loads(audit.stdout)["findings"]
    assert audit.exit_code == 1 and finding["tags"] == ["TAG", "Tag", "tag"]
    check = runner.invoke(app, ["check", *ix])
    fixes = {f["fix"] for f in json.loads(check.stdout)["findings"]}
    assert fixes == {"write #TAG for #Tag, #tag (vaultkit tag rename)"}


def test_prune_leaves_no_side_files_and_keeps_the_written_time(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """`index --prune` then `index --list`: the listing opened each index and left a -wal and
    -shm beside it, so "written" showed when prune ran, not when the index was written."""
    from vaultkit.index.catalog import cached_indexes, prune_indexes

    root = make_vault({"a.md": "# A\n"})
    cache = tmp_path / "cache"
    cache.mkdir()
    for name in ("kept", "gone"):
        with Index.open(root, cache / f"{name}.sqlite") as opened:
            opened.refresh(jobs=1)
    gone = cache / "gone.sqlite"
    with sqlite3.connect(gone) as conn:  # as if its vault had been deleted
        conn.execute("UPDATE meta SET value = ? WHERE key = 'root'", [str(tmp_path / "no")])
    conn.close()
    kept = cache / "kept.sqlite"
    os.utime(kept, (1_000_000_000, 1_000_000_000))
    assert sorted(p.name for p in cache.iterdir() if "-" in p.name) == []
    assert [e.path for e in prune_indexes(cache)] == [str(gone)]
    (entry,) = cached_indexes(cache)
    assert entry.path == str(kept) and entry.modified == 1_000_000_000
    assert not list(cache.glob("*-wal")) and not list(cache.glob("*-shm"))
    (cache / "kept.sqlite-wal").touch()  # the empty log an earlier prune left
    assert [e.modified for e in cached_indexes(cache)] == [1_000_000_000]


def test_an_index_in_a_missing_folder_is_refused(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--index /nonexistent/dir/x.sqlite` created the folders of a typo; now exit 2 naming
    the folder, nothing created. The default cache folder is still created."""
    root = make_vault({"a.md": "# A\n"})
    missing = tmp_path / "typo" / "dir"
    result = runner.invoke(app, ["index", "--vault", str(root), "--index", str(missing / "x")])
    assert result.exit_code == 2 and f"folder {missing} does not exist" in result.stderr
    assert not (tmp_path / "typo").exists()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache" / "deep"))
    result = runner.invoke(app, ["index", "--vault", str(root), "--json"])
    assert result.exit_code == 0, result.stderr
    assert Path(json.loads(result.stdout)["index"]).parent.is_dir()
    assert (tmp_path / "cache" / "deep").is_dir()
