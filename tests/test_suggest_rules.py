"""Tag suggestions' rules from issue 16: a model stored with the index and refreshed only when
notes change; evidence weighted by support with a minimum support; no evidence from the
vault root; embeds are not words; a near-duplicate's minority spelling is never suggested;
a tag that would change the note's kind is held back; too few tagged notes said plainly;
low confidence marked; fewer than --top explained; --folder/--kind applied to NOTEs."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.suggest import SuggestReport, suggest_tags
from vaultkit.tags.corpus import load_docs
from vaultkit.tags.model_store import ensure
from vaultkit.tags.suggest_model import near_duplicates

LABOR = "The union steward filed a grievance; the strike and the picket line held at the shop."
HOUSING = "The tenant union withheld rent; the landlord faced an eviction hearing and inspector."
GARDEN = "Tomatoes, compost and seedlings in the community garden plot by the greenhouse."


def _open(root: Path) -> Index:
    index = Index.open(root, root.parent / "idx.sqlite")
    index.refresh(jobs=1)
    return index


def _base(n: int = 4) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for i in range(n):
        files[f"Labor/l{i}.md"] = f"#labor\n{LABOR} Note {i}. [[Strike Fund]]\n"
        files[f"Housing/h{i}.md"] = f"#housing\n{HOUSING} Note {i}. [[Tenant Law]]\n"
        files[f"Garden/g{i}.md"] = f"#garden\n{GARDEN} Note {i}.\n"
    return files


def _suggest(index: Index, path: str, **kwargs: object) -> SuggestReport:
    return suggest_tags(index, [path], **kwargs)  # type: ignore[arg-type]


def test_model_is_stored_and_rebuilt_only_when_notes_change(make_vault: VaultBuilder) -> None:
    root = make_vault({**_base(), "new.md": "A grievance at the shop: the steward.\n"})
    with _open(root) as index:
        first = _suggest(index, "new.md")
        assert first.notes[0].suggestions[0].tag == "labor"
        assert ensure(index) is False  # the same state: nothing to do
        rows = index.query("SELECT count(*) FROM suggest_docs")[0][0]
        assert rows == 13
    (root / "new.md").write_text("Compost and seedlings for the garden plot.\n", encoding="utf-8")
    stamp = (root / "new.md").stat().st_mtime_ns + 5_000_000_000
    os.utime(root / "new.md", ns=(stamp, stamp))
    with _open(root) as index:
        assert _suggest(index, "new.md").notes[0].suggestions[0].tag == "garden"
        assert ensure(index) is False
    (root / "Labor" / "l0.md").unlink()
    with _open(root) as index:
        assert ensure(index) is True
        assert index.query("SELECT count(*) FROM suggest_docs")[0][0] == 12


def test_one_other_note_is_not_enough_support(make_vault: VaultBuilder) -> None:
    files = _base()
    files["Inbox/rare.md"] = "#tomatoes\nTomatoes tomatoes heirloom tomatoes.\n"
    files["Inbox/new.md"] = "Heirloom tomatoes again, tomatoes everywhere.\n"
    root = make_vault(files)
    with _open(root) as index:
        tags = [s.tag for s in _suggest(index, "Inbox/new.md").notes[0].suggestions]
        assert "tomatoes" not in tags  # one note carries it: below the minimum of 3
        assert _suggest(index, "Inbox/new.md").min_support == 3
        ones = [s.tag for s in _suggest(index, "Inbox/new.md", min_support=1).notes[0].suggestions]
        assert ones[0] == "tomatoes"
    (root / ".vaultkit.toml").write_text("[suggest]\nmin_support = 1\n", encoding="utf-8")
    with _open(root) as index:
        report = _suggest(index, "Inbox/new.md")
        assert report.min_support == 1 and report.notes[0].suggestions[0].tag == "tomatoes"


def test_the_vault_root_is_no_evidence(make_vault: VaultBuilder) -> None:
    files: dict[str, str | bytes] = {f"r{i}.md": f"#root\nline {i}\n" for i in range(6)}
    files.update({f"o{i}.md": f"#other\nthing {i}\n" for i in range(3)})
    files["plain.md"] = "Nothing in common with anything.\n"
    root = make_vault(files)
    with _open(root) as index:
        note = _suggest(index, "plain.md").notes[0]
    # six of the root's notes carry #root, but being in the root says nothing
    assert note.suggestions == []
    assert note.shortfall is not None and note.shortfall.startswith("no tag of the vault has")


def test_embedded_file_names_are_not_words(make_vault: VaultBuilder) -> None:
    # Obsidian help, "Linking notes and files/Embed files": ![[file]] and ![](file) show the
    # file in the note; its name is not text the note says.
    root = make_vault({"a.md": "Text ![[zebra crossing.png]] and ![](giraffe.jpg) here\n"})
    with _open(root) as index:
        docs, _ = load_docs(index)
    assert not {"zebra", "crossing", "png", "giraffe", "jpg"} & set(docs[0].words)
    assert "text" in docs[0].words


def test_minority_spelling_is_never_suggested(make_vault: VaultBuilder) -> None:
    files = _base()
    for i in range(3):
        files[f"Org/o{i}.md"] = f"#organizing\nCanvass the block, knock doors, sign cards {i}.\n"
    files["Org/x.md"] = "#organising\nCanvass the block, knock doors, sign cards.\n"
    files["Org/new.md"] = "We will canvass the block and knock doors.\n"
    root = make_vault(files)
    with _open(root) as index:
        report = _suggest(index, "Org/new.md", top=5, min_support=1)
    tags = [s.tag for s in report.notes[0].suggestions]
    assert tags[0] == "organizing" and "organising" not in tags
    assert report.merged == {"organising": "organizing"}


def test_near_duplicate_groups() -> None:
    counts = {"organizing": 9, "organising": 2, "books": 3, "book": 5, "2020": 4, "2021": 4}
    assert near_duplicates(counts) == {"organising": "organizing", "books": "book"}


def test_a_tag_that_would_change_the_kind_is_held_back(make_vault: VaultBuilder) -> None:
    files = _base()
    for i in range(4):
        files[f"M/m{i}.md"] = f"#meeting/political\nBranch meeting: the strike fund {i}.\n"
    files["M/notes.md"] = "Branch meeting notes about the strike fund, without a tag.\n"
    root = make_vault(files)
    with _open(root) as index:
        note = _suggest(index, "M/notes.md").notes[0]
        assert "meeting/political" not in [s.tag for s in note.suggestions]
        (held,) = [s for s in note.withheld if s.tag == "meeting/political"]
        assert held.changes_kind == ["meeting"]
        allowed = _suggest(index, "M/notes.md", allow_kind_change=True).notes[0]
    best = allowed.suggestions[0]
    assert (best.tag, best.changes_kind) == ("meeting/political", ["meeting"])


def test_too_few_tagged_notes_is_said_plainly(make_vault: VaultBuilder) -> None:
    files: dict[str, str | bytes] = {
        f"n{i}.md": f"#meeting/political\nText {i}\n" for i in range(4)
    }
    files["x.md"] = "Untagged text\n"
    root = make_vault(files)
    with _open(root) as index:
        report = _suggest(index, "x.md")
    assert report.notes == [] and report.notice is not None
    assert report.notice.startswith("too few tagged notes to learn from: 4 tagged notes")


def test_low_confidence_is_marked_and_top_explains_a_shortfall(make_vault: VaultBuilder) -> None:
    files = _base()
    files["Inbox/weak.md"] = "A strike, and also a garden.\n"
    root = make_vault(files)
    with _open(root) as index:
        note = _suggest(index, "Inbox/weak.md", top=5).notes[0]
    assert note.suggestions and all(s.confidence == "low" for s in note.suggestions)
    assert len(note.suggestions) < 5
    assert note.shortfall is not None and "evidence for this note" in note.shortfall


def test_folder_and_kind_apply_to_note_arguments(make_vault: VaultBuilder) -> None:
    root = make_vault({**_base(), "Labor/new.md": "A grievance.\n", "Garden/new.md": "Compost.\n"})
    args = ["tags", "suggest", "Labor/new.md", "Garden/new.md", "--folder", "Labor", "--json"]
    result = CliRunner().invoke(app, [*args, "--vault", str(root)])
    assert result.exit_code == 0
    assert [n["path"] for n in json.loads(result.stdout)["notes"]] == ["Labor/new.md"]
    assert "Garden/new.md: left out by --folder Labor" in result.stderr


def test_a_shortfall_says_what_was_held_back(make_vault: VaultBuilder) -> None:
    files: dict[str, str | bytes] = {}
    for i in range(4):
        files[f"M/m{i}.md"] = f"#meeting/political\nBranch meeting: the strike fund {i}.\n"
        files[f"G/g{i}.md"] = f"#garden\nCompost and seedlings in the plot {i}.\n"
    files["M/notes.md"] = "Branch meeting notes about the strike fund, without a tag.\n"
    files["plain.md"] = "Nothing in common with anything.\n"
    root = make_vault(files)
    with _open(root) as index:
        note = _suggest(index, "M/notes.md").notes[0]
        plain = _suggest(index, "plain.md").notes[0]
    # every tag with evidence would make the note a meeting: not "only 0 of the vault's tags"
    assert note.suggestions == [] and [s.tag for s in note.withheld] == ["meeting/political"]
    assert note.shortfall is not None and not note.shortfall.startswith("only 0")
    assert "1 held back because it would change the note's kind" in note.shortfall
    assert "--allow-kind-change" in note.shortfall
    assert plain.shortfall is not None and plain.shortfall.startswith("no tag of the vault has")
