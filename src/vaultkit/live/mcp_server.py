"""``vaultkit mcp``: the vault served over the Model Context Protocol (official ``mcp`` SDK).

Tools come from :mod:`vaultkit.live.tools` (read-only ones always; ones that change notes
only with ``allow_edits``); every answer is the JSON the matching CLI command prints with
``--json``, errors are tool errors carrying the CLI's message. Resources: each note as
``vault://PATH``, the tag list as ``vaultkit://tags`` and the vault's outline as
``vaultkit://outline``. Between calls the index is kept fresh by a watcher thread that only
marks it stale; the next call refreshes it (a refresh on every call costs a scan of the
vault, see benchmarks/mcp_bench.py).
"""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from vaultkit.errors import VaultkitError
from vaultkit.live.registry import Tool, ToolUsageError, call
from vaultkit.live.warmup import warm_up, warming
from vaultkit.live.watch import VaultGone, change_filter

if TYPE_CHECKING:
    from mcp.server import Server

    from vaultkit.index import Index

NOTE_SCHEME = "vault://"
TAGS_URI = "vaultkit://tags"
OUTLINE_URI = "vaultkit://outline"
RESOURCES_PAGE = 500


class Freshness:
    """Keeps ``index`` fresh for the next call: a watcher thread marks it stale on any
    change in the vault, :meth:`ensure` refreshes it when stale (and every time when no
    watcher could start, unless a running ``vaultkit watch`` vouches for the index). When
    the vault's settings (``.vaultkit.toml``, Obsidian's excluded files) ask for another
    index than it holds, :meth:`ensure` rebuilds it first, as the next command would.

    A refresh after a few saved files works from the paths the events named instead of a
    scan (vaultkit.live.targeted, as ``vaultkit watch`` does); the first call at least
    ``FULL_AFTER`` seconds after the first such refresh refreshes with a scan (even when
    saves go on), which catches what events cannot tell."""

    FULL_AFTER = 2.0

    def __init__(self, index: Index, watch: bool = True) -> None:
        from vaultkit.live.settings import Settings

        self.index = index
        self.settings = Settings(index)
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        """Paths the events named since the last refresh."""
        self._full_at: float | None = None
        """When a refresh with a scan is due (after ones from events)."""
        self.stale = threading.Event()
        self.stop = threading.Event()
        self.gone = False
        self.watching = False
        self.thread: threading.Thread | None = None
        if watch:
            self.thread = threading.Thread(target=self._watch, name="vaultkit-watch", daemon=True)
            self.watching = True
            self.thread.start()

    def _watch(self) -> None:
        root = self.index.root
        try:
            from vaultkit.live.events import vault_events

            for changes in vault_events(
                root,
                watch_filter=change_filter(root, self.index.path),
                debounce=200,
                step=20,
                rust_timeout=1000,
                yield_on_timeout=True,
                stop_event=self.stop,
                ignore_permission_denied=True,
            ):
                if not root.is_dir():
                    self.gone = True
                    return
                if changes:
                    with self._lock:
                        self._paths.update(path for _, path in changes)
                        self.stale.set()
        except Exception:  # no watcher (inotify limit, missing module): refresh every call
            self.watching = False

    def ensure(self) -> None:
        """Refresh the index if anything changed since the last call."""
        if self.gone or not self.index.root.is_dir():
            self.gone = True
            raise VaultGone(self.index.root)
        import time

        from vaultkit.live.targeted import relative_paths, targeted_scan

        if self.settings.changed():
            self._rebuild()
        elif self.stale.is_set() or not self.watching:
            with self._lock:
                self.stale.clear()
                paths, self._paths = self._paths, set()
            if not self.watching and self._vouched():
                return
            named = relative_paths(self.index.root, paths) if self.watching else None
            due = self._full_at is not None and time.monotonic() >= self._full_at
            if named and not due:  # saves that never stop still get a scan now and then
                scanned = targeted_scan(self.index, named)
                self.index.last_refresh = self.index.refresh(jobs=1, scanned=scanned)
                if self._full_at is None:
                    self._full_at = time.monotonic() + self.FULL_AFTER
                return
            self._full_at = None
            self.index.last_refresh = self.index.refresh(jobs=1)
        elif self._full_at is not None and time.monotonic() >= self._full_at:
            self._full_at = None
            self.index.last_refresh = self.index.refresh(jobs=1)

    def _rebuild(self) -> None:
        """The vault's settings ask for another index: open it again as a new command
        would (rebuilt under them) and refresh it, with a scan."""
        from vaultkit.live.settings import reopen

        with self._lock:
            self.stale.clear()
            self._paths = set()
        self._full_at = None
        self.settings.accept()  # first: a change while it rebuilds is seen next call
        try:
            reopen(self.index)
            self.index.last_refresh = self.index.refresh(jobs=1)
        except BaseException:
            self.settings.stamps = []  # look again, and refresh, on the next call
            self.stale.set()
            raise

    def _vouched(self) -> bool:
        """Without a watcher of its own: whether a running ``vaultkit watch`` says the index
        is fresh (the rule every command follows, vaultkit.live.trust)."""
        import os

        from vaultkit.live.trust import trust_watcher

        if os.environ.get("VAULTKIT_TRUST_WATCHER", "1") == "0":
            return False
        return trust_watcher(self.index.path, self.index.root)

    def close(self) -> None:
        """Stop the watcher thread."""
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=5)


