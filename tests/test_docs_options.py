"""Every command's help agrees with the README (issue 13): --vault and --index on every
command, in the same place; the output options each command offers are the README's
"Output options", and its --format help lists exactly the formats it has flags for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer

from tests.conftest import REPO
from vaultkit.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README.split("### Output options", 1)[1].split("\n### ", 1)[0]
OUTPUT_OPTIONS = {"--format", "--json", "--jsonl", "--csv", "--tsv", "--paths", "--null", "-0"}
OUTPUT_OPTIONS |= {"--no-headers", "--count"}


def commands(group: Any, prefix: str = "vaultkit") -> Iterator[tuple[str, Any]]:
    for name, command in sorted(group.commands.items()):
        yield f"{prefix} {name}", command
        if hasattr(command, "commands"):
            yield from commands(command, f"{prefix} {name}")


ROOT = typer.main.get_command(app)
ALL = [("vaultkit", ROOT), *commands(ROOT)]


def options(command: Any) -> list[str]:
    return [opt for p in command.params if p.param_type_name == "option" for opt in p.opts]


@pytest.mark.parametrize(("path", "command"), ALL, ids=[p for p, _ in ALL])
def test_every_command_takes_vault_and_index_first(path: str, command: Any) -> None:
    names = [p.opts[0] for p in command.params if p.param_type_name == "option"]
    assert "--vault" in names and "--index" in names, path
    # in the same place in every help: the first options after the arguments
    assert names[:2] == ["--vault", "--index"], f"{path}: {names}"


def test_the_readme_documents_every_output_option() -> None:
    for option in OUTPUT_OPTIONS:
        assert f"`{option}" in SECTION, f"README 'Output options' lacks {option}"


@pytest.mark.parametrize(("path", "command"), ALL, ids=[p for p, _ in ALL])
def test_output_options_agree_with_the_format_help(path: str, command: Any) -> None:
    offered = [o for o in options(command) if o in OUTPUT_OPTIONS]
    if path == "vaultkit graph export":  # its --format is the file format of the export
        return
    if "--format" not in offered:  # a command that prints JSON only has --json alone
        return
    helps = {o: p.help for p in command.params for o in p.opts}
    found = re.search(r"Output format: ([a-z, ]+) \(see the README\)", helps["--format"])
    assert found, path
    formats = [f.strip() for f in found.group(1).split(",")]
    flags = [f for f in formats if f not in ("table", "md", "text")]  # formats without a flag
    assert sorted(f"--{f}" for f in flags) == sorted(
        o for o in offered if o in ("--json", "--jsonl", "--csv", "--tsv", "--paths")
    ), path
    for fmt in formats:
        assert f"`--format {fmt}`" in SECTION or (fmt == "table" and "`--format table`" in SECTION)
