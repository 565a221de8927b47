"""Reading .base YAML (obsidian-help en/Bases/Bases syntax.md: "Filters", "Formulas",
"Properties", "Summaries", "Views"): the parts, property ids, and errors that name the file
and line."""

from __future__ import annotations

import pytest

from vaultkit.bases.errors import BaseFileError, BaseSyntaxError, UnknownView
from vaultkit.bases.loader import FilterGroup, load_base, property_id

EXAMPLE = """\
filters:
  or:
    - file.hasTag("tag")
    - and:
        - file.hasTag("book")
        - file.hasLink("Textbook")
    - not:
        - file.hasTag("book")
        - file.inFolder("Required Reading")
formulas:
  formatted_price: 'if(price, price.toFixed(2) + " dollars")'
  ppu: "(price / age).toFixed(2)"
properties:
  status:
    displayName: Status
  formula.formatted_price:
    displayName: "Price"
  file.ext:
    displayName: Extension
summaries:
  customAverage: 'values.mean().round(3)'
views:
  - type: table
    name: "My table"
    limit: 10
    groupBy:
      property: note.age
      direction: DESC
    filters:
      and:
        - 'status != "done"'
        - or:
            - "formula.ppu > 5"
            - "price > 2.1"
    order:
      - file.name
      - file.ext
      - note.age
      - formula.ppu
      - formula.formatted_price
    summaries:
      formula.ppu: Average
"""


def test_the_documented_example_loads() -> None:
    # Bases syntax.md, "Example": every section of the documented base.
    base = load_base(EXAMPLE, "example.base")
    assert isinstance(base.filters, FilterGroup) and base.filters.op == "or"
    ops = [i.op if isinstance(i, FilterGroup) else str(i) for i in base.filters.items]
    assert ops == ['file.hasTag("tag")', "and", "not"]
    assert base.formulas["ppu"] == "(price / age).toFixed(2)" and base.formulas["ppu"].line == 12
    assert base.summaries["customAverage"] == "values.mean().round(3)"
    view = base.view(None)
    assert (view.name, view.type, view.limit) == ("My table", "table", 10)
    assert view.group_by == ("note.age", True)
    order = ["file.name", "file.ext", "note.age", "formula.ppu", "formula.formatted_price"]
    assert view.order == order
    assert view.summaries == {"formula.ppu": "Average"}
    names = [base.display_name(p) for p in ["note.status", *view.order]]
    assert names == ["Status", "name", "Extension", "age", "ppu", "Price"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("status", "note.status"),
        ("note.status", "note.status"),
        ("file.name", "file.name"),
        ("formula.x", "formula.x"),
        (" rating ", "note.rating"),
    ],
)
def test_property_ids(written: str, expected: str) -> None:
    assert property_id(written) == expected


def test_sort_accepts_the_apps_shape_and_bare_names() -> None:
    base = load_base(
        "views:\n  - name: V\n    sort:\n      - property: rating\n        direction: DESC\n"
        "      - file.name\n",
        "s.base",
    )
    assert base.views[0].sort == [("note.rating", True), ("file.name", False)]


def test_layout_settings_are_kept_and_ignored() -> None:
    base = load_base("views:\n  - type: cards\n    name: C\n    image: note.cover\n", "c.base")
    assert base.views[0].settings == {"image": "note.cover"}


def test_an_empty_base_is_one_view_of_every_file() -> None:
    base = load_base("", "empty.base")
    assert base.filters is None and base.view(None).name == "Table"


def test_an_unknown_view_names_the_views() -> None:
    base = load_base("views:\n  - name: A\n  - name: B\n", "v.base")
    with pytest.raises(UnknownView, match=r"v\.base has no view named 'C' \(views: 'A', 'B'\)"):
        base.view("C")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("views: [", "x.base:2: not valid YAML"),
        ("- a\n- b\n", "x.base: a base is a YAML mapping"),
        ("views: 3\n", "views must be a list"),
        ("filters:\n  maybe: []\n", "a filter group holds one of and, or, not (found maybe)"),
        ("formulas: [a]\n", "formulas must be a mapping"),
        ("formulas:\n  a: [1]\n", "formula a must be an expression written as a string"),
        ("views:\n  - name: V\n    limit: -1\n", "limit of view 'V' must be a whole number"),
        ("views:\n  - name: V\n    sort: [{direction: ASC}]\n", "each sort of view 'V' needs"),
        ("views:\n  - name: V\n    groupBy: {direction: ASC}\n", "groupBy of view 'V' needs"),
        ("views:\n  - name: V\n    order: file.name\n", "order of view 'V' must be a list"),
    ],
)
def test_invalid_bases_are_errors_naming_the_file(text: str, message: str) -> None:
    with pytest.raises(BaseFileError) as caught:
        load_base(text, "x.base")
    assert message in str(caught.value)


def test_a_bad_expression_names_the_line_in_the_file() -> None:
    # A ```base block starting on line 10 of a note: lines count from the note's first line.
    with pytest.raises(BaseSyntaxError) as caught:
        load_base("formulas:\n  ok: '1'\n  bad: 'price * (2'\n", "Note.md", first_line=10)
    text = str(caught.value)
    assert text.startswith("Note.md:12: in formula 'bad': expected ')'")
    assert text.endswith("(column 11)\n  price * (2\n" + " " * 12 + "^")


def test_formula_cycles_are_found_before_any_file_is_read() -> None:
    with pytest.raises(BaseFileError, match="formula 'x' refers to itself: x -> x"):
        load_base("formulas:\n  x: 'formula.x + 1'\n", "c.base")
    with pytest.raises(BaseFileError, match="a -> b -> a"):
        load_base("formulas:\n  a: 'formula[\"b\"]'\n  b: 'formula.a'\n", "c.base")
