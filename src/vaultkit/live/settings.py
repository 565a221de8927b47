"""The vault's settings as an index was built with, looked at by long-lived processes.

What the index holds depends on ``.vaultkit.toml`` and Obsidian's excluded files
(``.obsidian/app.json``): every command checks them on open (``Index.open``) and rebuilds
the index when they ask for another. A process that keeps an index open (``vaultkit watch``,
``vaultkit mcp``) looks at those files' stamps instead (two ``stat`` calls), and reads the
settings again only when a stamp moved. ``watch`` then stops (the next command rebuilds);
the MCP server rebuilds in place with :func:`reopen` and goes on serving.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultkit.vault import CONFIG_FILE

if TYPE_CHECKING:
    from vaultkit.index import Index

SettingsStamps = list[tuple[int, int] | None]


class Settings:
    """The stamps of an index's settings files, as last found to match the index."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.stamps = self._now()

    def _now(self) -> SettingsStamps:
        out: SettingsStamps = []
        for path in (self.index.root / CONFIG_FILE, self.index.root / ".obsidian" / "app.json"):
            try:
                info = path.stat()
            except OSError:
                out.append(None)
                continue
            out.append((info.st_size, info.st_mtime_ns))
        return out

    def changed(self) -> bool:
        """Whether the settings now ask for another index than the index holds (read again
        only when a file's stamp moved; True again on every call until :meth:`accept`). A
        broken ``.vaultkit.toml`` raises ``ConfigError``, on every call until it is fixed."""
        now = self._now()
        if now == self.stamps:
            return False
        if self.index.settings_changed():
            return True
        self.stamps = now
        return False

    def accept(self) -> None:
        """The index now matches the settings files as they are (rebuilt under them)."""
        self.stamps = self._now()


def reopen(index: Index) -> None:
    """Open ``index`` again in place as ``Index.open`` would, under the settings as they are
    now: the same object with a new connection, to the index file another process may
    have rebuilt already, else to one rebuilt here. Refresh it afterwards."""
    from vaultkit.index.storage import connect_or_reset, exclusive
    from vaultkit.vault import load_config

    index.config = load_config(index.root)
    with exclusive(index.path):
        index.conn.close()
        index.conn = connect_or_reset(index.path)
        index._ensure_schema()
