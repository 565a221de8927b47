"""Tolerant YAML frontmatter: find the raw block, parse it, record problems, never raise.

Obsidian reads frontmatter only from a ``---`` on the first line to the next ``---``
(help: "Properties.md"); JSON is read as YAML. Invalid YAML leaves the body readable.
Tags and aliases follow current Obsidian: a list (block or flow) or one plain string;
a comma-separated string gives no tags since Obsidian 1.9.2 (see docs/obsidian-compat.md).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vaultkit.model import Problem, record
from vaultkit.parse.syntax import is_valid_tag

MAX_ALIAS_EXPANSION = 10_000
ALIAS_GROWTH = 10
"""Refuse YAML whose aliases expand it past ``ALIAS_GROWTH`` times the nodes written, and
past ``MAX_ALIAS_EXPANSION`` (the "billion laughs"). Size alone is never refused: 5,000
keys or a 100,000-item list without aliases are read (the file size limit bounds them)."""


@dataclass(frozen=True, slots=True)
class RawFrontmatter:
    """The frontmatter block as written: its YAML text and the lines of its fences."""

    text: str
    first_line: int
    last_line: int


def find_frontmatter(lines: list[str]) -> RawFrontmatter | None:
    """The block between a first-line ``---`` and the next ``---`` line, if closed."""
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return RawFrontmatter("\n".join(lines[1:index]), 1, index + 1)
    return None


@record
class ScalarPlace:
    """Where one scalar value stands in the YAML text (0-based lines and columns)."""

    key: str
    """The top-level property holding it."""
    value: str
    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(slots=True)
class ParsedFrontmatter:
    """Frontmatter values made JSON-safe, with the problems met on the way, and where each
    property and scalar value was written."""

    data: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    key_lines: dict[str, int] = field(default_factory=dict)
    """Top-level property -> 0-based line of its key in the YAML text."""
    scalars: list[ScalarPlace] = field(default_factory=list)


def parse_yaml(raw: RawFrontmatter) -> ParsedFrontmatter:
    """Parse the YAML of ``raw`` safely; problems carry the file line they point at."""
    import yaml

    result = ParsedFrontmatter()
    if not raw.text.strip():
        return result
    loader_class: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_class(raw.text)
        try:
            node = loader.get_single_node()
            bomb = _alias_bomb(node) if node is not None else None
            if bomb is not None:
                result.problems.append(Problem("frontmatter-too-complex", bomb, raw.first_line))
                return result
            value = loader.construct_document(node) if node is not None else None
            if node is not None:
                _record_places(node, result)
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = raw.first_line + 1 + mark.line if mark is not None else raw.first_line
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        result.problems.append(
            Problem("invalid-frontmatter", f"invalid YAML frontmatter: {reason}", line)
        )
        return result
    except (RecursionError, ValueError, TypeError) as error:
        result.problems.append(
            Problem("invalid-frontmatter", f"invalid YAML frontmatter: {error}", raw.first_line)
        )
        return result
    if value is None:
        return result
    if not isinstance(value, dict):
        result.problems.append(
            Problem(
                "frontmatter-not-mapping",
                f"frontmatter is a {type(value).__name__}, not a set of properties; ignored",
                raw.first_line,
            )
        )
        return result
    result.data = {str(key): jsonable(item) for key, item in value.items()}
    return result


def _record_places(root: Any, result: ParsedFrontmatter) -> None:
    """Note each top-level key's line and every scalar's extent (aliases visited once)."""
    if not isinstance(root.value, list) or root.id != "mapping":
        return
    seen: set[int] = set()
    for key_node, value_node in root.value:
        key = str(key_node.value)
        result.key_lines.setdefault(key, key_node.start_mark.line)
        stack = [value_node]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if node.id == "scalar":
                start, end = node.start_mark, node.end_mark
                result.scalars.append(
                    ScalarPlace(
                        key, str(node.value), start.line, start.column, end.line, end.column
                    )
                )
            elif node.id == "sequence":
                stack.extend(reversed(node.value))
            elif node.id == "mapping":
                for pair in reversed(node.value):
                    stack.extend((pair[1], pair[0]))


def _written_nodes(root: Any) -> int:
    """How many distinct nodes a YAML node graph holds (an aliased node counted once)."""
    seen = {id(root)}
    stack = [root]
    while stack:
        value = stack.pop().value
        if not isinstance(value, list):
            continue
        for item in value:
            for child in item if isinstance(item, tuple) else (item,):
                if id(child) not in seen:
                    seen.add(id(child))
                    stack.append(child)
    return len(seen)


def _alias_bomb(root: Any) -> str | None:
    """Why the YAML under ``root`` is refused as an alias bomb, or None: its aliases expand
    it past ``ALIAS_GROWTH`` times what is written and past ``MAX_ALIAS_EXPANSION``."""
    written = _written_nodes(root)
    limit = max(MAX_ALIAS_EXPANSION, ALIAS_GROWTH * written)
    if _expansion(root, limit) <= limit:
        return None
    return (
        f"frontmatter YAML aliases expand its {written:,} values to more than {limit:,}"
        " (an alias bomb); properties ignored"
    )


def _expansion(
    node: Any, limit: int = MAX_ALIAS_EXPANSION, _seen: dict[int, int] | None = None
) -> int:
    """How many nodes a YAML node graph expands to, counting shared (aliased) nodes again;
    stops counting past ``limit``."""
    seen: dict[int, int] = {} if _seen is None else _seen
    key = id(node)
    if key in seen:
        return seen[key]
    seen[key] = 1
    total = 1
    value = node.value
    if isinstance(value, list):
        for item in value:
            if isinstance(item, tuple):
                total += _expansion(item[0], limit, seen) + _expansion(item[1], limit, seen)
            else:
                total += _expansion(item, limit, seen)
            if total > limit:
                break
    seen[key] = total
    return total


def jsonable(value: Any) -> Any:
    """A YAML value as plain JSON data: dates become ISO strings, keys strings."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _as_strings(value: Any) -> list[str] | None:
    """A property as a list of strings: a list's items, or a single string; else None."""
    if isinstance(value, list):
        return [str(item) for item in value if item is not None and not isinstance(item, list)]
    if isinstance(value, str | int | float):
        return [str(value)]
    return None


