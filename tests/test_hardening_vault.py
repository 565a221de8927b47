"""A hostile vault: every bad file gets one clear message and the rest is still read;
killed and concurrent refreshes leave a usable index; nothing reads outside the vault."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.render.core import note_json

runner = CliRunner()


def alias_bomb() -> str:
    lines = ["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        refs = ",".join([f"*{prev}"] * 9)
        lines.append(f"{cur}: &{cur} [{refs}]")
    return "\n".join([*lines, "---", "[[good]] #bomb-body"]) + "\n"


@pytest.fixture
def hostile(make_vault: VaultBuilder, tmp_path: Path) -> Path:
    deep = "/".join(f"d{i}" for i in range(50))
    root = make_vault(
        {
            "good.md": "# Good\nLinks to [[weird #name]] and [[spaced name]].\n",
            "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "latin1.md": "Caf\xe9 au lait [[good]] #latin".encode("latin-1"),
            "huge.md": "word [[good]] " * (20 * 1024 * 1024 // 14),
            "empty.md": "",
            "many-links.md": " ".join(f"[[n{i}]]" for i in range(10_000)),
            "list-frontmatter.md": "---\n- just\n- a list\n---\n[[good]]\n",
            "bomb.md": alias_bomb(),
            "nested.md": "".join("  " * i + "- level [[good]]\n" for i in range(300))
            + "> " * 300
            + "deep quote\n",
            "weird #name.md": "hash in name",
            "spaced name.md": "spaces",
            "ünïcode ñame.md": "[[good]]",
            "pipe|name.md": "pipe",
            "caret^name.md": "caret",
            f"{deep}/bottom.md": "[[good]] #deep",
            # issue 14: one link-dense line, big honest frontmatter (6,000 keys: refused as an
            # alias bomb before), a catastrophic regex; the full sizes (160,000 links, a
            # 100,000-item list) are in test_link_density, test_frontmatter_size and
            # benchmarks/link_density_bench.py, so that the peak-memory test keeps its bound
            "dense-line.md": " ".join(f"[[d{i}]]" for i in range(20_000)) + "\n",
            "big-frontmatter.md": "---\n"
            + "".join(f"key{i}: {i}\n" for i in range(6000))
            + "tags:\n"
            + "".join(f"  - big{i}\n" for i in range(20_000))
            + "---\n[[good]]\n",
            "regex.md": "---\npattern: '(a+)+$'\n---\nprobe:: " + "a" * 60 + "!\n",
        }
    )
    os.mkfifo(root / "pipe.md")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("SECRET [[good]]", encoding="utf-8")
    (root / "escape").symlink_to(outside)
    (root / "escape-note.md").symlink_to(outside / "secret.md")
    (root / "loop").symlink_to(root)
    return root


def test_every_command_survives_a_hostile_vault(hostile: Path, tmp_path: Path) -> None:
    index = str(tmp_path / "ix.sqlite")
    result = runner.invoke(app, ["index", "--vault", str(hostile), "--index", index, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    problems = result.stderr.splitlines()
    by_file = {line.split(": ")[1].split(":")[0] for line in problems}
    assert {"binary.md", "latin1.md", "huge.md", "list-frontmatter.md", "bomb.md"} <= by_file
    assert "escape" in by_file and "escape-note.md" in by_file and "loop" in by_file
    assert "pipe.md" in by_file  # a FIFO named like a note is reported, never opened
    assert "big-frontmatter.md" not in by_file  # big but honest
    # `index` succeeds (exit 0): a note's problem is a warning, never an `error:` line
    assert all(line.startswith("warning: ") for line in problems)
    assert "alias bomb" in result.stderr
    assert "SECRET" not in result.stdout + result.stderr
    assert data["notes"] == 18

    result = runner.invoke(app, ["notes", "--vault", str(hostile), "--index", index, "--jsonl"])
    assert result.exit_code == 0
    notes = {json.loads(line)["path"]: json.loads(line) for line in result.stdout.splitlines()}
    assert "escape/secret.md" not in notes and "escape-note.md" not in notes
    assert len(notes["many-links.md"]["links"]) == 10_000
    assert notes["bomb.md"]["tags"] == ["bomb-body"]
    assert notes["latin1.md"]["tags"] == ["latin"]
    assert len(notes["dense-line.md"]["links"]) == 20_000
    assert len(notes["big-frontmatter.md"]["tags"]) == 20_000
    assert any(p.endswith("/bottom.md") for p in notes)

    result = runner.invoke(
        app, ["links", "good", "--vault", str(hostile), "--index", index, "--json", "--all"]
    )
    assert result.exit_code == 0
    sources = {b["path"] for b in json.loads(result.stdout)["backlinks"]}
    assert {
        "latin1.md",
        "bomb.md",
        "nested.md",
        "ünïcode ñame.md",
        "list-frontmatter.md",
    } <= sources
    assert "huge.md" not in sources  # too large: reported, not read

    # the note's own pattern, catastrophic for a backtracking engine, on its own text
    query = "TABLE regexmatch(pattern, probe) AS hit WHERE pattern"
    result = runner.invoke(
        app, ["query", query, "--vault", str(hostile), "--index", index, "--json"]
    )
    assert result.exit_code == 0, result.output
    assert "regex.md" in result.stdout and "false" in result.stdout

    result = runner.invoke(
        app, ["links", "weird #name", "--vault", str(hostile), "--index", index, "--json"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["path"] == "weird #name.md"


def test_peak_memory_of_the_hostile_index_stays_bounded(hostile: Path, tmp_path: Path) -> None:
    """Measured in a subprocess: the 20 MB file is refused without being held whole."""
    index = tmp_path / "m.sqlite"
    code = (
        "import resource, sys; from pathlib import Path; from vaultkit.index import Index;"
        f"i = Index.open(Path({str(hostile)!r}), Path({str(index)!r})); i.refresh(jobs=1);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    peak_kb = int(out.stdout.strip())
    assert peak_kb < 400_000, peak_kb


def test_unreadable_file_is_reported(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"ok.md": "[[locked]]", "locked.md": "secret"})
    real_open = os.open

    def guarded(path: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if os.fspath(path).endswith("locked.md"):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded)  # CI runs as root: chmod would not stop it
    with Index.open(root, tmp_path / "ix.sqlite") as index:
        index.refresh(jobs=1)
        problems = [(p, pr.code, pr.message) for p, pr in index.problems()]
        assert problems == [("locked.md", "unreadable", "cannot read file: Permission denied")]
        assert index.note("ok.md").links[0].resolved == "locked.md"  # type: ignore[union-attr]


def big_vault(make_vault: VaultBuilder, count: int) -> Path:
    files: dict[str, str | bytes] = {
        f"f{i % 10}/note {i}.md": f"# N{i}\n[[note {(i * 13) % count}]] #t{i % 7}\n" + "text " * 200
        for i in range(count)
    }
    return make_vault(files)


def vk(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "VAULTKIT_NO_PROGRESS": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "vaultkit", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def fresh(root: Path, tmp: Path) -> list[dict[str, object]]:
    with Index.open(root, tmp / f"fresh-{time.monotonic_ns()}.sqlite") as index:
        index.refresh(jobs=1)
        return [note_json(n) for n in index.notes(include_excluded=True)]


def parsed_so_far(index: Path) -> int:
    """Notes committed so far by a running refresh (WAL lets a reader look)."""
    import sqlite3

    if not index.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{index}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_killed_index_is_used_or_finished_by_the_next_command(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = big_vault(make_vault, 3000)
    index = tmp_path / "ix.sqlite"
    proc = vk("index", "--vault", str(root), "--index", str(index), "--jobs", "1")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and parsed_so_far(index) < 500:
        time.sleep(0.02)
    # On a fast, idle machine the refresh may win the race: then there is nothing to kill,
    # and what follows still checks the index (the test must never fail by scheduling).
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    again = vk("index", "--vault", str(root), "--index", str(index), "--json")
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    with Index.open(root, index) as opened:
        opened.refresh()
        assert [note_json(n) for n in opened.notes(include_excluded=True)] == fresh(root, tmp_path)


def test_two_processes_refreshing_at_once(make_vault: VaultBuilder, tmp_path: Path) -> None:
    root = big_vault(make_vault, 800)
    index = tmp_path / "ix.sqlite"
    procs = [vk("index", "--vault", str(root), "--index", str(index), "--json") for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert json.loads(out)["notes"] == 800
    with Index.open(root, index) as opened:
        assert opened.refresh().parsed == 0
        assert [note_json(n) for n in opened.notes(include_excluded=True)] == fresh(root, tmp_path)


def test_unwritable_cache_falls_back_with_a_warning(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    root = make_vault({"a.md": "x"})
    result = runner.invoke(app, ["notes", "--vault", str(root), "--jsonl"])
    assert result.exit_code == 0
    assert "warning: index folder" in result.stderr
    assert json.loads(result.stdout)["path"] == "a.md"


def test_explicit_unusable_index_path_is_an_error(make_vault: VaultBuilder, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    root = make_vault({"a.md": "x"})
    result = runner.invoke(
        app, ["notes", "--vault", str(root), "--index", str(blocker / "ix.sqlite")]
    )
    assert result.exit_code == 2
    assert "cannot open index" in result.stderr
