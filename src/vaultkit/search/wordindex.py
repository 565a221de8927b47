"""Each word's count in each kept note, from an index of the notes' words instead of a scan.

Obsidian's search matches substrings, so a word is not a token; but a needle made only of
word characters (``\\w``) can occur only inside a run of them in the folded text, so its
count in a text (``str.count``: non-overlapping, left to right) is the sum over the text's
runs of its count in each run. This index keeps, for each distinct run (a token) of the
kept folded texts (:mod:`vaultkit.search.notetexts`), how many times each note holds it;
a needle's count in every note is then the few tokens that contain it (found in one
string of the vocabulary) times their counts: about a millisecond for a word in most of
10,000 notes, against 30-60 ms to count it in their texts.

Built from the kept texts (about 1-3 s at 10,000 notes, some 60 MB) a part per search
(``BUDGET`` notes; the notes not indexed yet are counted by ``str.count`` meanwhile), then
kept in step with them: the notes whose folded text changed (by identity, then by value:
a reload after another connection's commit reads every text again but few differ) are
indexed again, the others kept.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.search.notetexts import NoteTexts

_RUNS = re.compile(r"\w+")
_ASCII_GAPS = {i: " " for i in range(128) if not re.fullmatch(r"\w", chr(i))}
"""The ASCII characters that are not word characters, each made a space."""


def runs_of(text: str) -> list[str]:
    """The runs of word characters of ``text`` (an ASCII text: its gaps made spaces, then
    split, about 3x faster than the pattern; no word character is a space)."""
    if text.isascii():
        return text.translate(_ASCII_GAPS).split()
    return _RUNS.findall(text)


SPREAD = 4
"""A needle whose tokens' postings exceed this many per note (a letter, ``ion``) is
counted by a scan instead: merging would cost more."""
BUDGET = 2000
"""The most notes indexed per search: the first searches of a process share the build
(about 0.2-0.5 s each at 10,000 notes) instead of the first paying it all."""


def countable(needle: str) -> bool:
    """Whether ``needle`` (folded) is made of word characters only (a run can hold it)."""
    return _RUNS.fullmatch(needle) is not None


class WordIndex:
    """Token -> {note id: count} over the folded texts of a ``NoteTexts``."""

    def __init__(self) -> None:
        self.postings: dict[str, dict[int, int]] = {}
        self.folded: dict[int, str] = {}
        """The folded text each note was indexed from."""
        self.pending: dict[int, str] = {}
        """The folded text of each note not indexed yet."""
        self.source: tuple[int, tuple[int, int, int] | None] | None = None
        """``id()`` and state of the ``NoteTexts`` last synced with."""
        self._vocabulary: str | None = None

    def sync(self, texts: NoteTexts) -> None:
        """Bring the index in step with ``texts``: the notes whose folded text is not what
        they were indexed from wait in ``pending`` (counted by a scan meanwhile)."""
        source = (id(texts), texts.state)
        if self.source != source:
            folded, pending = self.folded, self.pending
            current = texts.texts
            for fid in [f for f in folded if f not in current]:
                self._remove(fid)
            for fid in [f for f in pending if f not in current]:
                del pending[fid]
            for fid, (_, text) in current.items():
                old = folded.get(fid)
                if old is text:
                    continue
                if old is not None:
                    if old == text:
                        folded[fid] = text
                        continue
                    self._remove(fid)
                pending[fid] = text
            self.source = source

    def advance(self, limit: int = BUDGET) -> None:
        """Index up to ``limit`` of the notes waiting in ``pending``."""
        for fid in list(islice(self.pending, limit)):
            self._add(fid, self.pending.pop(fid))

    def _add(self, fid: int, text: str) -> None:
        postings = self.postings
        for token, count in Counter(runs_of(text)).items():
            found = postings.get(token)
            if found is None:
                postings[token] = {fid: count}
                self._vocabulary = None
            else:
                found[fid] = count
        self.folded[fid] = text

    def _remove(self, fid: int) -> None:
        postings = self.postings
        for token in set(runs_of(self.folded.pop(fid))):
            found = postings.get(token)
            if found is not None:
                found.pop(fid, None)
                if not found:
                    del postings[token]
                    self._vocabulary = None

    def tokens_holding(self, needle: str) -> list[str]:
        """The tokens that contain ``needle``: one ``find`` loop over the vocabulary."""
        if self._vocabulary is None:
            self._vocabulary = "\n" + "\n".join(self.postings) + "\n"
        vocabulary = self._vocabulary
        out = []
        pos = vocabulary.find(needle)
        while pos >= 0:
            start = vocabulary.rfind("\n", 0, pos) + 1
            end = vocabulary.find("\n", pos)
            out.append(vocabulary[start:end])
            pos = vocabulary.find(needle, end)
        return out

    def counts(self, needle: str) -> dict[int, int] | None:
        """The count of the ``countable`` ``needle`` in every note holding it (what
        ``str.count`` gives on each folded text), or None when its tokens spread over so
        many postings that a scan is cheaper."""
        tokens = self.tokens_holding(needle)
        postings = self.postings
        if sum(len(postings[t]) for t in tokens) > SPREAD * max(len(self.folded), 1):
            return None
        out: dict[int, int] = {}
        for token in tokens:
            times = token.count(needle)
            found = postings[token]
            if not out and times == 1:
                out = dict(found)
                continue
            get = out.get
            for fid, count in found.items():
                out[fid] = get(fid, 0) + count * times
        for fid, text in self.pending.items():
            count = text.count(needle)
            if count:
                out[fid] = count
        return out


_KEPT: WeakKeyDictionary[Index, WordIndex] = WeakKeyDictionary()


def word_index(index: Index, texts: NoteTexts, advance: bool = False) -> WordIndex:
    """The word index of ``index``'s kept ``texts``, brought in step with them;
    ``advance``: and some notes waiting indexed (once per search)."""
    found = _KEPT.get(index)
    if found is None:
        found = _KEPT[index] = WordIndex()
    found.sync(texts)
    if advance:
        _advance(index, found, BUDGET)
    return found


def _advance(index: Index, found: WordIndex, limit: int) -> None:
    """``found.advance(limit)``; on any failure (a MemoryError) the word index goes, since
    a note may be half indexed (some of its tokens' postings written, no longer waiting)."""
    try:
        found.advance(limit)
    except BaseException:
        forget(index)
        raise


WARM_STEP = 250
"""Notes indexed per step of :func:`warm` (some 25-60 ms at 10,000 notes): a call that
arrives while an idle server warms up waits at most one step."""


def warm(index: Index, limit: int | None = None) -> bool:
    """One step of getting ``index``'s searches ready before they are asked: its texts
    kept in memory (the first step loads them), then up to ``limit`` (``WARM_STEP``) notes'
    words indexed.
    Whether some notes still wait (False too when the texts are not kept: over the size
    limit, or :func:`~vaultkit.search.notetexts.keep_texts` never called)."""
    from vaultkit.search.notetexts import kept_texts

    texts = kept_texts(index)
    if texts is None:
        return False
    found = word_index(index, texts)
    _advance(index, found, WARM_STEP if limit is None else limit)
    return bool(found.pending)


def forget(index: Index) -> None:
    """Let the word index of ``index`` go (its texts are no longer kept)."""
    _KEPT.pop(index, None)