def read_tags(data: dict[str, Any], line: int) -> tuple[list[str], list[Problem]]:
    """The ``tags`` property as Obsidian reads it, with problems for forms it ignores."""
    problems: list[Problem] = []
    value = data.get("tags")
    if value is None:
        return [], problems
    if isinstance(value, str) and "," in value:
        problems.append(
            Problem(
                "tags-comma-string",
                "tags written as one comma-separated string are ignored by Obsidian "
                "(1.9.2 and later); write them as a list",
                line,
                "warning",
            )
        )
        return [], problems
    items = _as_strings(value)
    if items is None:
        problems.append(Problem("tags-not-list", "the tags property is not a list", line))
        return [], problems
    tags: list[str] = []
    for item in items:
        name = item.strip().lstrip("#")
        if not name:
            continue
        if is_valid_tag(name):
            tags.append(name)
        else:
            problems.append(
                Problem(
                    "invalid-tag", f"frontmatter tag {item!r} is not a valid tag", line, "warning"
                )
            )
    return tags, problems


def read_aliases(data: dict[str, Any]) -> list[str]:
    """The ``aliases`` property: a list, or one plain string taken whole."""
    items = _as_strings(data.get("aliases"))
    return [item.strip() for item in items or [] if item.strip()]


def legacy_key_problems(data: dict[str, Any], line_of: Callable[[str], int]) -> list[Problem]:
    """Warn about properties Obsidian no longer reads (``tag``, ``alias``, ``TAGS`` ...)."""
    problems = []
    for key in data:
        lowered = key.lower()
        if lowered in ("tag", "alias", "tags", "aliases") and key not in ("tags", "aliases"):
            wanted = "tags" if lowered.startswith("tag") else "aliases"
            problems.append(
                Problem(
                    "legacy-property",
                    f"property {key!r} is not read by current Obsidian; rename it to {wanted!r}",
                    line_of(key),
                    "warning",
                )
            )
    return problems
