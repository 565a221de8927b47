"""``vaultkit graph``: hubs and orphans, the path between two notes, export."""

from __future__ import annotations

from typing import Annotated

import typer

from vaultkit.cli.common import (
    DEFAULT_OUTPUT,
    IndexOption,
    OutputOptions,
    VaultOption,
    open_index,
    output_options,
    pass_group_options,
    typed_note,
)
from vaultkit.cli.completion import complete_note

HUMAN_TOP = 10
"""Hubs the table shows unless --top says otherwise."""

graph_app = typer.Typer(
    help="The link graph: hubs, orphans, connected groups, paths between notes, export.",
    no_args_is_help=False,
)


@graph_app.callback(invoke_without_command=True)
@output_options()
def graph_command(
    ctx: typer.Context,
    vault: VaultOption = None,
    index: IndexOption = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            min=1,
            help="How many hubs to list (default 10 in the table; machine output lists every"
            " linked-to note unless --top is given).",
            show_default=False,
        ),
    ] = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Hubs (notes most linked to), orphans (no link in or out) and connected groups."""
    if ctx.invoked_subcommand is not None:
        pass_group_options(ctx)
        return
    from vaultkit.graph import build_graph, summarize_graph
    from vaultkit.render.graph import render_graph_summary
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.rows import HUB_HEADERS, hub_rows

    graph = build_graph(open_index(vault, index))
    if top is None:
        top = graph.number_of_nodes() if output.machine else HUMAN_TOP
    summary = summarize_graph(graph, top)
    emit(
        Listing(
            HUB_HEADERS,
            hub_rows(summary),
            lambda out: render_graph_summary(summary, out),
            document=summary,
        ),
        output,
    )


@graph_app.command("path")
@output_options()
def path_command(
    source: Annotated[
        str,
        typer.Argument(
            help="Note to start from (name, path or alias).", autocompletion=complete_note
        ),
    ],
    target: Annotated[
        str,
        typer.Argument(help="Note to reach (name, path or alias).", autocompletion=complete_note),
    ],
    undirected: Annotated[
        bool, typer.Option("--undirected", help="Follow links in either direction.")
    ] = False,
    vault: VaultOption = None,
    index: IndexOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """The shortest chain of links from one note to another; exit 1 when there is none."""
    from vaultkit.errors import NoteNotWritten
    from vaultkit.graph import build_graph, shortest_link_path
    from vaultkit.links import find_subject
    from vaultkit.render.graph import render_link_path
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.rows import CHAIN_HEADERS, chain_rows

    opened = open_index(vault, index)
    ends = []
    for query in (source, target):
        found, _ = find_subject(opened, typed_note(opened.root, query))
        if found is None:
            raise NoteNotWritten(query)
        ends.append(found)
    result = shortest_link_path(build_graph(opened), ends[0], ends[1], undirected)
    emit(
        Listing(
            CHAIN_HEADERS,
            chain_rows(result),
            lambda out: render_link_path(result, out),
            document=result,
        ),
        output,
    )
    if not result.notes:
        raise typer.Exit(1)


@graph_app.command("export")
def export_command(
    output: Annotated[str, typer.Argument(help="File to write, or - for standard output.")] = "-",
    vault: VaultOption = None,
    index: IndexOption = None,
    fmt: Annotated[
        str, typer.Option("--format", help="graphml (Gephi, yEd) or json (node-link, D3).")
    ] = "graphml",
) -> None:
    """Write the link graph for other tools: GraphML or node-link JSON."""
    from pathlib import Path

    from vaultkit.errors import VaultkitError
    from vaultkit.graph import build_graph, export_graph

    if fmt not in ("graphml", "json"):
        raise VaultkitError(f"unknown format {fmt!r}: use graphml or json")
    text = export_graph(build_graph(open_index(vault, index)), fmt)
    if output == "-":
        typer.echo(text)
    else:
        Path(output).write_text(text + "\n", encoding="utf-8")


def register(app: typer.Typer) -> None:
    """Add the ``graph`` group to ``app``."""
    app.add_typer(graph_app, name="graph")