def error_result(message: str) -> Any:
    """A tool error carrying ``message`` as the CLI prints it."""
    import mcp_types as types

    return types.CallToolResult(
        content=[types.TextContent(text=f"error: {message}")], is_error=True
    )


def run_tool(tool: Tool | None, name: str, index: Index, arguments: Any, edits: bool) -> Any:
    """The CallToolResult of one call: the JSON answer, or a tool error."""
    import mcp_types as types

    try:
        if tool is None:
            raise ToolUsageError(f"no tool named {name!r}")
        if tool.writes and not edits:
            raise ToolUsageError(
                f"{name} changes notes, and this server was started read-only: restart it"
                " with `vaultkit mcp --allow-edits` to allow edits (they default to dry_run)"
            )
        data, text = call(tool, index, arguments)
    except VaultkitError as error:
        return error_result(str(error))
    except Exception as error:  # never a traceback to the client
        return error_result(f"internal error: {type(error).__name__}: {error}")
    return types.CallToolResult(content=[types.TextContent(text=text)], structured_content=data)


def note_uri(path: str) -> str:
    """The resource URI of the note at vault path ``path``."""
    return NOTE_SCHEME + quote(path)


def read_resource_text(index: Index, uri: str) -> tuple[str, str]:
    """The text and MIME type behind ``uri``; only notes of the index, inside the vault."""
    from vaultkit.render import to_jsonable

    if uri == TAGS_URI:
        from vaultkit.render.tags import listing_json
        from vaultkit.tags.listing import from_rows, list_tags

        paths = index.note_paths()
        listing = list_tags(from_rows(paths, index.tag_occurrences()), "count", False)
        return json.dumps(listing_json(listing), ensure_ascii=False), "application/json"
    if uri == OUTLINE_URI:
        return json.dumps(to_jsonable(vault_outline(index)), ensure_ascii=False), (
            "application/json"
        )
    if not uri.startswith(NOTE_SCHEME):
        raise VaultkitError(f"unknown resource {uri!r}: notes are {NOTE_SCHEME}PATH")
    from vaultkit.reading import inside_vault
    from vaultkit.vault import read_text

    path = unquote(uri[len(NOTE_SCHEME) :])
    real = inside_vault(index, path)
    if index.file_id(path) is None or not path.lower().endswith(".md"):
        raise VaultkitError(f"no note at {path!r} in the vault")
    text, _ = read_text(real, index.config.max_file_bytes)
    if text is None:
        raise VaultkitError(f"{path}: cannot be read as UTF-8 text")
    return text, "text/markdown"


def vault_outline(index: Index) -> dict[str, Any]:
    """Folders with their note counts, and every note's path and title."""
    notes = index.note_titles()
    folders: dict[str, int] = {}
    for path, _ in notes:
        folder = path.rpartition("/")[0]
        while True:
            folders[folder] = folders.get(folder, 0) + 1
            if not folder:
                break
            folder = folder.rpartition("/")[0]
    return {
        "notes": len(notes),
        "folders": [{"folder": f, "notes": n} for f, n in sorted(folders.items())],
        "paths": [{"path": p, "title": t} for p, t in notes],
    }


