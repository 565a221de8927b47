"""File and link functions (Functions.md, "File type", "Link type"). File fields live in
:mod:`vaultkit.bases.files`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultkit.bases.functions.general import path_of
from vaultkit.bases.functions.registry import arity, method
from vaultkit.bases.values import FileValue, Link, Value, text

if TYPE_CHECKING:
    from vaultkit.bases.evaluate import Evaluator


@method("file", "asLink")
def as_link(ev: Evaluator, target: FileValue, args: list[Value]) -> Value:
    arity("asLink", args, 0, 1)
    display = text(args[0]) if args and args[0] is not None else None
    return Link(target.path, display)


def _links_to(ev: Evaluator, source: str, other: Value) -> bool:
    vault = ev.need_vault()
    if isinstance(other, FileValue | Link):
        wanted = other.path
    else:
        written = text(other)
        wanted = vault.link(written, source).path if written else ""
    return any(link.path == wanted for link in vault.links_of(source))


@method("file", "hasLink")
def has_link(ev: Evaluator, target: FileValue, args: list[Value]) -> Value:
    arity("hasLink", args, 1)
    return _links_to(ev, target.path, args[0])


@method("file", "hasProperty")
def has_property(ev: Evaluator, target: FileValue, args: list[Value]) -> Value:
    arity("hasProperty", args, 1)
    return text(args[0]) in ev.need_vault().properties(target.path)


def tag_matches(tags: list[str], wanted: str) -> bool:
    """Whether ``tags`` (with ``#``) hold ``wanted`` or a tag nested below it, in any case."""
    name = wanted.lstrip("#").lower()
    return any(t.lower()[1:] == name or t.lower()[1:].startswith(name + "/") for t in tags)


@method("file", "hasTag")
def has_tag(ev: Evaluator, target: FileValue, args: list[Value]) -> Value:
    arity("hasTag", args, 1, 999)
    tags = ev.need_vault().tags(target.path)
    return any(tag_matches(tags, text(a)) for a in args)


@method("file", "inFolder")
def in_folder(ev: Evaluator, target: FileValue, args: list[Value]) -> Value:
    arity("inFolder", args, 1)
    folder = text(args[0]).strip("/")
    return not folder or target.path.startswith(folder + "/")


@method("link", "asFile")
def as_file(ev: Evaluator, target: Link, args: list[Value]) -> Value:
    arity("asFile", args, 0)
    path = path_of(ev, target)
    return FileValue(path) if path is not None else None


@method("link", "linksTo")
def links_to(ev: Evaluator, target: Link, args: list[Value]) -> Value:
    arity("linksTo", args, 1)
    path = path_of(ev, target)
    return path is not None and _links_to(ev, path, args[0])
