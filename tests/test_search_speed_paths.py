"""The cheap paths of ``vaultkit search`` give the same answers as the full ones: trigram
candidates (a superset, verified), paths found in SQL (with the paths whose lower case
changes length checked in Python), results without positions. Reference: obsidian-help
``en/Plugins/Search.md`` (words match as substrings of the content or the path, any case)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import VaultBuilder
from vaultkit.index import Index
from vaultkit.index.fulltext import notes_containing
from vaultkit.search import search
from vaultkit.search.universe import Universe

FILES: dict[str, str | bytes] = {
    "Union.md": "The UNION met.\n",
    "onion.md": "An onion, a unit and a nation.\n",
    "İstanbul union.md": "Plain text.\n",
    "Meetings/Kelvin.md": "Nothing here.\n",
    "Both.md": "union meeting\nunion again, meeting again\n",
    "Spaced.md": "mass of people in an organization\n",
    "Phrase.md": "a mass organization\n",
    "img/union.png": b"\x89PNG",
}


def _index(make_vault: VaultBuilder, tmp_path: Path) -> Index:
    root = make_vault(FILES)
    opened = Index.open(root, tmp_path / "i.sqlite")
    opened.refresh(jobs=1)
    return opened


def _ids(index: Index, paths: list[str]) -> set[int]:
    found = {index.file_id(p) for p in paths}
    assert None not in found
    return {f for f in found if f is not None}


def test_trigram_candidates_are_exact_for_bm25(make_vault: VaultBuilder, tmp_path: Path) -> None:
    """onion.md holds every trigram of "union" (onion, unit, nation) but not the word: it is
    no candidate, so the document frequency BM25 uses is exact."""
    with _index(make_vault, tmp_path) as index:
        found = notes_containing(index.conn, "union")
        assert found == _ids(index, ["Union.md", "Both.md"])
        paths = [r.path for r in search(index, "content:union")]
        assert sorted(paths) == ["Both.md", "Union.md"]


def test_a_term_with_spaces_is_checked_on_the_texts(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    with _index(make_vault, tmp_path) as index:
        found = notes_containing(index.conn, "mass organization")
        assert found == _ids(index, ["Phrase.md"])
        assert [r.path for r in search(index, '"mass organization"')] == ["Phrase.md"]


def test_paths_found_in_sql_and_non_ascii_ones_checked(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    with _index(make_vault, tmp_path) as index:
        universe = Universe(index, None, attachments=False)
        found = universe.containing("union", "path")
        assert set(universe.of(found)) == _ids(index, ["Union.md", "İstanbul union.md"])
        # "İ" lower-cases to two characters: such a path is folded here, offsets kept
        assert universe.containing("i̇stanbul", "path") == set()
        assert universe.containing("stanbul", "file") == _ids(index, ["İstanbul union.md"])
        assert universe.containing("meetings", "file") == set()
        assert universe.containing("meetings", "path") == _ids(index, ["Meetings/Kelvin.md"])
        with_files = Universe(index, None, attachments=True)
        assert _ids(index, ["img/union.png"]) <= with_files.containing("union", "path")
        only = Universe(index, {"Union.md"}, attachments=False)
        assert only.containing("union", "path") == _ids(index, ["Union.md"])
        assert set(only.of(None)) == _ids(index, ["Union.md"])
        assert only.of(_ids(index, ["Both.md", "Union.md"])) == {
            index.file_id("Union.md"): ("Union.md", True)
        }


def test_without_positions_the_same_notes_scores_and_order(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    with _index(make_vault, tmp_path) as index:
        for query in ["union", "union meeting", "union OR meeting", "/uni.n/", "path:union"]:
            full = search(index, query)
            bare = search(index, query, positions=False)
            assert [(r.path, r.title, r.score) for r in full] == [
                (r.path, r.title, r.score) for r in bare
            ]
            assert all(r.matches == () for r in bare)
        both = search(index, "union meeting")
        assert both[0].path == "Both.md"
        assert [(m.line, m.col) for m in both[0].matches] == [(1, 1), (1, 7), (2, 1), (2, 14)]


COUNT_QUERIES = [
    "union",
    "union meeting",
    "union OR meeting",
    '"union again"',
    "(union again) OR meeting",  # a failed AND drops its terms' hits
    "union -meeting",
    "-(union meeting) onion",
    "Union",
    "istanbul",  # a path alone
]


def test_counted_frequencies_are_the_hits_of_matches() -> None:
    """``Compiled.frequencies`` (``str.count``) agrees with the hits ``matches`` makes, on
    whether a note matches and on each term's number of hits, case toggle included."""
    from collections import Counter

    from vaultkit.search.document import Document
    from vaultkit.search.evaluate import Compiled
    from vaultkit.search.parser import parse_query

    docs = [
        Document(i, path, text)
        for i, (path, text) in enumerate(FILES.items())
        if isinstance(text, str)
    ]
    docs.append(Document(99, "x.md", "unionunion UNION union meeting meeting\nmeeting"))
    for query in COUNT_QUERIES:
        for case in (False, True):
            compiled = Compiled(parse_query(query), case)
            assert compiled.countable
            for doc in docs:
                ok, hits = compiled.matches(doc)
                counted_ok, counted = compiled.frequencies(doc)
                assert counted_ok == ok, (query, case, doc.path)
                expected = Counter(n for _, _, n in hits) if ok else Counter()
                assert Counter(counted if ok else {}) == expected, (query, case, doc.path)
    for query in ["/union/", "line:union", "tag:#a", "[status]", "content:union"]:
        assert not Compiled(parse_query(query)).countable


