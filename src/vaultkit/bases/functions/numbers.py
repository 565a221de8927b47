"""Number functions (Functions.md, "Number type"), rounding as JavaScript does."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from vaultkit.bases.errors import EvalError
from vaultkit.bases.functions.registry import arity, method, want
from vaultkit.bases.values import Value

if TYPE_CHECKING:
    from vaultkit.bases.evaluate import Evaluator


def _whole(value: float) -> int | float:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


@method("number", "abs")
def abs_(ev: Evaluator, target: float, args: list[Value]) -> Value:
    arity("abs", args, 0)
    return abs(target)


@method("number", "ceil")
def ceil(ev: Evaluator, target: float, args: list[Value]) -> Value:
    arity("ceil", args, 0)
    return math.ceil(target) if math.isfinite(target) else target


@method("number", "floor")
def floor(ev: Evaluator, target: float, args: list[Value]) -> Value:
    arity("floor", args, 0)
    return math.floor(target) if math.isfinite(target) else target


@method("number", "round")
def round_(ev: Evaluator, target: float, args: list[Value]) -> Value:
    arity("round", args, 0, 1)
    if not math.isfinite(target):
        return target
    digits = int(want("round", args[0], "number")) if args and args[0] is not None else 0
    scale = 10**digits
    return _whole(math.floor(target * scale + 0.5) / scale)


@method("number", "toFixed")
def to_fixed(ev: Evaluator, target: float, args: list[Value]) -> Value:
    arity("toFixed", args, 1)
    digits = int(want("toFixed", args[0], "number"))
    if not 0 <= digits <= 100:
        raise EvalError("toFixed() needs a precision between 0 and 100")
    if not math.isfinite(target):
        return "NaN" if math.isnan(target) else ("Infinity" if target > 0 else "-Infinity")
    exact = Decimal(target).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{exact:.{digits}f}"


@method("number", "isEmpty")
def is_empty(ev: Evaluator, target: float, args: list[Value]) -> Value:
    arity("isEmpty", args, 0)
    return False
