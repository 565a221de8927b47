"""List functions and fields (Functions.md, "List type"); ``filter``, ``map`` and
``reduce`` evaluate their argument per element with ``value``, ``index`` and ``acc``.
``mean``, ``sum``, ``median`` and friends serve summary formulas over ``values``
(Bases syntax.md, "Summaries")."""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from vaultkit.bases.errors import EvalError
from vaultkit.bases.functions.registry import arity, lazy_method, method, value_field
from vaultkit.bases.functions.strings import slice_bounds
from vaultkit.bases.values import Value, compare, equal, text, truthy, type_of

if TYPE_CHECKING:
    from vaultkit.bases import ast
    from vaultkit.bases.evaluate import Evaluator, Row


@value_field("list", "length")
def length(target: list[Value]) -> Value:
    return len(target)


def _has(items: list[Value], wanted: Value) -> bool:
    return any(equal(item, wanted) for item in items)


@method("list", "contains")
def contains(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("contains", args, 1)
    return _has(target, args[0])


@method("list", "containsAll")
def contains_all(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("containsAll", args, 1, 999)
    return all(_has(target, a) for a in args)


@method("list", "containsAny")
def contains_any(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("containsAny", args, 1, 999)
    return any(_has(target, a) for a in args)


def _one_argument(name: str, args: Sequence[ast.Expr]) -> ast.Expr:
    if len(args) != 1:
        raise EvalError(f"{name}() takes 1 argument, not {len(args)}")
    return args[0]


@lazy_method("filter")
def filter_(
    ev: Evaluator,
    target: list[Value],
    args: Sequence[ast.Expr],
    row: Row,
    local: Mapping[str, Value],
) -> Value:
    test = _one_argument("filter", args)
    return [
        item
        for i, item in enumerate(target)
        if truthy(ev.value(test, row, {**local, "value": item, "index": i}))
    ]


@lazy_method("map")
def map_(
    ev: Evaluator,
    target: list[Value],
    args: Sequence[ast.Expr],
    row: Row,
    local: Mapping[str, Value],
) -> Value:
    step = _one_argument("map", args)
    return [
        ev.value(step, row, {**local, "value": item, "index": i}) for i, item in enumerate(target)
    ]


@lazy_method("reduce")
def reduce(
    ev: Evaluator,
    target: list[Value],
    args: Sequence[ast.Expr],
    row: Row,
    local: Mapping[str, Value],
) -> Value:
    if len(args) != 2:
        raise EvalError(f"reduce() takes an expression and a start value, not {len(args)}")
    acc = ev.value(args[1], row, local)
    for i, item in enumerate(target):
        acc = ev.value(args[0], row, {**local, "value": item, "index": i, "acc": acc})
    return acc


@method("list", "flat")
def flat(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("flat", args, 0, 1)
    depth = int(args[0]) if args and isinstance(args[0], int | float) else 1

    def flatten(items: list[Value], level: int) -> list[Value]:
        out: list[Value] = []
        for item in items:
            if isinstance(item, list) and level > 0:
                out.extend(flatten(item, level - 1))
            else:
                out.append(item)
        return out

    return flatten(target, depth)


@method("list", "isEmpty")
def is_empty(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("isEmpty", args, 0)
    return len(target) == 0


@method("list", "join")
def join(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("join", args, 0, 1)
    separator = text(args[0]) if args else ","
    return separator.join(text(item) for item in target)


@method("list", "reverse")
def reverse(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("reverse", args, 0)
    return target[::-1]


@method("list", "slice")
def slice_(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    start, end = slice_bounds(len(target), args, "slice")
    return target[start:end]


def order(a: Value, b: Value) -> int:
    """Smallest first; nulls last."""
    if a is None or b is None:
        return (a is None) - (b is None)
    return compare(a, b)


@method("list", "sort")
def sort(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("sort", args, 0)
    return sorted(target, key=functools.cmp_to_key(order))


@method("list", "unique")
def unique(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("unique", args, 0)
    out: list[Value] = []
    for item in target:
        if not _has(out, item):
            out.append(item)
    return out


def numbers(target: list[Value]) -> list[float]:
    """The numbers of a list (booleans and other values left out)."""
    return [v for v in target if type_of(v) == "number" and not math.isnan(v)]


@method("list", "sum")
def sum_(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("sum", args, 0)
    return sum(numbers(target))


@method("list", "mean")
def mean(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("mean", args, 0)
    found = numbers(target)
    return statistics.fmean(found) if found else None


@method("list", "median")
def median(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("median", args, 0)
    found = numbers(target)
    return statistics.median(found) if found else None


@method("list", "min")
def min_(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("min", args, 0)
    found = [v for v in target if v is not None]
    return min(found, key=functools.cmp_to_key(order)) if found else None


@method("list", "max")
def max_(ev: Evaluator, target: list[Value], args: list[Value]) -> Value:
    arity("max", args, 0)
    found = [v for v in target if v is not None]
    return max(found, key=functools.cmp_to_key(order)) if found else None
