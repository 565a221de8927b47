"""Dataview's function library (docs/reference/functions.md), one module per family."""

from __future__ import annotations

from vaultkit.query.functions import constructors, lists, numeric, strings, utility
from vaultkit.query.functions.registry import FUNCTIONS

__all__ = ["FUNCTIONS", "constructors", "lists", "numeric", "strings", "utility"]
