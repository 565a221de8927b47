"""Terminal manners (issue 13): off a terminal no wrapping, padding or trailing spaces; on
a terminal its width; a closed pipe ends quietly with 0; the progress bar renders."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.cli.common import progress_bar
from vaultkit.render import console

runner = CliRunner()
LONG = "Folder with a long name/" + "a-very-long-note-name-" * 6 + "end.md"


@pytest.mark.parametrize(
    "args",
    [
        ["notes"],
        ["links", "Hub"],
        ["tags"],
        ["graph"],
        ["report", "meetings"],
        ["summarize", "Hub"],
    ],
)
def test_off_a_terminal_nothing_wraps_or_pads(make_vault: VaultBuilder, args: list[str]) -> None:
    root = make_vault(
        {
            "Hub.md": "# Hub\n#meeting #topic\n## My intervention\n- a point\n",
            LONG: "Links [[Hub]] with a long line of text " * 4 + "\n#topic\n",
        }
    )
    result = runner.invoke(app, [*args, "--vault", str(root)])
    assert result.exit_code in (0, 1), result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line == line.rstrip() for line in lines)
    if args[0] in ("notes", "links"):
        assert any(LONG in line for line in lines)  # grep finds the whole path


def test_on_a_terminal_the_terminal_width_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vaultkit.render.is_terminal", lambda stream: True)
    monkeypatch.setenv("COLUMNS", "61")
    assert console().width == 61
    monkeypatch.setattr("vaultkit.render.is_terminal", lambda stream: False)
    assert console().width > 10_000


def test_the_progress_bar_renders_its_description() -> None:
    buffer = io.StringIO()
    from rich.console import Console

    out = Console(file=buffer, force_terminal=True, width=80, markup=False, color_system=None)
    bar = progress_bar(out)
    bar.start()
    task = bar.add_task("Indexing", total=400)
    bar.update(task, completed=100)
    bar.refresh()
    bar.stop()
    text = buffer.getvalue()
    assert "Indexing" in text and "100/400" in text
    assert "[progress.description]" not in text


def test_summarize_notices_go_to_stderr(make_vault: VaultBuilder) -> None:
    root = make_vault({"Plain.md": "# Plain\nJust [[a]] note, of no kind. #x\n"})
    result = runner.invoke(app, ["summarize", "Plain", "--vault", str(root)])
    assert result.exit_code == 0
    assert "note: Plain.md: a note of no kind" in result.stderr
    assert "note:" not in result.stdout


def test_a_closed_pipe_ends_quietly_with_0(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    padding = "word " * 200
    for n in range(300):
        (root / f"note {n:03}.md").write_text(f"---\ntitle: {n} {padding}\n---\n", "utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "VAULTKIT_NO_PROGRESS": "1"}
    command = [sys.executable, "-m", "vaultkit", "notes", "--jsonl", "--vault", str(root)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # what `| head -1` does
    err = process.stderr.read()
    assert process.wait(timeout=120) == 0, err
    assert first.startswith(b'{"path": "note 000.md"')
    assert b"Traceback" not in err and b"BrokenPipe" not in err and b"Exception" not in err


@pytest.mark.parametrize("command", [["links", "a"], ["tags"], ["notes"]])
def test_a_pipe_closed_before_a_short_answer_is_written_ends_with_0(
    tmp_path: Path, command: list[str]
) -> None:
    """A short answer reaches the pipe only when stdout is flushed, after the command:
    Click exits 1 for the broken pipe there; vaultkit still ends quietly with 0."""
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "a.md").write_text("# A\n#x\n", "utf-8")
    (root / "b.md").write_text("[[a]] #x\n", "utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "VAULTKIT_NO_PROGRESS": "1"}
    read, write = os.pipe()
    os.close(read)  # the reader is gone before vaultkit has even started
    process = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", *command, "--vault", str(root)],
        stdout=write,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    os.close(write)
    err = process.stderr.read() if process.stderr else b""
    assert process.wait(timeout=120) == 0, err
    assert b"Traceback" not in err and b"BrokenPipe" not in err
