"""Pilot tests: every action of the review app, checked against the store."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from tests.factory import make_assessments, make_store
from tui.app import ReviewApp
from tui.screens.claim import ClaimScreen
from tui.screens.dialogs import ConfirmDialog, ExportDialog, NoteEditor, PathDialog
from tui.screens.help import HelpScreen
from tui.screens.queue import QueueScreen
from tui.screens.reconcile import ReconcileScreen
from tui.screens.report import ReportScreen
from tui.widgets.claim_table import ClaimTable
from verifier.model import Assessment, ReviewStatus, SpeakerType
from verifier.progress import Progress
from verifier.review.items import ReviewItem
from verifier.review.store import ReviewStore

SIZE = (120, 40)
ARMY, JNIM, RESIDENTS = (a.claim.id for a in make_assessments())


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return make_store(tmp_path / "review.db")


def make_app(store_path: Path, **kwargs: Any) -> tuple[ReviewApp, list[tuple[str, str]]]:
    """The app on ``store_path`` and a list that collects its notifications."""
    app = ReviewApp(store_path, reviewer="tester", **kwargs)
    notes: list[tuple[str, str]] = []

    def notify(message: str, **kw: Any) -> None:
        notes.append((str(message), str(kw.get("severity", "information"))))

    app.notify = notify  # type: ignore[method-assign]
    return app, notes


def stored(store_path: Path, claim_id: str) -> Any:
    with ReviewStore(store_path) as store:
        return store.item(claim_id)


def selected(app: ReviewApp) -> ReviewItem:
    item = app.query_one(ClaimTable).selected
    assert item is not None
    return item


def shown_ids(app: ReviewApp) -> list[str]:
    return [it.assessment.claim.id for it in app.query_one(ClaimTable).items]


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
        assert notes[-1] == (f"saved: status {status.value}", "information")
        await pilot.press("u")
        assert stored(store_path, ARMY).status is ReviewStatus.UNSTARTED
        assert stored(store_path, JNIM).status is ReviewStatus.UNSTARTED


async def test_app_flag_toggles(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        assert stored(store_path, JNIM).flagged is False
        await pilot.press("j", "f")
        assert stored(store_path, JNIM).flagged is True
        assert selected(app).flagged is True
        await pilot.press("f")
        assert stored(store_path, JNIM).flagged is False


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


async def test_app_search_filters_claims(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"jnim")
        assert shown_ids(app) == [JNIM]
        await pilot.press("enter", "v")
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


async def test_app_open_runs_check_in_worker(store_path: Path, tmp_path: Path):
    article = tmp_path / "new.txt"
    article.write_text("stand-in; the fake checker does not read it")
    seen: list[Sequence[Path]] = []

    def checker(
        paths: Sequence[Path], *, corpus_paths: Any, progress: Callable[[Progress], None]
    ) -> list[Assessment]:
        seen.append(paths)
        progress(Progress("matching", 1, 2))
        return make_assessments(report_id="art2")

    app, notes = make_app(store_path, checker=checker)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", *str(article), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert seen == [[article]]
        assert len(shown_ids(app)) == 6
        assert notes[-1][0].startswith("check done: 3 claims")
    with ReviewStore(store_path) as store:
        assert len(store) == 6


async def test_app_check_failure_is_reported(store_path: Path, tmp_path: Path):
    def checker(*args: Any, **kwargs: Any) -> list[Assessment]:
        from verifier.errors import UserError

        raise UserError("cannot read article")

    app, notes = make_app(store_path, checker=checker, articles=[tmp_path], check_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert notes[-1] == ("cannot read article", "error")
        assert len(shown_ids(app)) == 3


async def test_app_export_writes_file(store_path: Path, tmp_path: Path):
    target = tmp_path / "out.csv"
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#format").value = "csv"  # type: ignore[attr-defined]
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        assert isinstance(app.screen, QueueScreen)
    text = target.read_text()
    assert "verified" in text and "JNIM" in text
    assert notes[-1][0] == f"exported 3 claims to {target}"


async def test_app_export_asks_before_replacing(store_path: Path, tmp_path: Path):
    target = tmp_path / "out.md"
    target.write_text("keep me")
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
    assert target.read_text() == "keep me"


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
        assert {"Mali's army", "Wire Agency"} <= speakers
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_app_help_lists_every_binding(store_path: Path):
    app, _ = make_app(store_path, keymap={"status.verified": "V"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        ids = {r[3] for r in rows}
        assert {"status.verified", "claim.note", "evidence.accept", "note.save"} <= ids
        assert ["claim queue", "V", "Verified", "status.verified"] in rows


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


async def test_app_progress_is_shown(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        queue.show_progress("indexing", 3, 10)
        await pilot.pause()
        assert queue.query_one("#progress").display
        assert "indexing 3/10" in str(queue.query_one("#stage", Static).render())
        await pilot.press("v")  # keys still answer
        assert stored(store_path, ARMY).status is ReviewStatus.VERIFIED


MALICIOUS = (
    "Hostile [bold]markup[/bold] headline\n\n"
    "[link=file:///etc/passwd]Officials[/link] said \x1b[31mthat 80 militants were killed.\n\n"
    "Other text."
)


async def test_app_article_markup_is_shown_literally(tmp_path: Path):
    from verifier.model import Claim, Report, Verdict

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
        assert "[link=file:///etc…" in line
        assert "[bold]Officials" in line and "\x1b" not in line
        await pilot.press("enter")
        paragraphs = " ".join(str(p.render()) for p in app.screen.query(".paragraph"))
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


async def test_app_quit_stops_a_running_check(store_path: Path, tmp_path: Path):
    stopped = threading.Event()

    def checker(*args: Any, progress: Callable[[Progress], None], **kwargs: Any) -> Any:
        try:
            while True:
                progress(Progress("indexing", 0, 1))
                time.sleep(0.01)
        finally:
            stopped.set()

    app, _ = make_app(store_path, checker=checker, articles=[tmp_path], check_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        assert not stopped.is_set()
        await pilot.press("q")
    assert stopped.wait(5)


async def test_app_export_json_carries_history(store_path: Path, tmp_path: Path):
    import json

    target = tmp_path / "out.json"
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "e")
        app.screen.query_one("#format").value = "json"  # type: ignore[attr-defined]
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
    items = json.loads(target.read_text())["items"]
    army = next(it for it in items if it["claim_id"] == ARMY)
    assert army["status"] == "verified"
    assert [h["action"] for h in army["history"]][-1] == "status"


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
