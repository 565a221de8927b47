"""`vaultkit mcp` driven by the SDK's client over stdio while the vault's settings change:
the next call answers from an index rebuilt under them, a broken ``.vaultkit.toml`` is a
tool error naming it, and the server goes on."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import VaultBuilder

pytest.importorskip("mcp")

from tests.test_live_mcp import answer, serve


def _write_later(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, old + 1_000_000_000)
    os.utime(path, ns=(later, later))


def test_the_server_rebuilds_when_excluded_files_change(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault({"Hub.md": "# Hub\n", "Drafts/D.md": "[[Hub]]\n", "A.md": "[[Hub]]\n"})

    async def script(client: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        out["before"] = answer(await client.call_tool("links", {"note": "Hub"}))
        _write_later(root / ".obsidian" / "app.json", '{"userIgnoreFilters": ["Drafts/"]}')
        out["excluded"] = answer(await client.call_tool("links", {"note": "Hub"}))
        _write_later(root / ".vaultkit.toml", "ignore = [\n")
        out["broken"] = answer(await client.call_tool("links", {"note": "Hub"}))
        _write_later(root / ".vaultkit.toml", "")
        _write_later(root / ".obsidian" / "app.json", "{}")
        out["restored"] = answer(await client.call_tool("links", {"note": "Hub"}))
        return out

    got = serve(root, tmp_path / "i.sqlite", tmp_path / "err.txt", script)
    assert got["before"][1]["backlink_count"] == 2
    assert got["excluded"] == (False, {**got["excluded"][1], "backlink_count": 1})
    failed, message = got["broken"]
    assert failed and message.startswith("error: ") and ".vaultkit.toml" in message
    assert got["restored"] == got["before"]
    assert "Traceback" not in (tmp_path / "err.txt").read_text(encoding="utf-8")
