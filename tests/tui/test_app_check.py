"""Pilot tests of the check worker: it iterates the engine's events, claims show at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from tests.factory import make_assessments, make_store
from tests.tui.helpers import (
    SIZE,
    check_finished,
    events_for,
    fake_checker,
    make_app,
    shown_ids,
    stored,
)
from tui.screens.queue import QueueScreen
from tui.widgets.claim_table import ClaimTable
from verifier.errors import UserError
from verifier.model import ReviewStatus, Verdict
from verifier.progress import Assessed, CheckEvent, ClaimsFound, Progress
from verifier.review.store import ReviewStore

NEW = [a.claim.id for a in make_assessments(report_id="art2")]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return make_store(tmp_path / "review.db")


async def test_app_open_runs_check_in_worker(store_path: Path, tmp_path: Path):
    article = tmp_path / "new.txt"
    article.write_text("stand-in; the fake checker does not read it")
    seen: list[Sequence[Path]] = []
    app, notes = make_app(store_path, checker=fake_checker(events_for(), seen))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", *str(article), "enter")
        await check_finished(app)
        await pilot.pause()
        assert seen == [[article]]
        assert len(shown_ids(app)) == 6
        assert notes[-1][0].startswith("check done: 3 claims, 3 new or changed")
    with ReviewStore(store_path) as store:
        assert len(store) == 6


async def test_app_check_lists_claims_before_their_evidence(store_path: Path):
    """Claims show as soon as they are found; each fills in when its assessment arrives."""
    go_on = threading.Event()
    found = events_for()

    def checker(paths: Sequence[Path], *, corpus_paths: Any = None) -> Iterator[CheckEvent]:
        yield from found[:2]  # progress, then the claims
        go_on.wait(5)
        yield from found[2:]

    app, _ = make_app(store_path, checker=checker, articles=[store_path], check_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if len(shown_ids(app)) == 6:
                break
        assert shown_ids(app)[3:] == NEW
        table = app.query_one(ClaimTable)
        assert "matching…" in table.render_line(4).text
        filters = str(app.screen.query_one("#filters", Static).render())
        assert "3 still matching evidence" in filters
        await pilot.press("G", "v")  # not in the store yet: a warning, nothing written
        go_on.set()
        await check_finished(app)
        await pilot.pause()
        assert "matching…" not in table.render_line(6).text
        assert table.items[-1].assessment.verdict is Verdict.CORROBORATED
    assert stored(store_path, NEW[2]).status is ReviewStatus.UNSTARTED


async def test_app_check_failure_is_reported(store_path: Path, tmp_path: Path):
    def checker(*args: Any, **kwargs: Any) -> Iterator[CheckEvent]:
        yield Progress("reading", 0, 1)
        raise UserError("cannot read article")

    app, notes = make_app(store_path, checker=checker, articles=[tmp_path], check_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await check_finished(app)
        await pilot.pause()
        assert notes[-1] == ("cannot read article", "error")
        assert len(shown_ids(app)) == 3


async def test_app_progress_shows_counts_rate_and_time_left(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        now = [0.0]
        app.meter.clock = lambda: now[0]
        app.on_check_progress(_progress("indexing", 0, 10))
        now[0] = 2.0
        app.on_check_progress(_progress("indexing", 4, 10))
        await pilot.pause()
        assert queue.query_one("#progress").display
        stage = str(queue.query_one("#stage", Static).render())
        assert stage == "indexing 4/10 · 2.0/s · 3 s left"
        await pilot.press("v")  # keys still answer
    assert stored(app.store_path, make_assessments()[0].claim.id).status is ReviewStatus.VERIFIED


def _progress(stage: str, done: int, total: int) -> Any:
    from tui.messages import CheckProgress

    return CheckProgress(stage, done, total)


async def test_app_quit_closes_the_engine_generator(store_path: Path, tmp_path: Path):
    stopped = threading.Event()

    def checker(*args: Any, **kwargs: Any) -> Iterator[CheckEvent]:
        try:
            while True:
                yield Progress("indexing", 0, 1)
                threading.Event().wait(0.01)
        finally:
            stopped.set()

    app, _ = make_app(store_path, checker=checker, articles=[tmp_path], check_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        assert not stopped.is_set()
        await pilot.press("q")
    assert stopped.wait(5)


async def test_app_check_keeps_reviewer_decisions(store_path: Path):
    """A re-check replaces evidence and verdicts, never the reviewer's status."""
    again = make_assessments()
    events: list[CheckEvent] = [
        ClaimsFound(again[0].claim.report, tuple(a.claim for a in again)),
        *(Assessed(a) for a in again),
    ]
    app, _ = make_app(store_path, checker=fake_checker(events), articles=[store_path])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x", "R")
        await check_finished(app)
        await pilot.pause()
        assert len(shown_ids(app)) == 3
    assert stored(store_path, again[0].claim.id).status is ReviewStatus.FALSE


async def test_app_open_during_a_check_waits_for_it(store_path: Path, tmp_path: Path):
    """Opening an article while a check runs queues it; the running check is not stopped."""
    go_on = threading.Event()
    first, second = events_for("art2"), events_for("art3")
    seen: list[Sequence[Path]] = []

    def checker(paths: Sequence[Path], *, corpus_paths: Any = None) -> Iterator[CheckEvent]:
        seen.append(paths)
        if len(seen) == 1:
            yield from first[:2]
            go_on.wait(5)
            yield from first[2:]
        else:
            yield from second

    article = tmp_path / "third.txt"
    article.write_text("stand-in")
    app, _ = make_app(store_path, checker=checker, articles=[tmp_path], check_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        app.open_path(str(article))
        go_on.set()
        for _ in range(100):
            await pilot.pause(0.05)
            if len(seen) == 2 and not app.queue.pending and len(shown_ids(app)) == 9:
                break
        assert seen == [[tmp_path], [article]]
        assert len(shown_ids(app)) == 9
    with ReviewStore(store_path) as store:
        assert len(store) == 9
