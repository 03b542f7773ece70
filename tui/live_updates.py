"""The review app's handlers for the live feed: other reviewers' changes, store outages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from tui.labels import WRITE_ERRORS, describe_changes
from tui.live import LIVE, StoreChanged, StoreReachable, StoreUnreachable

if TYPE_CHECKING:
    from tui.screens.queue import QueueScreen
    from verifier.review.items import ReviewItem
    from verifier.review.store import ReviewStore


class _App(Protocol):
    store: ReviewStore
    queue: QueueScreen
    reviewer: str | None

    def _changed(self, item: ReviewItem) -> None: ...
    def notify(self, message: str, **kwargs: Any) -> None: ...


class LiveUpdates:
    """Mixed into :class:`~tui.app.ReviewApp`: refresh what others changed and say who."""

    def on_store_changed(self: _App, message: StoreChanged) -> None:
        """Show what others changed: refreshed rows and open claims, and who did what."""
        for claim_id in message.claim_ids:
            try:
                item = self.store.item(claim_id)
            except (KeyError, *WRITE_ERRORS):
                continue
            if claim_id in self.queue.pending:
                continue
            self._changed(item)
        others = [c for c in message.changes if c.who != self.reviewer and c.action in LIVE]
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
