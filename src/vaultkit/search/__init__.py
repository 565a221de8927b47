"""Obsidian's search language (``en/Plugins/Search.md``) over the index.

A query is parsed (``parser``) into a tree (``ast``), the trigram index narrows the notes
that could match (``plan``), and every candidate is verified exactly on its text
(``evaluate``, over a ``document``) and ranked by BM25 (``engine``). ``mentions`` finds
the unlinked mentions of a note, as Obsidian's Backlinks pane does.
"""

from vaultkit.search.engine import Match, SearchResult, search
from vaultkit.search.parser import parse_query

__all__ = ["Match", "SearchResult", "parse_query", "search"]
