"""The change feed: every open app learns who changed what, within about a second.

The audit trail is append-only and its ids commit in increasing order (writers hold the store's
write lock until commit), so "everything after id N" is a complete, ordered feed. A watcher
sleeps on the backend's wake-up (SQLite: ``PRAGMA data_version`` polled on a connection of its
own; PostgreSQL: ``LISTEN verifier_review``) and re-reads the feed when woken, and every
``resync`` seconds in any case.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from verifier.review.base import StoreBase
from verifier.review.items import Change


class FeedMixin(StoreBase):
    """Reading the audit trail as a feed of changes."""

    def cursor(self) -> int:
        """The id of the newest audit-trail entry (0 for an empty store): a feed position."""
        row = self._db.execute("SELECT coalesce(max(id), 0) FROM review_history").fetchone()
        return int(row[0])

    def changes_since(self, cursor: int, limit: int = 1000) -> list[Change]:
        """Audit-trail entries after ``cursor``, oldest first (at most ``limit``)."""
        with self._db.read() as db:
            rows = db.execute(
                "SELECT id, claim_id, action, value, reviewer, at, rev FROM review_history"
                " WHERE id > ? ORDER BY id LIMIT ?",
                (cursor, limit),
            ).fetchall()
        return [Change(*row) for row in rows]

    def watch(
        self,
        cursor: int | None = None,
        *,
        interval: float = 0.5,
        resync: float = 5.0,
        stop: threading.Event | None = None,
    ) -> Iterator[list[Change]]:
        """Yield each batch of new changes (own ones included) until ``stop`` is set or the
        generator is closed. Starts after ``cursor`` (default: now). Raises StoreUnavailable
        when the store cannot be read; call again with the last change's id to resume."""
        position = self.cursor() if cursor is None else cursor
        waiter = self._db.waiter()
        last_read = time.monotonic()
        try:
            while stop is None or not stop.is_set():
                woke = waiter.wait(interval)
                if not woke and time.monotonic() - last_read < resync:
                    continue
                last_read = time.monotonic()
                changes = self.changes_since(position)
                while changes:
                    position = changes[-1].id
                    yield changes
                    changes = self.changes_since(position)
        finally:
            waiter.close()
