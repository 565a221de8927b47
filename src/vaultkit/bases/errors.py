"""Errors of Obsidian Bases: a base that cannot be read, an expression that does not parse,
and the failure of one expression on one file (a cell's error, not the command's)."""

from __future__ import annotations

from vaultkit.errors import VaultkitError


class BaseFileError(VaultkitError):
    """A ``.base`` file (or a ```base block) that is not valid YAML or not a valid base."""


class BaseSyntaxError(VaultkitError):
    """An expression that does not parse; the message shows it with a caret."""


class UnknownView(VaultkitError):
    """A view name the base does not have."""


class EvalError(Exception):
    """One expression failing on one file: shown in its cell as ``{"error": message}``."""


def caret_message(text: str, pos: int, message: str, where: str = "") -> str:
    """``where: message``, then the expression and a caret under ``pos``."""
    pos = min(max(pos, 0), len(text))
    head = f"{where}: " if where else ""
    line = text.replace("\n", " ").replace("\t", " ")
    return f"{head}{message} (column {pos + 1})\n  {line}\n  {' ' * pos}^"
