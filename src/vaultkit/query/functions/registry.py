"""The function table and what every function shares: vectorization over lists, and the
"no implementation for these argument types" error.

Source: Dataview docs/reference/functions.md, "Calling functions on lists of values": most
functions applied to a list apply to each element (``lower(["YES", "NO"]) = ["yes", "no"]``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from vaultkit.query.operators import EvalError
from vaultkit.query.values import Value, type_of

Impl = Callable[..., Value]
"""``impl(ctx, *args)``; raises :class:`NoImpl` when the argument types do not fit."""

FUNCTIONS: dict[str, Impl] = {}


class NoImpl(Exception):
    """The arguments' types have no implementation."""


def function(
    *names: str, vectorize: dict[int, tuple[int, ...]] | None = None
) -> Callable[[Impl], Impl]:
    """Register ``impl`` under ``names``; ``vectorize`` maps an argument count to the
    positions that, when given lists, make the call apply element by element."""

    def register(impl: Impl) -> Impl:
        wrapped = _checked(names[0], impl, vectorize or {})
        for name in names:
            FUNCTIONS[name] = wrapped
        return impl

    return register


def _checked(name: str, impl: Impl, vectorize: dict[int, tuple[int, ...]]) -> Impl:
    signature = inspect.signature(impl)

    def call(ctx: Any, *args: Value) -> Value:
        positions = [p for p in vectorize.get(len(args), ()) if type_of(args[p]) == "array"]
        if positions:
            length = min(len(args[p]) for p in positions)
            return [
                call(ctx, *[args[i][k] if i in positions else a for i, a in enumerate(args)])
                for k in range(length)
            ]
        try:
            signature.bind(ctx, *args)
            return impl(ctx, *args)
        except (NoImpl, TypeError) as error:
            if isinstance(error, TypeError) and not _arity_error(signature, ctx, args):
                raise
            types = ", ".join(type_of(a) for a in args)
            raise EvalError(f"No implementation of '{name}' found for arguments: {types}") from None

    return call


def _arity_error(signature: inspect.Signature, ctx: Any, args: tuple[Value, ...]) -> bool:
    try:
        signature.bind(ctx, *args)
    except TypeError:
        return True
    return False


def is_text(value: Value) -> bool:
    """Whether ``value`` is a string."""
    return isinstance(value, str)


def is_number(value: Value) -> bool:
    """Whether ``value`` is a number (booleans are not)."""
    return type_of(value) == "number"
