"""Tokens of a Bases expression: a single left-to-right pass, no backtracking.

Strings in single or double quotes with backslash escapes, numbers (``1``, ``2.5``; ``5.``
followed by a name is the number 5 and a method call), names, operators, punctuation, and
regular expressions ``/…/flags`` where a value may start (Functions.md, "Regular expression
type")."""

from __future__ import annotations

from dataclasses import dataclass

from vaultkit.bases.errors import BaseSyntaxError, caret_message


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind (``num``, ``str``, ``name``, ``regex``, ``op``, ``end``), its value
    and where it starts."""

    kind: str
    value: object
    pos: int


_OPERATORS: tuple[str, ...] = (
    *("===", "!==", "==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/"),
    *("%", "!", "(", ")", "[", "]", "{", "}", ",", ".", ":", "?"),
)
_DIGITS = "0123456789"
_DIGITS_SET = frozenset(_DIGITS)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token; raises BaseSyntaxError."""
    out: list[Token] = []
    pos, size = 0, len(text)
    while True:
        while pos < size and text[pos].isspace():
            pos += 1
        if pos >= size:
            out.append(Token("end", None, pos))
            return out
        char = text[pos]
        if char in _DIGITS:
            pos = _number(text, pos, out)
        elif char in "\"'":
            pos = _string(text, pos, out)
        elif char.isalpha() or char in "_$":
            end = pos + 1
            while end < size and (text[end].isalnum() or text[end] in "_$"):
                end += 1
            out.append(Token("name", text[pos:end], pos))
            pos = end
        elif char == "/" and _value_may_start(out):
            pos = _regex(text, pos, out)
        else:
            for op in _OPERATORS:
                if text.startswith(op, pos):
                    out.append(Token("op", op, pos))
                    pos += len(op)
                    break
            else:
                raise BaseSyntaxError(caret_message(text, pos, f"unexpected character {char!r}"))


def _value_may_start(tokens: list[Token]) -> bool:
    if not tokens:
        return True
    last = tokens[-1]
    if last.kind in ("num", "str", "name", "regex"):
        return False
    return last.value not in (")", "]", "}")


def _digits(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _DIGITS:
        pos += 1
    return pos


def _number(text: str, pos: int, out: list[Token]) -> int:
    end = _digits(text, pos)
    if text[end : end + 1] == "." and text[end + 1 : end + 2] in _DIGITS_SET:
        end = _digits(text, end + 1)
    if text[end : end + 1] in ("e", "E"):
        mark = end + 1
        if text[mark : mark + 1] in ("+", "-"):
            mark += 1
        if text[mark : mark + 1] in _DIGITS_SET:
            end = _digits(text, mark)
    raw = text[pos:end]
    value: float = float(raw)
    out.append(Token("num", int(raw) if raw.isdigit() else value, pos))
    return end


def _string(text: str, pos: int, out: list[Token]) -> int:
    quote = text[pos]
    chars: list[str] = []
    end = pos + 1
    while end < len(text):
        char = text[end]
        if char == quote:
            out.append(Token("str", "".join(chars), pos))
            return end + 1
        if char == "\\" and end + 1 < len(text):
            nxt = text[end + 1]
            chars.append(_ESCAPES.get(nxt, nxt))
            end += 2
            continue
        chars.append(char)
        end += 1
    raise BaseSyntaxError(caret_message(text, pos, "string without its closing quote"))


def _regex(text: str, pos: int, out: list[Token]) -> int:
    from vaultkit.search.jsregex import closing_slash

    end = closing_slash(text, pos)
    if end < 0:
        raise BaseSyntaxError(caret_message(text, pos, "regular expression without its closing /"))
    flags_end = end + 1
    while flags_end < len(text) and text[flags_end].isalpha():
        flags_end += 1
    out.append(Token("regex", (text[pos + 1 : end], text[end + 1 : flags_end]), pos))
    return flags_end
