"""Running a query: rows from the FROM source, data commands in the order written, then the
columns or list values of the result.

Semantics from Dataview docs/queries/data-commands.md and differences-to-sql.md: each
command takes the rows the previous one produced; ``WHERE`` keeps truthy rows; ``SORT``
is stable, by several keys; ``GROUP BY`` makes one row per distinct key holding ``key``,
``rows`` and the group's name; ``FLATTEN`` makes one row per element; ``LIMIT`` cuts. A
row whose expression fails is dropped and reported; when every row fails, the query fails.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vaultkit.errors import QueryEvaluationError
from vaultkit.query import ast
from vaultkit.query.evaluate import Context
from vaultkit.query.operators import EvalError
from vaultkit.query.values import (
    Link,
    ListPair,
    Value,
    compare,
    sort_key,
    to_string,
    truthy,
    type_of,
)


@dataclass
class Row:
    """One row: what identifies it (a page link, a group key, a task) and its data."""

    id: Value
    data: Mapping[str, Value]


@dataclass(frozen=True)
class RowError:
    """An expression that failed for one row: the row, the command and expression, why."""

    row: str
    command: str
    expression: str
    message: str

    def __str__(self) -> str:
        return f"{self.row}: {self.command} {self.expression}: {self.message}"


@dataclass
class Execution:
    """Rows after the data commands, with the names of the groups made on the way."""

    rows: list[Row]
    groups: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def row_label(value: Value) -> str:
    """How a row is named in messages: its note path, task line or group key."""
    if isinstance(value, Link):
        return value.path
    if isinstance(value, str):
        return value
    return to_string(value)


def execute(rows: list[Row], commands: tuple[ast.Command, ...], ctx: Context) -> Execution:
    """Run the data commands over ``rows`` in order."""
    run = Execution(rows)
    for command in commands:
        before = len(run.rows)
        errors: list[RowError] = []
        if isinstance(command, ast.Where):
            run.rows = _where(run.rows, command.clause, ctx, errors)
        elif isinstance(command, ast.Sort):
            run.rows = _sort(run.rows, command.keys, ctx, errors)
        elif isinstance(command, ast.Limit):
            run.rows = run.rows[: _limit(command.amount, ctx)]
        elif isinstance(command, ast.GroupBy):
            run.rows = _group(run.rows, command.field, ctx, errors)
            run.groups.append(command.field.name)
        else:
            run.rows = _flatten(run.rows, command.field, ctx, errors)
            if run.groups and run.groups[-1] == command.field.name:
                run.groups.pop()
        _check(errors, before, _command_name(command))
        run.errors.extend(errors)
    return run


def _command_name(command: ast.Command) -> str:
    return {
        ast.Where: "WHERE",
        ast.Sort: "SORT",
        ast.Limit: "LIMIT",
        ast.GroupBy: "GROUP BY",
        ast.Flatten: "FLATTEN",
    }[type(command)]


def _check(errors: list[RowError], incoming: int, what: str) -> None:
    if errors and len(errors) >= incoming:
        listed = "\n".join(f"  - {e}" for e in errors[:3])
        raise QueryEvaluationError(f"every row failed during {what}; first errors:\n{listed}")


def evaluate_row(
    ctx: Context, named: ast.Named, row: Row, command: str, errors: list[RowError]
) -> tuple[bool, Value]:
    """Evaluate ``named`` for ``row``; a failure is recorded and reported as ``(False, None)``."""
    try:
        return True, ctx.evaluate(named.expr, row.data)
    except EvalError as error:
        errors.append(RowError(row_label(row.id), command, named.text, str(error)))
        return False, None
    except RecursionError:
        errors.append(RowError(row_label(row.id), command, named.text, "expression too deep"))
        return False, None


def _where(rows: list[Row], clause: ast.Named, ctx: Context, errors: list[RowError]) -> list[Row]:
    kept = []
    for row in rows:
        ok, value = evaluate_row(ctx, clause, row, "WHERE", errors)
        if ok and truthy(value):
            kept.append(row)
    return kept


def _sort(
    rows: list[Row],
    keys: tuple[tuple[ast.Named, bool], ...],
    ctx: Context,
    errors: list[RowError],
) -> list[Row]:
    tagged: list[tuple[Row, list[Value]]] = []
    for row in rows:
        values = []
        for named, _ in keys:
            ok, value = evaluate_row(ctx, named, row, "SORT", errors)
            if not ok:
                break
            values.append(value)
        else:
            tagged.append((row, values))

    for index in reversed(range(len(keys))):
        descending = keys[index][1]
        tagged.sort(key=lambda t: sort_key(t[1][index], ctx.normalize), reverse=descending)
    return [row for row, _ in tagged]


def _limit(amount: ast.Named, ctx: Context) -> int:
    try:
        value = ctx.evaluate(amount.expr, {})
    except EvalError as error:
        raise QueryEvaluationError(f"Failed to execute 'limit' statement: {error}") from None
    if type_of(value) != "number":
        raise QueryEvaluationError(
            f"Failed to execute 'limit' statement: limit should be a number, but got"
            f" '{type_of(value)}' ({to_string(value)})"
        )
    return max(0, int(value))


def _group(rows: list[Row], named: ast.Named, ctx: Context, errors: list[RowError]) -> list[Row]:
    keyed: list[tuple[Value, Row]] = []
    for row in rows:
        ok, value = evaluate_row(ctx, named, row, "GROUP BY", errors)
        if ok:
            keyed.append((value, row))
    keyed.sort(key=lambda pair: sort_key(pair[0], ctx.normalize))
    groups: list[Row] = []
    members: list[list[Mapping[str, Value]]] = []
    for key, row in keyed:
        if groups and compare(groups[-1].id, key, ctx.normalize) == 0:
            members[-1].append(row.data)
        else:
            members.append([row.data])
            groups.append(Row(key, {"key": key, "rows": members[-1], named.name: key}))
    return groups


def _flatten(rows: list[Row], named: ast.Named, ctx: Context, errors: list[RowError]) -> list[Row]:
    out: list[Row] = []
    for row in rows:
        ok, value = evaluate_row(ctx, named, row, "FLATTEN", errors)
        if not ok:
            continue
        for item in value if type_of(value) == "array" else [value]:
            out.append(Row(row.id, ChainMap({named.name: item}, row.data)))  # type: ignore[arg-type]
    return out


def extract(
    run: Execution, fields: tuple[ast.Named, ...], ctx: Context
) -> list[tuple[Row, list[Value]]]:
    """The value of every column for every row; a row whose column fails is dropped."""
    out = []
    errors: list[RowError] = []
    for row in run.rows:
        values = []
        for named in fields:
            ok, value = evaluate_row(ctx, named, row, "column", errors)
            if not ok:
                break
            values.append(value)
        else:
            out.append((row, values))
    _check(errors, len(run.rows), "the columns")
    run.errors.extend(errors)
    return out


def list_values(pairs: list[tuple[Row, list[Value]]], header: ast.Header) -> list[Any]:
    """LIST values: the row id, the expression's value, or both as a key/value pair."""
    if not header.fields:
        return [row.id for row, _ in pairs]
    if header.show_id:
        return [ListPair(row.id, values[0]) for row, values in pairs]
    return [values[0] for _, values in pairs]
