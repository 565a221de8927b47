"""Global functions and the functions of any value (Functions.md, "Global", "Any type")."""

from __future__ import annotations

import datetime as dt
import html
import random as random_module
from typing import TYPE_CHECKING

from vaultkit.bases.dates import parse_date, parse_duration
from vaultkit.bases.errors import EvalError
from vaultkit.bases.functions.registry import arity, global_function, method, want
from vaultkit.bases.values import Duration, FileValue, Link, Value, Widget, text, truthy, type_of

if TYPE_CHECKING:
    from vaultkit.bases.evaluate import Evaluator


@global_function("escapeHTML")
def escape_html(ev: Evaluator, args: list[Value]) -> Value:
    arity("escapeHTML", args, 1)
    return html.escape(text(args[0]))


@global_function("date")
def date(ev: Evaluator, args: list[Value]) -> Value:
    arity("date", args, 1)
    value = args[0]
    if isinstance(value, dt.datetime):
        return value
    found = parse_date(text(value)) if isinstance(value, str) else None
    if found is None:
        raise EvalError(f"date() cannot read {text(value)!r} as a date")
    return found


@global_function("duration")
def duration(ev: Evaluator, args: list[Value]) -> Value:
    arity("duration", args, 1)
    if isinstance(args[0], Duration):
        return args[0]
    found = parse_duration(text(args[0]))
    if found is None:
        raise EvalError(f"duration() cannot read {text(args[0])!r} as a duration")
    return found


def path_of(ev: Evaluator, value: Value) -> str | None:
    """The vault path a file, a link or a path or link text names (None if none)."""
    if isinstance(value, FileValue):
        return value.path
    if isinstance(value, Link):
        vault = ev.need_vault()
        return value.path if value.path in vault.stats else None
    if isinstance(value, str):
        vault = ev.need_vault()
        if value in vault.stats:
            return value
        return vault.link(value).path if vault.link(value).path in vault.stats else None
    return None


@global_function("file")
def file(ev: Evaluator, args: list[Value]) -> Value:
    arity("file", args, 1)
    path = path_of(ev, args[0])
    return FileValue(path) if path is not None else None


@global_function("html")
def html_value(ev: Evaluator, args: list[Value]) -> Value:
    arity("html", args, 1)
    return Widget("html", text(args[0]))


@global_function("image")
def image(ev: Evaluator, args: list[Value]) -> Value:
    arity("image", args, 1)
    value = args[0]
    return Widget("image", value.path if isinstance(value, FileValue | Link) else text(value))


@global_function("icon")
def icon(ev: Evaluator, args: list[Value]) -> Value:
    arity("icon", args, 1)
    return Widget("icon", text(args[0]))


@global_function("link")
def link(ev: Evaluator, args: list[Value]) -> Value:
    arity("link", args, 1, 2)
    target, display = args[0], (text(args[1]) if len(args) == 2 and args[1] is not None else None)
    if isinstance(target, FileValue):
        return Link(target.path, display)
    if isinstance(target, Link):
        return Link(target.path, display or target.display, target.subpath)
    written = text(target)
    if "://" in written:
        return Link(written, display)
    if ev.vault is None:
        inner = written.strip()
        if inner.startswith("[[") and inner.endswith("]]"):
            inner = inner[2:-2]
        if display is None and "|" in inner:
            inner, _, display = inner.partition("|")
        return Link(inner, display)
    source = ev.this.path or ""
    return ev.vault.link(written, source, display)


@global_function("list")
def list_of(ev: Evaluator, args: list[Value]) -> Value:
    arity("list", args, 1)
    return list(args[0]) if isinstance(args[0], list | tuple) else [args[0]]


def _numbers(name: str, args: list[Value]) -> list[float]:
    arity(name, args, 1, 999)
    flat = [v for a in args for v in (a if isinstance(a, list) else [a]) if v is not None]
    for value in flat:
        want(name, value, "number")
    if not flat:
        raise EvalError(f"{name}() needs at least one number")
    return flat


@global_function("max")
def max_of(ev: Evaluator, args: list[Value]) -> Value:
    return max(_numbers("max", args))


@global_function("min")
def min_of(ev: Evaluator, args: list[Value]) -> Value:
    return min(_numbers("min", args))


@global_function("now")
def now(ev: Evaluator, args: list[Value]) -> Value:
    arity("now", args, 0)
    return ev.now


@global_function("today")
def today(ev: Evaluator, args: list[Value]) -> Value:
    arity("today", args, 0)
    return ev.now.replace(hour=0, minute=0, second=0, microsecond=0)


@global_function("number")
def number(ev: Evaluator, args: list[Value]) -> Value:
    arity("number", args, 1)
    value = args[0]
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, Duration):
        return value.millis()
    if isinstance(value, str):
        try:
            found = float(value.strip())
        except ValueError:
            raise EvalError(f"number() cannot read {value!r} as a number") from None
        return int(found) if found.is_integer() and abs(found) < 2**53 else found
    raise EvalError(f"number() cannot make a number of a {type_of(value)}")


@global_function("random")
def random(ev: Evaluator, args: list[Value]) -> Value:
    arity("random", args, 0)
    return random_module.random()


# -- any type -------------------------------------------------------------------------------


@method("any", "isTruthy")
def is_truthy(ev: Evaluator, target: Value, args: list[Value]) -> Value:
    arity("isTruthy", args, 0)
    return truthy(target)


@method("any", "isType")
def is_type(ev: Evaluator, target: Value, args: list[Value]) -> Value:
    arity("isType", args, 1)
    wanted = text(args[0]).lower()
    kind = type_of(target)
    return kind == wanted or (wanted == "array" and kind == "list")


@method("any", "toString")
def to_string(ev: Evaluator, target: Value, args: list[Value]) -> Value:
    arity("toString", args, 0)
    return text(target)


@method("any", "isEmpty")
def is_empty(ev: Evaluator, target: Value, args: list[Value]) -> Value:
    arity("isEmpty", args, 0)
    if target is None:
        return True
    if isinstance(target, str | list | tuple | dict):
        return len(target) == 0
    return False
