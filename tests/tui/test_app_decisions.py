"""Pilot tests of decisions: explicit flags, undo, the evidence selection, failing writes."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Label, OptionList, TextArea

from tests.factory import make_store
from tests.tui.helpers import ARMY, JNIM, SIZE, make_app, selected, stored
from tui.screens.claim import ClaimScreen
from tui.screens.dialogs import NoteEditor
from tui.screens.queue import QueueScreen
from verifier.model import ReviewStatus
from verifier.review.store import ReviewStore


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return make_store(tmp_path / "review.db")


async def test_app_flag_and_unflag_are_explicit(store_path: Path):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        assert stored(store_path, ARMY).flagged is True  # set by the tool
        await pilot.press("f")  # flag again: nothing removed
        assert stored(store_path, ARMY).flagged is True
        assert notes[-1][0].startswith("already flagged")
        await pilot.press("F")
        assert stored(store_path, ARMY).flagged is False
        assert notes[-1][0] == "flag removed · ctrl+z undoes"
        await pilot.press("j", "f")
        assert stored(store_path, JNIM).flagged is True
        assert selected(app).flagged is True
        assert notes[-1][0] == "flagged: unverified casualty figure · ctrl+z undoes"


@pytest.mark.parametrize(
    ("keys", "check"),
    [
        (["v"], lambda it: it.status is ReviewStatus.UNSTARTED),
        (["F"], lambda it: it.flagged is True),
        (["n", *"typed", "ctrl+s"], lambda it: it.note == ""),
        (["enter", "a"], lambda it: it.evidence_decisions == {}),
    ],
    ids=["status", "unflag", "note", "evidence"],
)
async def test_app_undo_restores_the_previous_value(store_path: Path, keys: list[str], check: Any):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        assert not check(stored(store_path, ARMY))  # the decision was saved
        await pilot.press("ctrl+z")
        assert check(stored(store_path, ARMY))
        assert notes[-1][0].startswith("undone: ")
        await pilot.press("ctrl+z")
        assert notes[-1] == ("nothing to undo", "warning")


async def test_app_undo_goes_back_one_decision_at_a_time(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "v", "x")
        await pilot.press("ctrl+z")
        assert stored(store_path, ARMY).status is ReviewStatus.VERIFIED
        await pilot.press("ctrl+z")
        assert stored(store_path, ARMY).status is ReviewStatus.IN_PROGRESS
        assert selected(app).status is ReviewStatus.IN_PROGRESS


async def test_app_evidence_selection_is_marked(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ClaimScreen)
        evidence = screen.query_one("#evidence", OptionList)

        def marked() -> list[str]:
            return [
                str(o.id)
                for o in evidence.options
                if o.id is not None and str(o.prompt).startswith("▶")
            ]

        first = evidence.get_option_at_index(evidence.highlighted or 0).id
        assert marked() == [first]
        assert "Evidence 1 of 2" in str(screen.query_one("#evidence-title", Label).render())
        await pilot.press("down")
        second = evidence.get_option_at_index(evidence.highlighted or 0).id
        assert marked() == [second] and second != first
        assert "Evidence 2 of 2" in str(screen.query_one("#evidence-title", Label).render())
        await pilot.press("r")
        assert stored(store_path, ARMY).evidence_decisions == {second: "rejected"}
        assert marked() == [second]


def _failing(monkeypatch: pytest.MonkeyPatch, method: str, exc: BaseException) -> None:
    def fail(self: ReviewStore, *args: Any, **kwargs: Any) -> None:
        raise exc

    monkeypatch.setattr(ReviewStore, method, fail)


FAULTS = [
    OSError(errno.ENOSPC, "No space left on device"),
    sqlite3.OperationalError("database or disk is full"),
    sqlite3.DatabaseError("database disk image is malformed"),
]


@pytest.mark.parametrize("fault", FAULTS, ids=["enospc", "sqlite-full", "sqlite-corrupt"])
async def test_app_status_key_on_a_failing_disk_shows_the_error(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, fault: Exception
):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        _failing(monkeypatch, "set_status", fault)
        await pilot.press("v")
        assert notes[-1][1] == "error" and notes[-1][0].startswith("not saved: ")
        assert isinstance(app.screen, QueueScreen)
        assert selected(app).status is ReviewStatus.UNSTARTED
        monkeypatch.undo()
        await pilot.press("x")  # the app still works
        assert stored(store_path, ARMY).status is ReviewStatus.FALSE
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("fault", FAULTS, ids=["enospc", "sqlite-full", "sqlite-corrupt"])
async def test_app_note_on_a_failing_disk_keeps_the_editor_and_text(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, fault: Exception
):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"two sources")
        _failing(monkeypatch, "set_note", fault)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "two sources"
        assert notes[-1][1] == "error"
        monkeypatch.undo()  # space freed: saving again works
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
    assert stored(store_path, ARMY).note == "two sources"


def test_app_crash_exits_non_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected error ends ``verifier review`` with a non-zero status, not 0."""
    import tui.app
    from verifier.cli import main

    store = make_store(tmp_path / "review.db")

    def boom(self: Any, *args: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(tui.app.ReviewApp, "on_mount", boom)
    monkeypatch.setattr(tui.app.ReviewApp, "run", _headless_run)
    with pytest.raises(SystemExit) as exc:
        main(["review", "--store", str(store), "--no-check"])
    assert exc.value.code == 1


def _headless_run(self: Any, *args: Any, **kwargs: Any) -> None:
    import asyncio

    async def go() -> None:
        try:
            async with self.run_test(size=SIZE):
                pass
        except RuntimeError:
            pass

    asyncio.run(go())
