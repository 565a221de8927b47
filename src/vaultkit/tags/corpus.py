"""A vault's notes as the tag suggester sees them: their words, links, folder and kinds.

Words are read from the files (read only; the index does not keep note text), with the
frontmatter, every tag span and every embed (``![[photo 2021.png]]``: a file name, not
words) left out, so that a note's own tags cannot leak into its words; other property
values count as words.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from vaultkit.model import LinkKind, TagSource
from vaultkit.tags.spelling import preferred_spelling

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.kinds import KindRule
    from vaultkit.model import Note

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")
_STOPWORDS_TEXT = """
    about above after again against all also although among and another any are around
    because been before being below between both but can cannot could did does doing
    down during each either else even ever every few for from further had has have
    having her here hers herself him himself his how however into its itself just least
    less let like made make many may might more most much must myself near neither nor
    not now off often once one only other others our ours ourselves out over own per
    quite rather same see seem seems several shall she should since some still such than
    that the their theirs them themselves then there these they this those though three
    through thus too two under until upon very was way well were what whatever when
    where whether which while who whom whose why will with within without would yet you
    your yours yourself
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def words_of(text: str) -> Counter[str]:
    """Lower-cased words of three letters or more, stop words left out."""
    found: Counter[str] = Counter()
    for match in _WORD.finditer(text.lower()):
        word = match.group(0)
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if len(word) >= 3 and word not in STOPWORDS:
            found[word] += 1
    return found


@dataclass(frozen=True)
class Doc:
    """What the model knows of one note."""

    path: str
    title: str
    folder: str
    tags: frozenset[str]
    """Lower-cased tags (hidden when the note itself is scored)."""
    kinds: tuple[str, ...]
    """Kinds as indexed (may come from the note's tags)."""
    blind_kinds: tuple[str, ...]
    """Kinds the note would have without its tags: what scoring it may use."""
    words: Counter[str]
    links: dict[str, str]
    """Link key (resolved path, or ``?target``) -> the name to show."""
    written: tuple[str, ...] = ()
    """The note's tags as written (for the spelling shown)."""

    def dump(self) -> tuple[Any, ...]:
        """The doc as plain values (for ``marshal``), read back by :func:`doc_from_dump`."""
        return (
            self.path, self.title, self.folder, sorted(self.tags), list(self.kinds),
            list(self.blind_kinds), dict(self.words), self.links, list(self.written),
        )  # fmt: skip


def doc_from_dump(data: Any) -> Doc:
    """A Doc from :meth:`Doc.dump`."""
    path, title, folder, tags, kinds, blind, words, links, written = data
    return Doc(
        str(path),
        str(title),
        str(folder),
        frozenset(tags),
        tuple(kinds),
        tuple(blind),
        Counter(words),
        dict(links),
        tuple(written),
    )


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def doc_from_note(note: Note, text: str, blind_kinds: tuple[str, ...]) -> Doc:
    """A Doc from an indexed note and its text: tag spans and frontmatter are left out of
    the words, other property values kept."""
    lines = text.split("\n")
    if note.frontmatter_lines:
        lines = lines[note.frontmatter_lines[1] :]
    offset = len(text) - len("\n".join(lines))
    body_spans = [
        (t.span.start - offset, t.span.end - offset)
        for t in note.tags
        if t.source is not TagSource.FRONTMATTER and t.span.start >= offset
    ]
    body_spans += [
        (link.span.start - offset, link.span.end - offset)
        for link in note.links
        if link.embed and link.span.start >= offset and link.kind is not LinkKind.FRONTMATTER
    ]
    body = _blank("\n".join(lines), body_spans)
    props = [
        str(value)
        for key, value in note.frontmatter.items()
        if key.lower() not in ("tags", "tag") and isinstance(value, str | int | float)
    ]
    words = words_of(" ".join([note.name, *props, body]))
    links = {}
    for link in note.links:
        if link.external or not link.target or link.resolved == note.path:
            continue
        if link.resolved:
            links[link.resolved] = link.resolved.rpartition("/")[2].removesuffix(".md")
        else:
            links["?" + link.target.lower()] = link.target
    return Doc(
        path=note.path,
        title=note.title,
        folder=note.folder,
        tags=frozenset(t.name.lower() for t in note.tags),
        kinds=note.kinds,
        blind_kinds=blind_kinds,
        words=words,
        links=links,
        written=tuple(dict.fromkeys(t.name for t in note.tags)),
    )


def load_docs(index: Index) -> tuple[list[Doc], dict[str, str]]:
    """Every visible note as a Doc (files read, never written), and the display spelling
    of each lower-cased tag (the most used)."""
    from vaultkit.kinds import rules_from_config

    rules = rules_from_config(index.config.sections)
    docs = [read_doc(index, note, rules) for note in index.notes()]
    return docs, shown_spellings(docs)


def read_doc(index: Index, note: Note, rules: dict[str, KindRule]) -> Doc:
    """The Doc of an indexed note, its text read from the file (never written)."""
    from vaultkit.kinds import classify
    from vaultkit.vault import read_text

    text, _ = read_text(index.root / note.path, index.config.max_file_bytes)
    props = {k: v for k, v in note.frontmatter.items() if k != "tags"}
    blind = classify(replace(note, tags=(), frontmatter=props), rules)
    return doc_from_note(note, text or "", blind)


def shown_spellings(docs: Iterable[Doc]) -> dict[str, str]:
    """Per lower-cased tag: the spelling most notes use."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for name in doc.written:
            spellings[name.lower()][name] += 1
    return {low: preferred_spelling(c) for low, c in spellings.items()}
