"""Renderers of ``vaultkit read`` and ``vaultkit resolve``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.reading import LinkResolution, NotePage


def render_page(page: NotePage, out: Console) -> None:
    """The note's title and path, then its lines, numbered."""
    from rich.text import Text

    out.print(Text.assemble((page.title, "bold"), f"  ({page.path})"))
    width = len(str(page.line_count))
    for line in page.lines:
        out.print(Text.assemble((f"{line.line:>{width}}│ ", "dim"), line.text), soft_wrap=True)
    if not page.lines and page.start > page.line_count:
        lines = f"{page.line_count} line{'' if page.line_count == 1 else 's'}"
        out.print(Text(f"nothing from line {page.start}: the note has {lines}", "yellow"))
    if page.next_start is not None:
        shown = f"lines {page.start}-{page.next_start - 1} of {page.line_count}"
        out.print(Text(f"… {shown} (--start {page.next_start} to go on)", "yellow"))


def render_resolution(found: LinkResolution, out: Console) -> None:
    """Where the link leads, the other files of that name, and an alias it names."""
    from rich.text import Text

    where = f" in {found.source}" if found.source else " at the vault root"
    if found.resolved:
        out.print(Text.assemble(found.link, where, " → ", (found.resolved, "green")))
    else:
        out.print(Text.assemble(found.link, where, " → ", ("no file (a new note)", "red")))
    if found.ambiguous:
        out.print(Text(f"{len(found.candidates)} files share this name:", "yellow"))
        for path in found.candidates:
            out.print(Text(f"  {path}"))
    if found.anchor_found is False and found.resolved:
        from vaultkit.check.link_rules import did_you_mean

        anchor = f"block ^{found.block}" if found.block else f"heading {found.heading!r}"
        hint = f"; {did_you_mean(found.anchor_hint)}" if found.anchor_hint else ""
        out.print(
            Text(
                f"{found.resolved} has no {anchor} (the link opens the note itself){hint}", "yellow"
            )
        )
    for owner in found.alias_of:
        out.print(Text(f"an alias of {owner}; Obsidian does not resolve aliases", "yellow"))
