"""Where Bases functions are registered: global functions by name, methods by the type of
value they apply to (Functions.md: "Global", "Any type" and one section per type)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from vaultkit.bases.errors import EvalError
from vaultkit.bases.values import Value, type_of

if TYPE_CHECKING:
    from vaultkit.bases import ast
    from vaultkit.bases.evaluate import Evaluator, Row

Global = Callable[["Evaluator", list[Value]], Value]
Method = Callable[["Evaluator", Any, list[Value]], Value]
Lazy = Callable[["Evaluator", list[Value], Sequence["ast.Expr"], "Row", Mapping[str, Value]], Value]
Field = Callable[[Any], Value]

GLOBALS: dict[str, Global] = {}
METHODS: dict[str, dict[str, Method]] = {}
LAZY_METHODS: dict[str, Lazy] = {}
FIELDS: dict[str, dict[str, Field]] = {}


def global_function(name: str) -> Callable[[Global], Global]:
    """Register a global function."""

    def register(func: Global) -> Global:
        GLOBALS[name] = func
        return func

    return register


def method(kind: str, name: str) -> Callable[[Method], Method]:
    """Register ``<kind>.<name>()``; ``kind`` ``any`` applies to every value."""

    def register(func: Method) -> Method:
        METHODS.setdefault(kind, {})[name] = func
        return func

    return register


def lazy_method(name: str) -> Callable[[Lazy], Lazy]:
    """Register a list method whose argument is evaluated per element."""

    def register(func: Lazy) -> Lazy:
        LAZY_METHODS[name] = func
        return func

    return register


def value_field(kind: str, name: str) -> Callable[[Field], Field]:
    """Register a field such as ``date.year`` or ``string.length``."""

    def register(func: Field) -> Field:
        FIELDS.setdefault(kind, {})[name] = func
        return func

    return register


def method_for(target: Value, name: str) -> Method | None:
    """The method ``name`` for a value of ``target``'s type, else the any-type one."""
    found = METHODS.get(type_of(target), {}).get(name)
    return found if found is not None else METHODS.get("any", {}).get(name)


def field_of(target: Value, name: str) -> Value:
    """``target.name`` for a typed field; null when there is none."""
    func = FIELDS.get(type_of(target), {}).get(name)
    return func(target) if func is not None else None


def arity(name: str, args: list[Value], least: int, most: int | None = None) -> None:
    """Raise unless ``least <= len(args) <= most``."""
    most = least if most is None else most
    if not least <= len(args) <= most:
        wanted = str(least) if least == most else f"{least} to {most}"
        if most > 99:
            wanted = f"at least {least}"
        raise EvalError(f"{name}() takes {wanted} argument(s), not {len(args)}")


def want(name: str, value: Value, *kinds: str) -> Value:
    """``value`` when its type is one of ``kinds``; else an error naming the function."""
    if type_of(value) not in kinds:
        raise EvalError(f"{name}() needs a {' or '.join(kinds)}, not a {type_of(value)}")
    return value
