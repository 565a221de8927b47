"""Options typed before a subcommand are honoured, never dropped (issue 13): --vault and
--index after ``vaultkit``, after a group (tags, tag, report, graph) and after the command
give the same answer; a group option a subcommand does not take is refused by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vaultkit.cli import app

runner = CliRunner()

GROUPS = ("tags", "tag", "report", "graph")

# Each command with arguments whose answer depends on the vault it reads.
COMMANDS: list[list[str]] = [
    ["index", "--json"],
    ["notes", "--csv"],
    ["links", "Hub", "--json"],
    ["summarize", "Hub", "--json"],
    ["query", 'TABLE file.name FROM ""'],
    ["report", "meetings", "--json"],
    ["report", "readings", "--json"],
    ["report", "resolutions", "--json"],
    ["tags", "--json"],
    ["tags", "audit", "--json"],
    ["tags", "suggest", "--json", "--min-support", "1"],
    ["tag", "add", "extra", "Hub", "--dry-run", "--json"],
    ["tag", "remove", "common", "--dry-run", "--json"],
    ["tag", "rename", "common", "renamed", "--dry-run", "--json"],
    ["graph", "--json"],
    ["graph", "path", "Other", "Hub", "--json"],
    ["graph", "export", "-", "--format", "json"],
    ["graph", "stats", "--json"],
    ["graph", "dead-ends", "--csv"],
    ["graph", "neighbors", "Hub", "--csv"],
    ["graph", "communities", "--json"],
    ["graph", "hubs", "--csv"],
    ["check", "--json"],
    ["search", "alpha", "--csv"],
    ["base", "--eval", "file.links", "--note", "Other"],
    ["read", "Other", "--csv"],
    ["resolve", "alpha note", "--json"],
]


def _vault(root: Path, word: str) -> Path:
    """A small vault whose every answer names ``word``."""
    (root / ".obsidian").mkdir(parents=True)
    files = {
        "Hub.md": f"# Hub {word}\nAbout {word} and more {word}. #common #{word}\n",
        "Other.md": f"Links to [[{word} note]]. #common\n",
        f"{word} note.md": f"A note on {word}: [[Hub]] and [[{word} missing]].\n",
        "Meetings/2021-01-02 meeting.md": f"# {word} meeting\n#meeting\n## My intervention\n"
        f"- said {word}\n- [ ] follow {word}\n",
        f"Readings/{word} reading.md": f"---\nauthor: {word} Writer\nformat: book\n"
        f"rating: 4\n---\n# {word} reading\n#reading\n",
        f"Resolutions/{word} resolution.md": f"# {word} resolution\n#resolution\n"
        "## 1. One\n## 2. Two\n## 3. Three\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def vaults(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("two")
    return _vault(base / "alpha", "alpha"), _vault(base / "beta", "beta")


def positions(command: list[str], options: list[str]) -> dict[str, list[str]]:
    """The command with ``options`` after ``vaultkit``, after the group (if any) and at
    the end."""
    placed = {"root": [*options, *command], "command": [*command, *options]}
    if command[0] in GROUPS:
        placed["group"] = [command[0], *options, *command[1:]]
    return placed


# What `index` did this time (parsed, seconds...) varies from run to run; what it holds not.
REFRESH = re.compile(
    r'^ *"(parsed|unchanged|added|modified|removed|relinked|rebuilt|jobs|seconds)"'
)


def run(args: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), (args, result.stdout, result.stderr)
    kept = [line for line in result.stdout.splitlines() if not REFRESH.match(line)]
    return result.exit_code, "\n".join(kept)


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_vault_and_index_take_effect_in_every_position(
    command: list[str], vaults: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = vaults
    answer_b = run([*command, "--vault", str(b)])
    answers = {}
    for where, args in positions(command, ["--vault", str(a)]).items():
        answers[where] = run(args)
    assert len(set(answers.values())) == 1, answers
    assert answers["root"] != answer_b
    assert "alpha" in answers["root"][1] and "beta" not in answers["root"][1]
    for where, args in positions(command, ["--vault", str(a), "--index", "IDX"]).items():
        index = tmp_path / f"{where}.sqlite"
        run([str(index) if x == "IDX" else x for x in args])
        assert index.is_file(), f"--index after {where} was ignored"


def test_the_same_option_twice_with_different_values_is_a_usage_error(
    vaults: tuple[Path, Path],
) -> None:
    a, b = vaults
    result = runner.invoke(app, ["--vault", str(a), "tags", "--vault", str(b), "audit"])
    assert result.exit_code == 2
    assert "--vault given twice" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["tags", "--tree", "audit"],
        ["tags", "--sort", "name", "suggest"],
        ["graph", "--top", "3", "path", "a", "b"],
    ],
)
def test_a_group_option_the_subcommand_lacks_is_refused_by_name(
    args: list[str], vaults: tuple[Path, Path]
) -> None:
    result = runner.invoke(app, [*args, "--vault", str(vaults[0])])
    assert result.exit_code == 2
    assert f"{args[1]} is an option of 'vaultkit {args[0]}' itself" in result.stderr


def test_group_filters_are_inherited_by_the_subcommand(vaults: tuple[Path, Path]) -> None:
    a = vaults[0]
    narrowed = run(["tags", "--folder", "Meetings", "audit", "--json", "--vault", str(a)])
    direct = run(["tags", "audit", "--folder", "Meetings", "--json", "--vault", str(a)])
    everything = run(["tags", "audit", "--json", "--vault", str(a)])
    assert narrowed == direct != everything
    as_json = run(["tags", "--json", "audit", "--vault", str(a)])
    assert as_json == everything


def test_bare_vaultkit_prints_help_and_exits_0() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    assert "Usage" in result.stdout and "links" in result.stdout
    short = runner.invoke(app, ["links", "-h"])
    assert short.exit_code == 0 and "--vault" in short.stdout
