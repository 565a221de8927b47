"""The MCP ``report`` tool's meetings-only arguments (since, until, org, branch,
interventions, by) given with the readings or resolutions report: refused, not silently
ignored (before, ``{"report": "readings", "org": "Nope"}`` answered every reading)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_VAULT
from vaultkit.index import Index
from vaultkit.live.registry import ToolUsageError, call
from vaultkit.live.tools import tools


@pytest.mark.parametrize("report", ["readings", "resolutions"])
@pytest.mark.parametrize(
    "extra",
    [
        {"since": "2021"},
        {"until": "2021-05"},
        {"org": "Nope"},
        {"branch": "Tacoma"},
        {"interventions": True},
        {"by": "org"},
    ],
)
def test_meeting_arguments_with_another_report_are_refused(
    tmp_path: Path, report: str, extra: dict[str, object]
) -> None:
    tool = {t.name: t for t in tools()}["report"]
    with Index.open(EXAMPLE_VAULT, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        with pytest.raises(ToolUsageError, match="meetings only"):
            call(tool, index, {"report": report, **extra})


def test_the_other_reports_and_meetings_still_answer(tmp_path: Path) -> None:
    tool = {t.name: t for t in tools()}["report"]
    with Index.open(EXAMPLE_VAULT, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        readings, _ = call(tool, index, {"report": "readings", "folder": "Readings"})
        meetings, _ = call(tool, index, {"report": "meetings", "org": "Tacoma", "by": "branch"})
    assert readings["groups"]
    assert {m["branch"] for m in meetings["meetings"]} == {"Tacoma"}
