"""The example vault's two bases answer as the README shows (Bases syntax.md, "Views";
Views.md, "Sort and group results"); the README's console blocks are the real output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, REPO
from vaultkit.cli import app

runner = CliRunner()
README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("example-bases") / "ix.sqlite"


def run(index_path: Path, *args: str) -> str:
    result = runner.invoke(
        app, ["base", *args, "--vault", str(EXAMPLE_VAULT), "--index", str(index_path)]
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def readme_output(command: str) -> str:
    """The lines the README shows after ``$ command``, up to the next prompt or fence."""
    block = README.split(f"$ {command}\n", 1)[1]
    return re.split(r"\n(?:\$ |```)", block, maxsplit=1)[0] + "\n"


def test_meetings_per_branch(index_path: Path) -> None:
    data = json.loads(run(index_path, "Meetings.base", "--json"))
    assert [g["key"] for g in data["groups"]] == ["Olympia", "Spokane", "Tacoma"]
    assert [len(g["rows"]) for g in data["groups"]] == [4, 4, 4]
    assert data["summaries"]["file.basename"] == 12
    assert all(path.startswith("Meetings/") for path in (r["path"] for r in data["rows"]))


def test_readings_by_rating(index_path: Path) -> None:
    data = json.loads(run(index_path, "Readings.base", "--json"))
    ratings = [r["values"]["formula.stars"] for r in data["rows"]]
    assert ratings[1:3] == ["★★★★★", "★★★★★"] and ratings[-2] == "★★★☆☆"
    assert data["summaries"] == {"formula.year": 2021 - 1849}


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("vaultkit base Readings.base --vault examples/vault", ["Readings.base"]),
        ("vaultkit base Meetings.base --vault examples/vault", ["Meetings.base"]),
        (
            'vaultkit base Readings.base --view "By genre" --csv --vault examples/vault',
            ["Readings.base", "--view", "By genre", "--csv"],
        ),
    ],
)
def test_readme_shows_the_real_output(index_path: Path, command: str, args: list[str]) -> None:
    shown = readme_output(command)
    real = "\n".join(line.rstrip() for line in run(index_path, *args).splitlines()) + "\n"
    assert shown == real