def test_a_page_is_the_same_slice_of_the_same_ranking(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    from vaultkit.search.engine import search_page

    with _index(make_vault, tmp_path) as index:
        for query in ["union", "union OR mass", "/uni.n/", "line:union", "union -meeting"]:
            every = search(index, query)
            for offset, limit in [(0, 1), (1, 2), (0, 50), (5, 3)]:
                page, total = search_page(index, query, offset, limit)
                assert total == len(every)
                assert page == every[offset : offset + limit]


def test_the_first_search_is_announced_until_the_trigrams_exist(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """The trigram index stays lazy (built while indexing it costs 1.35x the cold index in
    CPU, over the 1.3x target): the first search says so, later ones say nothing."""
    from vaultkit.search.engine import first_search_notice

    with _index(make_vault, tmp_path) as index:
        assert first_search_notice(index) == (
            "Building the search index of 7 notes (once; later searches reuse it)…"
        )
        search(index, "union")
        assert first_search_notice(index) is None


def test_a_terminal_gets_the_matches_of_the_notes_it_shows(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from vaultkit.cli.app import app

    with _index(make_vault, tmp_path) as index:
        full = search(index, "union")
        shown = search(index, "union", shown=1)
        assert shown[0] == full[0] and shown[0].matches
        assert [(r.path, r.score) for r in shown] == [(r.path, r.score) for r in full]
        assert all(r.matches == () for r in shown[1:])
        root = index.root
    result = CliRunner().invoke(
        app,
        [
            "search",
            "union",
            "--limit",
            "1",
            "--vault",
            str(root),
            "--index",
            str(tmp_path / "i.sqlite"),
        ],
    )
    assert result.exit_code == 0
    first = full[0]
    assert result.stdout.startswith(first.path)
    assert f"({len(first.matches)} match" in result.stdout
    assert f"{len(full)} files matched; {len(full) - 1} more not shown" in result.stdout


def test_search_json_is_written_as_emit_json_writes_it() -> None:
    """The search command's own JSON writer gives emit_json's text, byte for byte."""
    import io

    from vaultkit.render import emit_json
    from vaultkit.render.search import search_json, write_search_json
    from vaultkit.search.engine import Match, SearchResult

    odd = 'quote " back \\ tab \t nul \x00 é 😀 \u2028 </script>'
    samples = [
        [],
        [SearchResult("a.md", "a", 0, ())],
        [
            SearchResult(
                odd + ".md", odd, 2.8998, (Match(1, 3, odd, 2, 9), Match(4, 1, "", 50, 51))
            ),
            SearchResult("b/c.md", "C", 1.0, (Match(10, 200, "x" * 300, 1000, 1003),)),
            SearchResult("d.png", "d.png", 0, ()),
        ],
    ]
    for results in samples:
        expected, written = io.StringIO(), io.StringIO()
        emit_json(search_json(results), expected)
        write_search_json(results, written)
        assert written.getvalue() == expected.getvalue()
