"""A reviewer process killed with SIGKILL loses nothing it reported as saved."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.factory import make_assessments
from verifier.model import ReviewStatus
from verifier.review.items import evidence_key
from verifier.review.store import ReviewStore

pytestmark = pytest.mark.integration

# The child reviews claims round and round and says "saved" after each method returns.
CHILD = """
import itertools, json, sys
from verifier.review.store import ReviewStore
store = ReviewStore(sys.argv[1], reviewer="killed-reviewer")
plan = json.loads(sys.argv[2])
statuses = ["in progress", "verified", "false", "inconclusive"]
for n in itertools.count():
    claim_id, key = plan[n % len(plan)]
    store.set_note(claim_id, f"note {n}")
    store.set_status(claim_id, statuses[n % 4])
    store.set_evidence_decision(claim_id, key, "accepted" if n % 2 else "rejected")
    print(f"saved {n}", flush=True)
"""


def test_review_kill_loses_nothing_saved(tmp_path: Path):
    path = tmp_path / "review.db"
    assessments = [a for a in make_assessments() if a.evidence]
    with ReviewStore(path, reviewer="setup") as s:
        s.save_assessments(assessments)
    plan = [(a.claim.id, evidence_key(a.evidence[0])) for a in assessments]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), json.dumps(plan)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert child.stdout is not None
    last = -1
    deadline = time.monotonic() + 60
    while last < 40 and time.monotonic() < deadline:
        line = child.stdout.readline()
        assert line.startswith("saved "), f"child failed: {line!r}"
        last = int(line.split()[1])
    child.send_signal(signal.SIGKILL)  # mid-session: it is writing the next round already
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert last >= 40

    statuses = ["in progress", "verified", "false", "inconclusive"]
    with ReviewStore(path, reviewer="after") as s:
        for i, (claim_id, key) in enumerate(plan):
            # the last round of this claim that the child reported as saved
            n = last - ((last - i) % len(plan))
            item = s.item(claim_id)
            stored = int(item.note.split()[1])
            assert stored >= n  # never older than what was shown as saved
            if stored == n:
                assert item.status is ReviewStatus(statuses[n % 4])
                assert item.evidence_decisions[key] == ("accepted" if n % 2 else "rejected")
            assert item.reviewer == "killed-reviewer"
        notes = [h for h in s.history() if h["action"] == "note"]
        assert [h["value"] for h in notes[: last + 1]] == [f"note {n}" for n in range(last + 1)]
        conn = s._db.conn  # type: ignore[attr-defined]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
