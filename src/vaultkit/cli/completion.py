"""Shell completion of note names (``vaultkit --install-completion``), read from the index
as the last command left it: completing never parses the vault or writes anything."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

MAX_COMPLETIONS = 200


def _option(ctx: Any, name: str, envvar: str) -> str | None:
    while ctx is not None:
        value = ctx.params.get(name)
        if value:
            return str(value)
        ctx = ctx.parent
    return os.environ.get(envvar) or None


def complete_note(ctx: Any, incomplete: str) -> list[str]:
    """Note names and aliases starting with what is typed (case-insensitive)."""
    try:
        from vaultkit.index import Index, default_index_path
        from vaultkit.vault import find_root

        root = find_root(_option(ctx, "vault", "VAULTKIT_VAULT"))
        given = _option(ctx, "index", "VAULTKIT_INDEX")
        path = Path(given) if given else default_index_path(root)
        if not path.is_file():
            return []
        with Index.open(root, path) as index:
            names = index.names()
    except Exception:  # completion must never print a traceback into the shell
        return []
    start = incomplete.lower()
    return sorted(n for n in names if n.lower().startswith(start))[:MAX_COMPLETIONS]
