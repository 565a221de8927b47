"""Inline fields: Dataview's ``Key:: value``, ``[key:: value]``, ``(key:: value)``, and the
`` `KEY:` value `` lines of the user's reading notes.

Dataview (docs/annotation/add-metadata.md, src/data-import/inline-field.ts): a line with
bracketed fields is not read as a full-line field; a full-line key drops leading
formatting (``**Key**::``) and may hold letters, digits, spaces, ``_``, ``-`` and ``/``;
a bracketed key may hold anything but brackets and parentheses.
"""

from __future__ import annotations

import re

from vaultkit.model import record

_FULL_KEY_OK = re.compile(r"^[\w\s/-]+$")
_CODE_FIELD = re.compile(r"^`([^`\n]+?):`[ \t]*(.*?)\s*$")


@record
class RawField:
    """A field found in one line: key, value, style and the value's columns."""

    key: str
    value: str
    style: str
    value_start: int
    value_end: int


def canonical_key(key: str) -> str:
    """Dataview's normalized key: lower-cased, spaces to dashes, other punctuation dropped."""
    out: list[str] = []
    for token in re.findall(r"[\w-]+|\s+|.", key.strip()):
        if token.isspace():
            out.append("-")
        elif re.match(r"[\w-]", token):
            out.append(token.lower())
        elif ord(token[0]) > 0x2000:  # keep emoji and other symbols
            out.append(token)
    return "".join(out)


def _bracket_fields(line: str) -> list[RawField]:
    found: list[RawField] = []
    i = 0
    while i < len(line):
        opener = line[i]
        if opener not in "[(":
            i += 1
            continue
        closer = "]" if opener == "[" else ")"
        sep = line.find("::", i + 1)
        if sep < 0:
            break
        key = line[i + 1 : sep]
        if not key.strip() or any(c in key for c in "[]()"):
            i += 1
            continue
        depth, j = 1, sep + 2
        while j < len(line):
            ch = line[j]
            if ch == "\\":
                j += 2
                continue
            if ch in "[(":
                depth += 1
            elif ch in "])":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= len(line) or line[j] != closer:
            i += 1
            continue
        raw_value = line[sep + 2 : j]
        start = sep + 2 + (len(raw_value) - len(raw_value.lstrip()))
        value = raw_value.strip()
        style = "bracket" if opener == "[" else "paren"
        found.append(RawField(key.strip(), value, style, start, start + len(value)))
        i = j + 1
    return found


def _full_line_field(line: str) -> RawField | None:
    sep = line.find("::")
    if sep <= 0:
        return None
    key = line[:sep].strip()
    key = re.sub(r"^[^\w]+", "", key)
    key = re.sub(r"[_*~`]+$", "", key).strip()
    if not key or not _FULL_KEY_OK.match(key):
        return None
    rest = line[sep + 2 :]
    start = sep + 2 + (len(rest) - len(rest.lstrip()))
    value = rest.strip()
    return RawField(key, value, "line", start, start + len(value))


def find_fields(line: str, masked: str) -> list[RawField]:
    """Fields in a content line; ``masked`` is the line with code spans blanked out."""
    code = _CODE_FIELD.match(line)
    if code:
        return [RawField(code.group(1).strip(), code.group(2), "code", code.start(2), code.end(2))]
    if "::" not in masked:
        return []
    bracketed = _bracket_fields(masked)
    if bracketed:
        return [
            RawField(f.key, line[f.value_start : f.value_end], f.style, f.value_start, f.value_end)
            for f in bracketed
        ]
    full = _full_line_field(masked)
    if full is None:
        return []
    return [
        RawField(
            full.key,
            line[full.value_start : full.value_end],
            "line",
            full.value_start,
            full.value_end,
        )
    ]
