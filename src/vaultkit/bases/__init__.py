"""Obsidian Bases headless: ``.base`` files and ```base blocks read, filtered, sorted,
grouped and summarized over the index, as the app's Bases core plugin does
(obsidian-help ``en/Bases/``)."""

from __future__ import annotations

from vaultkit.bases.loader import Base, View, load_base
from vaultkit.bases.result import BaseResult
from vaultkit.bases.run import evaluate_expression, open_base, run_base, run_note_bases

__all__ = [
    "Base",
    "BaseResult",
    "View",
    "evaluate_expression",
    "load_base",
    "open_base",
    "run_base",
    "run_note_bases",
]
