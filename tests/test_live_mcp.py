"""`vaultkit mcp` driven by the MCP SDK's own client over stdio, on examples/vault/: the
tools listed, each called, answers equal to the CLI's --json, paging, errors as tool errors
with the CLI's message, nothing read outside the vault, edits only with --allow-edits.

One server per vault is started for the module and every call made in that session; the
tests then look at the answers.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT
from vaultkit.cli import app

pytest.importorskip("mcp")

BOUND = 30.0
"""Seconds a change may take to reach the server's answers (loose on purpose)."""
READ_ONLY = {
    "links",
    "read_note",
    "notes",
    "query",
    "tags",
    "tags_audit",
    "summarize",
    "report",
    "graph",
    "graph_path",
    "resolve",
    "search",
    "check",
    "base",
    "unlinked_mentions",
    "graph_neighbors",
}
WRITES = {"tag_add", "tag_remove", "tag_rename"}

Session = Callable[[Any], Awaitable[dict[str, Any]]]


def serve(vault: Path, index: Path, errlog: Path, script: Session, *extra: str) -> dict[str, Any]:
    """Start `vaultkit mcp` on ``vault`` and run ``script`` with a connected client."""
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "vaultkit", "mcp", "--vault", str(vault), "--index", str(index), *extra],
        env={"NO_COLOR": "1"},
    )

    async def main() -> dict[str, Any]:
        with errlog.open("w", encoding="utf-8") as err:
            async with Client(stdio_client(params, errlog=err), cache=None) as client:
                return await script(client)

    return anyio.run(main)


def answer(result: Any) -> tuple[bool, Any]:
    """(is_error, JSON answer or error text) of a CallToolResult."""
    text = result.content[0].text
    if result.is_error:
        return True, text
    assert json.loads(text) == result.structured_content
    return False, result.structured_content


def cli_json(vault: Path, index: Path, *args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--vault", str(vault), "--index", str(index)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def cli_error(vault: Path, index: Path, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--vault", str(vault), "--index", str(index)])
    assert result.exit_code == 2
    return result.stderr.strip()


