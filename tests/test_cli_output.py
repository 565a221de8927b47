"""The one output option set (issue 13): every format each command offers works, the
formats agree with each other, conflicting flags are a usage error, machine output is
complete unless --limit is given."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.cli.common import (
    DEFAULT_OUTPUT,
    IndexOption,
    OutputOptions,
    VaultOption,
    adopt_output_options,
)
from vaultkit.render.output import Listing, emit

runner = CliRunner()


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("out") / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Hub.md").write_text("# Hub\n#hub #topic/one\n", encoding="utf-8")
    for n in range(60):
        (root / "Notes").mkdir(exist_ok=True)
        text = f"Note {n} links [[Hub]].\tTabbed.\n#topic/one #n{n % 3}\n"
        (root / "Notes" / f"n{n:02}.md").write_text(text, encoding="utf-8")
    return root


def run(vault: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--vault", str(vault)])
    return result.exit_code, result.stdout, result.stderr


def test_links_machine_output_is_complete_and_the_table_is_capped(vault: Path) -> None:
    code, out, _ = run(vault, "links", "Hub", "--json")
    assert code == 0 and len(json.loads(out)["backlinks"]) == 60
    assert json.loads(out)["hidden_sources"] == 0
    _, table, _ = run(vault, "links", "Hub")
    assert "… and 10 more notes" in table
    _, capped, _ = run(vault, "links", "Hub", "--json", "--limit", "5")
    assert len(json.loads(capped)["backlinks"]) == 5
    _, paths, _ = run(vault, "links", "Hub", "--paths")
    assert len(paths.splitlines()) == 60


def test_formats_agree_on_the_rows(vault: Path) -> None:
    _, as_csv, _ = run(vault, "notes", "--csv")
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert len(rows) == 61
    _, as_tsv, _ = run(vault, "notes", "--tsv", "--no-headers")
    tsv_rows = [line.split("\t") for line in as_tsv.splitlines()]
    assert [r[0] for r in tsv_rows] == [r["path"] for r in rows]
    assert all(len(r) == 5 for r in tsv_rows)
    _, count, _ = run(vault, "notes", "--count")
    assert count == "61\n"
    _, paths, _ = run(vault, "notes", "--paths", "-0")
    assert paths.split("\0")[:-1] == [r["path"] for r in rows] and paths.endswith("\0")
    _, jsonl, _ = run(vault, "notes", "--jsonl")
    _, document, _ = run(vault, "notes", "--json")
    assert json.loads(document) == [json.loads(line) for line in jsonl.splitlines()]


def test_a_list_cell_uses_one_separator_on_every_command(vault: Path) -> None:
    _, notes, _ = run(vault, "notes", "--csv")
    row = next(r for r in csv.DictReader(io.StringIO(notes)) if r["path"] == "Notes/n00.md")
    assert row["tags"] == "topic/one; n0"
    _, suggest, _ = run(vault, "tags", "suggest", "Hub", "--csv")
    assert all(
        ";" in r["signals"] or r["signals"].isalpha() for r in csv.DictReader(io.StringIO(suggest))
    )


def test_tsv_cells_never_hold_a_tab(vault: Path) -> None:
    _, out, _ = run(vault, "links", "Hub", "--tsv")
    lines = out.splitlines()
    width = lines[0].count("\t")
    assert all(line.count("\t") == width for line in lines)
    assert "Tabbed." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["notes", "--json", "--csv"], "--json and --csv cannot be combined"),
        (["notes", "--format", "tsv", "--paths"], "cannot be combined"),
        (["notes", "--count", "--json"], "--count cannot be combined"),
        (["notes", "-0"], "-0 (--null) goes with --paths"),
        (["notes", "--no-headers"], "--no-headers goes with --csv or --tsv"),
        (["notes", "--format", "yaml"], "choose one of table, json"),
        (["index", "--format", "csv"], "choose one of table, json"),
    ],
)
def test_conflicting_or_unknown_output_options_are_usage_errors(
    vault: Path, args: list[str], message: str
) -> None:
    code, _, err = run(vault, *args)
    assert code == 2 and message in err


COMMANDS = [
    ["index"],
    ["notes"],
    ["links", "Hub"],
    ["tags"],
    ["tags", "audit"],
    ["tags", "suggest", "Hub"],
    ["graph"],
    ["graph", "path", "n01", "Hub"],
    ["summarize", "Hub"],
    ["query", 'TABLE file.name FROM "Notes"'],
    ["report", "meetings"],
    ["report", "readings"],
    ["report", "resolutions"],
    ["tag", "add", "x", "Hub", "--dry-run"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_every_format_offered_in_help_works(vault: Path, command: list[str]) -> None:
    group = typer.main.get_command(app)
    cli = group.commands[command[0]]  # type: ignore[attr-defined]
    if command[0] in ("tags", "tag", "report", "graph") and command[1:2] != ["Hub"]:
        cli = cli.commands.get(command[1] if len(command) > 1 else "", cli)
    help_text = next(p.help for p in cli.params if "--format" in p.opts)
    found = re.search(r"Output format: ([a-z, ]+) \(see the README\)", help_text)
    assert found, f"{command} offers no --format"
    formats = [f.strip() for f in found.group(1).split(",")]
    assert formats[0] == "table"
    for fmt in formats:
        code, out, err = run(vault, *command, "--format", fmt)
        assert code in (0, 1), (fmt, err)
        if fmt == "json":
            json.loads(out)
        if fmt == "jsonl":
            [json.loads(line) for line in out.splitlines()]


def test_group_output_flags_reach_the_subcommand(vault: Path) -> None:
    _, before, _ = run(vault, "tags", "--csv", "audit")
    _, after, _ = run(vault, "tags", "audit", "--csv")
    assert before == after and before.startswith("check,path,line,tag,source,message\n")


def test_make_vault_fixture_still_builds(make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "#x"})
    code, out, _ = run(root, "tags", "--count")
    assert code == 0 and out == "1\n"


def test_graph_hubs_in_machine_output_are_complete_unless_top_is_given(
    make_vault: VaultBuilder,
) -> None:
    files = {f"n{i:02}.md": f"[[t{i}]]\n" for i in range(14)}
    files |= {f"t{i}.md": "target\n" for i in range(14)}
    root = make_vault(files)
    assert run(root, "graph", "--count")[1] == "14\n"
    assert run(root, "graph", "--count", "--top", "3")[1] == "3\n"
    _, table, _ = run(root, "graph")
    assert sum(1 for line in table.splitlines() if line.startswith("│ t")) == 10


def test_a_new_command_adopts_the_output_options_with_one_parameter() -> None:
    other = typer.Typer()

    @other.command()
    def rows(output: OutputOptions = DEFAULT_OUTPUT) -> None:
        """A command written by someone else."""
        emit(Listing(("path", "n"), [("a.md", 1), ("b.md", 2)], lambda out: None), output)

    @other.command()
    def plain() -> None:
        """A command without output options."""

    @other.command()
    def late(start: int = 1, vault: VaultOption = None, index: IndexOption = None) -> None:
        """A command whose --vault and --index come after its own options."""
        typer.echo(f"{start} {vault} {index}")

    adopt_output_options(other)
    late_command = typer.main.get_command(other).commands["late"]  # type: ignore[attr-defined]
    assert [p.name for p in late_command.params][:2] == ["vault", "index"]
    assert runner.invoke(other, ["late", "--index", "i", "--start", "3"]).stdout == "3 None i\n"
    assert runner.invoke(other, ["rows", "--tsv", "--no-headers"]).stdout == "a.md\t1\nb.md\t2\n"
    assert runner.invoke(other, ["rows", "--paths", "-0"]).stdout == "a.md\0b.md\0"
    assert runner.invoke(other, ["rows", "--json", "--csv"]).exit_code == 2
    assert runner.invoke(other, ["plain", "--json"]).exit_code == 2  # not adopted: no such option
