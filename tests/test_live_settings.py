"""The MCP server when the vault's settings change what the index holds (Obsidian's
excluded files, ``.vaultkit.toml``) while it runs: the next call rebuilds the index as a new
command would, and every answer is then what a fresh index gives; the server goes on."""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import VaultBuilder
from vaultkit.errors import ConfigError
from vaultkit.index import Index
from vaultkit.live.mcp_server import Freshness
from vaultkit.live.registry import call
from vaultkit.live.tools import tools
from vaultkit.search.notetexts import keep_texts, kept_texts

CALLS: list[tuple[str, dict[str, Any]]] = [
    ("links", {"note": "Hub"}),
    ("notes", {}),
    ("search", {"query": "secretword"}),
    ("search", {"query": "bigword"}),
    ("tags", {}),
]
TOOLS = {t.name: t for t in tools()}
_fresh_names = itertools.count()


def _answers(index: Index) -> list[dict[str, Any]]:
    return [call(TOOLS[name], index, args)[0] for name, args in CALLS]


def _fresh_answers(root: Path, tmp_path: Path) -> list[dict[str, Any]]:
    """What a new command would answer: a new index built under the settings as they are."""
    with Index.open(root, tmp_path / f"fresh-{next(_fresh_names)}.sqlite") as fresh:
        fresh.refresh(jobs=1)
        return _answers(fresh)


def _write_later(path: Path, text: str) -> None:
    """Write ``text`` with a modification time of its own (a file rewritten within the
    file system's clock tick keeps its stamp when its size does not change)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, old + 1_000_000_000)
    os.utime(path, ns=(later, later))


@pytest.fixture
def served(make_vault: VaultBuilder, tmp_path: Path) -> tuple[Path, Index, Freshness]:
    root = make_vault(
        {
            "Hub.md": "# Hub\n#topic\n",
            "Drafts/D.md": "[[Hub]] secretword #draft\n",
            "Big.md": "[[Hub]] bigword\n" + "padding line\n" * 200,
        }
    )
    index = Index.open(root, tmp_path / "served.sqlite")
    index.refresh(jobs=1)
    keep_texts(index)  # as the server does: searches read the texts from memory
    fresh = Freshness(index, watch=True)
    return root, index, fresh


def _ask(fresh: Freshness, index: Index) -> list[dict[str, Any]]:
    """The server's calls: freshness first, then each tool."""
    fresh.ensure()
    return _answers(index)


def test_excluded_files_changed_while_serving_rebuild_the_index(
    served: tuple[Path, Index, Freshness], tmp_path: Path
) -> None:
    root, index, fresh = served
    try:
        first = _ask(fresh, index)
        assert first == _fresh_answers(root, tmp_path)
        assert first[0]["backlink_count"] == 2
        _write_later(root / ".obsidian" / "app.json", '{"userIgnoreFilters": ["Drafts/"]}')
        now = _ask(fresh, index)
        assert now == _fresh_answers(root, tmp_path)
        assert now[0]["backlink_count"] == 1  # D.md is excluded now
        assert now != first
        assert index.counts().excluded == 1
        assert fresh.watching  # still serving, still watching
    finally:
        fresh.close()
        index.close()


def test_vaultkit_toml_changed_while_serving_rebuilds_and_searches_read_the_new_texts(
    served: tuple[Path, Index, Freshness], tmp_path: Path
) -> None:
    """A smaller ``max_file_mb`` leaves Big.md unread: its text, kept in memory by the
    server for searches, must go with the index it came from."""
    root, index, fresh = served
    try:
        assert _ask(fresh, index)[3]["total"] == 1  # bigword, from the kept texts
        texts = kept_texts(index)
        assert texts is not None and len(texts.texts) == 3
        _write_later(root / ".vaultkit.toml", "max_file_mb = 0.001\n")  # about 1 KB
        now = _ask(fresh, index)
        assert now == _fresh_answers(root, tmp_path)
        assert now[3]["total"] == 0  # Big.md is too large to read now
        texts = kept_texts(index)
        assert texts is not None and all("bigword" not in t for t, _ in texts.texts.values())
    finally:
        fresh.close()
        index.close()


def test_a_broken_vaultkit_toml_is_an_error_until_fixed(
    served: tuple[Path, Index, Freshness], tmp_path: Path
) -> None:
    root, index, fresh = served
    try:
        _ask(fresh, index)
        _write_later(root / ".vaultkit.toml", "ignore = [\n")
        for _ in range(2):  # every call says so, as every command would
            with pytest.raises(ConfigError, match=r"\.vaultkit\.toml"):
                fresh.ensure()
        _write_later(root / ".vaultkit.toml", 'ignore = ["Drafts/*"]\n')
        now = _ask(fresh, index)
        assert now == _fresh_answers(root, tmp_path)
        assert now[0]["backlink_count"] == 1
    finally:
        fresh.close()
        index.close()


def test_a_settings_file_touched_without_a_change_keeps_the_index(
    served: tuple[Path, Index, Freshness],
) -> None:
    root, index, fresh = served
    try:
        _ask(fresh, index)
        conn = index.conn
        _write_later(root / ".obsidian" / "app.json", '{"alwaysUpdateLinks": true}')
        _ask(fresh, index)
        assert index.conn is conn and not index.last_refresh.rebuilt
    finally:
        fresh.close()
        index.close()
