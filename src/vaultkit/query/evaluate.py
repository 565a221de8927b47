"""Evaluating an expression against one row: fields, ``this``, ``row``, indexing through
objects, lists, dates, durations and links, function calls and lambdas.

Sources: Dataview docs/reference/expressions.md (fields, indexing, ``[[Link]].value``,
date and duration components, lambdas) and resources/faq.md (``row["field"]``). A field a
row does not have is null, never an error.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import ChainMap
from collections.abc import Callable, Mapping
from typing import Any

from vaultkit.query import ast
from vaultkit.query.durations import Duration
from vaultkit.query.operators import EvalError, binary
from vaultkit.query.values import Function, Value, number, truthy, type_of

Resolver = Callable[[str], Mapping[str, Value] | None]
"""A link path to the page it names (resolved as Obsidian resolves links), or None."""


class Context:
    """What evaluation needs beyond the row: functions, ``this``, link resolution, now."""

    def __init__(
        self,
        functions: Mapping[str, Callable[..., Value]],
        this: Mapping[str, Value] | None = None,
        resolve: Resolver | None = None,
        normalize: Callable[[str], str] | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        self.functions = functions
        self.globals: dict[str, Value] = {"this": this if this is not None else {}}
        self.resolve = resolve or (lambda path: None)
        self.normalize = normalize
        self.now = now or dt.datetime.now()

    def evaluate(self, expr: ast.Expr, data: Mapping[str, Value]) -> Value:
        """The value of ``expr`` for the row ``data``; raises :class:`EvalError`."""
        if isinstance(expr, ast.Literal):
            return expr.value
        if isinstance(expr, ast.Variable):
            if expr.name in data:
                return data[expr.name]
            return self.globals.get(expr.name)
        if isinstance(expr, ast.BinaryOp):
            left = self.evaluate(expr.left, data)
            right = self.evaluate(expr.right, data)
            return binary(expr.op, left, right, self.normalize)
        if isinstance(expr, ast.Index):
            return self._index(expr, data)
        if isinstance(expr, ast.Negated):
            return not truthy(self.evaluate(expr.child, data))
        if isinstance(expr, ast.Call):
            return self._call(expr, data)
        if isinstance(expr, ast.ListExpr):
            return [self.evaluate(item, data) for item in expr.items]
        if isinstance(expr, ast.ObjectExpr):
            return {key: self.evaluate(value, data) for key, value in expr.entries}
        if isinstance(expr, ast.Lambda):
            return self._lambda(expr, data)
        raise EvalError(f"cannot evaluate {type(expr).__name__}")

    def call(self, func: Value, *args: Value) -> Value:
        """Call a lambda (or library function value) with ``args``."""
        if not isinstance(func, Function):
            raise EvalError(f"Cannot call type '{type_of(func)}' as a function")
        return func(*args)

    def _lambda(self, expr: ast.Lambda, data: Mapping[str, Value]) -> Function:
        def run(*args: Value) -> Value:
            bound = dict(zip(expr.params, args, strict=False))
            return self.evaluate(expr.body, ChainMap(bound, data))  # type: ignore[arg-type]

        return Function(run)

    def _call(self, expr: ast.Call, data: Mapping[str, Value]) -> Value:
        if isinstance(expr.func, ast.Variable):
            impl = self.functions.get(expr.func.name)
            if impl is None:
                raise EvalError(f"Unrecognized function name '{expr.func.name}'")
            args = [self.evaluate(arg, data) for arg in expr.args]
            try:
                return impl(self, *args)
            except EvalError:
                raise
            except (TypeError, ValueError, ZeroDivisionError, OverflowError) as error:
                raise EvalError(f"{expr.func.name}(): {error}") from error
        func = self.evaluate(expr.func, data)
        return self.call(func, *[self.evaluate(arg, data) for arg in expr.args])

    def _index(self, expr: ast.Index, data: Mapping[str, Value]) -> Value:
        if isinstance(expr.index, ast.Variable):
            key: Value = expr.index.name
        else:
            key = self.evaluate(expr.index, data)
        if isinstance(key, bool) or not isinstance(key, str | int | float):
            raise EvalError("Can only index with a string, variable, or number")
        if isinstance(expr.obj, ast.Variable) and expr.obj.name == "row":
            target: Value = ChainMap(dict(data), self.globals)
        else:
            target = self.evaluate(expr.obj, data)
        return self.index(target, key)

    def index(self, target: Value, key: Value) -> Value:
        """``target[key]``: object fields, list elements (or a field of every element when
        ``key`` is text), characters, date and duration parts, a linked page's fields."""
        kind = type_of(target)
        if kind == "object":
            if not isinstance(key, str):
                raise EvalError('can only index into objects with strings (a.b or a["b"])')
            return target.get(key)
        if kind == "link":
            if not isinstance(key, str):
                raise EvalError('can only index into links with strings (a.b or a["b"])')
            page = self.resolve(target.path)
            return None if page is None else page.get(key)
        if kind == "array":
            if isinstance(key, str):
                out = []
                for item in target:
                    try:
                        out.append(self.index(item, key))
                    except EvalError:
                        continue
                return out
            return _element(target, key)
        if kind == "string":
            if isinstance(key, str):
                raise EvalError("string indexing requires a numeric index (string[index])")
            return _element(target, key)
        if kind == "date":
            return _date_part(target, key)
        if kind == "duration":
            return _duration_part(target, key)
        return None


def _element(items: Any, key: float) -> Value:
    if not float(key).is_integer() or key < 0 or key >= len(items):
        return None
    return items[int(key)]


def _date_part(value: dt.datetime, key: Value) -> Value:
    if not isinstance(key, str):
        raise EvalError("date indexing requires a string representing the unit")
    parts = {
        "year": value.year,
        "month": value.month,
        "weekyear": value.isocalendar().week,
        "week": value.day // 7 + 1,
        "weekday": value.isoweekday(),
        "day": value.day,
        "hour": value.hour,
        "minute": value.minute,
        "second": value.second,
        "millisecond": value.microsecond // 1000,
    }
    return parts.get(key)


def _duration_part(value: Duration, key: Value) -> Value:
    if not isinstance(key, str):
        raise EvalError("duration indexing requires a string representing the unit")
    unit = {"millisecond": "ms", "milliseconds": "ms"}.get(key, key.rstrip("s") + "s")
    if unit not in ("years", "months", "weeks", "days", "hours", "minutes", "seconds", "ms"):
        return None
    if key == "week":
        return None
    found = value.shift_to(unit).get(unit)
    return number(found) if math.isfinite(found) else found
