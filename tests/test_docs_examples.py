"""The README's console examples are real output (issue 13): each `$ vaultkit ...` line is run
on the example vault and what it prints must be what the README shows (a line `…` alone
stands for lines left out; stderr lines may be shown among stdout's). Commands that write
(`--yes`) are not run. `VAULTKIT_WRITE_README=1 pytest tests/test_docs_examples.py` rewrites
the examples that have no `…` with the real output. Only commands on the example vault
that end by themselves are run (not `watch`, `mcp`)."""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from vaultkit.cli import app

README = REPO / "README.md"
SECONDS = re.compile(r"\d+\.\d+ s\b")
INDEX_PATH = re.compile(r"^index /\S+\.sqlite$")
"""Where the index lives depends on the machine: any absolute path matches."""


def _normal(line: str) -> str:
    return INDEX_PATH.sub("index PATH", SECONDS.sub("N s", line))


@dataclass
class Example:
    command: str
    shown: list[str]
    start: int
    """Line index of the first output line in README."""


def examples(text: str) -> list[Example]:
    lines = text.split("\n")
    found: list[Example] = []
    inside = False
    current: Example | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("```console"):
            inside = True
        elif line.startswith("```") and inside:
            inside = False
            current = None
        elif inside and line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\"):
                index += 1
                command = command[:-1] + lines[index].strip()
            current = Example(command, [], index + 1)
            found.append(current)
        elif inside and current is not None:
            current.shown.append(line)
        index += 1
    for example in found:
        while example.shown and not example.shown[-1]:
            example.shown.pop()
    return found


ALL = [e for e in examples(README.read_text(encoding="utf-8")) if e.command.startswith("vaultkit")]


def run(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """Run one README command in process; `| head -N`, `| tail -N`, `< /dev/null` honoured."""
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    words = shlex.split(command)
    pipe: list[str] = []
    if "|" in words:
        at = words.index("|")
        words, pipe = words[:at], words[at + 1 :]
    if "<" in words:
        words = words[: words.index("<")]
    if "--out" in words[:-1]:  # a file the example writes goes to tmp_path, not the checkout
        at = words.index("--out") + 1
        words[at] = str(tmp_path / words[at])
    result = CliRunner().invoke(app, words[1:])
    out = result.stdout.splitlines()
    if pipe[:1] == ["head"]:
        out = out[: int(pipe[1].lstrip("-n"))]
    elif pipe[:1] == ["tail"]:
        out = out[-int(pipe[1].lstrip("-n")) :]
    return "\n".join(out), result.stderr


def matches(shown: list[str], printed: list[str], errors: set[str]) -> bool:
    """Whether ``shown`` is ``printed`` with some stderr lines among it and ``…`` gaps."""
    shown = [_normal(line) for line in shown if line not in errors]
    printed = [_normal(line) for line in printed]
    pattern = "".join(r"(?:.*\n)*?" if line == "…" else re.escape(line) + r"\n" for line in shown)
    return re.fullmatch(pattern, "".join(p + "\n" for p in printed)) is not None


@pytest.mark.parametrize("example", ALL, ids=[e.command[:60] for e in ALL])
def test_readme_console_example_is_real_output(
    example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "--yes" in example.command:
        pytest.skip("writes to the example vault")
    if "--vault examples/vault" not in example.command or example.command.split()[1] in (
        "watch",
        "mcp",
    ):
        pytest.skip("not a command on the example vault that ends by itself")
    out, err = run(example.command, tmp_path, monkeypatch)
    errors = set(err.splitlines())
    printed = out.split("\n") if out else []
    if os.environ.get("VAULTKIT_WRITE_README") and "…" not in example.shown:
        _rewrite(example, printed + [e for e in err.splitlines() if e in example.shown])
        return
    assert matches(example.shown, printed, errors), "\n".join(printed)


def _rewrite(example: Example, lines: list[str]) -> None:
    fresh = next(
        e for e in examples(README.read_text(encoding="utf-8")) if e.command == example.command
    )
    text = README.read_text(encoding="utf-8").split("\n")
    text[fresh.start : fresh.start + len(fresh.shown)] = lines
    README.write_text("\n".join(text), encoding="utf-8")
