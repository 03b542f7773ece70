"""The review store: assessments, reports and reviewers' decisions, in SQLite or PostgreSQL.

Every action is committed before the method returns and logged in an append-only ``history``
table with who, when, the value it replaced and the claim's revision after it, so a killed
process loses nothing it reported as saved, reopening a store resumes where the reviewer
stopped, and :meth:`ReviewStore.undo` can put a value back. Every claim has a revision number:
a write given ``expected_rev`` raises :class:`EditConflict` instead of overwriting a change made
in between. Status, flag, note, assignee and the filter columns are real, indexed columns; the
assessment itself is stored as ``Assessment.to_dict`` JSON and parsed objects are cached by
revision and digest (see :mod:`verifier.review.cache`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from verifier.errors import UserError
from verifier.model import Assessment, Report, ReviewStatus, SpeakerType
from verifier.review.base import DECISIONS, bool_text, review_status
from verifier.review.cache import chunks
from verifier.review.feed import FeedMixin
from verifier.review.items import ReviewItem, now_utc, search_text
from verifier.review.schema import digest as json_digest
from verifier.review.schema import dumps
from verifier.review.team import TeamMixin

log = logging.getLogger(__name__)

__all__ = ["DECISIONS", "ReviewStore"]


class ReviewStore(TeamMixin, FeedMixin):
    """A desk's queue of assessments in a SQLite file or on a PostgreSQL server (see
    :class:`~verifier.review.base.StoreBase` for opening one)."""

    # --- writes ---

    def save_assessments(self, assessments: Iterable[Assessment]) -> int:
        """Add or update assessments and their reports; returns how many were new or changed.

        A re-run of the matcher updates the evidence and the verdict, and the flag while no
        reviewer has set it, but never a reviewer's status, flag, note or evidence decisions.
        """
        items = list(assessments)
        reports: dict[str, Report] = {}
        for a in items:
            reports[a.claim.report.id] = a.claim.report
            for e in a.evidence:
                reports[e.report.id] = e.report
        at = now_utc()
        changed = 0
        with self._db.write() as db:
            for report in reports.values():
                data = dumps(report.to_dict())
                db.execute(
                    "INSERT INTO review_reports (id, data, digest) VALUES (?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET data = excluded.data, digest = excluded.digest"
                    " WHERE review_reports.digest != excluded.digest",
                    (report.id, data, json_digest(data)),
                )
            (seq,) = db.execute("SELECT coalesce(max(seq), 0) FROM review_items").fetchone()
            for a in items:
                data = dumps(a.to_dict())
                digest = json_digest(data)
                claim_id = a.claim.id
                old = db.execute(
                    "SELECT digest, rev FROM review_items WHERE claim_id = ?", (claim_id,)
                ).fetchone()
                if old is None:
                    seq += 1
                    db.execute(
                        "INSERT INTO review_items (claim_id, seq, report_id, speaker_type,"
                        " digest, flagged, created_at, search_text)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            claim_id,
                            seq,
                            a.claim.report.id,
                            a.claim.speaker_type.value,
                            digest,
                            int(a.unverified_figure),
                            at,
                            search_text(a),
                        ),
                    )
                    db.execute(
                        "INSERT INTO review_assessments (claim_id, data) VALUES (?, ?)",
                        (claim_id, data),
                    )
                    self._log(db, claim_id, "added", a.verdict.value, at, rev=0)
                elif old[0] != digest:
                    db.execute(
                        "UPDATE review_items SET digest = ?, speaker_type = ?, search_text = ?,"
                        " rev = rev + 1, flagged = CASE WHEN EXISTS (SELECT 1 FROM"
                        " review_history h WHERE h.claim_id = ? AND h.action = 'flag')"
                        " THEN flagged ELSE ? END WHERE claim_id = ?",
                        (
                            digest,
                            a.claim.speaker_type.value,
                            search_text(a),
                            claim_id,
                            int(a.unverified_figure),
                            claim_id,
                        ),
                    )
                    db.execute(
                        "UPDATE review_assessments SET data = ? WHERE claim_id = ?",
                        (data, claim_id),
                    )
                    self._log(db, claim_id, "updated", a.verdict.value, at, rev=old[1] + 1)
                else:
                    continue
                changed += 1
        return changed

    def set_status(
        self, claim_id: str, status: ReviewStatus | str, *, expected_rev: int | None = None
    ) -> None:
        """Set the review status (a ReviewStatus or its value, such as ``"verified"``).

        A new status clears a second reviewer's sign-off of the old one.
        """
        value = review_status(status).value
        at = now_utc()
        with self._db.write() as db:
            row = self._row(db, claim_id, expected_rev)
            unsigned = {"signed_off_by": None, "signed_off_at": None} if value != row[1] else {}
            rev = self._update(
                db, claim_id, row[0], at, status=value, status_by=self.reviewer, **unsigned
            )
            self._log(db, claim_id, "status", value, at, old=row[1], rev=rev)

    def set_flag(self, claim_id: str, flagged: bool, *, expected_rev: int | None = None) -> None:
        """Set or clear the unverified-casualty-figure flag."""
        at = now_utc()
        with self._db.write() as db:
            row = self._row(db, claim_id, expected_rev)
            rev = self._update(db, claim_id, row[0], at, flagged=int(bool(flagged)))
            self._log(db, claim_id, "flag", bool_text(flagged), at, old=bool_text(row[2]), rev=rev)

    def toggle_flag(self, claim_id: str, *, expected_rev: int | None = None) -> bool:
        """Flip the flag atomically (even with another writer); returns the new value."""
        at = now_utc()
        with self._db.write() as db:
            row = self._row(db, claim_id, expected_rev)
            new = not row[2]
            rev = self._update(db, claim_id, row[0], at, flagged=int(new))
            self._log(db, claim_id, "flag", bool_text(new), at, old=bool_text(row[2]), rev=rev)
        return new

    def set_note(self, claim_id: str, note: str, *, expected_rev: int | None = None) -> None:
        """Replace the reviewer's note."""
        at = now_utc()
        with self._db.write() as db:
            row = self._row(db, claim_id, expected_rev)
            rev = self._update(db, claim_id, row[0], at, note=note)
            self._log(db, claim_id, "note", note, at, old=row[3], rev=rev)

    def set_evidence_decision(
        self, claim_id: str, key: str, decision: str | None, *, expected_rev: int | None = None
    ) -> None:
        """Accept or reject one evidence sentence (by :func:`evidence_key`); None clears it."""
        if decision is not None and decision not in DECISIONS:
            raise UserError(f"unknown evidence decision {decision!r} (accepted or rejected)")
        at = now_utc()
        with self._db.write() as db:
            row = self._row(db, claim_id, expected_rev)
            old = db.execute(
                "SELECT decision FROM review_decisions WHERE claim_id = ? AND evidence_key = ?",
                (claim_id, key),
            ).fetchone()
            self._decide(db, claim_id, key, decision, at)
            rev = self._update(db, claim_id, row[0], at)
            before = f"{key}={old[0] if old else 'none'}"
            self._log(
                db, claim_id, "evidence", f"{key}={decision or 'none'}", at, old=before, rev=rev
            )

    # --- reads ---

    def items(
        self,
        *,
        status: ReviewStatus | str | None = None,
        flagged: bool | None = None,
        speaker_type: SpeakerType | str | None = None,
        search: str | None = None,
        assignee: str | None = None,
        mine: bool = False,
        claim_ids: Iterable[str] | None = None,
    ) -> list[ReviewItem]:
        """The claims matching every given filter, in the order they were first saved.

        ``search`` is a case-insensitive substring of the claim text, speaker or content; it is
        passed to the database as a parameter, never as SQL. ``mine`` keeps the claims assigned
        to this store's reviewer; ``claim_ids`` keeps those claims (re-reading a few is cheap).
        """
        where: list[str] = []
        params: list[Any] = []
        if status is not None:
            where.append("status = ?")
            params.append(review_status(status).value)
        if flagged is not None:
            where.append("flagged = ?")
            params.append(int(flagged))
        if speaker_type is not None:
            where.append("speaker_type = ?")
            try:
                params.append(SpeakerType(speaker_type).value)
            except ValueError:
                known = ", ".join(t.value for t in SpeakerType)
                raise UserError(
                    f"unknown speaker type {speaker_type!r} (one of: {known})"
                ) from None
        if search:
            where.append("instr(search_text, ?) > 0")
            params.append(search.casefold())
        if mine or assignee is not None:
            where.append("assignee = ?")
            params.append(self.reviewer if mine else assignee)
        sql = "SELECT claim_id, rev, seq FROM review_items"
        with self._db.read() as db:
            if claim_ids is None:
                found = db.execute(_where(sql, where), params).fetchall()
            else:  # the ids as parameters, a statement per chunk of them
                found = []
                for chunk in chunks(list(dict.fromkeys(claim_ids))):
                    marks = f"claim_id IN ({','.join('?' * len(chunk))})"
                    found += db.execute(_where(sql, [*where, marks]), [*params, *chunk]).fetchall()
            rows = [(r[0], r[1]) for r in sorted(found, key=lambda r: r[2])]
            return self._cache.build(db, rows)

    def item(self, claim_id: str) -> ReviewItem:
        """One claim by id (KeyError when absent)."""
        with self._db.read() as db:
            row = db.execute(
                "SELECT claim_id, rev FROM review_items WHERE claim_id = ?", (claim_id,)
            ).fetchone()
            if row is None:
                raise KeyError(claim_id)
            return self._cache.build(db, [tuple(row)])[0]

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM review_items").fetchone()[0])

    def report(self, report_id: str) -> Report:
        """A stored report (an article or an evidence report) by id (KeyError when absent)."""
        row = self._db.execute(
            "SELECT digest, data FROM review_reports WHERE id = ?", (report_id,)
        ).fetchone()
        if row is None:
            raise KeyError(report_id)
        return self._cache.report(report_id, row[0], row[1])

    def reports(self) -> list[Report]:
        """Every stored report, by id."""
        rows = self._db.execute("SELECT id, digest, data FROM review_reports ORDER BY id")
        return [self._cache.report(*r) for r in rows.fetchall()]

    def history(self, claim_id: str | None = None) -> list[dict[str, Any]]:
        """The audit trail, oldest first: dicts with id, claim_id, who, when, action, value,
        old (the value it replaced) and undoes (the id of the entry an undo reverted)."""
        sql = (
            "SELECT id, claim_id, reviewer, at, action, value, old_value, undoes"
            " FROM review_history"
        )
        params: tuple[str, ...] = ()
        if claim_id is not None:
            sql += " WHERE claim_id = ?"
            params = (claim_id,)
        rows = self._db.execute(sql + " ORDER BY id", params).fetchall()
        keys = ("id", "claim_id", "who", "when", "action", "value", "old", "undoes")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def last_reviewed(self, reviewer: str | None = None) -> str | None:
        """The claim this reviewer (default: the store's) last acted on, to resume there."""
        row = self._db.execute(
            "SELECT claim_id FROM review_history WHERE reviewer = ? AND claim_id != ''"
            " AND action NOT IN ('added', 'updated') ORDER BY id DESC LIMIT 1",
            (reviewer or self.reviewer,),
        ).fetchone()
        return row[0] if row else None


def _where(sql: str, conditions: Sequence[str]) -> str:
    return sql + (" WHERE " + " AND ".join(conditions) if conditions else "")
