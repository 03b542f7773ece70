"""Parsed review items, assessments and reports, re-read only when their row changed.

Rows carry a revision (items) or a JSON digest (assessments, reports); a cached object is reused
while its revision or digest is unchanged, so listing 10,000 claims parses only what changed.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from verifier.model import Assessment, Report, ReviewStatus
from verifier.review.db import Db
from verifier.review.items import ReviewItem
from verifier.store import StoreDamaged

T = TypeVar("T")
BULK = 2000  # above this many items to (re)load, scan the table instead of looking rows up
_STATUSES = {s.value: s for s in ReviewStatus}
_ITEM_SQL = (
    "SELECT claim_id, rev, digest, status, flagged, note, reviewer, updated_at, assignee,"
    " status_by, signed_off_by FROM review_items"
)
PARSE_ERRORS = (ValueError, KeyError, TypeError, AttributeError)


class ItemCache:
    """The parsed objects of one store connection, keyed by claim or report id."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.assessments: dict[str, tuple[str, Assessment]] = {}
        self.items: dict[str, tuple[int, ReviewItem]] = {}
        self.reports: dict[str, tuple[str, Report]] = {}

    def build(self, conn: Db, rows: Sequence[tuple[str, int]]) -> list[ReviewItem]:
        """Items for ``(claim_id, rev)`` rows: unchanged ones from the cache, others re-read."""
        cache = self.items
        hits = [cache.get(claim_id) for claim_id, _ in rows]
        stale = [
            claim_id
            for (claim_id, rev), hit in zip(rows, hits, strict=True)
            if hit is None or hit[0] != rev
        ]
        if stale:
            self._refresh(conn, stale)
        return [cache[claim_id][1] for claim_id, _ in rows]

    def _refresh(self, conn: Db, claim_ids: Sequence[str]) -> None:
        """Re-read full rows and decisions of ``claim_ids`` into the item cache."""
        rows: list[tuple[Any, ...]] = []
        decisions: dict[str, dict[str, str]] = {}
        if len(claim_ids) > BULK:
            wanted = set(claim_ids)
            rows = [r for r in conn.execute(_ITEM_SQL).fetchall() if r[0] in wanted]
            found = conn.execute(
                "SELECT claim_id, evidence_key, decision FROM review_decisions"
            ).fetchall()
        else:
            found = []
            for chunk in chunks(claim_ids, 500):
                marks = ",".join("?" * len(chunk))
                rows += conn.execute(_ITEM_SQL + f" WHERE claim_id IN ({marks})", chunk).fetchall()
                found += conn.execute(
                    "SELECT claim_id, evidence_key, decision FROM review_decisions"
                    f" WHERE claim_id IN ({marks})",
                    chunk,
                ).fetchall()
        for claim_id, key, decision in found:
            decisions.setdefault(claim_id, {})[key] = decision
        assessments = self._load_assessments(conn, [(r[0], r[2]) for r in rows])
        for claim_id, rev, _digest, status, flagged, note, reviewer, at, *team in rows:
            if status not in _STATUSES or claim_id not in assessments:
                raise StoreDamaged(self.location, f"claim {claim_id} has no readable row")
            item = ReviewItem(
                assessment=assessments[claim_id],
                status=_STATUSES[status],
                flagged=bool(flagged),
                note=note,
                reviewer=reviewer,
                updated_at=at,
                evidence_decisions=decisions.get(claim_id, {}),
                rev=rev,
                assignee=team[0],
                status_by=team[1],
                signed_off_by=team[2],
            )
            self.items[claim_id] = (rev, item)

    def report(self, report_id: str, digest: str, data: str) -> Report:
        cached = self.reports.get(report_id)
        if cached is not None and cached[0] == digest:
            return cached[1]
        try:
            report = Report.from_dict(json.loads(data))
        except PARSE_ERRORS as exc:
            raise StoreDamaged(self.location, f"report {report_id} is unreadable: {exc}") from exc
        self.reports[report_id] = (digest, report)
        return report

    def _load_assessments(self, conn: Db, rows: Sequence[tuple[str, str]]) -> dict[str, Assessment]:
        """Assessments of ``(claim_id, digest)`` rows, parsed only when their JSON changed."""
        out: dict[str, Assessment] = {}
        missing: list[str] = []
        for claim_id, digest in rows:
            cached = self.assessments.get(claim_id)
            if cached is not None and cached[0] == digest:
                out[claim_id] = cached[1]
            else:
                missing.append(claim_id)
        if not missing:
            return out
        if len(missing) > BULK:  # most of the store: one scan beats many lookups
            wanted = set(missing)
            fetched = [
                row
                for row in conn.execute(
                    "SELECT i.claim_id, i.digest, a.data FROM review_items i"
                    " JOIN review_assessments a USING (claim_id)"
                ).fetchall()
                if row[0] in wanted
            ]
        else:
            fetched = []
            for chunk in chunks(missing, 500):
                marks = ",".join("?" * len(chunk))
                fetched += conn.execute(
                    "SELECT i.claim_id, i.digest, a.data FROM review_items i"
                    f" JOIN review_assessments a USING (claim_id) WHERE i.claim_id IN ({marks})",
                    chunk,
                ).fetchall()
        claim_id = ""
        try:
            with _gc_paused(len(fetched) > 100):
                parsed = []
                for claim_id, digest, data in fetched:
                    parsed.append((claim_id, digest, json.loads(data)))
                needed = {d["report_id"] for _, _, d in parsed}
                needed.update(e["report_id"] for _, _, d in parsed for e in d["evidence"])
                reports = self._load_reports(conn, needed)
                for claim_id, digest, d in parsed:
                    assessment = Assessment.from_dict(d, reports)
                    self.assessments[claim_id] = (digest, assessment)
                    out[claim_id] = assessment
        except PARSE_ERRORS as exc:
            detail = f"the assessment of claim {claim_id} is unreadable: {exc!r}"
            raise StoreDamaged(self.location, detail) from exc
        return out

    def _load_reports(self, conn: Db, ids: set[str]) -> dict[str, Report]:
        """The reports ``ids``, parsed only when their JSON changed since last seen."""
        digests = dict(conn.execute("SELECT id, digest FROM review_reports").fetchall())
        stale = [i for i in ids if (hit := self.reports.get(i)) is None or hit[0] != digests.get(i)]
        for chunk in chunks(stale, 500):
            marks = ",".join("?" * len(chunk))
            for report_id, digest, data in conn.execute(
                f"SELECT id, digest, data FROM review_reports WHERE id IN ({marks})", chunk
            ).fetchall():
                self.report(report_id, digest, data)
        missing = sorted(i for i in ids if i not in self.reports)
        if missing:
            raise StoreDamaged(self.location, f"report {missing[0]} is missing")
        return {i: self.reports[i][1] for i in ids}


@contextmanager
def _gc_paused(pause: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that all stay alive.

    Parsing 10,000 assessments allocates about a million objects; without the pause, repeated
    full collections over them take about as long as the parsing itself.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def chunks(seq: Sequence[T], size: int = 500) -> Iterator[Sequence[T]]:
    """``seq`` in slices of at most ``size`` (SQL parameter lists stay small)."""
    for i in range(0, len(seq), size):
        yield seq[i : i + size]
