"""Numbers in a sentence as a reader counts them: digits (``1,000``, ``$20``, ``20%``,
``7-13``, ``70 million``) and words (``three dozen``, ``eight months``), each with what it
counts — the words after it (``members``, ``paper sales per month``) or the currency before
it — and the references, years, dates, votes and bare small numbers that are not figures
left out. Every pattern is anchored or bounded; the text after a number is read through a
window of 120 characters, the text before it through 24."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vaultkit.reports.text import CITATION
from vaultkit.reports.textrank import STOPWORDS

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATES = re.compile(
    rf"(?i)\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?\b"
    r"|(?<![\d,])\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}(?![\d,])"
    r"|https?://\S+|www\.\S+"
)
_NUMBER = re.compile(
    r"(?<![\w#.,/:\-–$€£¥'’])"
    r"(?P<cur>US\$|[$€£¥]|(?:USD|EUR|GBP)\s)?"
    r"(?P<num>\d{1,3}(?:,\d{3})++(?:\.\d+)?|\d++(?:\.\d+)?)"
    r"(?P<range>\s?[-–]\s?[$€£]?\d[\d,]*+(?:\.\d+)?)?"
    r"(?P<pct>\s?%|\s(?:percent|per\scent)\b)?"
    r"(?P<scale>\s(?:hundred|thousand|million|billion|trillion)\b)?"
    r"(?![\w/]|[.,]\d|['’]s\b)"
)
_ONES = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 10 * n
    for n, w in enumerate(
        ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
    if n > 1
}
_SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "dozen": 12,
}
_NUMBER_WORD = "|".join(sorted([*_ONES, *_TENS], key=len, reverse=True))
_NUMBER_WORDS = re.compile(
    rf"(?i)(?<![\w-])(?:(?:{_NUMBER_WORD})(?:-(?:{_NUMBER_WORD}))?|an?)"
    rf"(?:\s+(?:hundred|thousand|million|billion|dozen|and(?=\s+(?:{_NUMBER_WORD})\b)"
    rf"|{_NUMBER_WORD})\b)*+(?![\w-])"
)
_WORD_AHEAD = re.compile(r"\s+([a-z][a-z'’-]*[a-z])\b")
_ADJECTIVES = frozenset(
    ("more", "new", "other", "active", "committed", "full-time", "functioning", "former", "or")
)
_PER = re.compile(
    r"\s+(?:per\s+[a-z]+|(?:a|an|each|every)\s+(?:month|year|week|day|hour|person|member))\b"
)
_UNIT_WORDS_TEXT = (
    "people youth staff percent dollars members member comrades cities months years weeks"
    " days hours minutes"
)
_UNIT_WORDS = frozenset(_UNIT_WORDS_TEXT.split())
_NOT_NOUNS_TEXT = (
    "is was has his this its as us yes thus less plus unless across towards always"
    " perhaps sometimes afterwards besides whereas"
)
_NOT_NOUNS = frozenset(_NOT_NOUNS_TEXT.split())
_REFERENCES = re.compile(
    r"(?i)\b(?:chapters?|paragraphs?|sections?|parts?|pages?|pp?|points?|articles?|no|number"
    r"|ward|district|precinct|amendment|route|highway|level)\.?\s*$"
)


def _value(number: str) -> float:
    return float(number.replace(",", ""))


def _word_value(text: str) -> float | None:
    """``three dozen`` → 36, ``two hundred thousand`` → 200000; None for a lone ``a``."""
    total, current, counted = 0, 0, False
    for word in re.split(r"[\s-]+", text.lower()):
        if word in _ONES:
            current += _ONES[word]
            counted = True
        elif word in _TENS:
            current += _TENS[word]
            counted = True
        elif word in ("a", "an"):
            current = max(current, 1)
        elif word == "dozen":
            current = (current or 1) * 12
            counted = True
        elif word == "hundred":
            current = (current or 1) * 100
            counted = True
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current, counted = 0, True
    return float(total + current) if counted else None


def _counted(word: str) -> bool:
    """Whether ``word`` names what a number counts: a plural noun or a known unit."""
    if word in _NOT_NOUNS or word in STOPWORDS:
        return False
    return word in _UNIT_WORDS or (word.endswith("s") and len(word) > 3)


def _unit(text: str, start: int, has_money: bool) -> tuple[str | None, int]:
    """What the number counts (``members``, ``paper sales per month``), from the words after
    it: up to two words ending in a plural noun or a unit, then an optional ``per month``;
    and where it ends (``start`` when there is none). Looks at 120 characters at most."""
    after = text[start : start + 120]
    words: list[re.Match[str]] = []
    position = 0
    for _ in range(3):
        match = _WORD_AHEAD.match(after, position)
        if not match:
            break
        words.append(match)
        position = match.end()
    unit, rest, end = None, after, 0
    for match in words:
        word = match.group(1)
        if _counted(word):
            unit, rest, end = after[: match.end()].strip(), after[match.end() :], match.end()
            break
        if word in STOPWORDS and word not in _ADJECTIVES:
            break
    per = _PER.match(rest)
    if per and (unit or has_money):
        unit = f"{unit} {per.group(0).strip()}" if unit else per.group(0).strip()
        end += per.end()
    return unit, start + end


@dataclass
class Found:
    """A number of a sentence while its role is decided (``figures._roles``): where it is,
    as written, its value, unit, currency and scale word."""

    start: int
    end: int
    number_end: int
    written: str
    value: float
    unit: str | None
    money: str | None
    scale: str | None
    weak: bool = False
    """A bare number below ten: kept only as one end of a change (``from 6 to 16 …``)."""
    role: str = "fact"
    current: str | None = None

    def text(self) -> str:
        """As written, with its unit (``400 members``, ``$20 per month``, ``20% of
        comrades``: a percentage's unit is ``%``, then what it is a share of)."""
        if self.unit and self.unit.startswith("%"):
            sign = "" if self.written.endswith(("%", "percent", "per cent")) else "%"
            return f"{self.written}{sign} {self.unit[1:].strip()}".rstrip()
        return f"{self.written} {self.unit}" if self.unit else self.written


def candidates(masked: str) -> list[Found]:
    """Numbers in digits and in words, with the unit written after them (or the currency
    before), references, years, dates, votes and bare small numbers left out."""
    found: list[Found] = []
    for match in _NUMBER.finditer(masked):
        number = match.group("num")
        value = _value(number)
        money = (match.group("cur") or "").strip() or None
        marked = bool(money or match.group("pct") or match.group("scale") or match.group("range"))
        unit, end = _unit(masked, match.end(), bool(money))
        if match.group("pct") and unit is None:
            unit, end = _percent_unit(masked, match.end())
        if _REFERENCES.search(masked, max(0, match.start() - 24), match.start()):
            continue
        if match.group("range") and not (unit or money or match.group("pct")):
            continue  # 3-31, 7-3: dates and votes, not figures
        if re.fullmatch(r"\d{4}", number) and 1000 <= value <= 2100 and not (marked or unit):
            continue  # a year
        weak = not (marked or unit) and value < 10
        scale = (match.group("scale") or "").strip() or None
        found.append(
            Found(
                match.start(),
                end,
                match.end(),
                match.group(0).strip(),
                value * _SCALES[scale.lower()] if scale else value,  # 70 million → 7e7
                unit,
                money,
                scale,
                weak,
            )
        )
    for match in _NUMBER_WORDS.finditer(masked):
        worded = _word_value(match.group(0))
        if worded is None:
            continue
        unit, end = _unit(masked, match.end(), False)
        written = match.group(0)
        scale = written.split()[-1].lower() if written.split()[-1].lower() in _SCALES else None
        if worded < 2 or (worded < 10 and not scale and not _small_unit(unit)):
            continue  # "one", "a", "three breaks out": not figures
        found.append(Found(match.start(), end, match.end(), written, worded, unit, None, scale))
    found.sort(key=lambda f: f.start)
    return found


_OF = re.compile(r"\s+of(?:\s+(?:the|our|all))?(?=\s)")


def _percent_unit(masked: str, start: int) -> tuple[str, int]:
    """A percentage's unit: ``%``, then what it is a share of when ``of`` follows (``20% of
    comrades`` → ``% of comrades``), and where that ends."""
    of = _OF.match(masked, start)
    if of:
        unit, end = _unit(masked, of.end(), False)
        if unit:
            return f"% of {unit}", end
    return "%", start


def _small_unit(unit: str | None) -> bool:
    """A unit a small number in words may count: a known one (``eight months``)."""
    return unit is not None and unit.split()[-1] in _UNIT_WORDS


def mask(sentence: str) -> str:
    """``sentence`` with paragraph citations, dates and URLs blanked (same length)."""
    masked = CITATION.sub(lambda m: " " * len(m.group(0)), sentence)
    return _DATES.sub(lambda m: " " * len(m.group(0)), masked)
