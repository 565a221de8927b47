"""Property: after random create/modify/rename/delete sequences, random queries give the
same results from the incrementally refreshed index, a fresh index, and a brute-force scan
of the files (parsed from disk, every file verified, no trigram index). Reference:
obsidian-help ``en/Plugins/Search.md`` (the language the queries are written in)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from vaultkit.index import Index
from vaultkit.search import search
from vaultkit.search.document import Document
from vaultkit.search.evaluate import Compiled
from vaultkit.search.parser import parse_query
from vaultkit.vault import load_config, load_note

PIECES = [
    "alpha",
    "beta gamma",
    "Alphabet",
    "al be",
    "#tag1",
    "#tag1/sub",
    "#other",
    "- [ ] call alpha",
    "- [x] done beta",
    "  - [ ] sub gamma",
    "# Head alpha",
    "## Sub beta",
    "",
    "```",
    "`code alpha`",
    "ébène ÉBÈNE",
]
NAMES = ["a.md", "b.md", "dir/c.md", "dir/alpha d.md", "beta.md", "İz/İlk alpha.md"]

lines = st.lists(st.sampled_from(PIECES), max_size=8)
texts = lines.map(lambda ls: "\n".join(ls) + "\n")
frontmatter = st.sampled_from(["", "---\nstatus: alpha\n---\n", "---\nn: 3\ntags: [tag1]\n---\n"])
notes = st.tuples(frontmatter, texts).map(lambda p: p[0] + p[1])
ops = st.lists(
    st.one_of(
        st.tuples(st.just("write"), st.sampled_from(NAMES), notes),
        st.tuples(st.just("delete"), st.sampled_from(NAMES), st.just("")),
        st.tuples(st.just("rename"), st.sampled_from(NAMES), st.sampled_from(NAMES)),
    ),
    min_size=1,
    max_size=8,
)

WORDS = ["alpha", "al", "lph", "beta", "gamma", "call", "done", "ébène", "alpha beta", "head"]
atoms = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(lambda w: f'"{w}"'),
    st.sampled_from(
        [
            "/al.ha/",
            "/^- \\[x\\]/",
            "/b[ae]ta/",
            "/alpha?bet/",
            "/(x|y)?beta/",
            "/Alph\\w+/",
            "/tag1\\/sub/",
            "/gam+a/",
            "/path:alpha/",
        ]
    ),
    st.tuples(
        st.sampled_from(["line", "block", "section", "task", "task-todo", "task-done", "content"]),
        st.sampled_from(WORDS),
    ).map(lambda p: f"{p[0]}:({p[1]})"),
    st.sampled_from(["tag:#tag1", "tag:other", "path:dir", "file:alpha", "[status]", "[n:<5]"]),
    st.sampled_from(["path:lk", "file:İlk", "path:iz", "İz", "ilk"]),  # İ lower-cases to 2
    st.sampled_from(["[status:alpha]", "match-case:Alpha", "match-case:alpha"]),
)
queries = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda p: f"{p[0]} {p[1]}"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]} OR {p[1]}"),
        inner.map(lambda q: f"-({q})"),
    ),
    max_leaves=4,
)


def brute_force(root: Path, query: str) -> dict[str, list[tuple[int, int]]]:
    """Every note on disk parsed and verified: path -> match spans."""
    config = load_config(root)
    compiled = Compiled(parse_query(query))
    found = {}
    for file in sorted(root.rglob("*.md")):
        rel = file.relative_to(root).as_posix()
        if rel.startswith("."):
            continue
        note, text = load_note(root, rel, config)
        doc = Document(
            0,
            rel,
            text,
            frontmatter=note.frontmatter,
            fm_lines=note.frontmatter_lines,
            tags=[
                (t.name.lower(), t.span.start, t.span.end) for t in note.tags if not t.in_comment
            ],
            headings=[h.line for h in note.headings],
            items=[(i.line, i.end_line, i.task) for i in note.list_items],
        )
        ok, hits = compiled.matches(doc)
        if ok:
            found[rel] = [(start, end) for start, end, _ in hits]
    return found


def indexed(index: Index, query: str) -> dict[str, list[tuple[int, int]]]:
    return {r.path: [(m.start, m.end) for m in r.matches] for r in search(index, query)}


def apply(root: Path, op: tuple[str, str, str], clock: list[int]) -> None:
    kind, name, arg = op
    path = root / name
    if kind == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(arg, encoding="utf-8")
        clock[0] += 1_000_000_000  # a new mtime for every write, whatever the clock does
        os.utime(path, ns=(clock[0], clock[0]))
    elif kind == "delete":
        path.unlink(missing_ok=True)
    elif path.exists() and not (root / arg).exists():
        (root / arg).parent.mkdir(parents=True, exist_ok=True)
        path.rename(root / arg)


@given(ops, st.lists(queries, min_size=1, max_size=4))
def test_incremental_fresh_and_brute_force_agree(
    steps: list[tuple[str, str, str]], asked: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "vault"
        (root / ".obsidian").mkdir(parents=True)
        clock = [1_600_000_000_000_000_000]
        apply(root, ("write", "a.md", "alpha\n- [ ] call beta\n#tag1\n"), clock)
        with Index.open(root, Path(folder) / "live.sqlite") as live:
            live.refresh(jobs=1)
            search(live, "alpha")  # builds the trigram index: the refreshes keep it up to date
            for step in steps:
                apply(root, step, clock)
                live.refresh(jobs=1)
            # FTS5 checks that its index holds exactly the trigrams of the stored texts
            live.conn.execute("INSERT INTO note_trigrams(note_trigrams) VALUES ('integrity-check')")
            with Index.open(root, Path(folder) / "fresh.sqlite") as fresh:
                fresh.refresh(jobs=1)
                for query in asked:
                    expected = brute_force(root, query)
                    assert indexed(live, query) == expected, query
                    assert indexed(fresh, query) == expected, query
