"""Live updates in an app: another reviewer's change arrives as a message within 2 s."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import App, ComposeResult

from tests.factory import make_assessments
from tui.live import Feed, LiveFeed, StoreChanged, StoreReachable, StoreUnreachable
from verifier.review.db import StoreUnavailable
from verifier.review.store import ReviewStore


class LiveApp(App[None]):
    """The smallest app that mounts a feed and records what it posts."""

    def __init__(self, opener: Callable[[], Feed]) -> None:
        super().__init__()
        self.opener = opener
        self.seen: list[StoreChanged] = []
        self.states: list[str] = []

    def compose(self) -> ComposeResult:
        yield LiveFeed(self.opener, interval=0.1, retry=0.1)

    def on_store_changed(self, message: StoreChanged) -> None:
        self.seen.append(message)

    def on_store_unreachable(self, message: StoreUnreachable) -> None:
        self.states.append(f"down: {message.error}")

    def on_store_reachable(self, message: StoreReachable) -> None:
        self.states.append("up")


async def wait_for(pilot, condition: Callable[[], bool], seconds: float) -> float:
    start = time.monotonic()
    while not condition() and time.monotonic() - start < seconds:
        await pilot.pause(0.05)
    return time.monotonic() - start


async def test_live_another_reviewers_change_arrives_within_two_seconds(store_location: str):
    with ReviewStore(store_location, reviewer="setup") as s:
        s.save_assessments(make_assessments())
    cid = make_assessments()[1].claim.id
    app = LiveApp(lambda: ReviewStore(store_location, reviewer="ann"))
    async with app.run_test() as pilot:
        await pilot.pause(0.5)  # the feed has opened the store and taken its position
        with ReviewStore(store_location, reviewer="bob") as bob:
            bob.set_status(cid, "verified")
            bob.set_note(cid, "confirmed by the mayor")
            took = await wait_for(pilot, lambda: sum(len(m.changes) for m in app.seen) >= 2, 2.0)
    changes = [c for m in app.seen for c in m.changes]
    assert [(c.who, c.action, c.value) for c in changes] == [
        ("bob", "status", "verified"),
        ("bob", "note", "confirmed by the mayor"),
    ]
    assert app.seen[0].claim_ids == [cid]
    assert took < 2.0


async def test_live_outage_is_reported_once_and_resumes(tmp_path):
    path = tmp_path / "review.db"
    with ReviewStore(path, reviewer="setup") as s:
        s.save_assessments(make_assessments())
    failures = [StoreUnavailable("review server went away"), StoreUnavailable("still away")]

    def opener() -> ReviewStore:
        if failures:
            raise failures.pop(0)
        return ReviewStore(path, reviewer="ann")

    app = LiveApp(opener)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "up" in app.states, 3.0)
        await pilot.pause(0.3)
        with ReviewStore(path, reviewer="bob") as bob:
            bob.toggle_flag(make_assessments()[0].claim.id)
        await wait_for(pilot, lambda: bool(app.seen), 2.0)
    assert app.states == ["down: review server went away", "up"]
    assert [c.action for m in app.seen for c in m.changes] == ["flag"]
