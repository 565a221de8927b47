"""Write a deterministic, realistic Obsidian vault for vaultkit benchmarks and tests.

Usage::

    python benchmarks/genvault.py --notes 10000 --seed 1 --out /tmp/vault

The vault imitates the user's notes (meeting notes, reading notes, clipped articles,
concept notes, projects) without copying any of their text: every word comes from the
word lists below. Each note has a hidden *topic* that drives its words, its tags and most
of its links, so tag suggestion can be scored against ``.bench-topics.tsv``.

Link targets follow a power law: the top hub is always ``Concepts/Mass Organization.md``
(``HUB_NAME``); it is linked from thousands of notes at 10k notes. ``DIR/.bench.json``
records the hub, counts and the generator version; the same seed gives a byte-identical
vault (file contents and modification times).

Stdlib only; importable (``generate(out, notes, seed)``) and runnable as a script.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import os
import random
import shutil
import struct
import sys
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

GENERATOR_VERSION = 2
HUB_NAME = "Mass Organization"
HUB_PATH = f"Concepts/{HUB_NAME}.md"
META_FILE = ".bench.json"
TOPICS_FILE = ".bench-topics.tsv"
BASE_MTIME = 1_600_000_000  # 2020-09-13; note i gets BASE_MTIME + 60 * i
UNRESOLVED_RATE = 0.03
FAKE_CODE_LINK = "Fake Link In Code"
FAKE_CODE_TAG = "fake/code-tag"

# --------------------------------------------------------------------------- word lists


@dataclass(frozen=True)
class Topic:
    """A hidden subject: its tags (first is the main tag) and its vocabulary."""

    name: str
    tags: tuple[str, ...]
    nouns: tuple[str, ...]
    adjs: tuple[str, ...]
    verbs: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _topic(name: str, tags: str, nouns: str, adjs: str, verbs: str) -> Topic:
    return Topic(
        name,
        tuple(tags.split()),
        tuple(nouns.split()),
        tuple(adjs.split()),
        tuple(verbs.split(",")),
    )


TOPICS: tuple[Topic, ...] = (
    _topic(
        "labor",
        "labor labor/unions labor/strikes labor/unions/stewards",
        "union strike steward contract wage picket grievance shop shift overtime"
        " bargaining workplace local walkout foreman",
        "rank-and-file militant unorganized seasonal unionized precarious",
        "files a grievance,walks off the job,signs the card,wins the contract,"
        "holds the line,elects a steward",
    ),
    _topic(
        "housing",
        "housing housing/tenants housing/eviction housing/zoning",
        "tenant landlord rent eviction lease building repair zoning deposit"
        " mortgage court neighborhood block inspector superintendent",
        "rent-burdened vacant overcrowded affordable subsidized derelict",
        "withholds the rent,blocks the eviction,calls the inspector,"
        "organizes the building,reads the lease,packs the hearing",
    ),
    _topic(
        "theory",
        "theory theory/dialectics theory/economics theory/state",
        "dialectics contradiction value surplus commodity abstraction materialism"
        " labour-power crisis accumulation superstructure totality",
        "historical objective subjective concrete abstract material",
        "negates the premise,explains the crisis,reveals the contradiction,"
        "abstracts from appearances,grounds the argument,rejects idealism",
    ),
    _topic(
        "history",
        "history history/revolutions history/labor-movement",
        "century revolution congress era archive uprising commune faction"
        " strike-wave empire treaty pamphlet veteran chronicle",
        "forgotten early bloody decisive defeated victorious",
        "splits the party,loses the vote,floods the streets,rewrites the record,"
        "founds the paper,survives the purge",
    ),
    _topic(
        "organizing",
        "organizing organizing/recruitment organizing/outreach organizing/contact-work",
        "contact follow-up table flyer recruit branch campus sign-up paper-sale"
        " volunteer phonebank roster canvass leaflet",
        "professional consistent patient new first-time active",
        "follows up the same day,sets up the table,sells the paper,"
        "calls the contact,trains the new layer,books the room",
    ),
    _topic(
        "elections",
        "elections elections/campaigns elections/precincts",
        "ballot precinct ward candidate turnout petition primary caucus"
        " alderman district registration endorsement mailer poll",
        "electoral independent progressive incumbent contested local",
        "knocks every door,files the petition,wins the ward,"
        "splits the vote,endorses the candidate,counts the ballots",
    ),
    _topic(
        "climate",
        "climate climate/energy climate/transit",
        "emissions pipeline transit grid heatwave drought solar refinery"
        " flood watershed coalfield busline retrofit wildfire",
        "renewable fossil coastal extreme carbon-free municipal",
        "blocks the pipeline,expands the busline,retrofits the school,"
        "shuts the refinery,maps the floodplain,cuts the emissions",
    ),
    _topic(
        "international",
        "international international/solidarity international/trade",
        "border tariff migration embassy sanction delegation port dockworker"
        " remittance consulate treaty refugee freighter corridor",
        "cross-border foreign multinational bilateral exiled imperial",
        "sends a delegation,refuses the cargo,lifts the sanction,"
        "crosses the border,hosts the exiles,signs the treaty",
    ),
    _topic(
        "education",
        "education education/study-group education/schools",
        "reading syllabus chapter study seminar lecture teacher pamphlet"
        " curriculum discussion handout classroom library notebook",
        "introductory advanced weekly collective assigned close",
        "assigns the chapter,leads the discussion,drafts the syllabus,"
        "rereads the pamphlet,summarizes the argument,quizzes the group",
    ),
    _topic(
        "finance",
        "finance finance/dues finance/budget",
        "dues budget donation treasurer ledger fundraiser pledge receipt"
        " invoice reserve sustainer audit payroll raffle",
        "monthly quarterly unpaid sustaining audited projected",
        "raises the dues,balances the ledger,audits the books,"
        "pledges the money,collects the receipts,funds the office",
    ),
)
TOPIC_BY_NAME = {t.name: t for t in TOPICS}

# The global hubs, most linked first: their order is fixed, whatever the seed.
HUBS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (HUB_NAME, "organizing", ("mass org", "mass organisations")),
    ("Working Class", "theory", ("proletariat",)),
    ("Political Education", "education", ("poli-ed",)),
    ("Union Democracy", "labor", ("rank-and-file democracy",)),
    ("Tenant Power", "housing", ("tenant unions",)),
    ("Dialectics", "theory", ("dialectical method",)),
    ("Branch Building", "organizing", ("branch work",)),
    ("Independent Politics", "elections", ("independent political action",)),
    ("Just Transition", "climate", ("green transition",)),
    ("Internationalism", "international", ("international solidarity",)),
    ("Sustaining Dues", "finance", ("dues base",)),
    ("Strike Waves", "history", ("upsurge",)),
)
ORGS: tuple[tuple[str, str], ...] = (
    ("CWL", "Council of Working Leagues"),
    ("Tenant Federation", "Metropolitan Tenant Federation"),
    ("Harbor Local 12", "Harbor Workers Local 12"),
    ("Green Labor Forum", "Green Labor Forum of the Valley"),
)
CITY_LIST = tuple(
    c.replace("_", " ")
    for c in _words(
        "Riverton Ashford Bellmore Cedar_Falls Dunmore Eastwick Fairhaven Glenrock Harlow"
        " Ironbridge Juniper Kingsport Lakeview Millbrook Northgate Oakdale Pinecrest Quarry"
        " Redmond_Hills Stillwater Thornbury Upton Valemont Westbury Yarrow Zephyr Alder"
        " Brookfield Castleton Driftwood Elmira Foxhollow Granite Hollis Ivywood Jasper"
        " Kestrel Linden Marlowe Newhaven"
    )
)
MEETING_KINDS = (
    ("Branch", "political"),
    ("Exec", "organizational"),
    ("Reading Group", "reading-group"),
)
FIRST_NAMES = _words(
    "Ada Bram Celia Dmitri Esme Farid Greta Hollis Ines Jonah Kasia Lorenzo Mira"
    " Nadia Oskar Priya Quentin Rosa Soren Tamsin Ugo Vera Wendell Ximena Yusuf"
    " Zora"
)
LAST_NAMES = _words(
    "Abernathy Bakshi Carvalho Dorsey Eklund Fontaine Grabowski Haddad Iwu Jovanovic"
    " Kowalczyk Lindqvist Moreau Nakamura Okafor Petrescu Quiroga Rahimi Szabo"
    " Tanaka Ulloa Varga Whitcombe Yilmaz Zielinski"
)
SUBJECTS = (
    "The branch",
    "Our group",
    "The committee",
    "The author",
    "The speaker",
    "Most members",
    "The leadership",
    "Several contacts",
    "The article",
    "This chapter",
    "The report",
    "New members",
    "The organizer",
    "Everyone present",
    "The resolution",
    "One comrade",
    "The pamphlet",
    "The old guard",
    "A visiting speaker",
    "The panel",
)
SAYS = _words(
    "argued pointed_out reminded_us suggested agreed noted explained insisted worried"
    " concluded observed admitted"
)
GENERIC = (
    "we should keep a sense of proportion",
    "the work is slower than anyone hoped",
    "nothing here happens automatically",
    "the numbers only tell part of the story",
    "it took years to get this far",
    "small groups can still set the tone",
    "the same mistake keeps coming back",
    "patience matters more than enthusiasm",
    "the easy answers rarely hold up",
    "we are still at an early stage",
)
CALLOUTS = ("note", "info", "quote", "tip", "warning", "summary")
GENRES = ("political", "history", "theory", "fiction", "economics")
FORMATS = ("article", "book", "pamphlet", "speech", "resolution")
CONCEPT_HEADINGS = ("Definition", "History", "Related")
KIND_HEADINGS: dict[str, tuple[str, ...]] = {
    "concept": CONCEPT_HEADINGS,
    "reading": ("Summary",),
    "meeting": ("News Updates",),
    "project": ("Goals", "Tasks"),
    "org": ("About",),
    "clipping": (),
}
SITES = (
    ("Riverside Labour Archive", "an archive of leaflets and pamphlets from the river towns"),
    ("The Eastside Organizer", "a volunteer newsletter for tenants, workers and students"),
    ("Northern Voice", "a reader-funded paper covering the mills, depots and estates of the north"),
    ("Common Ground Online", "a site for campaigns that organise where people live and work"),
    ("Red Kettle Press", "a small press publishing pamphlets on history and strategy"),
    ("The Open Ledger", "a collective blog about unions, housing and the cost of living"),
)
"""The websites clippings come from: each repeats its own chrome (banner, name, menu,
footer) on every page clipped from it; the articles' paragraphs are their own."""
SITE_MENU = ("News", "Archive", "Campaigns", "Events", "About", "Donate", "Contact", "Letters")
SITE_CHROME = 0.6
"""Share of clippings whose site's banner and name were clipped with the article."""
N_ATTACHMENTS = 6
ATTACHMENTS = (*(f"diagram-{k}.png" for k in range(N_ATTACHMENTS - 1)), "photo 1.png")

