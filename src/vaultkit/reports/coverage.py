"""How much of each candidate sentence the sentences already shown hold: the redundancy of
the key sentences' choice (``gists.choose_key``). A sentence whose weighted words the gists
and the chosen key sentences already hold adds nothing, however central its words are."""

from __future__ import annotations


class Coverage:
    """Which words the sentences shown so far hold, and for each candidate the share of its
    weight in those words. An inverted index from word to candidates: covering a sentence
    costs its new words' postings, so all the covering together costs the candidates'
    words once."""

    def __init__(self, vectors: dict[int, dict[str, float]]) -> None:
        self._total = {i: sum(v.values()) for i, v in vectors.items()}
        self._covered = dict.fromkeys(vectors, 0.0)
        self._holders: dict[str, list[tuple[int, float]]] = {}
        for index, vector in vectors.items():
            for word, weight in vector.items():
                self._holders.setdefault(word, []).append((index, weight))
        self._words: set[str] = set()

    def cover(self, vector: dict[str, float]) -> None:
        """Count the words of ``vector`` as shown."""
        for word in vector:
            if word in self._words:
                continue
            self._words.add(word)
            for index, weight in self._holders.get(word, ()):
                self._covered[index] += weight

    def share(self, index: int) -> float:
        """The share of candidate ``index``'s weight whose words are shown (0 to 1)."""
        total = self._total[index]
        return self._covered[index] / total if total else 0.0