@pytest.fixture(scope="module")
def reads(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every read-only call, made in one session on examples/vault/."""
    where = tmp_path_factory.mktemp("mcp")
    index = where / "index.sqlite"
    calls: dict[str, tuple[str, dict[str, Any]]] = {
        "links": ("links", {"note": "cadre", "limit": 500}),
        "links_page1": ("links", {"note": "cadre", "limit": 4}),
        "links_page2": ("links", {"note": "cadre", "limit": 4, "cursor": "4"}),
        "links_past_end": ("links", {"note": "cadre", "limit": 4, "cursor": "9999"}),
        "links_alias": ("links", {"note": "Olympia 3-13-21"}),
        "read": ("read_note", {"note": "cadre", "limit": 3}),
        "read_next": ("read_note", {"note": "Concepts/cadre.md", "limit": 3, "cursor": "3"}),
        "read_all": ("read_note", {"note": "cadre", "limit": 2000}),
        "notes": ("notes", {"folder": "Concepts", "limit": 500}),
        "query": ("query", {"dql": 'TABLE rating FROM "Readings" SORT file.name ASC'}),
        "tags": ("tags", {"limit": 2000}),
        "tags_audit": ("tags_audit", {"limit": 1000}),
        "summarize": ("summarize", {"note": "cadre"}),
        "report": ("report", {"report": "meetings"}),
        "graph": ("graph", {"top": 5, "limit": 2000}),
        "graph_path": ("graph_path", {"source": "Dashboard", "target": "cadre"}),
        "resolve": ("resolve", {"link": "[[cadre#How cadres are trained|training]]"}),
        "resolve_alias": ("resolve", {"link": "sects", "from": "Olympia 3-13-21"}),
        "unknown_note": ("links", {"note": "No Such Note Anywhere"}),
        "bad_query": ("query", {"dql": "TABLE FROM WHERE"}),
        "outside_read": ("read_note", {"note": "../../etc/passwd"}),
        "outside_abs": ("read_note", {"note": "/etc/passwd"}),
        "outside_resolve": ("resolve", {"link": "x", "from": "../secret.md"}),
        "write_refused": ("tag_add", {"tag": "new", "notes": ["cadre"]}),
        "unknown_tool": ("delete_everything", {}),
        "bad_argument": ("links", {"note": "cadre", "colour": "red"}),
        "bad_type": ("links", {"note": "cadre", "limit": "ten"}),
        "bad_cursor": ("links", {"note": "cadre", "cursor": "abc"}),
    }

    async def script(client: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"tools": await client.list_tools()}
        for key, (name, arguments) in calls.items():
            out[key] = answer(await client.call_tool(name, arguments))
        out["resources"] = await client.list_resources()
        out["note_resource"] = await client.read_resource("vault://Concepts/cadre.md")
        out["tags_resource"] = await client.read_resource("vaultkit://tags")
        out["outline_resource"] = await client.read_resource("vaultkit://outline")
        for key, uri in (
            ("outside_resource", "vault://../secret.md"),
            ("absolute_resource", "vault:///etc/passwd"),
            ("attachment_resource", "vault://attachments/map.png"),
        ):
            try:
                await client.read_resource(uri)
                out[key] = None
            except Exception as error:
                out[key] = str(error)
        return out

    answers = serve(EXAMPLE_VAULT, index, where / "stderr.txt", script)
    answers["index"] = index
    answers["stderr"] = (where / "stderr.txt").read_text(encoding="utf-8")
    return answers


def test_read_only_tools_are_listed_with_schemas(reads: dict[str, Any]) -> None:
    tools = {t.name: t for t in reads["tools"].tools}
    assert set(tools) == READ_ONLY
    links = tools["links"]
    assert links.input_schema["required"] == ["note"]
    assert set(links.input_schema["properties"]) == {"note", "cursor", "limit"}
    assert all(t.description and "Example" in t.description for t in tools.values())
    assert all(t.annotations.read_only_hint for t in tools.values())


def test_links_answer_is_the_cli_json(reads: dict[str, Any]) -> None:
    failed, data = reads["links"]
    assert not failed
    cli = cli_json(EXAMPLE_VAULT, reads["index"], "links", "cadre", "--all", "--json")
    assert data.pop("next_cursor") is None
    assert data.pop("total") == cli["source_count"]
    assert data == cli
    assert data["backlink_count"] >= 10


def test_links_pages_with_a_cursor(reads: dict[str, Any]) -> None:
    _, first = reads["links_page1"]
    _, everything = reads["links"]
    assert [b["path"] for b in first["backlinks"]] == [
        b["path"] for b in everything["backlinks"][:4]
    ]
    assert first["next_cursor"] == "4"
    assert first["hidden_sources"] == everything["source_count"] - 4
    _, second = reads["links_page2"]
    assert second["backlinks"] == everything["backlinks"][4:8]  # links, lines, titles
    assert second["next_cursor"] == ("8" if everything["source_count"] > 8 else None)
    assert second["total"] == everything["source_count"]
    assert second["backlink_count"] == everything["backlink_count"]
    _, past = reads["links_past_end"]
    assert past["backlinks"] == [] and past["next_cursor"] is None


def test_unresolved_link_to_an_alias_carries_the_hint(reads: dict[str, Any]) -> None:
    _, data = reads["links_alias"]
    hints = {row["target"]: row["hint"] for row in data["unresolved"]}
    assert "sectarianism" in hints["sects"]
    assert "[[sectarianism|sects]]" in hints["sects"]
    assert hints["Spring Conference 2021"] is None


def test_read_note_numbers_lines_and_pages(reads: dict[str, Any]) -> None:
    _, first = reads["read"]
    _, second = reads["read_next"]
    text = (EXAMPLE_VAULT / "Concepts" / "cadre.md").read_text(encoding="utf-8").splitlines()
    assert first["path"] == "Concepts/cadre.md"
    assert first["lines"] == [{"line": i + 1, "text": text[i]} for i in range(3)]
    assert first["next_cursor"] == "3" and first["total"] == len(text)
    assert second["lines"][0] == {"line": 4, "text": text[3]}
    assert first["outline"] and all({"level", "text", "line"} <= set(h) for h in first["outline"])


def test_notes_query_tags_audit_report_graph_match_the_cli(reads: dict[str, Any]) -> None:
    index = reads["index"]
    where = ["--vault", str(EXAMPLE_VAULT), "--index", str(index)]
    notes_cli = CliRunner().invoke(app, ["notes", "--jsonl", "--folder", "Concepts", *where])
    expected = [json.loads(line) for line in notes_cli.stdout.splitlines()]
    assert reads["notes"][1]["results"] == expected and len(expected) == 6

    query = cli_json(
        EXAMPLE_VAULT, index, "query", 'TABLE rating FROM "Readings" SORT file.name ASC', "--json"
    )
    data = reads["query"][1]
    assert data["values"] == query["values"] and data["headers"] == query["headers"]
    assert len(data["values"]) == 8

    tags = reads["tags"][1]
    tags.pop("next_cursor"), tags.pop("total")
    assert tags == cli_json(EXAMPLE_VAULT, index, "tags", "--json")

    audit = reads["tags_audit"][1]
    audit.pop("next_cursor")
    assert audit == cli_json(EXAMPLE_VAULT, index, "tags", "audit", "--json")

    assert reads["report"][1] == cli_json(EXAMPLE_VAULT, index, "report", "meetings", "--json")

    graph = reads["graph"][1]
    graph.pop("next_cursor"), graph.pop("total")
    assert graph == cli_json(EXAMPLE_VAULT, index, "graph", "--top", "5", "--json")


def test_read_note_and_resolve_match_the_cli(reads: dict[str, Any]) -> None:
    index = reads["index"]
    read = reads["read_all"][1]
    assert read.pop("next_cursor") is None and read.pop("total") == read["line_count"]
    assert read == cli_json(EXAMPLE_VAULT, index, "read", "cadre", "--json")
    resolved = reads["resolve_alias"][1]
    cli = cli_json(EXAMPLE_VAULT, index, "resolve", "sects", "--from", "Olympia 3-13-21", "--json")
    assert resolved == cli


def test_summarize_path_and_resolve(reads: dict[str, Any]) -> None:
    (summary,) = reads["summarize"][1]["results"]
    assert summary["path"] == "Concepts/cadre.md"
    path = reads["graph_path"][1]
    assert path["notes"][0] == "Dashboard.md" and path["notes"][-1] == "Concepts/cadre.md"
    resolved = reads["resolve"][1]
    assert resolved["resolved"] == "Concepts/cadre.md"
    assert resolved["heading"] == "How cadres are trained"
    assert resolved["candidates"] == ["Concepts/cadre.md"] and not resolved["ambiguous"]
    alias = reads["resolve_alias"][1]
    assert alias["resolved"] is None and alias["alias_of"] == ["Concepts/sectarianism.md"]


def test_errors_are_tool_errors_with_the_cli_message(reads: dict[str, Any]) -> None:
    index = reads["index"]
    failed, message = reads["unknown_note"]
    assert failed
    assert message == cli_error(EXAMPLE_VAULT, index, "links", "No Such Note Anywhere")
    failed, message = reads["bad_query"]
    assert failed
    assert message == cli_error(EXAMPLE_VAULT, index, "query", "TABLE FROM WHERE")
    for key, needle in (
        ("unknown_tool", "no tool named 'delete_everything'"),
        ("bad_argument", "takes no argument colour"),
        ("bad_type", "limit must be a integer"),
        ("bad_cursor", "invalid cursor"),
    ):
        failed, message = reads[key]
        assert failed and needle in message and message.startswith("error: ")
    assert "Traceback" not in reads["stderr"]


def test_nothing_outside_the_vault_is_read(reads: dict[str, Any]) -> None:
    for key in ("outside_read", "outside_abs", "outside_resolve"):
        failed, message = reads[key]
        assert failed and "outside the vault" in message
        assert "root:" not in message
    assert "outside the vault" in reads["outside_resource"]
    assert "outside the vault" in reads["absolute_resource"]
    assert "no note at" in reads["attachment_resource"]


def test_a_write_without_allow_edits_is_refused(reads: dict[str, Any]) -> None:
    failed, message = reads["write_refused"]
    assert failed and "--allow-edits" in message


def test_resources_notes_tags_and_outline(reads: dict[str, Any]) -> None:
    uris = [r.uri for r in reads["resources"].resources]
    assert uris[:2] == ["vaultkit://tags", "vaultkit://outline"]
    assert "vault://Concepts/cadre.md" in uris and len(uris) == 2 + 36
    note = reads["note_resource"].contents[0]
    assert note.text == (EXAMPLE_VAULT / "Concepts" / "cadre.md").read_text(encoding="utf-8")
    tags = json.loads(reads["tags_resource"].contents[0].text)
    assert tags["tags"] and {"name", "notes"} <= set(tags["tags"][0])
    outline = json.loads(reads["outline_resource"].contents[0].text)
    assert outline["notes"] == 36
    assert {"folder": "Concepts", "notes": 6} in outline["folders"]


def test_edits_with_allow_edits_dry_run_first_and_answers_stay_fresh(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE_VAULT, vault)
    note = vault / "Concepts" / "cadre.md"
    before = note.read_bytes()

    async def script(client: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"tools": {t.name for t in (await client.list_tools()).tools}}
        out["dry"] = answer(await client.call_tool("tag_add", {"tag": "study", "notes": ["cadre"]}))
        out["after_dry"] = note.read_bytes()
        out["bad_tag"] = answer(
            await client.call_tool("tag_add", {"tag": "two words", "notes": ["cadre"]})
        )
        out["written"] = answer(
            await client.call_tool(
                "tag_add", {"tag": "study", "notes": ["cadre"], "dry_run": False}
            )
        )
        out["notes"] = answer(await client.call_tool("notes", {"tag": "study"}))
        (vault / "Fresh.md").write_text("A new note about [[cadre]].\n", encoding="utf-8")
        deadline = time.monotonic() + BOUND
        while True:
            _, links = answer(await client.call_tool("links", {"note": "cadre", "limit": 500}))
            sources = [b["path"] for b in links["backlinks"]]
            if "Fresh.md" in sources or time.monotonic() > deadline:
                break
            await anyio.sleep(0.1)
        out["fresh_sources"] = sources
        return out

    got = serve(vault, tmp_path / "i.sqlite", tmp_path / "err.txt", script, "--allow-edits")
    assert got["tools"] >= WRITES
    failed, dry = got["dry"]
    assert not failed and dry["dry_run"] is True
    assert dry["changed"][0]["path"] == "Concepts/cadre.md"
    assert "+" in dry["changed"][0]["diff"] and "study" in dry["changed"][0]["diff"]
    assert got["after_dry"] == before
    failed, message = got["bad_tag"]
    assert failed and message.startswith("error: ")
    failed, written = got["written"]
    assert not failed and written["changed"][0]["status"] == "written"
    assert b"study" in note.read_bytes() and note.read_bytes() != before
    assert [n["path"] for n in got["notes"][1]["results"]] == ["Concepts/cadre.md"]
    assert "Fresh.md" in got["fresh_sources"]


def test_without_the_sdk_the_command_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "mcp" else real(name, *a)
    )
    result = CliRunner().invoke(app, ["mcp", "--vault", str(EXAMPLE_VAULT)])
    assert result.exit_code == 2
    assert "pip install 'vaultkit[mcp]'" in result.stderr


def test_streamable_http_on_loopback_and_ctrl_c_exits_130(tmp_path: Path) -> None:
    import signal
    import socket
    import subprocess

    from mcp import Client

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vaultkit",
            "mcp",
            "--http",
            str(port),
            "--vault",
            str(EXAMPLE_VAULT),
            "--index",
            str(tmp_path / "i.sqlite"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    async def main() -> Any:
        deadline = time.monotonic() + BOUND
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                await anyio.sleep(0.1)
        async with Client(f"http://127.0.0.1:{port}/mcp", cache=None) as client:
            return answer(await client.call_tool("resolve", {"link": "[[cadre]]"}))

    try:
        failed, data = anyio.run(main)
        # Ctrl-C: a graceful stop, exit 130 quietly (as `watch` does).
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=BOUND)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=BOUND)
    assert not failed and data["resolved"] == "Concepts/cadre.md"
    assert server.returncode == 130
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
