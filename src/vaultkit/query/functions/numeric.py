"""Numeric operations (docs/reference/functions.md, "Numeric Operations"): ``round``,
``trunc``, ``floor``, ``ceil``, ``min``, ``max``, ``sum``, ``product``, ``reduce``,
``average``, ``minby``, ``maxby``."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from vaultkit.query.functions.registry import NoImpl, function, is_number
from vaultkit.query.operators import EvalError, binary
from vaultkit.query.values import Function, Value, compare, number, type_of


def _js_round(value: float) -> int | float:
    if not math.isfinite(value):
        return value
    return number(float(math.floor(value + 0.5)))


@function("round", vectorize={1: (0,), 2: (0,)})
def round_(ctx: Any, value: Value, digits: Value = None) -> Value:
    """Round to the nearest whole number, or to ``digits`` decimals."""
    if value is None:
        return None
    if not is_number(value) or not (digits is None or is_number(digits)):
        raise NoImpl
    if digits is None or digits <= 0:
        return _js_round(value)
    exact = Decimal(abs(value)).quantize(Decimal(1).scaleb(-int(digits)), ROUND_HALF_UP)
    return number(math.copysign(float(exact), value))


def _unary(name: str, op: Any) -> None:
    @function(name, vectorize={1: (0,)})
    def impl(ctx: Any, value: Value) -> Value:
        if value is None:
            return None
        if not is_number(value):
            raise NoImpl
        return number(float(op(value)))

    impl.__doc__ = f"``{name}`` of a number."


_unary("trunc", math.trunc)
_unary("floor", math.floor)
_unary("ceil", math.ceil)


def _pick(ctx: Any, args: tuple[Value, ...], keep_first: Any) -> Value:
    if len(args) == 1 and type_of(args[0]) == "array":
        args = tuple(args[0])
    if not args:
        return None
    best = args[0]
    for value in args[1:]:
        if value is None:
            continue
        if best is None or not keep_first(compare(best, value, ctx.normalize)):
            best = value
    return best


@function("min")
def min_(ctx: Any, *args: Value) -> Value:
    """The smallest of the arguments, or of a list."""
    return _pick(ctx, args, lambda c: c <= 0)


@function("max")
def max_(ctx: Any, *args: Value) -> Value:
    """The largest of the arguments, or of a list."""
    return _pick(ctx, args, lambda c: c > 0)


_OPERANDS = {"+", "-", "*", "/", "&", "|"}


@function("reduce", vectorize={2: (1,)})
def reduce(ctx: Any, values: Value, op: Value) -> Value:
    """Fold a list with an operator (``"+"``, ``"-"``, ``"*"``, ``"/"``, ``"&"``, ``"|"``)
    or a two-argument lambda (which skips nulls)."""
    if values is None or op is None:
        return None
    if type_of(values) != "array":
        raise NoImpl
    if isinstance(op, str):
        if not values:
            return None
        if op not in _OPERANDS:
            raise EvalError("reduce(array, op) supports '+', '-', '/', '*', '&', and '|'")
        result = values[0]
        for value in values[1:]:
            result = binary(op, result, value, ctx.normalize)
        return result
    if isinstance(op, Function):
        if not values:
            return None
        result = values[0]
        for value in values[1:]:
            if value is not None:
                result = op(result, value)
        return result
    raise NoImpl


@function("sum")
def sum_(ctx: Any, values: Value) -> Value:
    """The sum of a list (null for an empty list)."""
    return reduce(ctx, values, "+") if type_of(values) == "array" else values


@function("product")
def product(ctx: Any, values: Value) -> Value:
    """The product of a list (null for an empty list)."""
    return reduce(ctx, values, "*") if type_of(values) == "array" else values


@function("average")
def average(ctx: Any, values: Value) -> Value:
    """The mean of a list (null for an empty list)."""
    if type_of(values) != "array":
        return values
    if not values:
        return None
    total = reduce(ctx, values, "+")
    return None if total is None else binary("/", total, len(values), ctx.normalize)


def _by(ctx: Any, values: Value, func: Value, keep_first: Any) -> Value:
    if values is None and isinstance(func, Function):
        return None
    if type_of(values) != "array" or not isinstance(func, Function):
        raise NoImpl
    if not values:
        return None
    mapped = [(v, func(v)) for v in values]
    present = [pair for pair in mapped if pair[1] is not None]
    if not present:
        return values[0]
    best = present[0]
    for pair in present[1:]:
        if not keep_first(compare(best[1], pair[1], ctx.normalize)):
            best = pair
    return best[0]


@function("minby")
def minby(ctx: Any, values: Value, func: Value) -> Value:
    """The element with the smallest value of ``func``."""
    return _by(ctx, values, func, lambda c: c <= 0)


@function("maxby")
def maxby(ctx: Any, values: Value, func: Value) -> Value:
    """The element with the largest value of ``func``."""
    return _by(ctx, values, func, lambda c: c > 0)
