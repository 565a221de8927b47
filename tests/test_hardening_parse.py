"""Property tests: the parser never raises, and every span points at its source text;
the incremental index always equals a full rebuild. `HYPOTHESIS_PROFILE=deep` runs more."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from vaultkit.index import Index
from vaultkit.parse.note import parse_note
from vaultkit.render.core import note_json

MARKDOWNISH = st.text(
    alphabet=st.sampled_from(list("[]#|^!%$`<>-*_ \n\t\r()/:.aAbé1\u00a0—\ufeff\\=\"'~{}")),
    max_size=300,
)
FRONTMATTERISH = st.builds(
    lambda head, body: f"---\n{head}\n---\n{body}",
    st.text(alphabet=st.sampled_from(list("tags:[]- #a,b\n'\"&*{}")), max_size=80),
    MARKDOWNISH,
)


def check_spans(text: str) -> None:
    note = parse_note(text, "n.md")
    body = text[1:] if text.startswith("\ufeff") else text
    for link in note.links:
        assert body[link.span.start : link.span.end] == link.raw, link
    for tag in note.tags:
        got = body[tag.span.start : tag.span.end]
        if tag.source == "frontmatter":
            assert got == tag.name or tag.name in got, tag
        else:
            assert got == "#" + tag.name, tag
    for field in note.fields:
        assert body[field.value_span.start : field.value_span.end] == field.value


@given(MARKDOWNISH)
def test_parser_never_raises_and_spans_point_at_their_source(text: str) -> None:
    check_spans(text)


@given(FRONTMATTERISH)
def test_frontmatter_shapes_never_raise(text: str) -> None:
    check_spans(text)


@given(st.text(max_size=400))
def test_any_unicode_text(text: str) -> None:
    check_spans(text)


@given(st.binary(max_size=400))
def test_random_bytes_decoded_with_replacement(data: bytes) -> None:
    check_spans(data.decode("utf-8", errors="replace"))


NAMES = ["a.md", "b.md", "sub/a.md", "sub/c.md", "deep/x/b.md", "img.png"]
BODIES = st.sampled_from(
    [
        "[[a]] [[b]] #t",
        "[[sub/a]] [[c]] [[missing]]",
        "---\ntags: [x]\n---\n[[b#h]] ![[img.png]]",
        "plain",
        "[x](b.md) [[../a]] #t/u",
        "",
    ]
)
OPS = st.lists(
    st.tuples(
        st.sampled_from(["write", "delete", "rename"]),
        st.sampled_from(NAMES),
        BODIES,
        st.sampled_from(NAMES),
    ),
    min_size=1,
    max_size=12,
)


@given(OPS)
def test_incremental_index_equals_rebuild(
    tmp_path_factory: object, ops: list[tuple[str, str, str, str]]
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "vault"
        root.mkdir()
        clock = [1_700_000_000_000_000_000]

        def write(name: str, body: str) -> None:
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
            clock[0] += 1_000_000_000
            os.utime(path, ns=(clock[0], clock[0]))

        index = Index.open(root, Path(tmp) / "live.sqlite")
        for op, name, body, other in ops:
            path = root / name
            if op == "write":
                write(name, body)
            elif op == "delete" and path.exists():
                path.unlink()
            elif op == "rename" and path.exists() and not (root / other).exists():
                (root / other).parent.mkdir(parents=True, exist_ok=True)
                path.rename(root / other)
            index.refresh(jobs=1)
        live = [note_json(n) for n in index.notes(include_excluded=True)]
        index.close()
        with Index.open(root, Path(tmp) / "fresh.sqlite") as fresh:
            fresh.refresh(jobs=1)
            assert live == [note_json(n) for n in fresh.notes(include_excluded=True)]