def build_server(index: Index, fresh: Freshness, allow_edits: bool = False) -> Server[Any]:
    """The MCP server over ``index``."""
    import mcp_types as types
    from mcp.server import Server

    from vaultkit import __version__
    from vaultkit.live.tools import tools
    from vaultkit.search.notetexts import keep_texts

    keep_texts(index)  # searches read the notes' texts from memory (vaultkit.search.notetexts)

    registry = {t.name: t for t in tools()}
    served = [t for t in registry.values() if allow_edits or not t.writes]

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(
            tools=[
                types.Tool(
                    name=t.name,
                    description=t.description,
                    input_schema=t.input_schema(),
                    annotations=types.ToolAnnotations(
                        read_only_hint=not t.writes,
                        destructive_hint=False,
                        idempotent_hint=not t.writes,
                        open_world_hint=False,
                    ),
                )
                for t in served
            ]
        )

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        try:
            fresh.ensure()
        except VaultkitError as error:
            result: types.CallToolResult = error_result(str(error))
            return result
        found = registry.get(params.name)
        outcome: types.CallToolResult = run_tool(
            found, params.name, index, params.arguments, allow_edits
        )
        return outcome

    async def list_resources(ctx: Any, params: Any) -> types.ListResourcesResult:
        fresh.ensure()
        start = int(params.cursor) if params and params.cursor and params.cursor.isdigit() else 0
        notes = index.note_titles()
        chosen = notes[start : start + RESOURCES_PAGE]
        resources = []
        if start == 0:
            resources += [
                types.Resource(
                    uri=TAGS_URI,
                    name="tags",
                    description="Every tag with its note counts (vaultkit tags --json).",
                    mime_type="application/json",
                ),
                types.Resource(
                    uri=OUTLINE_URI,
                    name="outline",
                    description="The vault's folders with note counts, and every note's title.",
                    mime_type="application/json",
                ),
            ]
        resources += [
            types.Resource(uri=note_uri(p), name=p, title=t, mime_type="text/markdown")
            for p, t in chosen
        ]
        more = start + RESOURCES_PAGE < len(notes)
        return types.ListResourcesResult(
            resources=resources, next_cursor=str(start + RESOURCES_PAGE) if more else None
        )

    async def list_templates(ctx: Any, params: Any) -> types.ListResourceTemplatesResult:
        return types.ListResourceTemplatesResult(
            resource_templates=[
                types.ResourceTemplate(
                    uri_template=NOTE_SCHEME + "{path}",
                    name="note",
                    description="A note's Markdown by its vault path, e.g. vault://Concepts/Cascade.md",
                    mime_type="text/markdown",
                )
            ]
        )

    async def read_resource(ctx: Any, params: types.ReadResourceRequestParams) -> Any:
        from mcp.shared.exceptions import MCPError

        try:
            fresh.ensure()
            text, mime = read_resource_text(index, params.uri)
        except VaultkitError as error:
            raise MCPError(code=types.INVALID_PARAMS, message=f"error: {error}") from None
        return types.ReadResourceResult(
            contents=[types.TextResourceContents(uri=params.uri, text=text, mime_type=mime)]
        )

    return Server(
        "vaultkit",
        version=__version__,
        instructions=(
            "An Obsidian vault read exactly as Obsidian reads it. Find notes with `notes`"
            " or `query`, read them with `read_note`, follow links with `links` and `resolve`."
        ),
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_list_resource_templates=list_templates,
        on_read_resource=read_resource,
    )


def serve(index: Index, allow_edits: bool = False, http_port: int | None = None) -> None:
    """Serve ``index`` on stdio, or on 127.0.0.1:``http_port`` (streamable HTTP)."""
    import anyio

    fresh = Freshness(index)
    server = build_server(index, fresh, allow_edits)
    try:
        if http_port is None:
            from mcp.server.stdio import stdio_server

            async def main() -> None:
                async with stdio_server() as (read, write), anyio.create_task_group() as tasks:
                    tasks.start_soon(warm_up, index)
                    await server.run(read, write, server.create_initialization_options())
                    tasks.cancel_scope.cancel()

            anyio.run(main)
        else:
            _serve_http(server, http_port, index)
    finally:
        fresh.close()


def _serve_http(server: Server[Any], port: int, index: Index) -> None:
    """Serve streamable HTTP until stopped. uvicorn answers Ctrl-C itself with a graceful
    shutdown and returns; the interrupt is raised again here, so that the command exits
    130 like ``watch``."""
    import signal

    import uvicorn

    interrupted: list[int] = []
    main = threading.current_thread() is threading.main_thread()
    # uvicorn hands a signal it caught on to the handler it found installed: this one.
    previous = (
        signal.signal(signal.SIGINT, lambda sig, _f: interrupted.append(sig)) if main else None
    )
    try:
        app = server.streamable_http_app(host="127.0.0.1")
        app.router.lifespan_context = warming(app.router.lifespan_context, index)
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
    if interrupted:
        raise KeyboardInterrupt
