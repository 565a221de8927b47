"""Utility functions (docs/reference/functions.md, "Utility Functions"): ``default``,
``ldefault``, ``display``, ``choice``, ``hash``, ``striptime``, ``dateformat``,
``durationformat``, ``currencyformat``, ``localtime``, ``meta``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from vaultkit.query import dates
from vaultkit.query.durations import Duration
from vaultkit.query.functions.registry import NoImpl, function, is_number, is_text
from vaultkit.query.values import Link, Value, to_string, truthy, type_of


@function("default", vectorize={2: (0, 1)})
def default(ctx: Any, value: Value, fallback: Value) -> Value:
    """``fallback`` when ``value`` is null (element by element for lists)."""
    return fallback if value is None else value


@function("ldefault")
def ldefault(ctx: Any, value: Value, fallback: Value) -> Value:
    """``default`` without the element-by-element behaviour on lists."""
    return fallback if value is None else value


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_WIKI = re.compile(r"!?\[\[([^\]|]*?)(?:\|([^\]]*))?\]\]")
_EMPHASIS = re.compile(r"(\*\*|__|~~|==|\*|_|`)(.+?)\1")


def plain_markdown(text: str) -> str:
    """Markdown reduced to what a reader sees: links to their text, emphasis removed."""
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _WIKI.sub(lambda m: m.group(2) or m.group(1).rpartition("/")[2], text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(lambda m: m.group(2), text)
    return text


@function("display")
def display(ctx: Any, value: Value) -> Value:
    """The text a value shows as: links by their display text, Markdown without markup."""
    if value is None:
        return ""
    if type_of(value) == "array":
        return ", ".join(str(display(ctx, item)) for item in value)
    if is_text(value):
        return plain_markdown(value)
    if isinstance(value, Link):
        if value.display:
            return display(ctx, value.display)
        return value.text()
    return to_string(value)


@function("choice", vectorize={3: (0,)})
def choice(ctx: Any, condition: Value, left: Value, right: Value) -> Value:
    """``left`` when ``condition`` is truthy, else ``right``."""
    return left if truthy(condition) else right


def _imul(a: int, b: int) -> int:
    return (a * b) & 0xFFFFFFFF


def cyrb53(text: str, seed: int = 0) -> int:
    """The cyrb53 string hash (public domain, by bryc) that Dataview's ``hash`` uses."""
    h1 = (0xDEADBEEF ^ seed) & 0xFFFFFFFF
    h2 = (0x41C6CE57 ^ seed) & 0xFFFFFFFF
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        ch = units[i] | (units[i + 1] << 8)
        h1 = _imul(h1 ^ ch, 2654435761)
        h2 = _imul(h2 ^ ch, 1597334677)
    h1 = _imul(h1 ^ (h1 >> 16), 2246822507)
    h1 ^= _imul(h2 ^ (h2 >> 13), 3266489909)
    h2 = _imul(h2 ^ (h2 >> 16), 2246822507)
    h2 ^= _imul(h1 ^ (h1 >> 13), 3266489909)
    return 4294967296 * (2097151 & h2) + (h1 & 0xFFFFFFFF)


@function("hash")
def hash_(ctx: Any, seed: Value, text: Value = ..., variant: Value = ...) -> Value:
    """A fixed number from a seed, a text and a variant number (to shuffle sort orders)."""
    if not is_text(seed):
        raise NoImpl
    if variant is ... and is_number(text):
        return cyrb53(seed, int(text))
    if is_text(text) and variant is ...:
        return cyrb53(seed + text)
    if is_text(text) and is_number(variant):
        return cyrb53(seed + text, int(variant))
    raise NoImpl


@function("striptime", vectorize={1: (0,)})
def striptime(ctx: Any, value: Value) -> Value:
    """The date without its time of day."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        raise NoImpl
    return value.replace(hour=0, minute=0, second=0, microsecond=0)


@function("dateformat", vectorize={2: (0,)})
def dateformat(ctx: Any, value: Value, fmt: Value) -> Value:
    """The date written with Luxon format tokens."""
    if value is None and is_text(fmt):
        return None
    if not (isinstance(value, dt.datetime) and is_text(fmt)):
        raise NoImpl
    return dates.format_date(value, fmt)


@function("durationformat", vectorize={2: (0,)})
def durationformat(ctx: Any, value: Value, fmt: Value) -> Value:
    """The duration written with tokens S s m h d w M y and quoted text."""
    if value is None and is_text(fmt):
        return None
    if not (isinstance(value, Duration) and is_text(fmt)):
        raise NoImpl
    return value.format(fmt)


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CAD": "CA$"}
_SYMBOLS |= {"AUD": "A$", "CNY": "CN¥", "MXN": "MX$", "KRW": "₩", "BRL": "R$"}


@function("currencyformat", vectorize={2: (0,)})
def currencyformat(ctx: Any, value: Value, currency: Value = "USD") -> Value:
    """The number as an amount of money, written as in the en-US locale."""
    if value is None:
        return None
    if not (is_number(value) and is_text(currency)):
        raise NoImpl
    code = currency.upper()
    digits = 0 if code in ("JPY", "KRW") else 2
    amount = f"{abs(value):,.{digits}f}"
    symbol = _SYMBOLS.get(code, code + "\u00a0")
    return ("-" if value < 0 else "") + symbol + amount


@function("localtime", vectorize={1: (0,)})
def localtime(ctx: Any, value: Value) -> Value:
    """The date in the local time zone (vaultkit's dates already are)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    raise NoImpl


@function("meta")
def meta(ctx: Any, value: Value) -> Value:
    """A link's own parts: display, embed, path, subpath, type."""
    if not isinstance(value, Link):
        raise NoImpl
    return {
        "display": value.display,
        "embed": value.embed,
        "path": value.path,
        "subpath": value.subpath,
        "type": value.type,
    }
