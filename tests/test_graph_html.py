"""The page `graph export --format html` writes, in a real headless Chromium driven by
Playwright: it loads with no console error and no network request, lays out every node,
its search finds a note, clicking a node opens its panel, hovering highlights neighbours.

Needs Debian's `chromium` (never a downloaded browser) and the `playwright` package:
`apt-get install -y chromium` and `pip install 'playwright>=1.40,<2'`; skipped otherwise.
Set VAULTKIT_SCREENSHOT=PATH to save a screenshot of the example vault's graph."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT
from vaultkit.cli import app

CHROMIUM = os.environ.get("VAULTKIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Any:
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="playwright is not installed: pip install 'playwright>=1.40,<2'",
    )
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium: apt-get install -y chromium (no browser is downloaded)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def _export(tmp_path: Path) -> Path:
    target = tmp_path / "graph.html"
    result = CliRunner().invoke(
        app,
        [
            "graph",
            "export",
            "--format",
            "html",
            "--out",
            str(target),
            "--include-attachments",
            "--vault",
            str(EXAMPLE_VAULT),
        ],
    )
    assert result.exit_code == 0, result.stderr
    return target


def test_the_page_works_offline_in_chromium(browser: Any, tmp_path: Path) -> None:
    target = _export(tmp_path)
    # The page's CSP forbids eval, which Playwright's waits use: bypass it, so that any
    # request the page would make is made, and recorded below, instead of blocked.
    context = browser.new_context(viewport={"width": 1200, "height": 800}, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = target.as_uri()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.wait_for_function("window.vaultkit && window.vaultkit.settled()", timeout=60_000)

    # every node of the example vault (36 notes and its one linked attachment) is laid out
    drawn = page.evaluate(
        "window.vaultkit.graph.graphData().nodes.filter(n => Number.isFinite(n.x)"
        " && Number.isFinite(n.y)).length"
    )
    assert drawn == 37
    assert page.inner_text("#count") == "37 nodes, 144 links"

    # search finds a note; Enter opens its panel
    page.fill("#search", "sectarian")
    assert page.inner_text("#results").splitlines() == ["sectarianism"]
    page.press("#search", "Enter")
    assert page.inner_text("#panel h2") == "sectarianism"
    assert "Linked from (" in page.inner_text("#panel")

    # clicking a node on the canvas opens its panel; hovering highlights its neighbours
    page.click("#close")
    box = page.query_selector("#graph canvas").bounding_box()
    spot = page.evaluate(
        "(() => { const g = window.vaultkit.graph;"
        " const n = g.graphData().nodes.find(n => n.id === 'Concepts/WFU.md');"
        " g.centerAt(n.x, n.y, 0); g.zoom(8, 0);"  # close in: no other node under the mouse
        " return g.graph2ScreenCoords(n.x, n.y); })()"
    )
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
    page.wait_for_function("window.vaultkit.highlighted().length > 1", timeout=5_000)
    lit = page.evaluate("window.vaultkit.highlighted()")
    assert "Concepts/WFU.md" in lit and "Concepts/Marxism.md" in lit and len(lit) == 26
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    page.wait_for_selector("#panel h2", state="visible")
    assert page.inner_text("#panel h2") == "WFU"
    assert "Concepts/WFU.md" in page.inner_text("#panel .path")

    assert errors == []
    assert requests == [url]  # the page itself, nothing else
    shot = os.environ.get("VAULTKIT_SCREENSHOT")
    if shot:  # the whole graph, WFU's panel open and its neighbours lit
        page.fill("#search", "")
        page.evaluate("() => { window.vaultkit.graph.zoomToFit(300, 40); }")
        page.mouse.move(300, 300)
        page.wait_for_timeout(800)
        page.screenshot(path=shot)
    context.close()
