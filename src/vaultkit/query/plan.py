"""What a query needs: which notes (its FROM source, answered by the index in SQL) and which
parts of them (only the index tables its expressions can reach are read).

FROM semantics from Dataview docs/reference/sources.md and queries/data-commands.md: a tag
selects the notes with it or a tag nested below it; a folder the notes below it (or one file
by its path); ``[[note]]`` the notes linking to it; ``outgoing([[note]])`` the notes it links
to; ``and``, ``or`` and ``-`` combine them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.query import ast

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.query.pages import Pages

LISTS = frozenset({"list_items", "fields", "tags", "links", "block_ids"})
ALL = LISTS | {"aliases"}
_MEMBERS = {
    "tags": {"tags"},
    "etags": {"tags"},
    "outlinks": {"links"},
    "aliases": {"aliases"},
    "lists": LISTS,
    "tasks": LISTS,
    "day": {"fields"},
}


@dataclass(frozen=True)
class Needs:
    """The index tables to read; ``fields`` also reads list items where fields sit on them."""

    tables: frozenset[str]

    @property
    def lists_where_fields(self) -> bool:
        """Whether to read list items only to tell page fields from task fields."""
        return "fields" in self.tables and "list_items" not in self.tables


def needs(query: ast.Query) -> Needs:
    """The tables a query's expressions can reach."""
    found: set[str] = set(LISTS) if query.header.type == "task" else set()
    exprs = [f.expr for f in query.header.fields]
    for command in query.commands:
        if isinstance(command, ast.Sort):
            exprs.extend(named.expr for named, _ in command.keys)
        elif isinstance(command, ast.Where):
            exprs.append(command.clause.expr)
        elif isinstance(command, ast.GroupBy | ast.Flatten):
            exprs.append(command.field.expr)
    for expr in exprs:
        _visit(expr, frozenset(), found)
    return Needs(frozenset(found))


def expression_needs(expr: ast.Expr) -> Needs:
    """The tables one expression can reach."""
    found: set[str] = set()
    _visit(expr, frozenset(), found)
    return Needs(frozenset(found))


def _visit(expr: ast.Expr, bound: frozenset[str], found: set[str]) -> None:
    if isinstance(expr, ast.Variable):
        if expr.name in bound or expr.name == "this":
            return
        found |= ALL if expr.name in ("file", "row") else {"fields"}
    elif isinstance(expr, ast.Index):
        key = expr.index.value if isinstance(expr.index, ast.Literal) else None
        obj = expr.obj
        if isinstance(key, str) and _is_file(obj, bound):
            found |= _MEMBERS.get(key, set())
            if isinstance(obj, ast.Index):
                _visit(obj.obj, bound, found)
            return
        _visit(obj, bound, found)
        if not isinstance(expr.index, ast.Variable):
            _visit(expr.index, bound, found)
    elif isinstance(expr, ast.Lambda):
        _visit(expr.body, bound | set(expr.params), found)
    else:
        for child in _children(expr):
            _visit(child, bound, found)


def _is_file(obj: ast.Expr, bound: frozenset[str]) -> bool:
    if isinstance(obj, ast.Variable):
        return obj.name == "file" and "file" not in bound
    return isinstance(obj, ast.Index) and obj.index == ast.Literal("file")


def _children(expr: ast.Expr) -> Iterable[ast.Expr]:
    if isinstance(expr, ast.BinaryOp):
        return (expr.left, expr.right)
    if isinstance(expr, ast.Negated):
        return (expr.child,)
    if isinstance(expr, ast.ListExpr):
        return expr.items
    if isinstance(expr, ast.ObjectExpr):
        return tuple(v for _, v in expr.entries)
    if isinstance(expr, ast.Call):
        head = () if isinstance(expr.func, ast.Variable) else (expr.func,)
        return head + expr.args
    return ()


# -- sources ----------------------------------------------------------------------------------


def source_paths(source: ast.Source, index: Index, pages: Pages) -> set[str] | None:
    """The notes a FROM source selects; None means every note."""
    if isinstance(source, ast.FolderSource):
        folder = source.folder.strip("/")
        if not folder:
            return None
        found = set(index.filter_paths(folder=folder))
        if found:
            return found
        paths = set(index.note_paths())
        return {p for p in (folder, folder + ".md") if p in paths}
    if isinstance(source, ast.TagSource):
        return set(index.filter_paths(tag=source.tag.lstrip("#")))
    if isinstance(source, ast.LinkSource):
        path = pages.resolve_path(source.target)
        if path is None:
            return set(index.linking_paths(None, source.target))
        if source.incoming:
            return set(index.linking_paths(path))
        notes = set(index.note_paths())
        return {row[-1] for row in index.outgoing(path) if row[-1] in notes}
    if isinstance(source, ast.NegatedSource):
        child = source_paths(source.child, index, pages)
        return set() if child is None else set(index.note_paths()) - child
    left = source_paths(source.left, index, pages)
    right = source_paths(source.right, index, pages)
    if source.op == "&":
        return right if left is None else left if right is None else left & right
    return None if left is None or right is None else left | right