# Share of notes per kind (concepts and orgs are added on top of the hubs).
KIND_SHARES = (
    ("meeting", 0.30),
    ("reading", 0.24),
    ("project", 0.22),
    ("clipping", 0.12),
    ("concept", 0.12),
)


# --------------------------------------------------------------------------- planning


@dataclass(slots=True)
class Note:
    """One planned note: where it lives, what it is about, how others may link to it."""

    index: int
    kind: str
    folder: str
    name: str
    topic: str
    aliases: tuple[str, ...] = ()
    block_id: str | None = None
    date: dt.date | None = None
    duplicate: bool = False

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}.md"


@dataclass
class Plan:
    """Every note of the vault, plus the samplers that pick link targets."""

    notes: list[Note]
    global_rank: list[int]
    topic_rank: dict[str, list[int]]
    unresolved: dict[str, list[str]]
    readings_by_topic: dict[str, list[int]] = field(default_factory=dict)


class Zipf:
    """Pick an item of a ranked list with probability proportional to 1 / (rank + 1) ** s."""

    def __init__(self, items: Sequence[int] | Sequence[str], s: float) -> None:
        self.items = items
        self.cum = list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(len(items))))

    def pick(self, rng: random.Random) -> int | str:
        return self.items[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]


def _kind_counts(n: int) -> dict[str, int]:
    fixed = len(HUBS) + len(ORGS)
    rest = max(n - fixed, 0)
    counts = {kind: int(rest * share) for kind, share in KIND_SHARES}
    counts["meeting"] += rest - sum(counts.values())
    counts["concept"] += len(HUBS)
    counts["org"] = len(ORGS)
    return counts


