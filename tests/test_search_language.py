"""What each query finds, table-driven over one small vault. Reference: obsidian-help
``en/Plugins/Search.md``; each case names the part of the page it follows, or the decision
recorded in ``docs/obsidian-compat.md`` ("Search") where the page does not settle it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import VaultBuilder
from vaultkit.index import Index
from vaultkit.search import search
from vaultkit.search.jsregex import RegexTimeout

FILES: dict[str, str | bytes] = {
    "Work meeting.md": "# Standup\nThe weekly meeting about work.\nHappyCat was there.\n",
    "Meetup.md": "A personal meetup in the park.\n\nNothing about the job.\n",
    "Recipes/Bread.md": (
        "---\ntags: [food]\n---\n# Bread\nMix flour and water.\n\nThen mix salt.\n\n"
        "# Oven\nThe dog and the cat sleep by the oven.\n"
    ),
    "Recipes/Cake.md": "# Cake\nmix sugar\nadd flour later\n\n```\nmix flour in code\n```\n",
    "Tasks.md": (
        "- [ ] call the bank\n- [x] email the landlord\n- [ ] buy milk\n"
        "  - [x] call mom\n- plain item about calls\n"
    ),
    "Tags.md": "#work is here\n#myjob/work too\n#project/alpha and #Food\n`#incode`\n",
    "Props.md": (
        "---\nstatus: Draft\naliases:\nduration: 3\nempty_quotes: ''\nempty_list: []\n"
        'authors: [Ann Lee, Bo Chan]\n---\nProperties here. they said "hello" to each other\n'
    ),
    "Props2.md": "---\nstatus: Published draft\nduration: 8\naliases: [Name]\n---\nMore.\n",
    "Daily notes/2022-07-01.md": "A day in July.\n",
    "Daily notes/2023-01-05.md": "A day in January.\n",
    "Blocks.md": "dog here\ncat here\n\ndog alone\n\ncat alone\n",
    "Sections.md": "# One\ndog\n## Two\ncat\n# Three\ndog and\ncat\n",
    "Star.md": "I like star wars.\nwars of the stars\n",
    "Regex.md": "Dated 2022-01-01 here.\nAAA and aaa\n",
    "attachments/photo.jpg": b"\xff\xd8",
    "attachments/202209 scan.pdf": b"%PDF",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    root = tmp_path_factory.mktemp("search") / "vault"
    (root / ".obsidian").mkdir(parents=True)
    for rel, content in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    opened = Index.open(root, root.parent / "index.sqlite")
    opened.refresh(jobs=1)
    return opened


CASES = [
    # -- "Search terms" -------------------------------------------------------------------
    ("Search terms: words match independently", "meeting work", ["Work meeting.md"]),
    ("Search terms: case-insensitive by default", "HAPPYCAT", ["Work meeting.md"]),
    ("Search terms: substrings", "meet", ["Meetup.md", "Work meeting.md"]),
    ("Search terms: OR", "weekly OR personal", ["Meetup.md", "Work meeting.md"]),
    (
        "Search terms: OR looser than juxtaposition",
        "meeting work OR meetup personal",
        ["Meetup.md", "Work meeting.md"],
    ),
    (
        "Search terms: parentheses",
        "mix (salt OR sugar) flour",
        ["Recipes/Bread.md", "Recipes/Cake.md"],
    ),
    ("Search terms: negation", "mix -sugar", ["Recipes/Bread.md"]),
    ("Search terms: several negations", "day -july -january", []),
    (
        "Search terms: negated group (not both)",
        "dog -(cat alone)",
        ["Recipes/Bread.md", "Sections.md"],
    ),
    ("Search terms: exact phrase", '"star wars"', ["Star.md"]),
    ("Search terms: escaped quotes", '"they said \\"hello\\" to each other"', ["Props.md"]),
    # decision: a bare term also matches the note's path (docs/obsidian-compat.md)
    ("decision: bare term matches the path", "2022-07", ["Daily notes/2022-07-01.md"]),
    # decision: frontmatter is content (docs/obsidian-compat.md)
    ("decision: frontmatter is content", "Published", ["Props2.md"]),
    # -- "Search operators" ----------------------------------------------------------------
    ("file: any file, extension included", "file:.jpg", ["attachments/photo.jpg"]),
    ("file: part of the name", "file:202209", ["attachments/202209 scan.pdf"]),
    ("file: the name only, not the folder", "file:recipes", []),
    ("path: folders too", 'path:"Daily notes/2022-07"', ["Daily notes/2022-07-01.md"]),
    ("content: not the path", "content:2022-07", []),
    ("content: phrase", 'content:"weekly meeting"', ["Work meeting.md"]),
    ("match-case: exact case", "match-case:HappyCat", ["Work meeting.md"]),
    ("match-case: other case fails", "match-case:happycat", []),
    ("match-case: regex", "match-case:/AAA/", ["Regex.md"]),
    ("ignore-case:", "ignore-case:HAPPYCAT", ["Work meeting.md"]),
    ("tag: with #", "tag:#work", ["Tags.md"]),
    ("tag: not #myjob/work", "tag:#alpha", []),
    ("tag: nested below (decision)", "tag:#project", ["Tags.md"]),
    ("tag: without #, any case", "tag:FOOD", ["Recipes/Bread.md", "Tags.md"]),
    ("tag: never in code", "tag:incode", []),
    ("tag: sub-query", "tag:(alpha OR food)", ["Recipes/Bread.md", "Tags.md"]),
    ("line: both on one line", "line:(mix flour)", ["Recipes/Bread.md", "Recipes/Cake.md"]),
    ("line: words on separate lines do not count", "line:(sugar flour)", []),
    ("-line: no line matches", "mix -line:(mix flour)", []),
    ("-line: no line matches (true)", "flour -line:(flour water)", ["Recipes/Cake.md"]),
    (
        "block: same paragraph",
        "block:(dog cat)",
        ["Blocks.md", "Recipes/Bread.md", "Sections.md"],
    ),
    ("block: a code block is one block", "block:(code flour)", ["Recipes/Cake.md"]),
    ("block: paragraphs apart do not count", "block:(water salt)", []),
    (
        "section: between two headings (a note without headings is one section)",
        "section:(dog cat)",
        ["Blocks.md", "Recipes/Bread.md", "Sections.md"],
    ),
    ("section: a heading starts its own section", "section:(two dog)", []),
    ("section: headings split sections", "section:(flour oven)", []),
    ("task:", "task:call", ["Tasks.md"]),
    ("task: sub-query", "task:(landlord OR bank)", ["Tasks.md"]),
    ("task: a plain list item is no task", "task:calls", []),
    ("task-todo: open tasks", "task-todo:bank", ["Tasks.md"]),
    ("task-todo: not a done one", "task-todo:landlord", []),
    ("task-done: done tasks", "task-done:mom", ["Tasks.md"]),
    ("task-done: not an open one", "task-done:milk", []),
    ("task: a sub-item is its own task", "task:(bank mom)", []),
    # -- "Use regular expressions" -----------------------------------------------------------
    ("regex: ISO date", "content:/\\d{4}-\\d{2}-\\d{2}/", ["Regex.md"]),
    (
        "regex: a bare regex also looks at paths (decision)",
        "/\\d{4}-\\d{2}-\\d{2}/",
        ["Daily notes/2022-07-01.md", "Daily notes/2023-01-05.md", "Regex.md"],
    ),
    (
        "regex: with path:",
        "path:/\\d{4}-\\d{2}-\\d{2}/",
        ["Daily notes/2022-07-01.md", "Daily notes/2023-01-05.md"],
    ),
    # -- "Search properties" ----------------------------------------------------------------
    ("[prop]: exists, even empty", "[aliases]", ["Props.md", "Props2.md"]),
    ("[prop:value]", "[aliases:Name]", ["Props2.md"]),
    ("[prop:null]: empty value", "[aliases:null]", ["Props.md"]),
    ("[prop:null]: not empty quotes", "[empty_quotes:null]", []),
    ("[prop:null]: not empty brackets", "[empty_list:null]", []),
    ("[prop:a OR b]", "[status:Draft OR Published]", ["Props.md", "Props2.md"]),
    ("[prop:value]: a word is a substring", "[status:draft]", ["Props.md", "Props2.md"]),
    ('[prop:"value"]: a phrase is the whole value', '[status:"draft"]', ["Props.md"]),
    ("[prop:value]: list items", "[authors:chan]", ["Props.md"]),
    ("[prop:<5]", "[duration:<5]", ["Props.md"]),
    ("[prop:>5]", "[duration:>5]", ["Props2.md"]),
    ("term and [prop:<5]", "more [duration:>5]", ["Props2.md"]),
]


@pytest.mark.parametrize(("rule", "query", "expected"), CASES, ids=[c[0] for c in CASES])
def test_query_finds(index: Index, rule: str, query: str, expected: list[str]) -> None:
    assert sorted(r.path for r in search(index, query)) == expected


def test_matches_are_file_offsets_with_line_and_column(index: Index) -> None:
    [result] = search(index, "weekly")
    text = (index.root / result.path).read_text(encoding="utf-8")
    [match] = result.matches
    assert (match.line, match.col, match.text) == (2, 5, "The weekly meeting about work.")
    assert text[match.start : match.end] == "weekly"


def test_only_positive_terms_are_highlighted(index: Index) -> None:
    [result] = search(index, "mix -sugar")
    text = (index.root / result.path).read_text(encoding="utf-8")
    assert {text[m.start : m.end].lower() for m in result.matches} == {"mix"}
    assert [m.line for m in result.matches] == [5, 7]


def test_scoped_matches_are_inside_the_unit(index: Index) -> None:
    [result] = search(index, "line:(mix flour) file:bread")
    assert [m.line for m in result.matches] == [5, 5]  # "Then mix salt." is not highlighted


def test_bm25_ranks_more_matches_higher(index: Index) -> None:
    results = search(index, "dog")
    assert results[0].score >= results[-1].score > 0
    assert [r.path for r in results] == sorted(
        (r.path for r in results), key=lambda p: -next(x.score for x in results if x.path == p)
    )


def test_sort_by_name(index: Index) -> None:
    names = [r.path.rpartition("/")[2] for r in search(index, "dog", sort="name")]
    assert names == sorted(names, key=str.lower)
    assert [r.path for r in search(index, "dog", sort="name-desc")] == [
        r.path for r in reversed(search(index, "dog", sort="name"))
    ]


def test_match_case_toggle(index: Index) -> None:
    """Search.md "Change case sensitivity": the Match case toggle; ignore-case: overrides."""
    assert search(index, "happycat", match_case=True) == []
    assert [r.path for r in search(index, "HappyCat", match_case=True)] == ["Work meeting.md"]
    found = search(index, "ignore-case:happycat", match_case=True)
    assert [r.path for r in found] == ["Work meeting.md"]


def test_filters_restrict_the_files(index: Index) -> None:
    assert [r.path for r in search(index, "mix", only={"Recipes/Cake.md"})] == ["Recipes/Cake.md"]


def test_pathological_regex_is_stopped(make_vault: VaultBuilder, tmp_path: Path) -> None:
    """Search.md: JavaScript-flavoured regular expressions; a catastrophic one is bounded."""
    root = make_vault({"a.md": "a" * 40 + "!\n"})
    with Index.open(root, tmp_path / "i.sqlite") as opened:
        opened.refresh(jobs=1)
        with pytest.raises(RegexTimeout, match="took more than"):
            search(opened, "/(a|aa)+$/")


def test_pathological_regex_is_stopped_off_the_main_thread(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """The MCP server searches from worker threads, where no timer signal reaches: the
    engine's own timeout still stops a catastrophic pattern (without it, this one runs for
    hours: the join below gives up and the test fails)."""
    import threading

    root = make_vault({"a.md": "a" * 60 + "!\n", "b.md": "fine\n"})
    with Index.open(root, tmp_path / "i.sqlite") as opened:
        opened.refresh(jobs=1)
    outcome: list[object] = []

    def run() -> None:
        with Index.open(root, tmp_path / "i.sqlite") as mine:
            try:
                search(mine, "/(a|aa)+$/")
            except RegexTimeout as error:
                outcome.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the search in a worker thread never ended"
    [error] = outcome
    assert isinstance(error, RegexTimeout)
    assert "a.md" in str(error)


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        ("cadre", "cadre"),
        ("dues?", "due"),  # the last character may be absent
        ("colou?r", "colo"),
        ("abc+d", "abc"),
        ("x{2}abcdef", "abcdef"),
        ("meeting\\.notes", "meeting.notes"),
        ("\\bwork\\b", "work"),
        ("a(bc)*defg", "defg"),  # nothing from inside a group
        ("[abc]xyz", "xyz"),
        ("\\x41abc", "abc"),  # \x41 is a letter written in hex, not "41"
        ("\\u0041bc", None),
        ("cad|re", None),  # a top-level alternative: nothing is required
        ("(cadre|dues)", None),
        ("al.ha", None),
        ("b[ae]ta", None),
    ],
)
def test_a_regex_is_looked_up_by_the_plain_run_every_match_contains(
    pattern: str, literal: str | None
) -> None:
    """Search.md, "Use regular expressions": /regex/ is matched on every note; the
    planner narrows the notes to those holding a run every match must contain."""
    from vaultkit.search.plan import required_literal

    assert required_literal(pattern) == literal
