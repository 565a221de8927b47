"""Constructors (docs/reference/functions.md, "Constructors"): ``object``, ``list``/``array``,
``date``, ``dur``, ``number``, ``string``, ``link``, ``embed``, ``elink``, ``typeof``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from vaultkit.query import dates
from vaultkit.query.durations import Duration
from vaultkit.query.functions.registry import NoImpl, function, is_number, is_text
from vaultkit.query.literals import read_duration
from vaultkit.query.operators import EvalError
from vaultkit.query.values import ExternalLink, Link, Value, number, to_string, type_of

_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


@function("object")
def object_(ctx: Any, *args: Value) -> Value:
    """An object from alternating keys and values."""
    if len(args) % 2:
        raise EvalError("object() requires an even number of arguments")
    out: dict[str, Value] = {}
    for key, value in zip(args[::2], args[1::2], strict=True):
        if not is_text(key):
            raise EvalError("keys should be of type string for object(key1, value1, ...)")
        out[key] = value
    return out


@function("list", "array")
def list_(ctx: Any, *args: Value) -> Value:
    """A list of the arguments."""
    return list(args)


def _date_text(text: str, now: dt.datetime) -> dt.datetime | None:
    name = text.strip()
    if name in dates.SHORTHANDS:
        return dates.shorthand(name, now)
    return dates.parse_date(text)


@function("date", vectorize={1: (0,)})
def date(ctx: Any, value: Value, fmt: Value = ...) -> Value:
    """A date from text (ISO form or shorthand), a date, or a link (its name, else the
    linked note's file.day); with a format, text read with Luxon tokens."""
    if fmt is not ...:
        if value is None and is_text(fmt):
            return None
        if not (is_text(value) and is_text(fmt)):
            raise NoImpl
        if fmt in ("x", "X"):
            match = _NUMBER.search(value)
            if not match:
                raise EvalError(f"Not a number for format ({fmt}): {value}")
            seconds = int(float(match.group(0))) / (1 if fmt == "X" else 1000)
            return dt.datetime.fromtimestamp(seconds)
        parsed = dates.parse_with_format(value, fmt)
        if parsed is None:
            raise EvalError(f"Can't handle format ({fmt}) on date string ({value})")
        return parsed
    if value is None or isinstance(value, dt.datetime):
        return value
    if is_text(value):
        return _date_text(value, ctx.now)
    if isinstance(value, Link):
        for text in (value.display, value.path):
            found = dates.parse_date(text) if text else None
            if found is not None:
                return found
        page = ctx.resolve(value.path)
        day = page.get("file", {}).get("day") if page is not None else None
        return day
    raise NoImpl


@function("dur", vectorize={1: (0,)})
def dur(ctx: Any, value: Value) -> Value:
    """A duration from text like ``8 minutes, 4 seconds``, or null."""
    if value is None or isinstance(value, Duration):
        return value
    if is_text(value):
        text = value.strip()
        found = read_duration(text, 0)
        return found[0] if found and found[1] == len(text) else None
    raise NoImpl


@function("number", vectorize={1: (0,)})
def number_(ctx: Any, value: Value) -> Value:
    """The first number written in a text (or the number itself)."""
    if value is None or is_number(value):
        return value
    if is_text(value):
        match = _NUMBER.search(value)
        return number(float(match.group(0))) if match else None
    raise NoImpl


@function("string")
def string(ctx: Any, value: Value) -> Value:
    """The text of any value."""
    return to_string(value)


def _normalized(ctx: Any, path: str) -> str:
    return str(ctx.normalize(path)) if ctx.normalize else path


@function("link", vectorize={1: (0,), 2: (0, 1)})
def link(ctx: Any, target: Value, display: Value = ..., embed: Value = ...) -> Value:
    """A link to a note by path or name, optionally shown as ``display``."""
    if display is ... or (display is None and embed is ...):
        if target is None or isinstance(target, Link):
            return target
        if is_text(target):
            return Link(_normalized(ctx, target))
        raise NoImpl
    if target is None:
        return None
    if embed is ...:
        if isinstance(target, Link) and is_text(display):
            return target.with_display(display)
        if is_text(target) and is_text(display):
            return Link(_normalized(ctx, target), display)
        raise NoImpl
    if is_text(target) and is_text(display) and isinstance(embed, bool):
        return Link(_normalized(ctx, target), display, embed=embed)
    raise NoImpl


@function("embed", vectorize={1: (0,), 2: (0, 1)})
def embed(ctx: Any, value: Value, on: Value = True) -> Value:
    """The link as an embed (or not, with ``false``)."""
    if value is None or on is None:
        return None
    if isinstance(value, Link) and isinstance(on, bool):
        return value.with_embed(on)
    raise NoImpl


@function("elink", vectorize={1: (0,), 2: (0,)})
def elink(ctx: Any, url: Value, display: Value = None) -> Value:
    """A link to a URL, shown as ``display`` (the URL by default)."""
    if url is None:
        return None
    if is_text(url) and (display is None or is_text(display)):
        return ExternalLink(url, display if display is not None else url)
    raise NoImpl


@function("typeof")
def typeof(ctx: Any, value: Value) -> Value:
    """The type name: number, string, boolean, date, duration, link, array, object, null."""
    return type_of(value)
