"""The generated vault's clippings look like clipped web pages (benchmarks/genvault.py): a
site's chrome (banner, name, menu, footer) repeats across the clippings of that site, while
an article's lines are its own, so that the site-lines cue of ``summarize`` is measured on
what it should set aside."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_only_a_sites_chrome_recurs_across_clippings(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import genvault

    genvault.generate(tmp_path / "gen", 1000, 3)
    chrome = set(genvault.SITE_MENU)
    for site, about in genvault.SITES:
        chrome |= {
            site,
            f"{site} is {about}. Send tips and corrections to the editors.",
            f"Back to the front page of {site} | Share | Print",
        }
    holders: Counter[str] = Counter()
    clippings = list((tmp_path / "gen" / "Clippings").glob("*.md"))
    for path in clippings:
        lines = {line.strip().lstrip("*") for line in path.read_text("utf-8").splitlines()}
        holders.update(line for line in lines if line)
    shared = {line for line, count in holders.items() if count > 1}
    assert len(clippings) > 100
    assert shared <= chrome  # no article line recurs (version 1 repeated 8 at this size)
    assert len(shared) >= 2 * len(genvault.SITES)  # every site's banner and name recur
