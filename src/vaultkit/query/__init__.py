"""Dataview's query language (DQL) over vaultkit's index: parse a query into an AST,
evaluate it over Dataview page objects built from notes, and return a ``dv.query()``-shaped
result. ``compile_where`` gives the same expression language to every ``--where`` filter.

Reference: blacksmithgu/obsidian-dataview, docs/docs (queries/, reference/, annotation/).
"""

from __future__ import annotations

from vaultkit.query.blocks import Block, dataview_blocks
from vaultkit.query.commands import parse_expression, parse_query
from vaultkit.query.result import QueryResult, to_json
from vaultkit.query.run import compile_where, run_query

__all__ = [
    "Block",
    "QueryResult",
    "compile_where",
    "dataview_blocks",
    "parse_expression",
    "parse_query",
    "run_query",
    "to_json",
]
