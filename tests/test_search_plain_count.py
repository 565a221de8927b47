"""``Compiled.frequencies`` on a word, a phrase or an AND of them (unrolled) gives what the
general tree walk gives, on overlaps, the Kelvin sign and ``İ``, phrases and path-only
matches, with and without case."""

from __future__ import annotations

import pytest

from vaultkit.search.document import Document
from vaultkit.search.evaluate import Compiled
from vaultkit.search.parser import parse_query

DOCS = [
    Document(1, "notes/aaaa.md", "aaaa aaa AAAA"),
    Document(2, "Kelvin kit.md", "A \u212aelvin \u212aIT kit and KIT."),
    Document(3, "İstanbul.md", "İstanbul union meeting, UNION meeting"),
    Document(4, "union/plain.md", "nothing to see"),
    Document(5, "mass.md", "a mass organization and a Mass Organization"),
    Document(6, "empty.md", ""),
]
QUERIES = [
    "aaa",
    "aaaa",
    "kit",
    "kelvin",
    "union meeting",
    '"mass organization" mass',
    "union",
    "plain union",
    "istanbul",
    "İstanbul",
    "missing",
    "a aa aaa",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("case", [False, True])
def test_unrolled_and_equals_the_tree_walk(query: str, case: bool) -> None:
    compiled = Compiled(parse_query(query), case)
    assert compiled._plain() is not None
    for doc in DOCS:
        assert compiled.frequencies(doc) == compiled._count(compiled.tree, doc), doc.path


def test_other_queries_take_the_tree_walk() -> None:
    for query in ("a OR b", "a -b", "(a b) OR c", "/a/"):
        assert Compiled(parse_query(query))._plain() is None
