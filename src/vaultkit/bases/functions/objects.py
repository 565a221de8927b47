"""Object and regular expression functions (Functions.md, "Object type", "Regular
expression type")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from vaultkit.bases.functions.registry import arity, method
from vaultkit.bases.values import Regex, Value, text

if TYPE_CHECKING:
    from vaultkit.bases.evaluate import Evaluator


@method("object", "isEmpty")
def is_empty(ev: Evaluator, target: Mapping[str, Value], args: list[Value]) -> Value:
    arity("isEmpty", args, 0)
    return len(target) == 0


@method("object", "keys")
def keys(ev: Evaluator, target: Mapping[str, Value], args: list[Value]) -> Value:
    arity("keys", args, 0)
    return list(target.keys())


@method("object", "values")
def values(ev: Evaluator, target: Mapping[str, Value], args: list[Value]) -> Value:
    arity("values", args, 0)
    return list(target.values())


@method("regexp", "matches")
def matches(ev: Evaluator, target: Regex, args: list[Value]) -> Value:
    arity("matches", args, 1)
    return target.search(text(args[0])) is not None
