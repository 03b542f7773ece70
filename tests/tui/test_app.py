"""Pilot tests: the queue, the claim detail, notes, search, filters, help and the palette."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList, Static, TextArea

from tests.factory import make_assessments, make_store
from tests.tui.helpers import ARMY, JNIM, RESIDENTS, SIZE, make_app, selected, shown_ids, stored
from tui.screens.claim import ClaimScreen
from tui.screens.dialogs import ConfirmDialog, NoteEditor, PathDialog
from tui.screens.help import HelpScreen
from tui.screens.queue import QueueScreen
from tui.screens.reconcile import ReconcileScreen
from tui.screens.report import ReportScreen
from tui.widgets.claim_table import ClaimTable
from verifier.model import Assessment, Claim, Report, ReviewStatus, SpeakerType
from verifier.review.store import ReviewStore


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return make_store(tmp_path / "review.db")


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("v", ReviewStatus.VERIFIED),
        ("x", ReviewStatus.FALSE),
        ("i", ReviewStatus.INCONCLUSIVE),
        ("p", ReviewStatus.IN_PROGRESS),
    ],
)
async def test_app_status_keys_save_at_once(store_path: Path, key: str, status: ReviewStatus):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        assert stored(store_path, ARMY).status is status
        assert notes[-1] == (f"marked {status.value} · ctrl+z undoes", "information")
        await pilot.press("u")
        assert stored(store_path, ARMY).status is ReviewStatus.UNSTARTED
        assert stored(store_path, JNIM).status is ReviewStatus.UNSTARTED


async def test_app_navigation_moves_opens_and_goes_back(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ClaimTable)
        await pilot.press("down", "j")
        assert table.cursor == 2
        await pilot.press("k", "up", "up")
        assert table.cursor == 0
        await pilot.press("enter")
        assert isinstance(app.screen, ClaimScreen)
        assert app.screen.item.assessment.claim.id == ARMY
        await pilot.press("x")
        assert stored(store_path, ARMY).status is ReviewStatus.FALSE
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)
        assert selected(app).status is ReviewStatus.FALSE


async def test_app_note_saves_with_ctrl_s(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"two sources", "enter", *"needed")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, QueueScreen)
        assert stored(store_path, ARMY).note == "two sources\nneeded"


async def test_app_note_escape_without_changes_closes(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "escape")
        assert isinstance(app.screen, QueueScreen)
        assert stored(store_path, ARMY).note == ""


async def test_app_note_escape_asks_before_discarding(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"draft", "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "draft"
        await pilot.press("escape", "y")
        assert isinstance(app.screen, QueueScreen)
        assert stored(store_path, ARMY).note == ""


@pytest.mark.parametrize("finish", ["pause", "enter"])
async def test_app_search_filters_claims(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, finish: str
):
    import tui.screens.queue

    monkeypatch.setattr(tui.screens.queue, "SEARCH_DELAY", 0.5 if finish == "pause" else 60)
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"jnim")
        if finish == "enter":
            assert len(shown_ids(app)) == 3  # typing only restarts the search timer
            await pilot.press("enter")  # runs it at once
        else:
            await pilot.pause(0.8)
            await pilot.press("enter")
        assert shown_ids(app) == [JNIM]
        await pilot.press("v")
        assert stored(store_path, JNIM).status is ReviewStatus.VERIFIED
        await pilot.press("escape")
        assert shown_ids(app) == [ARMY, JNIM, RESIDENTS]


async def test_app_filters_flagged_status_and_speaker(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        assert shown_ids(app) == [ARMY]
        await pilot.press("1", "j", "v", "2")  # status filter: unstarted
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        assert screen.status_filter is ReviewStatus.UNSTARTED
        assert shown_ids(app) == [ARMY, RESIDENTS]
        await pilot.press("0", "3", "3")  # speaker filter: party, then official
        assert screen.speaker_filter is SpeakerType.OFFICIAL
        assert shown_ids(app) == []
        await pilot.press("0", "3")
        assert shown_ids(app) == [ARMY, JNIM]


async def test_app_status_change_leaves_a_status_filter(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "v")  # unstarted only; verify the first
        assert shown_ids(app) == [JNIM, RESIDENTS]
        assert selected(app).assessment.claim.id == JNIM


async def test_app_sorts_by_column(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "v", "s")  # sort by status
        assert shown_ids(app)[-1] == RESIDENTS
        await pilot.press("S")
        assert shown_ids(app)[0] == RESIDENTS


async def test_app_open_bad_path_notifies_and_keeps_claims(store_path: Path, tmp_path: Path):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "o")
        assert isinstance(app.screen, PathDialog)
        await pilot.press(*str(tmp_path / "missing.txt"), "enter")
        assert isinstance(app.screen, QueueScreen)
        assert notes[-1][1] == "error" and "missing.txt" in notes[-1][0]
        assert len(shown_ids(app)) == 3
        assert stored(store_path, ARMY).status is ReviewStatus.VERIFIED


async def test_app_evidence_accept_and_reject(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        evidence = app.screen.query_one("#evidence", OptionList)
        first = evidence.get_option_at_index(evidence.highlighted or 0).id
        await pilot.press("a")
        assert stored(store_path, ARMY).evidence_decisions == {first: "accepted"}
        await pilot.press("down")  # past the "Contradicting" heading
        second = evidence.get_option_at_index(evidence.highlighted or 0).id
        assert second != first
        await pilot.press("r")
        decisions = stored(store_path, ARMY).evidence_decisions
        assert decisions == {first: "accepted", second: "rejected"}
        await pilot.press("r")  # again: undecided
        assert stored(store_path, ARMY).evidence_decisions == {first: "accepted"}


async def test_app_evidence_opens_report(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.evidence.report.outlet == "Bamako Post"
        await pilot.press("escape")
        assert isinstance(app.screen, ClaimScreen)


async def test_app_reconciliation_lists_sources(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ReconcileScreen)
        assert screen.reconciliations
        table = screen.query(DataTable).first()
        speakers = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert "Mali's army" in speakers
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_app_help_lists_every_binding(store_path: Path):
    app, _ = make_app(store_path, keymap={"status.verified": "V"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        actions = {r[2] for r in rows}
        assert {"Mark verified", "Note", "Accept evidence", "Save note", "Undo"} <= actions
        assert ["claim queue", "V", "Mark verified"] in rows
        assert ["claim queue", "/", "Search"] in rows  # keys as people type them
        text = " ".join(" ".join(r) for r in rows)
        assert "help_quit" not in text and "status.verified" not in text


async def test_app_keymap_remaps_a_binding(store_path: Path):
    app, _ = make_app(store_path, keymap={"status.verified": "V"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        assert stored(store_path, ARMY).status is ReviewStatus.UNSTARTED
        await pilot.press("V")
        assert stored(store_path, ARMY).status is ReviewStatus.VERIFIED


async def test_app_command_palette_runs_an_action(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"inconclusive")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert stored(store_path, ARMY).status is ReviewStatus.INCONCLUSIVE


MALICIOUS = (
    "Hostile [bold]markup[/bold] headline\n\n"
    "[link=file:///etc/passwd]Officials[/link] said \x1b[31mthat 80 militants were killed.\n\n"
    "Other text."
)


async def test_app_article_markup_is_shown_literally(tmp_path: Path):
    from verifier.model import Verdict

    report = Report("evil", MALICIOUS, outlet="[red]Outlet[/red]")
    start = MALICIOUS.index("[link=")
    end = MALICIOUS.index("killed.") + len("killed.")
    speaker_end = MALICIOUS.index("[/link]") + len("[/link]")
    content_start = MALICIOUS.index("that 80")
    claim = Claim(
        report=report,
        sentence=report.span(start, end),
        content=report.span(content_start, end - 1),
        speaker=report.span(start, speaker_end),
        speaker_name="[link=file:///etc/passwd]Officials[/link]",
        text="[bold]Officials[/bold] said \x1b[2J80 killed",
    )
    with ReviewStore(tmp_path / "r.db") as store:
        store.save_assessments([Assessment(claim, (), Verdict.NO_EVIDENCE, 0, 0, False)])
    app, _ = make_app(tmp_path / "r.db")
    async with app.run_test(size=SIZE) as pilot:
        line = app.query_one(ClaimTable).render_line(1).text
        assert "[link=file:…" in line and "[red]Outlet…" in line
        assert "[bold]Officials" in line and "\x1b" not in line
        await pilot.press("enter")
        paragraphs = str(app.screen.query_one("#article-text", Static).render())
        assert "[link=file:///etc/passwd]Officials[/link] said that 80" in paragraphs
        assert "[bold]markup[/bold]" in paragraphs and "\x1b" not in paragraphs
        header = str(app.screen.query_one("#claim-header", Static).render())
        assert "[bold]Officials[/bold] said 80 killed" in header


def test_app_review_command_is_an_entry_point_that_defers_textual() -> None:
    code = (
        "import sys; from verifier.cli import cli; import click; "
        "cmd = cli.get_command(click.Context(cli), 'review'); "
        "print(cmd.name, 'textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["review", "False"]


def test_app_review_command_rejects_missing_article(tmp_path: Path) -> None:
    from verifier.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["review", str(tmp_path / "nope.txt"), "--store", str(tmp_path / "r.db")])
    assert exc.value.code == 2


async def test_app_quits_when_its_terminal_goes_and_keeps_the_open_note(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import tui.app

    gone = False
    monkeypatch.setattr(tui.app, "terminal_gone", lambda: gone)
    monkeypatch.setattr(tui.app, "TERMINAL_CHECK_SECONDS", 0.05)
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"half written")
        assert isinstance(app.screen, NoteEditor)
        gone = True
        await pilot.pause(0.3)
        assert app.return_code is not None
    assert stored(store_path, ARMY).note == "half written"


async def test_app_without_terminal_keeps_running(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import tui.app

    monkeypatch.setattr(tui.app, "terminal_gone", lambda: True)  # headless from the start
    monkeypatch.setattr(tui.app, "TERMINAL_CHECK_SECONDS", 0.05)
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        assert app.return_code is None


async def test_app_bidi_and_zero_width_text_keeps_the_columns_aligned(tmp_path: Path):
    hostile = "\u202eOfficials\u202c said\u200b\u200b\u200b 80 \u2066were\u2069 killed"
    found = make_assessments()
    report = Report("bidi", hostile, outlet="Out\u200blet\u202e", title="T\u2067itle")
    claim = Claim(
        report=report,
        sentence=report.span(0, len(hostile)),
        content=report.span(0, len(hostile)),
        speaker_name="\u202eOfficials\u200b",
        text=hostile,
    )
    with ReviewStore(tmp_path / "r.db") as store:
        store.save_assessments([found[0], Assessment(claim, (), found[1].verdict, 0, 0, False)])
    app, _ = make_app(tmp_path / "r.db")
    async with app.run_test(size=SIZE):
        table = app.query_one(ClaimTable)
        plain, hostile_line = table.render_line(1), table.render_line(2)
        assert plain.cell_length == hostile_line.cell_length
        text = hostile_line.text
        assert not any(ch in text for ch in "\u202e\u202c\u200b\u2066\u2069\u2067")
        assert "Officials said 80 were killed"[:18] in text
        # the Verdict column starts at the same cell in both rows
        assert plain.text.rindex("disputed") == hostile_line.text.rindex("single-source")
