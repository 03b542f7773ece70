"""Load: 8 reviewer processes write to one store at once, with conflicts, on each backend.

Every process appends its token to notes of three shared claims by read-modify-write with the
claim's revision, retrying on EditConflict, and toggles one shared flag. Afterwards: every
write is in the audit trail, every conflict was reported to its writer (and nothing of it
written), and no update is lost (every token is in the final note, in audit-trail order).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factory import make_assessments
from verifier.review.store import ReviewStore

pytestmark = pytest.mark.integration

PROCESSES, ROUNDS, TOGGLES = 8, 25, 10

WRITER = """
import json, random, sys, time
from verifier.review.items import EditConflict
from verifier.review.store import ReviewStore
location, name, ids = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
rounds, toggles = int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(name)
store = ReviewStore(location, reviewer=name)
written, conflicts = [], 0
for n in range(rounds):
    claim_id, token = ids[rng.randrange(len(ids))], f"{name}.{n}"
    while True:
        item = store.item(claim_id)
        time.sleep(rng.random() * 0.003)  # a reviewer typing: another may save meanwhile
        try:
            note = f"{item.note} {token}" if item.note else token
            store.set_note(claim_id, note, expected_rev=item.rev)
            written.append([claim_id, token])
            break
        except EditConflict:
            conflicts += 1
    if n < toggles:
        store.toggle_flag(ids[0])
store.close()
print(json.dumps({"written": written, "conflicts": conflicts}))
"""


def test_review_load_eight_writers_lose_nothing(store_location: str):
    with ReviewStore(store_location, reviewer="setup") as s:
        s.save_assessments(make_assessments())
        ids = [i.claim_id for i in s.items()]
        start_flag = s.item(ids[0]).flagged
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    counts = (str(ROUNDS), str(TOGGLES))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, store_location, f"r{k}", json.dumps(ids), *counts],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for k in range(PROCESSES)
    ]
    results = []
    for p in procs:
        out, _ = p.communicate(timeout=300)
        assert p.returncode == 0
        results.append(json.loads(out))
    written = [tuple(w) for r in results for w in r["written"]]
    conflicts = sum(r["conflicts"] for r in results)
    assert len(written) == PROCESSES * ROUNDS
    assert conflicts > 0  # the writers did collide, and each collision was reported
    with ReviewStore(store_location, reviewer="lead") as s:
        history = s.history()
        for claim_id in ids:
            tokens = [t for c, t in written if c == claim_id]
            notes = [h for h in history if h["claim_id"] == claim_id and h["action"] == "note"]
            final = s.item(claim_id).note.split()
            assert sorted(final) == sorted(tokens)  # no lost update
            assert [h["value"].split()[-1] for h in notes] == final  # audit trail, in order
            assert all(
                h["old"] == (prev["value"] if prev else "")
                for prev, h in zip([None, *notes[:-1]], notes, strict=True)
            )  # each write saw the one before
            assert s.item(claim_id).rev == len(notes) + (
                PROCESSES * TOGGLES if claim_id == ids[0] else 0
            )
        flags = [h for h in history if h["action"] == "flag"]
        assert len(flags) == PROCESSES * TOGGLES
        assert s.item(ids[0]).flagged is start_flag  # an even number of toggles
