"""The change feed and the audit CSV on both backends: who changed what, seen within 2 s."""

from __future__ import annotations

import csv
import io
import threading
import time

import pytest

from tests.factory import make_assessments
from verifier.review.audit import AUDIT_COLUMNS, audit_csv
from verifier.review.items import Change
from verifier.review.store import ReviewStore


@pytest.fixture
def store(store_location: str):
    s = ReviewStore(store_location, reviewer="ann")
    s.save_assessments(make_assessments())
    yield s
    s.close()


def ids() -> list[str]:
    return [a.claim.id for a in make_assessments()]


def test_review_feed_changes_since_a_cursor(store: ReviewStore, store_location: str):
    cursor = store.cursor()
    assert cursor == 3 and store.changes_since(cursor) == []
    with ReviewStore(store_location, reviewer="bob") as bob:
        bob.set_status(ids()[1], "verified")
        bob.set_note(ids()[2], "call the mayor")
    changes = store.changes_since(cursor)
    assert [(c.who, c.claim_id, c.action, c.value) for c in changes] == [
        ("bob", ids()[1], "status", "verified"),
        ("bob", ids()[2], "note", "call the mayor"),
    ]
    assert store.changes_since(changes[0].id) == changes[1:]
    assert [c.id for c in store.changes_since(0, limit=2)] == [1, 2]


def test_review_feed_watch_sees_another_writer_within_two_seconds(
    store: ReviewStore, store_location: str
):
    stop = threading.Event()
    seen: list[tuple[float, Change]] = []

    def watch() -> None:
        for batch in store.watch(interval=0.2, resync=60, stop=stop):
            seen.extend((time.monotonic(), c) for c in batch)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    time.sleep(0.5)  # the watcher is waiting
    with ReviewStore(store_location, reviewer="bob") as bob:
        written = time.monotonic()
        bob.set_status(ids()[0], "false")
        deadline = written + 2.0
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert [(c.who, c.action, c.value) for _, c in seen] == [("bob", "status", "false")]
    assert seen[0][0] - written < 2.0


def test_review_feed_watch_starts_at_a_given_cursor_and_stops_on_close(store: ReviewStore):
    feed = store.watch(cursor=0, interval=0.05)
    first = next(feed)
    assert [c.action for c in first] == ["added"] * 3
    feed.close()  # closing the generator releases its waiter


def test_review_feed_audit_csv_has_every_change_and_no_formulas(store: ReviewStore):
    store.set_note(ids()[0], '=HYPERLINK("http://x","click")\x1b]52;c;aGk=\x07')
    store.set_status(ids()[0], "false")
    store.undo()
    rows = list(csv.reader(io.StringIO(audit_csv(store.history()))))
    assert tuple(rows[0]) == AUDIT_COLUMNS
    assert [r[4] for r in rows[1:]] == ["added"] * 3 + ["note", "status", "undo"]
    note = rows[4]
    assert note[5] == '\'=HYPERLINK("http://x","click")' and note[2] == "ann"
    assert rows[6][5:] == ["unstarted", "false", "5"]
