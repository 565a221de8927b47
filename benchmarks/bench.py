"""Benchmark the vaultkit CLI against baselines on generated vaults.

Usage::

    python benchmarks/bench.py [--sizes 1000,10000] [--large] [--repeat 3] [--jobs N]
                               [--skip-obsidiantools] [--json [PATH]]

Every command runs as a real subprocess (interpreter start and imports included), the
baselines too, and every figure is the median of ``--repeat`` runs taken in interleaved
rounds, so machine noise hits vaultkit and its baselines alike. obsidiantools runs once.
Vaults come from ``genvault.py`` and are cached (keyed by size, seed and generator version);
each run works on a fresh copy. See benchmarks/README.md for what each row means.

Nothing here asserts on timings: targets are printed next to the figures as PASS/MISS.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import genvault

try:
    import psutil
except ImportError:  # peak RSS of the process tree is then not measured
    psutil = None

MB = 1_000_000
DEFAULT_TIMEOUT = 1800.0
UNSUPPORTED = ("No such command", "unexpected extra argument")
NO_OPTION = "No such option"

# --------------------------------------------------------------------------- running


@dataclass
class Run:
    """One finished subprocess: wall time, CPU time and memory of its whole process tree."""

    argv: list[str]
    wall: float
    cpu: float
    maxrss_mb: float
    tree_rss_mb: float | None
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        """vaultkit exits 0 (ok) or 1 (findings); 2 and up are errors."""
        return self.returncode in (0, 1)

    def error_text(self) -> str:
        """stderr with rich's box drawing and line wrapping undone."""
        return " ".join(self.stderr.replace("│", " ").split())

    def unsupported(self) -> bool:
        return self.returncode == 2 and any(m in self.error_text() for m in UNSUPPORTED)


def _tree_rss(root: Any) -> int:
    total = 0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total


def _poll_memory(pid: int, stop: threading.Event, peak: list[int], interval: float) -> None:
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.is_set():
        peak[0] = max(peak[0], _tree_rss(root))
        stop.wait(interval)


def _spawn(argv: list[str], out: Path, err: Path) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(out), flags, 0o600),
        (os.POSIX_SPAWN_OPEN, 2, str(err), flags, 0o600),
    ]
    return os.posix_spawnp(argv[0], argv, dict(os.environ), file_actions=actions)


