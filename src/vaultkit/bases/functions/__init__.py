"""Every Bases function, registered by importing its module (one per type, Functions.md)."""

from __future__ import annotations

from vaultkit.bases.functions import dates, files, general, lists, numbers, objects, strings
from vaultkit.bases.functions.registry import (
    FIELDS,
    GLOBALS,
    LAZY_METHODS,
    METHODS,
    field_of,
    method_for,
)

__all__ = [
    "FIELDS",
    "GLOBALS",
    "LAZY_METHODS",
    "METHODS",
    "dates",
    "field_of",
    "files",
    "general",
    "lists",
    "method_for",
    "numbers",
    "objects",
    "strings",
]
