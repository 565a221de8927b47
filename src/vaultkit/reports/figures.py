"""Figures: the numeric facts and targets of a text (``500``, ``1,000``, ``5000 members``,
``$20 per month``), each with the sentence that holds it.

Left out: paragraph citations ``(4-5)``, section and point numbers, years, ordinals, dates,
chapter or paragraph references, and bare numbers below ten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from vaultkit.reports.text import CITATION, Block, section_number, sentences
from vaultkit.reports.textrank import STOPWORDS


@dataclass(frozen=True)
class Figure:
    """One number as written, with what it counts and its sentence."""

    text: str
    """The figure as written with its unit: ``5000 members``, ``$20 per month``, ``20%``."""
    value: float
    unit: str | None
    sentence: str
    line: int
    section: str | None
    target: bool
    """The sentence sets a goal (goal, target, minimum, at least, forward to, plan to …)."""


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
    r"(?<![\w#.,/:\-–$€£'’])"
    r"(?P<cur>[$€£])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<range>\s?[-–]\s?[$€£]?\d[\d,]*(?:\.\d+)?)?"
    r"(?P<pct>\s?%|\s(?:percent|per\scent)\b)?"
    r"(?P<scale>\s(?:hundred|thousand|million|billion|trillion)\b)?"
    r"(?![\w/]|[.,]\d|['’]s\b)"
)
_WORD_AHEAD = re.compile(r"\s+([a-z][a-z'’-]*[a-z])\b")
_ADJECTIVES = frozenset(
    ("more", "new", "other", "active", "committed", "full-time", "functioning", "former", "or")
)
_PER = re.compile(r"\s+(?:per|a|an|each|every)\s+(?:month|year|week|day|hour|person|member)\b")
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
_TARGET = re.compile(
    r"(?i)\b(?:goals?|targets?|aims?|minimum|at least|forward to|road to|grow(?:s|ing)? (?:to|from)"
    r"|reach(?:ing)?|plan(?:s|ning)? to|objectives?|propos\w+"
    r"|if we (?:can |could )?(?:get|reach|had))\b"
)


def _value(number: str) -> float:
    return float(number.replace(",", ""))


def _counted(word: str) -> bool:
    """Whether ``word`` names what a number counts: a plural noun or a known unit."""
    if word in _NOT_NOUNS or word in STOPWORDS:
        return False
    return word in _UNIT_WORDS or (word.endswith("s") and len(word) > 3)


def _unit(text: str, start: int, has_money: bool) -> str | None:
    """What the number counts (``members``, ``paper sales per month``), from the words after
    it: up to two words ending in a plural noun or a unit, then an optional ``per month``."""
    after = text[start : start + 120]
    words: list[re.Match[str]] = []
    position = 0
    for _ in range(3):
        match = _WORD_AHEAD.match(after, position)
        if not match:
            break
        words.append(match)
        position = match.end()
    unit, rest = None, after
    for match in words:
        word = match.group(1)
        if _counted(word):
            unit, rest = after[: match.end()].strip(), after[match.end() :]
            break
        if word in STOPWORDS and word not in _ADJECTIVES:
            break
    per = _PER.match(rest)
    if per and (unit or has_money):
        unit = f"{unit} {per.group(0).strip()}" if unit else per.group(0).strip()
    return unit


def figures_in(sentence: str, line: int, section: str | None) -> list[Figure]:
    """The figures of one sentence."""
    masked = CITATION.sub(lambda m: " " * len(m.group(0)), sentence)
    masked = _DATES.sub(lambda m: " " * len(m.group(0)), masked)
    target = bool(_TARGET.search(sentence) or (section and _TARGET.search(section)))
    found: list[Figure] = []
    for match in _NUMBER.finditer(masked):
        number = match.group("num")
        value = _value(number)
        money = bool(match.group("cur"))
        marked = bool(money or match.group("pct") or match.group("scale") or match.group("range"))
        unit = _unit(masked, match.end(), money)
        if _REFERENCES.search(masked, max(0, match.start() - 24), match.start()):
            continue
        if match.group("range") and not (unit or money or match.group("pct")):
            continue  # 3-31, 7-3: dates and votes, not figures
        if re.fullmatch(r"\d{4}", number) and 1000 <= value <= 2100 and not (marked or unit):
            continue  # a year
        if not (marked or unit) and value < 10:
            continue
        text = match.group(0).strip()
        if unit:
            text = f"{text} {unit}"
        found.append(Figure(text, value, unit, sentence, line, section, target))
    return found


def figures(blocks: Iterable[Block]) -> list[Figure]:
    """Figures of every paragraph, point, quote and (numbering removed) heading, in order;
    a figure repeated in the same sentence is listed once."""
    out: list[Figure] = []
    seen: set[tuple[str, str]] = set()
    for block in blocks:
        text = block.text
        if block.kind == "heading":
            text = section_number(text)[1]
        for sentence in sentences(text):
            for figure in figures_in(sentence, block.line, block.section):
                key = (figure.text, figure.sentence)
                if key not in seen:
                    seen.add(key)
                    out.append(figure)
    return out