IRREGULAR_PLURALS = {"dialectics": "dialectics", "dues": "dues", "alderman": "aldermen"}
SMALL_WORDS = frozenset(("a", "an", "and", "the", "of", "on", "in", "was", "then", "for"))


def _title(words: str) -> str:
    parts = words.split(" ")
    return " ".join(
        w if (i and w in SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(parts)
    )


def article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def plural(noun: str) -> str:
    """English plural, good enough for the word lists."""
    if noun in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


class NameBook:
    """Hands out unique note names (case-insensitive, as Obsidian compares them)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def claim(self, name: str) -> str:
        base, k = name, 2
        while name.lower() in self.used:
            name = f"{base} {k}"
            k += 1
        self.used.add(name.lower())
        return name


def _concept_name(rng: random.Random, topic: Topic) -> str:
    noun, other = rng.sample(topic.nouns, 2)
    if rng.random() < 0.5:
        return _title(f"{rng.choice(topic.adjs)} {noun}")
    return _title(f"{noun} and {other}")


def _reading_name(rng: random.Random, topic: Topic) -> str:
    a, (n1, n2) = rng.choice(topic.adjs), rng.sample(topic.nouns, 2)
    pattern = rng.randrange(5)
    text = (
        f"the {a} {n1}",
        f"{n1} and {n2}",
        f"on the {n1} of the {n2}",
        f"notes on {a} {plural(n1)}",
        f"how the {n1} was won, and then lost",
    )[pattern]
    return f"{_title(text)} ({rng.randint(1848, 2023)})"


def _project_name(rng: random.Random, topic: Topic) -> str:
    n = rng.choice(topic.nouns)
    text = rng.choice(
        (
            f"{n} drive",
            f"{rng.choice(topic.adjs)} {n} campaign",
            f"{n} plan",
            f"{n} working group",
            f"spring {n} push",
        )
    )
    return _title(text)


def _clipping_name(rng: random.Random, topic: Topic) -> str:
    n1, n2 = rng.sample(topic.nouns, 2)
    text = rng.choice(
        (
            f"the {n1} in the {n2} — creating {plural(n2)} of resistance",
            f"{plural(n1)}, interim goals",
            f"why the {n1} matters now",
            f"a letter on the {n1} and the {n2}",
            f"what next for the {n1}",
        )
    )
    return text[:1].upper() + text[1:]


def _plan_notes(rng: random.Random, n: int) -> list[Note]:
    counts = _kind_counts(n)
    book = NameBook()
    notes: list[Note] = []

    def add(kind: str, folder: str, name: str, topic: str, **kw: Any) -> Note:
        note = Note(len(notes), kind, folder, book.claim(name), topic, **kw)
        notes.append(note)
        return note

    for name, topic, aliases in HUBS:
        add("concept", "Concepts", name, topic, aliases=aliases)
    for short, full in ORGS:
        add("org", "Organizations", short, rng.choice(TOPICS).name, aliases=(full,))
    for _ in range(counts["concept"] - len(HUBS)):
        t = rng.choice(TOPICS)
        name = _concept_name(rng, t)
        add("concept", "Concepts", name, t.name, aliases=(name.lower(),))
    for _ in range(counts["reading"]):
        t = rng.choice(TOPICS)
        name = _reading_name(rng, t)
        aliases = (name.rsplit(" (", 1)[0],) if rng.random() < 0.3 else ()
        add("reading", "Readings", name, t.name, aliases=aliases)
    for _ in range(counts["project"]):
        t = rng.choice(TOPICS)
        year = rng.randint(2018, 2024)
        folder = f"Projects/{year}"
        if rng.random() < 0.3:
            folder += f"/{_title(rng.choice(t.nouns))} Team"
        add("project", folder, _project_name(rng, t), t.name)
    for _ in range(counts["clipping"]):
        t = rng.choice(TOPICS)
        add("clipping", "Clippings", _clipping_name(rng, t), t.name)
    _plan_meetings(rng, counts["meeting"], n, add)
    for note in notes:
        if note.kind in ("concept", "reading") and note.index % 3 == 0:
            note.block_id = f"ref-{note.index:x}"
    _make_duplicates(rng, notes)
    return notes


def _plan_meetings(rng: random.Random, count: int, n: int, add: Callable[..., Note]) -> None:
    branches = CITY_LIST[: min(len(CITY_LIST), max(3, n // 2500))]
    day = {b: dt.date(2016, 1, 4) + dt.timedelta(days=rng.randrange(60)) for b in branches}
    for i in range(count):
        branch = branches[i % len(branches)]
        kind, _ = MEETING_KINDS[(i // len(branches)) % len(MEETING_KINDS)]
        if kind == "Branch":
            day[branch] += dt.timedelta(days=rng.randint(3, 9))
        d = day[branch]
        name = f"{branch} {kind}, {d.month}-{d.day}-{d.year % 100:02d}"
        add("meeting", f"Meetings/{branch}", name, rng.choice(TOPICS).name, date=d)


def _make_duplicates(rng: random.Random, notes: list[Note]) -> None:
    """Give ~1% of the notes a name that another note in another folder already has."""
    sources = [x for x in notes if x.kind in ("concept", "reading") and x.index >= len(HUBS)]
    targets = [x for x in notes if x.kind == "project"]
    wanted = min(round(len(notes) * 0.01), len(sources), len(targets))
    for src, dst in zip(rng.sample(sources, wanted), rng.sample(targets, wanted), strict=True):
        dst.name, dst.topic = src.name, src.topic
        src.duplicate = dst.duplicate = True


def _rankings(rng: random.Random, notes: list[Note]) -> tuple[list[int], dict[str, list[int]]]:
    """Order notes from most to least linked: hubs, orgs, concepts, readings, the rest."""
    order = ("org", "concept", "reading", "project", "meeting", "clipping")
    by_kind: dict[str, list[int]] = {k: [] for k in order}
    for note in notes[len(HUBS) :]:
        by_kind[note.kind].append(note.index)
    for ids in by_kind.values():
        rng.shuffle(ids)
    global_rank = list(range(len(HUBS))) + [i for k in order for i in by_kind[k]]
    topic_rank: dict[str, list[int]] = {t.name: [] for t in TOPICS}
    for i in global_rank:
        topic_rank[notes[i].topic].append(i)
    return global_rank, topic_rank


def _unresolved_names(rng: random.Random, book: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for t in TOPICS:
        names: list[str] = []
        while len(names) < 40:
            name = _title(f"{rng.choice(t.adjs)} {rng.choice(t.nouns)} notes {rng.randrange(99)}")
            if name.lower() not in book and name not in names:
                names.append(name)
        out[t.name] = names
    return out


def make_plan(n: int, seed: int) -> Plan:
    """Plan every note of an n-note vault (names, kinds, topics, link popularity)."""
    rng = random.Random(f"plan:{seed}")
    notes = _plan_notes(rng, n)
    global_rank, topic_rank = _rankings(rng, notes)
    unresolved = _unresolved_names(rng, {x.name.lower() for x in notes})
    readings: dict[str, list[int]] = {t.name: [] for t in TOPICS}
    for note in notes:
        if note.kind == "reading":
            readings[note.topic].append(note.index)
    return Plan(notes, global_rank, topic_rank, unresolved, readings)


# --------------------------------------------------------------------------- text


class Sentences:
    """Pre-built pools of sentences per topic, so bodies are cheap to assemble."""

    def __init__(self, rng: random.Random, per_topic: int = 300) -> None:
        self.pool = {t.name: [self._sentence(rng, t) for _ in range(per_topic)] for t in TOPICS}
        self.phrases = {t.name: [self._phrase(rng, t) for _ in range(per_topic)] for t in TOPICS}

    @staticmethod
    def _clause(rng: random.Random, t: Topic) -> str:
        n1, n2 = rng.sample(t.nouns, 2)
        shape = rng.randrange(6)
        if shape == 0:
            return f"the {rng.choice(t.adjs)} {n1} {rng.choice(t.verbs)} when the {n2} is ready"
        if shape == 1:
            return f"every {n1} needs {article(n2)} {n2} before it {rng.choice(t.verbs)}"
        if shape == 2:
            now, before = rng.randint(2, 900), rng.randint(1, 90)
            return f"roughly {now} {plural(n1)} took part, up from {before}"
        if shape == 3:
            return f"the {n1} is our #1 priority this year, more than the {n2}"
        if shape == 4:
            return f"{rng.choice(GENERIC)}, especially around the {n1}"
        cite = f"({rng.randint(2, 60)}-{rng.randint(61, 99)})"
        return f"the {n1} and the {n2} cannot be separated {cite}"

    def _sentence(self, rng: random.Random, t: Topic) -> str:
        says = rng.choice(SAYS).replace("_", " ")
        text = f"{rng.choice(SUBJECTS)} {says} that {self._clause(rng, t)}."
        if rng.random() < 0.3:
            more = self._clause(rng, t)
            text += f" {more[:1].upper()}{more[1:]}."
        return text

    @staticmethod
    def _phrase(rng: random.Random, t: Topic) -> str:
        n1, n2 = rng.sample(t.nouns, 2)
        text = rng.choice(
            (
                f"{rng.choice(t.verbs)} before the {n1}",
                f"the {rng.choice(t.adjs)} {n1} and its {n2}",
                f"{n1}: {rng.choice(GENERIC)}",
                f"follow up on the {n1} twice",
                f"report back on the {n2}",
            )
        )
        return text[:1].upper() + text[1:]

    def sentence(self, rng: random.Random, topic: str) -> str:
        if rng.random() < 0.15:
            topic = rng.choice(TOPICS).name
        return rng.choice(self.pool[topic])

    def fresh(self, rng: random.Random, topic: str) -> str:
        """A sentence made for this note (not drawn from the shared pool): an article's
        paragraphs are its own, where a pool sentence would recur across notes."""
        if rng.random() < 0.15:
            return self._sentence(rng, rng.choice(TOPICS))
        return self._sentence(rng, next(t for t in TOPICS if t.name == topic))

    def phrase(self, rng: random.Random, topic: str) -> str:
        return rng.choice(self.phrases[topic])


class Linker:
    """Turns the plan into link strings for one note, in all the forms Obsidian knows."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.global_zipf = Zipf(plan.global_rank, 1.0)
        self.topic_zipf = {t: Zipf(ids, 0.9) for t, ids in plan.topic_rank.items() if ids}
        self.unresolved_zipf = {t: Zipf(names, 1.0) for t, names in plan.unresolved.items()}

    def target(self, rng: random.Random, note: Note) -> Note | None:
        roll = rng.random()
        if roll < UNRESOLVED_RATE:
            return None
        zipf = self.global_zipf if roll < 0.43 else self.topic_zipf[note.topic]
        for _ in range(4):
            pick = self.plan.notes[int(zipf.pick(rng))]
            if pick.index != note.index:
                return pick
        return self.plan.notes[0 if note.index else 1]

    def link(self, rng: random.Random, note: Note) -> tuple[str, int | None]:
        """Return one link (as written in the note) and the index of the note it resolves to."""
        target = self.target(rng, note)
        if target is None:
            return f"[[{self.unresolved_zipf[note.topic].pick(rng)}]]", None
        return self.render(rng, target), target.index

    @staticmethod
    def render(rng: random.Random, t: Note) -> str:
        name = t.path[:-3] if t.duplicate and rng.random() < 0.7 else t.name
        roll = rng.random()
        headings = KIND_HEADINGS[t.kind]
        if roll < 0.12:
            shown = rng.choice(t.aliases) if t.aliases else t.name.lower()
            return f"[[{name}|{shown}]]"
        if roll < 0.20 and headings:
            return f"[[{name}#{rng.choice(headings)}]]"
        if roll < 0.24 and t.block_id:
            return f"[[{name}#^{t.block_id}]]"
        if roll < 0.30:
            return f"[{t.name.lower()}]({quote(t.path, safe='/(),')})"
        if roll < 0.32 and t.kind != "meeting":
            return f"![[{name}]]"
        return f"[[{name}]]"


@dataclass
class Feed:
    """The links a note still has to place; builders take from it as they write."""

    links: list[str]

    def take(self) -> str | None:
        return self.links.pop() if self.links else None

    def rest(self) -> list[str]:
        out, self.links = self.links, []
        return out


LINK_SENTENCES = (
    "This ties back to {}.",
    "Compare {} on this point.",
    "{} makes a similar case.",
    "See {} for the background.",
    "The discussion kept returning to {}.",
    "As argued in {}, the answer is not obvious.",
)


class Writer:
    """Renders one planned note to text."""

    def __init__(self, plan: Plan, seed: int) -> None:
        self.plan = plan
        self.seed = seed
        self.sentences = Sentences(random.Random(f"sentences:{seed}"))
        self.linker = Linker(plan)

    # ----- pieces

    def _tags(self, rng: random.Random, note: Note, k: int) -> list[str]:
        topic = TOPIC_BY_NAME[note.topic]
        tags = [topic.tags[0], *rng.sample(topic.tags[1:], min(k - 1, len(topic.tags) - 1))]
        if rng.random() < 0.05:
            tags.append(rng.choice(TOPICS).tags[0])
        return list(dict.fromkeys(tags))

    def _frontmatter(self, rng: random.Random, note: Note, extra: dict[str, str]) -> str:
        lines = ["---"]
        for key, value in extra.items():
            lines.append(f"{key}: {value}")
        tags = self._tags(rng, note, rng.randint(1, 3))
        style = rng.randrange(3)
        if style == 0:
            lines += ["tags:"] + [f"  - {t}" for t in tags]
        elif style == 1:
            lines.append(f"tags: [{', '.join(tags)}]")
        else:
            lines.append(f"tags: {tags[0]}")
        if note.aliases:
            lines += ["aliases:"] + [f"  - {a}" for a in note.aliases]
        lines.append("---")
        return "\n".join(lines) + "\n"

    def _paragraph(self, rng: random.Random, note: Note, feed: Feed, count: int) -> str:
        parts = []
        for _ in range(count):
            parts.append(self.sentences.sentence(rng, note.topic))
            if rng.random() < 0.25 and (link := feed.take()):
                parts.append(rng.choice(LINK_SENTENCES).format(link))
        if rng.random() < 0.12:
            parts.append(f"#{rng.choice(self._tags(rng, note, 2))}")
        return " ".join(parts)

    def _callout(self, rng: random.Random, note: Note) -> str:
        kind = rng.choice(CALLOUTS)
        fold = rng.choice(("", "", "-", "+"))
        body = self.sentences.sentence(rng, note.topic)
        return f"> [!{kind}]{fold}\n> {body}\n"

    def _code_block(self, rng: random.Random) -> str:
        if rng.random() < 0.5:
            return (
                f"```dataview\nLIST FROM #{FAKE_CODE_TAG} AND [[{FAKE_CODE_LINK}]]\n"
                "SORT file.mtime DESC\n```\n"
            )
        return (
            f"```text\nnot a link: [[{FAKE_CODE_LINK}]] not a tag: #{FAKE_CODE_TAG}\n"
            f"step {rng.randint(1, 9)}: copy the roster\n```\n"
        )

    def _embed(self, rng: random.Random) -> str:
        name = rng.choice(ATTACHMENTS)
        return (
            f"![[{name}|{rng.choice((200, 320, 480))}]]" if rng.random() < 0.3 else f"![[{name}]]"
        )

    def _fill(
        self, rng: random.Random, note: Note, feed: Feed, out: list[str], size: int, heading: str
    ) -> None:
        """Append paragraphs (and sometimes a heading) until the text reaches size chars."""
        length = sum(map(len, out))
        section = 1
        block_id = note.block_id
        while length < size:
            if rng.random() < 0.2:
                section += rng.randint(1, 12)
                out.append(heading.format(n=section, t=self.sentences.phrase(rng, note.topic)))
            para = self._paragraph(rng, note, feed, rng.randint(2, 5))
            if block_id:
                para, block_id = f"{para} ^{block_id}", None
            out.append(para + "\n\n")
            length += len(para) + 2

    # ----- kinds

    def meeting(self, rng: random.Random, note: Note, feed: Feed, size: int) -> list[str]:
        assert note.date is not None
        org = rng.choice(ORGS)[0]
        _, mtype = next(k for k in MEETING_KINDS if f" {k[0]}," in note.name)
        out: list[str] = []
        if rng.random() < 0.4:
            out.append(self._frontmatter(rng, note, {"date": note.date.isoformat()}))
        out.append(f"# [[{org}]] {note.name}\n#meeting/{mtype} \n\n---\n## News Updates\n")
        for _ in range(rng.randint(2, 4)):
            line = self.sentences.sentence(rng, note.topic)
            if rng.random() < 0.3 and (link := feed.take()):
                line += f" {rng.choice(LINK_SENTENCES).format(link)}"
            out.append(f"- {line}\n")
        out.append(f"\n## Organizational Point: {self.sentences.phrase(rng, note.topic)}\n")
        out += self._intervention(rng, note, feed)
        reading = self._reading_link(rng, note)
        indent = "\t" if rng.random() < 0.4 else ""
        out.append(f"\n{indent}## Discussion: {reading}\n\n")
        while sum(map(len, out)) < size:
            out.append(f"- {self.sentences.sentence(rng, note.topic)}\n")
            if rng.random() < 0.3:
                out += self._intervention(rng, note, feed)
        if rng.random() < 0.1 and "[" not in out[-1]:
            out[-1] = out[-1].rstrip("\n").rsplit(" ", 3)[0] + " \n"  # ends mid-sentence
        for link in feed.rest():
            out.append(f"- {self.sentences.phrase(rng, note.topic)}, see {link}\n")
        return out

    def _reading_link(self, rng: random.Random, note: Note) -> str:
        ids = self.plan.readings_by_topic.get(note.topic) or [0]
        return f"[[{self.plan.notes[ids[int(rng.random() ** 2 * len(ids))]].name}]]"

    def _intervention(self, rng: random.Random, note: Note, feed: Feed) -> list[str]:
        out = ["- My intervention\n"]
        for _ in range(rng.randint(1, 3)):
            point = self.sentences.phrase(rng, note.topic)
            if rng.random() < 0.35 and (link := feed.take()):
                point += f" ({link})"
            out.append(f"\t- {point}\n")
            for _ in range(rng.randint(0, 3)):
                out.append(f"\t\t- {self.sentences.sentence(rng, note.topic)}\n")
        return out

    def reading(self, rng: random.Random, note: Note, feed: Feed, size: int) -> list[str]:
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        rating = rng.choice(("1", "2", "3", "4", "5", "WIP ", "4.5"))
        extra = {
            "author": author,
            "rating": rating,
            "genre": rng.choice(GENRES),
            "format": rng.choice(FORMATS),
        }
        out = [self._frontmatter(rng, note, extra), f"# {note.name}\n"]
        tag_line = " ".join(f"#{t}" for t in self._tags(rng, note, 2)) if rng.random() < 0.5 else ""
        out.append(
            f"`SOURCE:` [source](https://example.org/r/{note.index})\n`TAGS:` {tag_line}\n"
            f"`AUTHOR:` {author}\n\n---\n"
        )
        out.append(self._callout(rng, note) + "\n")
        out.append(f"## Summary\n{self._paragraph(rng, note, feed, 3)}\n\n")
        out.append(f"status:: {rng.choice(('read', 'reading', 'to read'))}\n")
        out.append(f"source:: {rng.choice(FORMATS)} by {author}\n\n")
        if rng.random() < 0.5:
            out.append(f"> {self.sentences.sentence(rng, note.topic)}\n\n")
        self._fill(rng, note, feed, out, size, "# {n}. {t}\n")
        for link in feed.rest():
            out.append(f"- {link}\n")
        return out

    def concept(self, rng: random.Random, note: Note, feed: Feed, size: int) -> list[str]:
        out = [self._frontmatter(rng, note, {}), f"# {note.name}\n"]
        out.append(self._callout(rng, note) + "\n## Definition\n")
        out.append(self._paragraph(rng, note, feed, 3) + "\n\n## History\n")
        self._fill(rng, note, feed, out, size - 200, "### {t}\n")
        if rng.random() < 0.2:
            out.append(self._code_block(rng))
        out.append("\n## Related\n")
        out += [f"- {link}\n" for link in feed.rest()]
        return out

    def org(self, rng: random.Random, note: Note, feed: Feed, size: int) -> list[str]:
        out = [
            self._frontmatter(rng, note, {"founded": str(rng.randint(1950, 2015))}),
            f"# {note.name}\n## About\n",
        ]
        self._fill(rng, note, feed, out, size, "## {t}\n")
        out += [f"- {link}\n" for link in feed.rest()]
        return out

    def project(self, rng: random.Random, note: Note, feed: Feed, size: int) -> list[str]:
        out: list[str] = []
        if rng.random() < 0.8:
            out.append(self._frontmatter(rng, note, {"status": rng.choice(("active", "done"))}))
        out.append(f"# {note.name}\n")
        out.append(
            f"owner:: {rng.choice(FIRST_NAMES)}\ndue:: 20{rng.randint(18, 25)}-"
            f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n\n## Goals\n"
        )
        for _ in range(rng.randint(2, 5)):
            box = rng.choice((" ", " ", "x"))
            item = self.sentences.phrase(rng, note.topic)
            if rng.random() < 0.4 and (link := feed.take()):
                item += f" with {link}"
            out.append(f"- [{box}] {item} [priority:: {rng.choice(('high', 'low'))}]\n")
        if rng.random() < 0.35:
            out.append("\n" + self._code_block(rng))
        out.append("\n## Tasks\n")
        self._fill(rng, note, feed, out, size, "### {t}\n")
        out += [f"- [ ] check {link}\n" for link in feed.rest()]
        return out

    def clipping(self, rng: random.Random, note: Note, feed: Feed, size: int) -> list[str]:
        topic = note.topic
        site, about = SITES[rng.randrange(len(SITES))]
        out = _site_head(rng, site, about) if rng.random() < SITE_CHROME else []
        head = len(out)
        out.append(f"{note.name}\n\n")
        first = " ".join(self.sentences.fresh(rng, topic) for _ in range(3))
        out.append(first + "\n")
        style = rng.randrange(3)
        k = 0
        while sum(map(len, out)) < size:
            k += 1
            text = " ".join(self.sentences.fresh(rng, topic) for _ in range(rng.randint(1, 3)))
            if style == 0:
                out.append(f"{k}{',' if k == 10 else '.'} {text}\n")
            elif style == 1:
                out.append(f"  • {text} \n")
            else:
                out.append(f"\n{text}\n")
        if rng.random() < 0.2:
            out.insert(head + 2, first + "\n")  # a repeated first paragraph
        if head and rng.random() < 0.5:
            out.append(f"\nBack to the front page of {site} | Share | Print\n")
        return out

    # ----- whole note

    def render(self, note: Note) -> tuple[str, list[int | None]]:
        """Return the note's text and the resolved target index of each link it holds."""
        rng = random.Random(self.seed * 1_000_003 + note.index)
        n_links = 0 if note.kind == "clipping" else rng.randint(5, 15)
        links = [self.linker.link(rng, note) for _ in range(n_links)]
        feed = Feed([text for text, _ in links])
        size = rng.randint(1000, 4000)
        out = getattr(self, note.kind)(rng, note, feed, size)
        if note.kind != "clipping":
            self._decorate(rng, note, out)
        return "".join(out).rstrip("\n") + "\n", [target for _, target in links]

    def _decorate(self, rng: random.Random, note: Note, out: list[str]) -> None:
        if rng.random() < 0.15:
            out.append(f"\n{self._embed(rng)}\n")
        if rng.random() < 0.1:
            out.append(
                f"\nOur #1 goal stays the same; `#{FAKE_CODE_TAG}` in a code span is not a tag.\n"
            )
        if rng.random() < 0.05:
            out.append(f"\n%% todo: revisit with the {rng.choice(TOPICS).tags[0]} group %%\n")


def _site_head(rng: random.Random, site: str, about: str) -> list[str]:
    """A site's chrome above a clipped article, the same on every page of the site: its
    banner (sometimes clipped twice), its name, sometimes its menu as starred lines."""
    banner = f"{site} is {about}. Send tips and corrections to the editors.\n"
    out = [banner] * (2 if rng.random() < 0.3 else 1) + [f"{site}\n"]
    if rng.random() < 0.5:
        menu = random.Random(f"menu:{site}").sample(SITE_MENU, 5)
        out += ["\n", *(f"*{item}\n" for item in menu)]
    return [*out, "\n"]


# --------------------------------------------------------------------------- files


def png_bytes(rgb: tuple[int, int, int], size: int = 4) -> bytes:
    """A tiny valid PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _write(path: Path, data: bytes, mtime: int) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
    os.utime(path, (mtime, mtime))


def _write_static(out: Path) -> None:
    (out / ".obsidian").mkdir(parents=True, exist_ok=True)
    app = {
        "alwaysUpdateLinks": True,
        "newLinkFormat": "shortest",
        "useMarkdownLinks": False,
        "attachmentFolderPath": "Attachments",
        "userIgnoreFilters": [],
    }
    _write(out / ".obsidian" / "app.json", json.dumps(app, indent=2).encode() + b"\n", BASE_MTIME)
    (out / "Attachments").mkdir(exist_ok=True)
    for k, name in enumerate(ATTACHMENTS):
        colour = ((k * 53) % 256, (k * 97) % 256, (k * 151) % 256)
        _write(out / "Attachments" / name, png_bytes(colour), BASE_MTIME)


def _prepare_out(out: Path, force: bool) -> None:
    if out.exists() and any(out.iterdir()):
        if not (force and (out / META_FILE).exists()):
            raise SystemExit(f"{out} is not empty (use --force to replace a generated vault)")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def iter_rendered(plan: Plan, seed: int) -> Iterator[tuple[Note, str, list[int | None]]]:
    """Yield each planned note with its text and resolved link targets."""
    writer = Writer(plan, seed)
    for note in plan.notes:
        text, targets = writer.render(note)
        yield note, text, targets


def generate(out: Path, notes: int, seed: int, force: bool = False) -> dict[str, Any]:
    """Write the vault to ``out`` and return the metadata also saved to ``out/.bench.json``."""
    _prepare_out(out, force)
    plan = make_plan(notes, seed)
    _write_static(out)
    for folder in sorted({n.folder for n in plan.notes}):
        (out / folder).mkdir(parents=True, exist_ok=True)
    total_bytes = links = unresolved = 0
    hub_sources: set[int] = set()
    hub_links = 0
    topics = ["path\ttopic\tkind\n"]
    for note, text, targets in iter_rendered(plan, seed):
        data = text.encode("utf-8")
        _write(out / note.path, data, BASE_MTIME + 60 * note.index)
        total_bytes += len(data)
        links += len(targets)
        unresolved += targets.count(None)
        if 0 in targets and note.index != 0:
            hub_sources.add(note.index)
            hub_links += targets.count(0)
        topics.append(f"{note.path}\t{note.topic}\t{note.kind}\n")
    _write(out / TOPICS_FILE, "".join(topics).encode("utf-8"), BASE_MTIME)
    meta = _metadata(plan, seed, total_bytes, links, unresolved, len(hub_sources), hub_links)
    _write(out / META_FILE, (json.dumps(meta, indent=2) + "\n").encode("utf-8"), BASE_MTIME)
    return meta


def _metadata(
    plan: Plan,
    seed: int,
    total_bytes: int,
    links: int,
    unresolved: int,
    hub_sources: int,
    hub_links: int,
) -> dict[str, Any]:
    dups = sorted(n.path for n in plan.notes if n.duplicate)
    return {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "notes": len(plan.notes),
        "md_bytes": total_bytes,
        "attachments": len(ATTACHMENTS),
        "hub": HUB_NAME,
        "hub_path": HUB_PATH,
        "hub_backlinking_notes": hub_sources,
        "hub_link_occurrences": hub_links,
        "top_hubs": [h[0] for h in HUBS],
        "links_generated": links,
        "unresolved_links_generated": unresolved,
        "duplicate_name_paths": dups,
        "fake_code_link": FAKE_CODE_LINK,
        "fake_code_tag": FAKE_CODE_TAG,
        "topics_file": TOPICS_FILE,
        "topic_tags": {t.name: list(t.tags) for t in TOPICS},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=1000, help="number of notes")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--out", type=Path, required=True, help="output folder (empty or new)")
    parser.add_argument("--force", action="store_true", help="replace a previously generated vault")
    args = parser.parse_args(argv)
    if args.notes < len(HUBS) + len(ORGS):
        parser.error(f"--notes must be at least {len(HUBS) + len(ORGS)}")
    start = time.perf_counter()
    meta = generate(args.out, args.notes, args.seed, args.force)
    elapsed = time.perf_counter() - start
    print(
        f"wrote {meta['notes']} notes ({int(meta['md_bytes']) / 1e6:.1f} MB) to {args.out}"
        f" in {elapsed:.1f}s; hub: {meta['hub']!r} ({meta['hub_backlinking_notes']} notes"
        " link to it)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
