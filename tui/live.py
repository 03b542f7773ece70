"""Live updates: a hidden widget that watches the review store and posts what others changed.

:class:`LiveFeed` runs :meth:`ReviewStore.watch` in a thread worker on a store connection of its
own and posts a :class:`StoreChanged` message (the audit-trail entries: who changed what) for
each batch, so a screen refreshes those claims. When the store cannot be read (the server went
away) it posts :class:`StoreUnreachable` once, retries every ``retry`` seconds, and posts
:class:`StoreReachable` when it is back, resuming after the last change it saw: nothing is
missed. Mount one per app: ``LiveFeed(lambda: ReviewStore(location, reviewer))``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from textual.message import Message
from textual.widget import Widget

from verifier.review.db import StoreUnavailable
from verifier.review.items import Change

log = logging.getLogger(__name__)

# Audit-trail actions a reviewer takes (the check's own "added" / "updated" are not news).
LIVE = frozenset({"status", "flag", "note", "evidence", "assign", "signoff", "undo"})


class Feed(Protocol):
    """What the watcher needs of a store (a :class:`ReviewStore`)."""

    def cursor(self) -> int: ...
    def watch(
        self,
        cursor: int | None = None,
        *,
        interval: float = 0.5,
        resync: float = 5.0,
        stop: threading.Event | None = None,
    ) -> Iterator[list[Change]]: ...
    def close(self) -> None: ...


@dataclass
class StoreChanged(Message):
    """Changes committed to the store since the last message, oldest first."""

    changes: list[Change]

    @property
    def claim_ids(self) -> list[str]:
        """The claims to refresh, each once, in order."""
        return list(dict.fromkeys(c.claim_id for c in self.changes if c.claim_id))


@dataclass
class StoreUnreachable(Message):
    """The store cannot be read now; the feed keeps retrying."""

    error: str


@dataclass
class StoreReachable(Message):
    """The store answers again after :class:`StoreUnreachable`."""


class LiveFeed(Widget):
    """Watches a store in a thread worker; posts :class:`StoreChanged` to its parents."""

    DEFAULT_CSS = "LiveFeed { display: none; }"

    def __init__(
        self, opener: Callable[[], Feed], *, interval: float = 0.5, retry: float = 2.0
    ) -> None:
        super().__init__()
        self._opener, self._interval, self._retry = opener, interval, retry
        self._stop = threading.Event()

    def on_mount(self) -> None:
        self.run_worker(self._run, thread=True, exclusive=True, group="live-feed")

    def on_unmount(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        cursor: int | None = None
        down = False
        while not self._stop.is_set():
            try:
                store = self._opener()
                try:
                    if cursor is None:
                        cursor = store.cursor()
                    if down:
                        down = False
                        self.post_message(StoreReachable())
                    for batch in store.watch(cursor, interval=self._interval, stop=self._stop):
                        cursor = batch[-1].id
                        self.post_message(StoreChanged(list(batch)))
                finally:
                    store.close()
            except StoreUnavailable as exc:
                if not down:
                    down = True
                    self.post_message(StoreUnreachable(str(exc)))
                log.info("live feed: %s; retrying in %.0f s", exc, self._retry)
                self._stop.wait(self._retry)
