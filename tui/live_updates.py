"""The review app's handlers for the live feed: other reviewers' changes, store outages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from tui.labels import describe_changes
from tui.live import LIVE, StoreChanged, StoreReachable, StoreUnreachable

if TYPE_CHECKING:
    from tui.screens.queue import QueueScreen
    from verifier.review.store import ReviewStore


class _App(Protocol):
    queue: QueueScreen
    store: ReviewStore

    def refresh_claims(self, claim_ids: Iterable[str]) -> None: ...
    def notify(self, message: str, **kwargs: Any) -> None: ...


class LiveUpdates:
    """Mixed into :class:`~tui.app.ReviewApp`: refresh what others changed and say who."""

    def on_store_changed(self: _App, message: StoreChanged) -> None:
        """Show what others changed: refreshed rows and open claims (one read for the whole
        batch; versions already shown, such as this app's own changes, are left alone), and
        who did what."""
        newest: dict[str, int | None] = {}
        for change in message.changes:
            if change.claim_id:
                newest[change.claim_id] = change.rev
        self.refresh_claims(
            claim_id
            for claim_id, rev in newest.items()
            if claim_id not in self.queue.pending and not self.queue.shows(claim_id, rev)
        )
        others = [c for c in message.changes if c.who != self.store.reviewer and c.action in LIVE]
        if others:
            self.notify(describe_changes(others), title="changed by others", timeout=5)

    def on_store_unreachable(self: _App, message: StoreUnreachable) -> None:
        self.notify(
            f"the review store cannot be reached ({message.error}); retrying. Unsaved text is "
            "kept in open editors.",
            severity="error",
            timeout=10,
        )

    def on_store_reachable(self: _App, message: StoreReachable) -> None:
        self.notify("the review store is back", timeout=5)
