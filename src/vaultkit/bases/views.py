"""Running one view of a base (Bases syntax.md, "Views"; Views.md, "Sort and group
results"): the global and view filters ANDed over every file of the vault, formulas, sort
(missing values last in either direction), limit, groupBy and summaries."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

from vaultkit.bases.errors import BaseSyntaxError, EvalError
from vaultkit.bases.evaluate import Evaluator, Row
from vaultkit.bases.loader import Base, Filter, FilterGroup, Src, View
from vaultkit.bases.result import BaseResult, BaseRow, Column, Failed, Group
from vaultkit.bases.summaries import summarize
from vaultkit.bases.values import Value, compare, to_json, truthy


class _Filters:
    """Evaluates filter trees, counting the files each statement failed on."""

    def __init__(self, ev: Evaluator) -> None:
        self.ev = ev
        self.failures: dict[str, tuple[int, str]] = {}

    def passes(self, item: Filter | None, row: Row) -> bool:
        if item is None:
            return True
        if isinstance(item, FilterGroup):
            results = (self.passes(inner, row) for inner in item.items)
            if item.op == "and":
                return all(results)
            if item.op == "or":
                return any(results)
            return not any(results)
        try:
            return truthy(self.ev.evaluate(item, row))
        except (EvalError, BaseSyntaxError) as error:
            count, first = self.failures.get(item, (0, str(error)))
            self.failures[item] = (count + 1, first)
            return False

    def warnings(self, source: str) -> list[str]:
        out = []
        for statement, (count, first) in self.failures.items():
            line = f":{statement.line}" if isinstance(statement, Src) and statement.line else ""
            files = "file" if count == 1 else "files"
            out.append(
                f"{source}{line}: filter {str(statement)!r} failed on {count} {files}"
                f" (left out): {first}"
            )
        return out


def cell(ev: Evaluator, row: Row, prop: str) -> Value:
    """The value of a property id for one file; a failing formula gives :class:`Failed`."""
    kind, _, name = prop.partition(".")
    try:
        if kind == "formula":
            return ev.formula(name, row)
        if kind == "file":
            if row.path is None or ev.vault is None:
                return None
            return ev.vault.field(row.path, name)
        return ev.property(row, name)
    except EvalError as error:
        return Failed(str(error))


def _sort_value(value: Value) -> Value:
    return None if isinstance(value, Failed) else value


def _ordering(keys: list[tuple[int, bool]]) -> Callable[[list[Value], list[Value]], int]:
    def order(a: list[Value], b: list[Value]) -> int:
        for position, desc in keys:
            x, y = a[position], b[position]
            if x is None or y is None:
                found = (x is None) - (y is None)  # missing last, either direction
            else:
                found = compare(x, y)
                found = -found if desc else found
            if found:
                return found
        return 0

    return order


def run_view(base: Base, view: View, ev: Evaluator, paths: list[str]) -> BaseResult:
    """The rows of ``view`` over the files at ``paths`` (sorted by path)."""
    filters = _Filters(ev)
    rows = [Row(path) for path in paths]
    rows = [r for r in rows if filters.passes(base.filters, r) and filters.passes(view.filters, r)]
    order = view.order or ["file.name"]
    columns = [Column(prop, base.display_name(prop)) for prop in order]
    if view.sort:
        sort_props = [prop for prop, _ in view.sort]
        keyed = [([_sort_value(cell(ev, r, p)) for p in sort_props], r) for r in rows]
        ordering = _ordering([(i, desc) for i, (_, desc) in enumerate(view.sort)])

        def by_keys(a: tuple[list[Value], Row], b: tuple[list[Value], Row]) -> int:
            return ordering(a[0], b[0])

        keyed.sort(key=functools.cmp_to_key(by_keys))
        rows = [r for _, r in keyed]
    if view.limit is not None:
        rows = rows[: view.limit]
    result_rows = [BaseRow(str(r.path), {c.id: cell(ev, r, c.id) for c in columns}) for r in rows]
    result = BaseResult(view=view.name, columns=columns, rows=result_rows, source=base.source)
    custom = {name: str(text) for name, text in base.summaries.items()}
    result.summaries = _summaries(view, ev, rows, custom)
    if view.group_by is not None:
        result.groups = _groups(view, ev, rows, custom)
    result.warnings = filters.warnings(base.source)
    return result


def _summaries(
    view: View, ev: Evaluator, rows: list[Row], custom: dict[str, str]
) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for prop, name in view.summaries.items():
        values = [_sort_value(cell(ev, r, prop)) for r in rows]
        try:
            out[prop] = summarize(name, values, ev, custom)
        except (EvalError, BaseSyntaxError) as error:
            out[prop] = Failed(str(error))
    return out


def _groups(view: View, ev: Evaluator, rows: list[Row], custom: dict[str, str]) -> list[Group]:
    assert view.group_by is not None
    prop, desc = view.group_by
    buckets: dict[str, tuple[Value, list[Row]]] = {}
    for row in rows:
        key = _sort_value(cell(ev, row, prop))
        if isinstance(key, list | str | dict) and not key:
            key = None
        marker = json.dumps(to_json(key), sort_keys=True)
        buckets.setdefault(marker, (key, []))[1].append(row)
    ordering = _ordering([(0, desc)])

    def by_key(a: tuple[Value, list[Row]], b: tuple[Value, list[Row]]) -> int:
        return ordering([a[0]], [b[0]])

    ordered = sorted(buckets.values(), key=functools.cmp_to_key(by_key))
    return [
        Group(key, [str(r.path) for r in members], _summaries(view, ev, members, custom))
        for key, members in ordered
    ]
