"""Two reviewers on one store: the review app shows the other's changes without a key press."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from tests.factory import make_store
from tests.tui.helpers import ARMY, SIZE, make_app, shown_ids
from tui.widgets.claim_table import ClaimTable
from verifier.model import ReviewStatus
from verifier.review.store import ReviewStore


async def _wait_for(pilot, condition, timeout: float = 5.0) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError("not shown within the time limit")
        await pilot.pause(0.1)
    return time.monotonic() - started


def _shown_status(app, claim_id: str) -> ReviewStatus:
    items = {it.claim_id: it for it in app.query_one(ClaimTable).items}
    return items[claim_id].status


@pytest.mark.parametrize("action", ["status", "flag"])
async def test_live_app_shows_another_reviewers_change(tmp_path: Path, action: str) -> None:
    store_path = make_store(tmp_path / "review.db")
    app, notes = make_app(store_path, check_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: ARMY in shown_ids(app))
        await pilot.pause(0.6)  # the feed has taken its starting position
        with ReviewStore(store_path, reviewer="alice") as other:
            if action == "status":
                other.set_status(ARMY, ReviewStatus.VERIFIED)
            else:
                other.set_flag(ARMY, False)
        if action == "status":
            took = await _wait_for(pilot, lambda: _shown_status(app, ARMY) is ReviewStatus.VERIFIED)
        else:
            items = lambda: {it.claim_id: it for it in app.query_one(ClaimTable).items}  # noqa: E731
            took = await _wait_for(pilot, lambda: not items()[ARMY].flagged)
        assert took < 5.0
        await _wait_for(pilot, lambda: any("alice" in text for text, _ in notes))


async def test_live_app_own_changes_do_not_announce_themselves(tmp_path: Path) -> None:
    store_path = make_store(tmp_path / "review.db")
    app, notes = make_app(store_path, check_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: ARMY in shown_ids(app))
        await pilot.pause(0.6)
        await pilot.press("v")  # marks the selected claim verified, as "tester"
        await asyncio.sleep(1.5)
        await pilot.pause()
        assert not any("changed by others" in text or "tester:" in text for text, _ in notes)


async def test_live_app_conflicting_status_is_told_not_overwritten(tmp_path: Path) -> None:
    store_path = make_store(tmp_path / "review.db")
    app, notes = make_app(store_path, check_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: ARMY in shown_ids(app))
        shown = next(it for it in app.query_one(ClaimTable).items if it.claim_id == ARMY)
        with ReviewStore(store_path, reviewer="alice") as other:
            other.set_status(ARMY, ReviewStatus.FALSE)
        # The app still holds the old revision: its write must be refused and reported.
        from tui import messages as msg

        app.post_message(msg.SetStatus(shown, ReviewStatus.VERIFIED))
        await _wait_for(
            pilot, lambda: any("conflict" in t.lower() or "alice" in t for t, _ in notes)
        )
        with ReviewStore(store_path) as store:
            assert store.item(ARMY).status is ReviewStatus.FALSE
        await _wait_for(pilot, lambda: _shown_status(app, ARMY) is ReviewStatus.FALSE)