def run(
    argv: list[str],
    *,
    poll_memory: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> Run:
    """Run argv to completion; measure wall time, tree CPU time and peak RSS.

    CPU time and ``maxrss_mb`` come from wait4(), which covers the process and every
    descendant it reaped (so worker processes count; ``maxrss_mb`` is the largest single
    process). With ``poll_memory`` and psutil, ``tree_rss_mb`` is the peak of the summed
    RSS of the whole process tree, sampled every 25 ms.
    """
    with tempfile.TemporaryDirectory(prefix="vkbench-") as tmp:
        out, err = Path(tmp, "out"), Path(tmp, "err")
        peak, stop = [0], threading.Event()
        start = time.perf_counter()
        pid = _spawn(argv, out, err)
        poller = None
        if poll_memory and psutil is not None:
            poller = threading.Thread(
                target=_poll_memory, args=(pid, stop, peak, 0.025), daemon=True
            )
            poller.start()
        killer = threading.Timer(timeout, _kill, args=(pid,))
        killer.daemon = True
        killer.start()
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
        killer.cancel()
        stop.set()
        if poller is not None:
            poller.join()
        return Run(
            argv=argv,
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            maxrss_mb=usage.ru_maxrss * 1024 / MB,
            tree_rss_mb=peak[0] / MB if poller is not None else None,
            returncode=os.waitstatus_to_exitcode(status),
            stdout=out.read_text(errors="replace"),
            stderr=err.read_text(errors="replace"),
        )


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


# --------------------------------------------------------------------------- baselines

WALK = """
import os, sys
def md_files(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".md"):
                yield os.path.join(folder, name)
"""

BASELINES: dict[str, str] = {
    "read": WALK
    + """
n = size = 0
for path in md_files(sys.argv[1]):
    with open(path, "rb") as fh:
        size += len(fh.read())
    n += 1
print(n, size)
""",
    "markdown-it-py": WALK
    + """
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark").enable("table")
n = tokens = 0
for path in md_files(sys.argv[1]):
    with open(path, encoding="utf-8") as fh:
        tokens += len(md.parse(fh.read()))
    n += 1
print(n, tokens)
""",
    "pyromark": WALK
    + """
import collections, pyromark
O = pyromark.Options
opts = O.ENABLE_TABLES | O.ENABLE_YAML_STYLE_METADATA_BLOCKS | O.ENABLE_WIKILINKS
n = 0
for path in md_files(sys.argv[1]):
    with open(path, encoding="utf-8") as fh:
        collections.deque(pyromark.events(fh.read(), options=opts), maxlen=0)
    n += 1
print(n)
""",
    "obsidiantools": """
import sys
from pathlib import Path
from obsidiantools.api import Vault
vault = Vault(Path(sys.argv[1])).connect().gather()
print(len(vault.md_file_index))
""",
}


def baseline_argv(name: str, vault: Path) -> list[str]:
    return [sys.executable, "-c", BASELINES[name], str(vault)]


# --------------------------------------------------------------------------- vaults


def cache_root(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    return Path(tempfile.gettempdir()) / "vaultkit-bench"


def ensure_vault(root: Path, notes: int, seed: int) -> Path:
    """Return the pristine cached vault for (notes, seed), generating it when missing."""
    path = root / f"vault-n{notes}-s{seed}-g{genvault.GENERATOR_VERSION}"
    if (path / genvault.META_FILE).exists():
        return path
    tmp = path.with_name(path.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    started = time.perf_counter()
    genvault.generate(tmp, notes, seed)
    tmp.rename(path)
    log(f"generated {notes} notes in {time.perf_counter() - started:.1f}s: {path}")
    return path


def fresh_copy(pristine: Path, root: Path, notes: int) -> Path:
    """A working copy the benchmark may modify (file edits, additions, deletions)."""
    work = root / f"work-n{notes}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(pristine, work, copy_function=shutil.copy2)
    return work


def md_paths(vault: Path) -> list[Path]:
    out = []
    for folder, dirs, files in os.walk(vault):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out += [Path(folder, f) for f in sorted(files) if f.endswith(".md")]
    return out


# --------------------------------------------------------------------------- vaultkit


def find_vaultkit(override: str | None) -> list[str] | None:
    """The vaultkit command: --vaultkit, else next to this interpreter, else on PATH."""
    if override:
        return shlex.split(override)
    beside = Path(sys.executable).parent / "vaultkit"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("vaultkit")
    return [found] if found else None


@dataclass
class Vaultkit:
    """Builds vaultkit command lines for one vault and index file."""

    cmd: list[str]
    vault: Path
    index: Path
    jobs: int | None
    hub: str

    def where(self) -> list[str]:
        return ["--vault", str(self.vault), "--index", str(self.index)]

    def index_argv(self) -> list[str]:
        jobs = ["--jobs", str(self.jobs)] if self.jobs else []
        return [*self.cmd, "index", *self.where(), *jobs, "--json"]

    def command(self, name: str) -> list[str]:
        """The argv of a read command row (see WARM_ROWS)."""
        args = {
            "links": ["links", self.hub, *self.where(), "--json"],
            "links --all": ["links", self.hub, *self.where(), "--json", "--all"],
            "notes": ["notes", *self.where(), "--json"],
            "tags": ["tags", *self.where(), "--json"],
            "tags audit": ["tags", "audit", *self.where(), "--json"],
        }[name]
        return [*self.cmd, *args]

    def remove_index(self) -> None:
        for path in self.index.parent.glob(self.index.name + "*"):
            path.unlink()


LINK_CHECKS = (
    ("source_count", "hub_backlinking_notes"),
    ("backlink_count", "hub_link_occurrences"),
)
WARM_ROWS = ("links", "links --all", "notes", "tags", "tags audit")


# --------------------------------------------------------------------------- results


@dataclass
class Series:
    """The samples of one row of the table."""

    samples: list[float] = field(default_factory=list)
    note: str = ""
    error: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None


@dataclass
class SizeResult:
    notes: int
    md_bytes: int
    hub: str
    expected: dict[str, int]
    rows: dict[str, Series] = field(default_factory=dict)

    def series(self, key: str) -> Series:
        return self.rows.setdefault(key, Series())

    def med(self, key: str) -> float | None:
        return self.rows[key].median if key in self.rows else None


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def record(res: SizeResult, key: str, r: Run, value: float | None = None) -> bool:
    """Add one sample (wall time unless value is given); keep the first error."""
    s = res.series(key)
    if r.unsupported():
        s.note = "command not available"
        return False
    if not r.ok:
        s.error = s.error or f"rc={r.returncode}: {r.error_text()[-300:]}"
        log(f"{key}: {s.error}")
        return False
    s.samples.append(r.wall if value is None else value)
    return True


# --------------------------------------------------------------------------- rounds


@dataclass
class Bench:
    """One size: a working vault, its baselines and the vaultkit rows, in rounds."""

    args: argparse.Namespace
    res: SizeResult
    vault: Path
    vk: Vaultkit | None
    cores: int
    skipped: set[str] = field(default_factory=set)

    def baselines_round(self) -> None:
        for _ in range(3):
            record(self.res, "python -c pass", run([sys.executable, "-c", "pass"]))
        for name in ("read", "markdown-it-py", "pyromark"):
            if name not in self.skipped:
                r = run(baseline_argv(name, self.vault))
                if not record(self.res, name, r):
                    self.skipped.add(name)

    def obsidiantools(self) -> None:
        s = self.res.series("obsidiantools")
        if self.args.skip_obsidiantools:
            s.note = "skipped: --skip-obsidiantools"
            return
        if self.res.notes > self.args.obsidiantools_max:
            s.note = f"skipped above {self.args.obsidiantools_max} notes"
            return
        log(f"obsidiantools on {self.res.notes} notes (one run, may take minutes)")
        timeout = self.args.obsidiantools_timeout
        r = run(baseline_argv("obsidiantools", self.vault), timeout=timeout, poll_memory=True)
        if r.returncode == -signal.SIGKILL:
            s.note = f"timeout after {timeout:.0f}s"
        elif record(self.res, "obsidiantools", r):
            s.extra["tree_rss_mb"] = r.tree_rss_mb

    def vaultkit_round(self, rnd: int) -> None:
        assert self.vk is not None
        if not self.cold_index():
            return
        self.timed("index, nothing changed", self.vk.index_argv())
        for name in WARM_ROWS:
            if name not in self.skipped:
                self.warm(name)
        self.touch_one(rnd)
        self.add_delete(rnd)

    def cold_index(self) -> bool:
        assert self.vk is not None
        self.vk.remove_index()
        r = run(self.vk.index_argv(), poll_memory=True)
        if not record(self.res, "index cold", r):
            return False
        self.res.series("cores used").samples.append(r.cpu / r.wall)
        self.res.series("peak RSS largest").samples.append(r.maxrss_mb)
        if r.tree_rss_mb is not None:
            self.res.series("peak RSS tree").samples.append(r.tree_rss_mb)
        self.res.rows["index cold"].extra["json"] = _json_or_text(r.stdout)
        return True

    def timed(self, key: str, argv: list[str]) -> Run:
        r = run(argv)
        record(self.res, key, r)
        return r

    def warm(self, name: str) -> None:
        assert self.vk is not None
        argv = self.vk.command(name)
        r = run(argv)
        if r.returncode == 2 and NO_OPTION in r.error_text() and "--json" in argv:
            argv.remove("--json")  # e.g. `tags` without JSON output yet
            r = run(argv)
        if not record(self.res, name, r):
            self.skipped.add(name)
            return
        s = self.res.rows[name]
        if "stdout_bytes" not in s.extra:
            s.extra.update(stdout_bytes=len(r.stdout), stdout_head=r.stdout[:300])
            if name == "links --all":
                self.check_links(_json_or_text(r.stdout))

    def check_links(self, out: Any) -> None:
        """Compare the hub's backlinks (before any edit) with what genvault wrote: not timed."""
        got = out if isinstance(out, dict) else {}
        for ours, theirs in LINK_CHECKS:
            want = self.res.expected[theirs]
            if got.get(ours) != want:
                log(f"links --all: {ours} is {got.get(ours)!r}, genvault wrote {want} ({theirs})")

    def touch_one(self, rnd: int) -> None:
        assert self.vk is not None
        paths = md_paths(self.vault)
        path = paths[(rnd * 7919 + 17) % len(paths)]
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"\nEdited in round {rnd}: see [[{genvault.HUB_NAME}]] #bench/edited\n")
        os.utime(path)
        self.timed("refresh 1 file", self.vk.index_argv())

    def add_delete(self, rnd: int) -> None:
        assert self.vk is not None
        paths = md_paths(self.vault)
        count = max(1, len(paths) // 100)
        inbox = self.vault / "Inbox"
        inbox.mkdir(exist_ok=True)
        added = []
        for k in range(count):
            src = paths[(rnd * 104_729 + k * 7_877) % len(paths)]
            dst = inbox / f"Added {rnd}-{k}.md"
            dst.write_bytes(src.read_bytes() + f"\nCopied from [[{src.stem}]]\n".encode())
            added.append(dst)
        self.res.series("refresh add 1%").note = f"{count} files"
        self.timed("refresh add 1%", self.vk.index_argv())
        for path in added:
            path.unlink()
        self.res.series("refresh delete 1%").note = f"{count} files"
        self.timed("refresh delete 1%", self.vk.index_argv())


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text[:500]


def bench_size(
    args: argparse.Namespace, notes: int, root: Path, cmd: list[str] | None
) -> SizeResult:
    pristine = ensure_vault(root, notes, args.seed)
    meta = json.loads((pristine / genvault.META_FILE).read_text())
    vault = fresh_copy(pristine, root, notes)
    expected = {k: int(meta[k]) for k in ("hub_backlinking_notes", "hub_link_occurrences")}
    res = SizeResult(notes, int(meta["md_bytes"]), str(meta["hub"]), expected)
    vk = None
    if cmd is not None:
        vk = Vaultkit(cmd, vault, root / f"index-n{notes}.sqlite", args.jobs, res.hub)
    bench = Bench(args, res, vault, vk, args.jobs or os.cpu_count() or 1)
    run([sys.executable, "-c", "pass"])  # warm-up, untimed
    for rnd in range(args.repeat):
        log(f"{notes} notes: round {rnd + 1}/{args.repeat}")
        bench.baselines_round()
        if vk is not None:
            bench.vaultkit_round(rnd)
    bench.obsidiantools()
    res.series("cores").samples.append(bench.cores)
    return res


# --------------------------------------------------------------------------- table


@dataclass(frozen=True)
class Target:
    """A goal for one row: compare its figure (or ratio) with a bound, maybe at one size."""

    op: str  # "<=" or ">="
    bound: float
    unit: str
    size: int | None = None

    def applies(self, notes: int) -> bool:
        return self.size is None or self.size == notes

    def check(self, value: float) -> str:
        ok = value <= self.bound if self.op == "<=" else value >= self.bound
        return "PASS" if ok else "MISS"

    def label(self) -> str:
        at = f" @{self.size // 1000}k" if self.size else ""
        return f"{self.op.replace('<=', '≤').replace('>=', '≥')} {self.bound:g}{self.unit}{at}"


TARGETS: dict[str, list[Target]] = {
    "index cold/mdit": [Target(">=", 0.8, "")],
    "index cold/obsidiantools": [Target(">=", 40, "×")],
    "links": [Target("<=", 0.2, " s", 10_000), Target("<=", 0.6, " s", 100_000)],
    "refresh 1 file": [Target("<=", 0.3, " s", 10_000)],
    "peak RSS tree": [Target("<=", 250, " MB", 100_000)],
}

ROW_LABELS = {
    "python -c pass": "(a) `python -c pass`",
    "read": "(a) read every .md file, 1 process",
    "markdown-it-py": "(b) markdown-it-py parse, 1 process",
    "pyromark": "(d) pyromark parse, 1 process",
    "obsidiantools": "(c) obsidiantools connect+gather (1 run)",
    "index cold": "vaultkit index, cold",
    "index cold/mdit": "↳ cold throughput vs (b) × cores",
    "index cold/obsidiantools": "↳ cold vs (c) obsidiantools",
    "cores used": "↳ cold: CPU cores busy (cpu / wall)",
    "peak RSS tree": "↳ cold: peak RSS, whole process tree",
    "peak RSS largest": "↳ cold: peak RSS, largest process",
    "index, nothing changed": "vaultkit index, nothing changed",
    "refresh 1 file": "vaultkit index after touching 1 file",
    "refresh add 1%": "vaultkit index after adding 1%",
    "refresh delete 1%": "vaultkit index after deleting 1%",
    "links": "vaultkit links <hub> --json",
    "links --all": "vaultkit links <hub> --json --all",
    "notes": "vaultkit notes --json",
    "tags": "vaultkit tags",
    "tags audit": "vaultkit tags audit",
}
THROUGHPUT_ROWS = ("read", "markdown-it-py", "pyromark", "obsidiantools", "index cold")
VS_PASS_ROWS = (
    "index, nothing changed",
    "refresh 1 file",
    "links",
    "links --all",
    "notes",
    "tags",
    "tags audit",
    "refresh add 1%",
    "refresh delete 1%",
)
VAULTKIT_ROWS = tuple(k for k in ROW_LABELS if k not in BASELINES and k != "python -c pass")


def fmt_seconds(x: float) -> str:
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def targets_cell(key: str, notes: int, value: float | None) -> tuple[str, str]:
    hits = [t for t in TARGETS.get(key, []) if t.applies(notes)]
    if not hits:
        return "", ""
    label = ", ".join(t.label() for t in hits)
    if value is None:
        return label, "n/a"
    return label, " ".join(t.check(value) for t in hits)


def value_cells(res: SizeResult, key: str, cmd_found: bool) -> tuple[str, str, str, float | None]:
    """median, MB/s, ratio text and the figure that targets are checked against."""
    if key == "index cold/mdit":
        return _ratio_mdit(res)
    if key == "index cold/obsidiantools":
        return _ratio_obsidiantools(res)
    s = res.rows.get(key)
    med = s.median if s else None
    if med is None:
        return _missing(s, key, cmd_found), "", "", None
    if key == "cores used":
        return f"{med:.2f}", "", f"of {int(res.med('cores') or 1)}", med
    if key.startswith("peak RSS"):
        return f"{med:.0f} MB", "", "", med
    mbps = f"{res.md_bytes / MB / med:.1f}" if key in THROUGHPUT_ROWS else ""
    ratio = ""
    base = res.med("python -c pass")
    if key in VS_PASS_ROWS and base:
        ratio = f"{med / base:.1f}× pass"
    suffix = f" ({s.note})" if s and s.note else ""
    return fmt_seconds(med) + suffix, mbps, ratio, med


def _missing(s: Series | None, key: str, cmd_found: bool) -> str:
    """Why a row has no figure."""
    if s is not None and s.error:
        return "error (see log)"
    if s is not None and s.note:
        return f"n/a ({s.note})"
    if key in VAULTKIT_ROWS and not cmd_found:
        return "n/a (no vaultkit)"
    return "n/a"


def _ratio_mdit(res: SizeResult) -> tuple[str, str, str, float | None]:
    cold, mdit, cores = res.med("index cold"), res.med("markdown-it-py"), res.med("cores")
    if not (cold and mdit and cores):
        return "n/a", "", "", None
    per_core, ours = res.md_bytes / MB / mdit, res.md_bytes / MB / cold
    value = ours / (per_core * cores)
    return "", "", f"{value:.2f} = {ours:.1f} / ({per_core:.1f} × {int(cores)})", value


def _ratio_obsidiantools(res: SizeResult) -> tuple[str, str, str, float | None]:
    cold, ot = res.med("index cold"), res.med("obsidiantools")
    if not (cold and ot):
        return "n/a", "", "", None
    value = ot / cold
    return "", "", f"{value:.0f}× faster", value


def table(results: Iterable[SizeResult], cmd_found: bool) -> str:
    head = "| notes | measurement | median | MB/s | ratio | target | result |"
    lines = [head, "|---:|---|---:|---:|---:|---|---|"]
    for res in results:
        for key, label in ROW_LABELS.items():
            median, mbps, ratio, value = value_cells(res, key, cmd_found)
            tlabel, verdict = targets_cell(key, res.notes, value)
            label = label.replace("<hub>", f'"{res.hub}"')
            cells = [f"{res.notes:,}", label, median, mbps, ratio, tlabel, verdict]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def versions(cmd: list[str] | None) -> dict[str, str]:
    out = {"python": platform.python_version(), "cpus": str(os.cpu_count())}
    for dist in ("markdown-it-py", "pyromark", "obsidiantools", "psutil", "vaultkit"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "absent"
    out["vaultkit command"] = shlex.join(cmd) if cmd else "none"
    out["loadavg"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000", help="comma-separated note counts")
    p.add_argument("--large", action="store_true", help="also run 100000 notes")
    p.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    p.add_argument("--jobs", type=int, default=None, help="pass --jobs N to vaultkit index")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--skip-obsidiantools", action="store_true")
    p.add_argument(
        "--obsidiantools-max",
        type=int,
        default=10_000,
        metavar="NOTES",
        help="skip obsidiantools above this size (default 10000)",
    )
    p.add_argument("--obsidiantools-timeout", type=float, default=DEFAULT_TIMEOUT)
    p.add_argument("--no-vaultkit", action="store_true", help="baselines only")
    p.add_argument("--vaultkit", default=None, help="vaultkit command (default: found on PATH)")
    p.add_argument("--cache-dir", default=None, help="where vaults are cached")
    p.add_argument(
        "--json",
        nargs="?",
        const="-",
        default=None,
        metavar="PATH",
        help="write raw figures as JSON to PATH ('-' or no PATH: stdout, no table)",
    )
    args = p.parse_args(argv)
    args.size_list = [int(x) for x in args.sizes.split(",") if x.strip()]
    if args.large and 100_000 not in args.size_list:
        args.size_list.append(100_000)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cmd = None if args.no_vaultkit else find_vaultkit(args.vaultkit)
    if cmd is None and not args.no_vaultkit:
        log("vaultkit not found: vaultkit rows will read n/a")
    root = cache_root(args.cache_dir)
    root.mkdir(parents=True, exist_ok=True)
    env = versions(cmd)
    results = [bench_size(args, n, root, cmd) for n in args.size_list]
    emit(args, env, results, cmd is not None)
    return 0


def emit(
    args: argparse.Namespace, env: dict[str, str], results: list[SizeResult], cmd_found: bool
) -> None:
    raw = {
        "env": env,
        "repeat": args.repeat,
        "jobs": args.jobs,
        "results": [asdict(r) for r in results],
    }
    if args.json == "-":
        print(json.dumps(raw, indent=2))
        return
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=2) + "\n")
    print("; ".join(f"{k} {v}" for k, v in env.items()))
    print(f"median of {args.repeat} runs (obsidiantools: 1 run); MB = 10^6 bytes of .md files\n")
    print(table(results, cmd_found))


if __name__ == "__main__":
    sys.exit(main())
