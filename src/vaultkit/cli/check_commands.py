"""``vaultkit check``: lint the vault (or some notes) for CI and pre-commit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vaultkit.cli.common import (
    DEFAULT_OUTPUT,
    IndexOption,
    OutputOptions,
    VaultOption,
    open_index,
    output_options,
)

if TYPE_CHECKING:
    from vaultkit.check.model import CheckReport

RULE_HELP = "Rule ids (repeat or comma-separate; 'all' for every rule)."


@output_options("json", "jsonl", "csv", "tsv", "paths", "text")
def check_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Check only these files or folders (and the links pointing at them).",
            show_default=False,
        ),
    ] = None,
    changed: Annotated[
        bool,
        typer.Option("--changed", help="Check only files changed since the last git commit."),
    ] = False,
    select: Annotated[
        list[str] | None, typer.Option("--select", help="Run only these rules. " + RULE_HELP)
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Do not run these rules. " + RULE_HELP)
    ] = None,
    severity: Annotated[
        str | None,
        typer.Option(
            "--severity", help="Only rules of this severity and above: info, warning, error."
        ),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Every finding (a terminal shows 10 per rule).")
    ] = False,
    fix: Annotated[
        bool, typer.Option("--fix", help="Fix what has an unambiguous fix (alias links, tag case).")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "--diff", help="With --fix: print the diff, write nothing.")
    ] = False,
    list_rules: Annotated[bool, typer.Option("--rules", help="List the rules and exit.")] = False,
    vault: VaultOption = None,
    index: IndexOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Broken, alias-only and ambiguous links, missing headings, block ids and attachments,
    frontmatter Obsidian cannot read or ignores, duplicate aliases, tag problems.
    Exit 1 when a selected rule finds something, 0 when clean, 2 on error."""
    from vaultkit.check.changed import git_changed, named_paths
    from vaultkit.check.engine import check_paths, check_vault
    from vaultkit.check.selection import select_rules
    from vaultkit.render import console

    if list_rules:
        from vaultkit.render.check import render_rules

        render_rules(console())
        return
    opened = open_index(vault, index)
    selection = select_rules(opened.config.sections.get("check"), select, ignore, severity)
    targets: list[str] | None = None
    if paths:
        targets, warnings = named_paths(opened, paths)
        for warning in warnings:
            console(stderr=True).print(f"warning: {warning}", style="yellow", markup=False)
    if changed:
        targets = (targets or []) + git_changed(opened.root)

    def run() -> CheckReport:
        if targets is None:
            return check_vault(opened, selection)
        return check_paths(opened, selection, targets)

    report = run()
    err = console(stderr=True)
    if fix:
        from vaultkit.check.fixes import apply_fixes, plan_fixes
        from vaultkit.render.check import render_fix_plan

        plan = plan_fixes(opened, report.findings)
        if dry_run:
            render_fix_plan(plan, console(), err, dry_run=True)
            raise typer.Exit(1 if report.findings else 0)
        render_fix_plan(apply_fixes(opened, plan), console(), err, dry_run=False)
        if plan.written:
            report = run()
    _emit(report, opened.root, output, show_all)
    if report.findings:
        raise typer.Exit(1)


CHECK_HEADERS = ("path", "line", "col", "rule", "severity", "message", "fixable")


def _emit(report: CheckReport, root: Path, output: OutputOptions, show_all: bool) -> None:
    """Print ``report``: ``--format text`` as file:line:col lines, the rest through the
    shared output options (rows: one per finding, at its first place)."""
    from vaultkit.render.check import check_json, render_check, text_lines
    from vaultkit.render.output import Listing, emit

    if output.format == "text" and not output.count:
        for line in text_lines(report, root):
            typer.echo(line)
        return
    document = check_json(report)
    rows = [
        (f["path"], f["line"], f["col"], f["rule"], f["severity"], f["message"], f["fixable"])
        for f in document["findings"]
    ]
    emit(
        Listing(
            CHECK_HEADERS,
            rows,
            lambda out: render_check(report, out, capped=sys.stdout.isatty() and not show_all),
            document=document,
            items=document["findings"],
        ),
        output,
    )


def register(app: typer.Typer) -> None:
    """Add ``check`` to ``app``."""
    app.command("check")(check_command)
