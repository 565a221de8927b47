"""Docs that cannot go stale: every command has help and a README section; every JSON
shape the README documents is the one the command prints (sqlite-utils' test_docs idea)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer

from tests.conftest import REPO
from vaultkit.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")


def commands(group: Any, prefix: str = "vaultkit") -> Iterator[tuple[str, Any]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, command
        if hasattr(command, "commands"):
            yield from commands(command, path)


ALL = list(commands(typer.main.get_command(app)))


@pytest.mark.parametrize(("path", "command"), ALL, ids=[p for p, _ in ALL])
def test_every_command_has_help_and_a_readme_section(path: str, command: Any) -> None:
    assert (command.help or "").strip(), f"{path} has no help text"
    assert f"`{path}" in README, f"README does not document `{path}`"
    for param in command.params:
        if param.param_type_name == "option" and not param.hidden:
            assert (param.help or "").strip(), f"{path} {param.opts[0]} has no help text"


def test_readme_quick_start_is_two_commands_and_ci_runs_its_test_command() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0].strip() for b in quick.split("```bash\n")[1:]]
    assert len(blocks) == 2
    assert "vaultkit links" in blocks[0] and "examples/vault" in blocks[0]
    test_command = blocks[1].split("&&")[-1].strip()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci
