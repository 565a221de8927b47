"""``vaultkit graph``: hubs and orphans, the path between two notes, export."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from vaultkit.cli.common import (
    DEFAULT_OUTPUT,
    FolderOption,
    IndexOption,
    KindOption,
    OutputOptions,
    TagOption,
    VaultOption,
    WhereOption,
    explain_empty,
    note_filter,
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
    folder: FolderOption = None,
    tag: TagOption = None,
    kind: KindOption = None,
    where: WhereOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Hubs (notes most linked to), orphans (no link to or from another note) and connected
    groups; of the notes --folder, --tag, --kind, --where select (and the links among them)
    when given."""
    if ctx.invoked_subcommand is not None:
        pass_group_options(ctx)
        return
    from vaultkit.graph import summarize_graph
    from vaultkit.render.graph import render_graph_summary
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.rows import HUB_HEADERS, hub_rows

    opened = open_index(vault, index)
    graph = _graph(opened, note_filter(folder, tag, kind, False, where, opened))
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
    graph = build_graph(opened)
    for end in ends:
        _in_graph(graph, end)
    result = shortest_link_path(graph, ends[0], ends[1], undirected)
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


TopOption = Annotated[int, typer.Option("--top", min=1, help="How many notes to list.")]


def _graph(opened: Any, flt: Any = None, **include: bool) -> Any:
    """The graph of the notes ``flt`` selects and the links among them (every note when it
    is empty); a filter that selects nothing is explained on stderr."""
    from vaultkit.graph import build_graph

    paths = None
    if flt is not None and not flt.empty:
        from vaultkit.tags.plan import filtered_paths

        paths = set(filtered_paths(opened, flt))
        if not paths:
            explain_empty(opened, flt)
    return build_graph(opened, paths, **include)


def _subject(opened: Any, query: str) -> str:
    from vaultkit.errors import NoteNotWritten
    from vaultkit.links import find_subject

    found, _ = find_subject(opened, typed_note(opened.root, query))
    if found is None:
        raise NoteNotWritten(query)
    return found


def _in_graph(graph: Any, path: str) -> str:
    """``path``, refused when it is no node: an attachment (only notes are nodes)."""
    if path not in graph:
        from vaultkit.errors import NotANote

        raise NotANote(path)
    return path


@graph_app.command("stats")
def stats_command(
    vault: VaultOption = None,
    index: IndexOption = None,
    top: TopOption = 5,
    folder: FolderOption = None,
    tag: TagOption = None,
    kind: KindOption = None,
    where: WhereOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Notes, links, unresolved links, attachments, components, density and top hubs; of
    the notes --folder, --tag, --kind, --where select (and the links among them) when given."""
    from vaultkit.graph_analysis import graph_stats
    from vaultkit.render.graph import render_stats
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.rows import RANKED_HEADERS, ranked_rows

    opened = open_index(vault, index)
    flt = note_filter(folder, tag, kind, False, where, opened)
    stats = graph_stats(opened, _graph(opened, flt), top, whole=flt.empty)
    rows = ranked_rows(stats.hubs)
    emit(Listing(RANKED_HEADERS, rows, lambda out: render_stats(stats, out), stats), output)


@graph_app.command("dead-ends")
def dead_ends_command(
    vault: VaultOption = None,
    index: IndexOption = None,
    folder: FolderOption = None,
    tag: TagOption = None,
    kind: KindOption = None,
    where: WhereOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Notes other notes link to that link to no note, most linked first; only those
    --folder, --tag, --kind, --where select when given (their links counted in the whole
    vault)."""
    from vaultkit.graph_analysis import dead_ends
    from vaultkit.render.graph import render_ranked
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.rows import RANKED_HEADERS, ranked_rows

    opened = open_index(vault, index)
    graph = _graph(opened)
    found = dead_ends(graph)
    flt = note_filter(folder, tag, kind, False, where, opened)
    if not flt.empty:
        from vaultkit.tags.plan import filtered_paths

        keep = set(filtered_paths(opened, flt))
        if not keep:
            explain_empty(opened, flt)
        found = [n for n in found if n.path in keep]
    title = "Dead ends: linked to, linking nowhere"
    emit(
        Listing(
            RANKED_HEADERS,
            ranked_rows(found),
            lambda out: render_ranked(found, title, "linked from", out),
            document=found,
            items=found,
        ),
        output,
    )


@graph_app.command("neighbors")
def neighbors_command(
    note: Annotated[str, typer.Argument(help="The note (name, path or alias).")],
    depth: Annotated[int, typer.Option("--depth", min=1, help="Links away, at most.")] = 1,
    vault: VaultOption = None,
    index: IndexOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """The notes within --depth links of NOTE, in either direction, nearest first."""
    from vaultkit.graph_analysis import neighbors
    from vaultkit.render.graph import render_neighborhood
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.rows import NEIGHBOR_HEADERS, neighbor_rows

    opened = open_index(vault, index)
    graph = _graph(opened)
    found = neighbors(graph, _in_graph(graph, _subject(opened, note)), depth)
    emit(
        Listing(
            NEIGHBOR_HEADERS,
            neighbor_rows(found),
            lambda out: render_neighborhood(found, out),
            document=found,
            items=found.neighbors,
        ),
        output,
    )


@graph_app.command("communities")
@output_options("json", "jsonl", "csv", "tsv")
def communities_command(
    vault: VaultOption = None,
    index: IndexOption = None,
    seed: Annotated[int, typer.Option("--seed", help="Louvain's random seed.")] = 42,
    resolution: Annotated[
        float, typer.Option("--resolution", min=0.01, help="Above 1: smaller communities.")
    ] = 1.0,
    folder: FolderOption = None,
    tag: TagOption = None,
    kind: KindOption = None,
    where: WhereOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Groups of notes linked more among themselves than to the rest (Louvain, seeded),
    each named by its most linked-to notes; among the notes --folder, --tag, --kind,
    --where select when given."""
    from vaultkit.graph_analysis import communities
    from vaultkit.render.graph import render_communities
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.rows import COMMUNITY_HEADERS, community_rows

    opened = open_index(vault, index)
    found = communities(
        _graph(opened, note_filter(folder, tag, kind, False, where, opened)), seed, resolution
    )
    emit(
        Listing(
            COMMUNITY_HEADERS,
            community_rows(found),
            lambda out: render_communities(found, out),
            document=found,
            items=found,
        ),
        output,
    )


@graph_app.command("hubs")
def hubs_command(
    by: Annotated[
        str, typer.Option("--by", help="in-degree (linking notes), pagerank or betweenness.")
    ] = "in-degree",
    top: TopOption = 10,
    vault: VaultOption = None,
    index: IndexOption = None,
    folder: FolderOption = None,
    tag: TagOption = None,
    kind: KindOption = None,
    where: WhereOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """The most central notes by in-degree, PageRank or betweenness; within the notes
    --folder, --tag, --kind, --where select (and the links among them) when given."""
    from vaultkit.errors import VaultkitError
    from vaultkit.graph_analysis import METRICS, hubs_by
    from vaultkit.render.graph import render_ranked
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.rows import RANKED_HEADERS, ranked_rows

    if by not in METRICS:
        raise VaultkitError(f"unknown measure {by!r}: use {', '.join(METRICS)}")
    opened = open_index(vault, index)
    found = hubs_by(_graph(opened, note_filter(folder, tag, kind, False, where, opened)), by, top)
    emit(
        Listing(
            RANKED_HEADERS,
            ranked_rows(found),
            lambda out: render_ranked(found, f"Hubs by {by}", by, out),
            document=found,
            items=found,
        ),
        output,
    )


@graph_app.command("export")
def export_command(
    output: Annotated[str, typer.Argument(help="File to write, or - for standard output.")] = "-",
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="graphml, gexf, json (node-link), dot, mermaid or html (one page)."
        ),
    ] = "graphml",
    out: Annotated[
        str | None, typer.Option("--out", "-o", help="File to write (same as the argument).")
    ] = None,
    include_unresolved: Annotated[
        bool, typer.Option("--include-unresolved", help="Link targets no note has, as nodes.")
    ] = False,
    include_attachments: Annotated[
        bool, typer.Option("--include-attachments", help="Linked attachments, as nodes.")
    ] = False,
    folder: FolderOption = None,
    tag: TagOption = None,
    kind: KindOption = None,
    where: WhereOption = None,
    vault: VaultOption = None,
    index: IndexOption = None,
) -> None:
    """Write the link graph for other tools, with node attributes (title, kind, folder,
    tags, degree, community), or as a page that opens offline."""
    from pathlib import Path

    from vaultkit.errors import VaultkitError
    from vaultkit.graph_export import FORMATS, annotate, export_text

    if fmt not in FORMATS:
        raise VaultkitError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    opened = open_index(vault, index)
    graph = _graph(
        opened,
        note_filter(folder, tag, kind, False, where, opened),
        include_unresolved=include_unresolved,
        include_attachments=include_attachments,
    )
    text = export_text(annotate(graph), fmt, opened.root.name)
    target = out or output
    if target == "-":
        typer.echo(text.rstrip("\n"))
    else:
        Path(target).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def register(app: typer.Typer) -> None:
    """Add the ``graph`` group to ``app``."""
    app.add_typer(graph_app, name="graph")
