"""The search language's syntax, table-driven. Reference: obsidian-help
``en/Plugins/Search.md`` ("Search terms", "Search operators", "Search properties",
"Use regular expressions")."""

from __future__ import annotations

import pytest

from vaultkit.search.ast import And, Node, Not, Operator, Or, Property, Term
from vaultkit.search.jsregex import RegexUnsupported, compile_js, translate
from vaultkit.search.parser import SearchSyntaxError, parse_query


def w(text: str) -> Term:
    return Term("word", text, 0)


def strip(node: Node) -> object:
    """The tree without positions, as nested tuples, for comparison."""
    if isinstance(node, Term):
        return (node.kind, node.text)
    if isinstance(node, And):
        return ("AND", *[strip(i) for i in node.items])
    if isinstance(node, Or):
        return ("OR", *[strip(i) for i in node.items])
    if isinstance(node, Not):
        return ("NOT", strip(node.item))
    if isinstance(node, Operator):
        return (node.name + ":", strip(node.operand))
    assert isinstance(node, Property)
    value = strip(node.value) if node.value is not None else None
    return ("[]", node.name, value, node.null, node.compare)


W = "word"
CASES = [
    # Search.md "Search terms": each word matches independently; juxtaposition is AND
    ("meeting work", ("AND", (W, "meeting"), (W, "work"))),
    ("meeting OR work", ("OR", (W, "meeting"), (W, "work"))),
    # "meeting work OR meetup personal" = (meeting work) OR (meetup personal)
    (
        "meeting work OR meetup personal",
        ("OR", ("AND", (W, "meeting"), (W, "work")), ("AND", (W, "meetup"), (W, "personal"))),
    ),
    (
        "meeting (work OR meetup) personal",
        ("AND", (W, "meeting"), ("OR", (W, "work"), (W, "meetup")), (W, "personal")),
    ),
    ("meeting -work", ("AND", (W, "meeting"), ("NOT", (W, "work")))),
    (
        "meeting -work -meetup",
        ("AND", (W, "meeting"), ("NOT", (W, "work")), ("NOT", (W, "meetup"))),
    ),
    (
        "meeting -(work meetup)",
        ("AND", (W, "meeting"), ("NOT", ("AND", (W, "work"), (W, "meetup")))),
    ),
    ('"star wars"', ("phrase", "star wars")),
    ('"they said \\"hello\\" to each other"', ("phrase", 'they said "hello" to each other')),
    ("/\\d{4}-\\d{2}-\\d{2}/", ("regex", "\\d{4}-\\d{2}-\\d{2}")),
    ("/a[/]b/", ("regex", "a[/]b")),
    # "Search operators"
    ("file:.jpg", ("file:", (W, ".jpg"))),
    ('path:"Daily notes/2022-07"', ("path:", ("phrase", "Daily notes/2022-07"))),
    ('content:"happy cat"', ("content:", ("phrase", "happy cat"))),
    ("match-case:HappyCat", ("match-case:", (W, "HappyCat"))),
    ("ignore-case:ikea", ("ignore-case:", (W, "ikea"))),
    ("tag:#work", ("tag:", (W, "#work"))),
    ("line:(mix flour)", ("line:", ("AND", (W, "mix"), (W, "flour")))),
    ("-line:(mix flour)", ("NOT", ("line:", ("AND", (W, "mix"), (W, "flour"))))),
    ("block:(dog cat)", ("block:", ("AND", (W, "dog"), (W, "cat")))),
    ("section:(dog cat)", ("section:", ("AND", (W, "dog"), (W, "cat")))),
    ("task:(call OR email)", ("task:", ("OR", (W, "call"), (W, "email")))),
    ("task-todo:call", ("task-todo:", (W, "call"))),
    ("task-done:call", ("task-done:", (W, "call"))),
    ("path:/\\d{4}-\\d{2}-\\d{2}/", ("path:", ("regex", "\\d{4}-\\d{2}-\\d{2}"))),
    ("-tag:#draft", ("NOT", ("tag:", (W, "#draft")))),
    ("unknown:word", (W, "unknown:word")),  # not an operator: a plain word
    # "Search properties"
    ("[aliases]", ("[]", "aliases", None, False, None)),
    ("[aliases:Name]", ("[]", "aliases", (W, "Name"), False, None)),
    ("[aliases:null]", ("[]", "aliases", None, True, None)),
    (
        "[status:Draft OR Published]",
        ("[]", "status", ("OR", (W, "Draft"), (W, "Published")), False, None),
    ),
    ("[status:(a OR b)]", ("[]", "status", ("OR", (W, "a"), (W, "b")), False, None)),
    ("meeting [duration:<5]", ("AND", (W, "meeting"), ("[]", "duration", None, False, ("<", 5.0)))),
    ("[duration:>5]", ("[]", "duration", None, False, (">", 5.0))),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse(query: str, expected: object) -> None:
    assert strip(parse_query(query)) == expected


ERRORS = [
    ('"unclosed', "unclosed quote", 0),
    ("meeting (work", "'(' is never closed", 8),
    ("meeting work)", "unmatched ')'", 12),
    ("/abc", "unclosed regular expression", 0),
    ("OR work", "OR needs a term on each side", 0),
    ("work OR", "OR needs a term on each side", 5),
    ("a - b", "'-' must be followed", 2),
    ("tag: work", "tag: needs a term", 4),
    ("()", "empty parentheses", 0),
    ("[status", "'[' is never closed", 0),
    ("[duration:<abc]", "'<' needs a number", 10),
    ("", "empty query", 0),
]


@pytest.mark.parametrize(("query", "reason", "pos"), ERRORS, ids=[e[0] or "empty" for e in ERRORS])
def test_syntax_errors_point_at_the_place(query: str, reason: str, pos: int) -> None:
    with pytest.raises(SearchSyntaxError) as caught:
        parse_query(query)
    assert caught.value.reason.startswith(reason)
    assert caught.value.pos == pos
    lines = str(caught.value).splitlines()
    assert lines[-1].index("^") - 2 == pos  # the caret sits under the place


# Search.md "Use regular expressions": JavaScript-flavoured; what differs is translated.
REGEXES = [
    ("\\d{4}-\\d{2}-\\d{2}", "2022-01-01", True),
    ("\\d", "٣", False),  # \d is ASCII in JavaScript, Unicode digits in Python
    ("\\w+", "é", False),  # \w is ASCII in JavaScript
    ("a.b", "a\nb", False),
    ("a.b", "a\rb", False),  # . stops at every line terminator in JavaScript
    ("[^]", "\n", True),  # [^] is any character
    ("[]", "x", False),  # [] matches nothing
    ("(?<y>\\d+)-\\k<y>", "12-12", True),  # named groups, JavaScript spelling
    ("a\\/b", "a/b", True),
    ("[[]", "[", True),  # a literal [ inside a class
    ("\\Z", "Z", True),  # an unknown escape is the letter itself
    ("^b$", "a\nb\nc", True),  # lines, as in a note
    ("^b$", "a\r\nb\r\nc", True),  # \r ends a line in JavaScript too
    ("^x", "ax", False),
    ("\\bcafé\\b", "xcafé", False),  # \b is ASCII: x and c are both word characters
    ("é\\b", "éa", True),  # é is not a word character in JavaScript
    ("\\s", "\ufeff", True),  # \s includes U+FEFF
    ("(?<=ab+)c", "abbbc", True),  # variable-width look-behind, as in JavaScript (ES2018)
    ("(?<!ab+)c", "abbbc", False),
]


@pytest.mark.parametrize(("pattern", "text", "found"), REGEXES, ids=[r[0] for r in REGEXES])
def test_javascript_regex_translation(pattern: str, text: str, found: bool) -> None:
    assert (compile_js(pattern, False).search(text) is not None) is found


@pytest.mark.parametrize("pattern", ["\\p{L}", "\\cA", "(?P<x>a)", "(?>a)", "a++", "[abc", "a\\"])
def test_untranslatable_regex_is_refused(pattern: str) -> None:
    with pytest.raises(RegexUnsupported, match="cannot use the regular expression"):
        compile_js(pattern, False)


def test_translation_is_one_pass() -> None:
    assert translate("x" * 10000).count("x") == 10000


@pytest.mark.parametrize(
    ("text", "end"),
    [("/a/", 2), ("/a\\/b/ x", 5), ("/[/]/", 4), ("/[\\]/]/", 6), ("/abc", -1), ("/a\\", -1)],
)
def test_one_reader_finds_where_a_regex_literal_closes(text: str, end: int) -> None:
    """The search language and the Bases lexer read ``/regex/`` with the same function."""
    from vaultkit.search.jsregex import closing_slash

    assert closing_slash(text, 0) == end
