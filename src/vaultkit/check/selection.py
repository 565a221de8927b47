"""Which rules run: defaults, the ``[check]`` table of ``.vaultkit.toml``, ``--select``,
``--ignore``, ``--severity``, and a note's own ``vaultkit-ignore`` property."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from vaultkit.check.model import SEVERITIES
from vaultkit.check.rules import BY_ID, RULES
from vaultkit.errors import VaultkitError

IGNORE_PROPERTY = "vaultkit-ignore"


class CheckUsageError(VaultkitError):
    """An unknown rule or severity in the options or the ``[check]`` table."""


@dataclass(frozen=True)
class Selection:
    """The rules to run, in report order."""

    rules: tuple[str, ...]


def _ids(values: Iterable[str], where: str) -> list[str]:
    ids: list[str] = []
    for value in values:
        for part in str(value).split(","):
            rule = part.strip().lower()
            if not rule:
                continue
            if rule == "all":
                ids += [r.id for r in RULES]
            elif rule in BY_ID:
                ids.append(rule)
            else:
                known = ", ".join(BY_ID)
                raise CheckUsageError(f"unknown rule {rule!r} in {where}; rules: {known}")
    return ids


def _strings(table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CheckUsageError(f".vaultkit.toml: [check] {key} must be a list of rule ids")
    return value


def select_rules(
    table: dict[str, Any] | None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    severity: str | None = None,
) -> Selection:
    """The default rules, replaced by ``select`` (options first, else the table), minus
    ``ignore`` (the table's and the options'), minus rules below ``severity``."""
    table = table or {}
    chosen = {r.id for r in RULES if r.default}
    if select:
        chosen = set(_ids(select, "--select"))
    elif "select" in table:
        chosen = set(_ids(_strings(table, "select"), ".vaultkit.toml [check] select"))
    chosen |= set(_ids(_strings(table, "extend-select"), ".vaultkit.toml [check] extend-select"))
    chosen -= set(_ids(_strings(table, "ignore"), ".vaultkit.toml [check] ignore"))
    chosen -= set(_ids(ignore or [], "--ignore"))
    level = severity or table.get("severity")
    if level is not None:
        if str(level) not in SEVERITIES:
            raise CheckUsageError(f"unknown severity {level!r}: use {', '.join(SEVERITIES)}")
        floor = SEVERITIES.index(str(level))
        chosen = {r for r in chosen if SEVERITIES.index(BY_ID[r].severity) >= floor}
    return Selection(tuple(r.id for r in RULES if r.id in chosen))


def ignored_by_note(frontmatter: dict[str, Any]) -> set[str]:
    """Rules a note opts out of with ``vaultkit-ignore: [rule, ...]`` (``all``: every rule;
    unknown ids are skipped)."""
    value = frontmatter.get(IGNORE_PROPERTY)
    if value is None:
        return set()
    items = value if isinstance(value, list) else str(value).split(",")
    found: set[str] = set()
    for item in items:
        rule = str(item).strip().lower()
        if rule == "all" or item is True:
            return set(BY_ID)
        if rule in BY_ID:
            found.add(rule)
    return found
