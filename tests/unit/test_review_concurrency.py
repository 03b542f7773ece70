"""Two reviewer processes on one store (each backend): no corruption, no lost update."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.factory import make_assessments
from verifier.review.store import ReviewStore

WRITER = """
import sys
from verifier.review.store import ReviewStore
store = ReviewStore(sys.argv[1], reviewer=sys.argv[2])
shared, own = sys.argv[3], sys.argv[4]
for n in range(int(sys.argv[5])):
    store.toggle_flag(shared)
    store.set_note(own, f"{sys.argv[2]} {n}")
store.close()
"""


def test_review_two_processes_write_concurrently(store_location: str):
    path = store_location
    ids = [a.claim.id for a in make_assessments()]
    with ReviewStore(path, reviewer="setup") as s:
        s.save_assessments(make_assessments())
        start_flag = s.item(ids[0]).flagged
    rounds = 150
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, path, name, ids[0], own, str(rounds)], env=env
        )
        for name, own in (("ann", ids[1]), ("bob", ids[2]))
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with ReviewStore(path, reviewer="lead") as s:
        # 2 x 40 toggles: an even number, so no lost update leaves the flag where it started
        assert s.item(ids[0]).flagged is start_flag
        flags = [h for h in s.history(ids[0]) if h["action"] == "flag"]
        assert len(flags) == 2 * rounds
        assert {h["who"] for h in flags} == {"ann", "bob"}
        # each toggle saw the one before it: the logged values alternate
        expected = [str(start_flag if n % 2 else not start_flag).lower() for n in range(2 * rounds)]
        assert [h["value"] for h in flags] == expected
        assert s.item(ids[1]).note == f"ann {rounds - 1}"
        assert s.item(ids[2]).note == f"bob {rounds - 1}"
        if s.backend == "sqlite":
            conn = s._db.conn  # type: ignore[attr-defined]
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
