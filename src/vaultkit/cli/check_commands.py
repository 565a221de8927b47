"""``vaultkit check``: lint the vault (or some notes) for CI and pre-commit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vaultkit.cli.common import IndexOption, JsonOption, VaultOption, open_index

if TYPE_CHECKING:
    from vaultkit.check.model import CheckReport

RULE_HELP = "Rule ids (repeat or comma-separate; 'all' for every rule)."


def check_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Check only these files (and the links pointing at them).", show_default=False
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
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="full (counts, then groups) or text (file:line:col: rule message, one per line).",
        ),
    ] = "full",
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
    json_: JsonOption = False,
) -> None:
    """Broken, alias-only and ambiguous links, missing headings, block ids and attachments,
    frontmatter Obsidian cannot read or ignores, duplicate aliases, tag problems.
    Exit 1 when a selected rule finds something, 0 when clean, 2 on error."""
    from vaultkit.check.changed import git_changed, vault_paths
    from vaultkit.check.engine import check_paths, check_vault
    from vaultkit.check.selection import CheckUsageError, select_rules
    from vaultkit.render import console

    if fmt not in ("full", "text"):
        raise CheckUsageError(f"unknown format {fmt!r}: use full or text")
    if list_rules:
        from vaultkit.render.check import render_rules

        render_rules(console())
        return
    opened = open_index(vault, index)
    selection = select_rules(opened.config.sections.get("check"), select, ignore, severity)
    targets: list[str] | None = None
    if paths:
        targets = vault_paths(opened.root, paths)
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
    _emit(report, opened.root, fmt, json_, show_all)
    if report.findings:
        raise typer.Exit(1)


def _emit(report: CheckReport, root: Path, fmt: str, json_: bool, show_all: bool) -> None:
    from vaultkit.render import console, emit_json
    from vaultkit.render.check import check_json, render_check, text_lines

    if json_:
        emit_json(check_json(report))
    elif fmt == "text":
        for line in text_lines(report, root):
            typer.echo(line)
    else:
        render_check(report, console(), capped=sys.stdout.isatty() and not show_all)


def register(app: typer.Typer) -> None:
    """Add ``check`` to ``app``."""
    app.command("check")(check_command)
