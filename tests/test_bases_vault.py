"""A fixture vault of our own (tests/fixtures/bases/vault) with several bases, run through the
real CLI; expected rows worked out by hand from the notes. Sources: obsidian-help
en/Bases/Bases syntax.md ("Filters", "Formulas", "Properties", "Summaries", "Views", "File
properties", "Access properties with this"), Views.md ("Sort and group results", "Limit",
"Embed a view"), Layouts/Table view.md ("Summaries")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES, VaultBuilder
from vaultkit.cli import app

VAULT = FIXTURES / "bases" / "vault"
runner = CliRunner()

ALPHA, BETA, GAMMA = "projects/Alpha.md", "projects/Beta.md", "projects/Gamma.md"
DELTA, CARA, DEV = "projects/sub/Delta.md", "people/Cara.md", "people/Dev.md"


def link(path: str, display: str | None = None, subpath: str | None = None) -> dict[str, Any]:
    return {"type": "link", "path": path, "display": display, "subpath": subpath}


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bases") / "ix.sqlite"


def run(index_path: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["base", *args, "--vault", str(VAULT), "--index", str(index_path)])
    return result.exit_code, result.stdout, result.stderr


def base_json(index_path: Path, base: str, view: str) -> dict[str, Any]:
    code, out, err = run(index_path, str(VAULT / base), "--view", view, "--json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


# (base, view, expected paths in order, expected values by column in row order,
#  expected summaries, expected groups or None)
CASES: list[tuple[str, str, list[str], dict[str, list[Any]], dict[str, Any], Any]] = [
    (
        # global filters ANDed (inFolder includes sub-folders), formulas over formulas
        "Projects.base",
        "All",
        [ALPHA, BETA, DELTA, GAMMA],
        {
            "note.status": ["active", "done", "paused", "active"],
            "formula.cost": [2400, 3101, 0, 0],
            "formula.double_cost": [4800, 6202, 0, 0],
            "formula.label": ["Alpha (active)", "Beta (done)", "Delta (paused)", "Gamma (active)"],
        },
        {"formula.cost": 5501, "note.budget": (1200 + 1550.5 + 0) / 3},
        None,
    ),
    (
        # a view filter on top of the global ones; sort DESC; links through asFile()
        "Projects.base",
        "Active by priority",
        [GAMMA, ALPHA],
        {"note.priority": [3, 1], "formula.owner_name": [None, "Cara"]},
        {},
        None,
    ),
    (
        # groupBy: groups in key order, each with its summaries; summaries over all rows
        "Projects.base",
        "By status",
        [ALPHA, BETA, DELTA, GAMMA],
        {"note.budget": [1200, 1550.5, 0, None]},
        {"note.budget": 2750.5},
        [
            {"key": "active", "rows": [ALPHA, GAMMA], "summaries": {"note.budget": 1200}},
            {"key": "done", "rows": [BETA], "summaries": {"note.budget": 1550.5}},
            {"key": "paused", "rows": [DELTA], "summaries": {"note.budget": 0}},
        ],
    ),
    (
        # limit after sort; a missing value sorts last; a cards view's image setting ignored
        "Projects.base",
        "Top two by budget",
        [BETA, ALPHA],
        {"note.budget": [1550.5, 1200]},
        {},
        None,
    ),
    (
        # dates from frontmatter, date - date in milliseconds, Earliest and Max summaries
        "Projects.base",
        "Due",
        [BETA, DELTA, ALPHA],
        {
            "note.due": ["2025-01-15T09:30:00", "2025-02-10", "2025-03-01"],
            "formula.due_in": [14 + 9.5 / 24, 40, 59],
        },
        {"note.due": "2025-01-15T09:30:00", "formula.due_in": 59},
        None,
    ),
    (
        # a failing formula is an error in its cell; the command succeeds
        "Projects.base",
        "Errors",
        [ALPHA, GAMMA],
        {"formula.broken": [{"error": "unknown function missing_function()"}] * 2},
        {},
        None,
    ),
    (
        # every file of the vault, attachments and bases too; file.name/basename/folder/ext
        "Files.base",
        "Every file",
        [
            "attachments/diagram.png",
            "Broken.base",
            "Cycle.base",
            "Dashboard.md",
            "Files.base",
            CARA,
            DEV,
            "Projects.base",
            ALPHA,
            BETA,
            GAMMA,
            DELTA,
            "Summaries.base",
        ],
        {
            "file.name": [
                *("diagram.png", "Broken.base", "Cycle.base", "Dashboard.md", "Files.base"),
                *("Cara.md", "Dev.md", "Projects.base", "Alpha.md", "Beta.md", "Gamma.md"),
                *("Delta.md", "Summaries.base"),
            ],
            "file.basename": [
                *("diagram", "Broken", "Cycle", "Dashboard", "Files", "Cara", "Dev"),
                *("Projects", "Alpha", "Beta", "Gamma", "Delta", "Summaries"),
            ],
            "file.folder": [
                *("attachments", "/", "/", "/", "/", "people", "people", "/", "projects"),
                *("projects", "projects", "projects/sub", "/"),
            ],
            "file.ext": [
                *("png", "base", "base", "md", "base", "md", "md", "base", "md", "md", "md"),
                *("md", "base"),
            ],
        },
        {},
        None,
    ),
    (
        # file.size and file.backlinks of an attachment
        "Files.base",
        "Attachments",
        ["attachments/diagram.png"],
        {"file.size": [8], "file.backlinks": [[link(CARA), link(BETA)]]},
        {},
        None,
    ),
    (
        # file.links (body and frontmatter, unresolved by their text), file.embeds, file.tags
        "Files.base",
        "Links",
        ["Dashboard.md", CARA, ALPHA, BETA, GAMMA],
        {
            "file.links": [
                [],
                [link(ALPHA)],
                [link(CARA), link(BETA)],
                [link(DEV)],
                [link("Nobody"), link(ALPHA), link(ALPHA, "the risks", "Risks")],
            ],
            "file.embeds": [
                [link("Projects.base", None, "By status")],
                [link("attachments/diagram.png")],
                [],
                [link("attachments/diagram.png")],
                [],
            ],
            "file.tags": [[], [], ["#project", "#urgent"], ["#project/archived"], ["#project"]],
        },
        {},
        None,
    ),
    (
        # hasProperty, mtime/ctime comparisons with date() and now(), file.properties
        "Files.base",
        "People",
        [CARA, DEV],
        {
            "file.properties": [{"role": "organizer", "aliases": ["C"]}, {"role": "member"}],
            "file.backlinks": [[link(ALPHA)], [link(BETA)]],
        },
        {},
        None,
    ),
    (
        # hasTag: any of several tags, any case, from body or frontmatter
        "Files.base",
        "Tagged",
        [ALPHA, DELTA],
        {"file.tags": [["#project", "#urgent"], ["#project", "#Urgent"]]},
        {},
        None,
    ),
    (
        # Average, Median, Range of dates (ms), Checked, Unchecked, Unique
        "Summaries.base",
        "Every summary",
        [ALPHA, BETA, GAMMA, DELTA],
        {"formula.has_budget": [True, True, False, True], "note.done": [False, True, False, None]},
        {
            "note.budget": (1200 + 1550.5) / 3,
            "note.priority": 2,
            "note.due": (44 * 24 + 14.5) * 3_600_000,
            "note.done": 1,
            "formula.has_budget": 1,
            "note.status": 3,
        },
        None,
    ),
    (
        # Stddev (population) and Min
        "Summaries.base",
        "Numbers",
        [ALPHA, BETA, GAMMA, DELTA],
        {"note.priority": [1, 2, 3, 2]},
        {"note.budget": pytest.approx(663.9026451387449), "note.priority": 1},
        None,
    ),
    (
        # Max, Range of numbers, Empty
        "Summaries.base",
        "More numbers",
        [ALPHA, BETA, GAMMA, DELTA],
        {"note.owner": [link(CARA), link(DEV), link("Nobody"), None]},
        {"note.budget": 1550.5, "note.priority": 2, "note.owner": 1},
        None,
    ),
    (
        # Filled, Latest, and a custom summary formula over values
        "Summaries.base",
        "Counts",
        [ALPHA, BETA, GAMMA, DELTA],
        {"note.budget": [1200, 1550.5, None, 0]},
        {"note.owner": 3, "note.due": "2025-03-01", "note.budget": 5501},
        None,
    ),
]


@pytest.mark.parametrize(
    ("base", "view", "paths", "columns", "summaries", "groups"),
    CASES,
    ids=[f"{b}#{v}" for b, v, *_ in CASES],
)
def test_view_rows(
    index_path: Path,
    base: str,
    view: str,
    paths: list[str],
    columns: dict[str, list[Any]],
    summaries: dict[str, Any],
    groups: Any,
) -> None:
    data = base_json(index_path, base, view)
    assert data["view"] == view
    assert [row["path"] for row in data["rows"]] == paths
    for column, values in columns.items():
        assert [row["values"][column] for row in data["rows"]] == values, column
    assert data["summaries"] == summaries
    if groups is None:
        assert "groups" not in data
    else:
        assert data["groups"] == groups


def test_json_shape_columns_and_display_names(index_path: Path) -> None:
    data = base_json(index_path, "Projects.base", "All")
    assert list(data) == ["view", "columns", "rows", "summaries"]
    assert data["columns"] == [
        {"id": "file.basename", "name": "Project"},
        {"id": "note.status", "name": "Status"},
        {"id": "formula.cost", "name": "Cost"},
        {"id": "formula.double_cost", "name": "double_cost"},
        {"id": "formula.label", "name": "label"},
    ]
    assert set(data["rows"][0]["values"]) == {c["id"] for c in data["columns"]}


def test_first_view_by_default_and_list_views(index_path: Path) -> None:
    code, out, _ = run(index_path, str(VAULT / "Projects.base"), "--json")
    assert code == 0 and json.loads(out)["view"] == "All"
    code, out, _ = run(index_path, "Projects.base", "--list-views")  # a vault path works too
    assert code == 0
    assert out.splitlines()[:4] == [
        "All\ttable",
        "Active by priority\ttable",
        "By status\ttable",
        "Top two by budget\tcards",
    ]


def test_unknown_view_is_an_error_naming_it(index_path: Path) -> None:
    code, out, err = run(index_path, "Projects.base", "--view", "Nope")
    assert code == 2 and out == ""
    assert "no view named 'Nope'" in err and "'All'" in err


def test_formula_cycle_is_an_error_naming_it(index_path: Path) -> None:
    # Formulas.md, "Reference other formulas": no circular references.
    code, _, err = run(index_path, "Cycle.base")
    assert code == 2
    assert "Cycle.base:" in err and "a -> b -> c -> a" in err


def test_bad_expression_names_file_line_and_column(index_path: Path) -> None:
    code, _, err = run(index_path, "Broken.base")
    assert code == 2
    assert "Broken.base:4: in filters: expected a value" in err
    assert "status ==" in err and err.rstrip().endswith("^")


def test_invalid_yaml_names_the_file(index_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.base"
    bad.write_text("views:\n  - name: [unclosed\n", encoding="utf-8")
    code, _, err = run(index_path, str(bad))
    assert code == 2 and "bad.base:" in err and "not valid YAML" in err


def test_note_runs_its_base_blocks_and_embeds_with_this_the_note(index_path: Path) -> None:
    # Bases syntax.md, "Access properties with this"; Views.md, "Embed a view".
    code, out, err = run(index_path, "Dashboard", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["path"] == "Dashboard.md"
    block, embed = data["bases"]
    assert block["line"] == 6 and block["result"]["view"] == "Focus"
    assert [r["path"] for r in block["result"]["rows"]] == [GAMMA, ALPHA]  # status == this.focus
    assert embed["source"] == "Dashboard.md:17: ![[Projects.base#By status]]"
    assert embed["result"]["view"] == "By status"
    assert [g["key"] for g in embed["result"]["groups"]] == ["active", "done", "paused"]


def test_this_in_a_note_block_finds_what_links_to_the_note(index_path: Path) -> None:
    # Bases syntax.md: file.hasLink(this.file) replicates the backlinks pane; a frontmatter
    # link counts (file.links includes frontmatter).
    code, out, _ = run(index_path, "people/Cara.md", "--paths")
    assert code == 0 and out == ALPHA + "\n"


def test_eval_against_a_note(index_path: Path) -> None:
    code, out, _ = run(index_path, "--eval", "formula_free + status", "--note", "Alpha")
    assert code == 0 and out == "active\n"
    code, out, _ = run(index_path, "--eval", "this.owner == link('Cara')", "--note", "Alpha")
    assert out == "true\n"
    code, out, _ = run(index_path, "--eval", "owner.asFile().file.folder", "--note", "Alpha")
    assert out == "people\n"
    code, out, _ = run(index_path, "--eval", "due + '1M'", "--note", "Alpha", "--json")
    assert json.loads(out) == {"value": "2025-04-01", "type": "date"}


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("--csv", "Project,Status,Cost\nBeta,done,3101\nAlpha,active,2400\n"),
        ("--tsv", "Project\tStatus\tCost\nBeta\tdone\t3101\nAlpha\tactive\t2400\n"),
        (
            "--md",
            "| Project | Status | Cost |\n| --- | --- | --- |\n"
            "| Beta | done | 3101 |\n| Alpha | active | 2400 |\n",
        ),
        ("--paths", f"{BETA}\n{ALPHA}\n"),
        # the shared output options (README "Output options")
        (
            "--format md",
            "| Project | Status | Cost |\n| --- | --- | --- |\n"
            "| Beta | done | 3101 |\n| Alpha | active | 2400 |\n",
        ),
        ("--tsv --no-headers", "Beta\tdone\t3101\nAlpha\tactive\t2400\n"),
        ("--paths -0", f"{BETA}\0{ALPHA}\0"),
        ("--count", "2\n"),
        (
            "--jsonl",
            "".join(
                f'{{"path": "{path}", "values": {{"file.basename": "{name}", "note.status":'
                f' "{status}", "formula.cost": {cost}}}}}\n'
                for path, name, status, cost in (
                    (BETA, "Beta", "done", 3101),
                    (ALPHA, "Alpha", "active", 2400),
                )
            ),
        ),
    ],
)
def test_text_outputs(index_path: Path, tmp_path: Path, option: str, expected: str) -> None:
    base = tmp_path / "out.base"
    base.write_text(
        "filters: 'budget > 100'\nformulas:\n  cost: 'budget * 2'\n"
        "properties:\n  file.basename: {displayName: Project}\n  status: {displayName: Status}\n"
        "  formula.cost: {displayName: Cost}\n"
        "views:\n  - type: table\n    name: T\n    order: [file.basename, status, formula.cost]\n"
        "    sort: [{property: budget, direction: DESC}]\n",
        encoding="utf-8",
    )
    code, out, _ = run(index_path, str(base), *option.split())
    assert code == 0 and out == expected


def test_table_on_a_terminal_shows_groups_and_summaries(index_path: Path) -> None:
    code, out, _ = run(index_path, "Projects.base", "--view", "By status")
    assert code == 0
    for text in ("By status (4)", "active (2)", "done (1)", "paused (1)", "Summary", "2750.5"):
        assert text in out


def test_a_failing_filter_leaves_files_out_with_one_warning(
    index_path: Path, tmp_path: Path
) -> None:
    base = tmp_path / "warn.base"
    base.write_text(
        "filters:\n  and:\n    - 'file.inFolder(\"projects\")'\n"
        "    - 'budget.toFixed(1) != nope()'\n",
        encoding="utf-8",
    )
    code, out, err = run(index_path, str(base), "--paths")
    assert code == 0 and out == ""
    assert "warn.base:4: filter 'budget.toFixed(1) != nope()' failed on 4 files (left out)" in err
    assert "unknown function nope()" in err


def test_the_paths_of_every_base_a_note_shows(index_path: Path) -> None:
    code, out, _ = run(index_path, "Dashboard", "--paths")
    assert code == 0 and out.splitlines() == [GAMMA, ALPHA, ALPHA, BETA, DELTA, GAMMA]


def test_a_note_whose_embed_fails_exits_2_after_the_others(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "Bad.base": "views: [\n",
            "Note.md": "![[Bad.base]]\n\n```base\nfilters: 'file.ext == \"md\"'\n```\n",
        }
    )
    result = runner.invoke(
        app, ["base", "Note", "--paths", "--vault", str(root), "--index", str(tmp_path / "i")]
    )
    assert result.exit_code == 2
    assert result.stdout == "Note.md\n"
    assert "error: Note.md:1: ![[Bad.base]]: Bad.base:2: not valid YAML" in result.stderr
