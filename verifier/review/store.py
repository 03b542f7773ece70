"""The review store: assessments, reports and a reviewer's decisions in one SQLite file.

Every action is committed before the method returns and logged in an append-only ``history``
table with who and when, so a killed process loses nothing it reported as saved and reopening a
store resumes where the reviewer stopped. Status, flag, note and the filter columns are real,
indexed columns; the assessment itself is stored as ``Assessment.to_dict`` JSON. Parsed
assessments are cached by the digest of their JSON, and every :meth:`ReviewStore.items` call
re-reads the rows, so a second process's writes show on the next call.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from verifier.errors import UserError
from verifier.model import Assessment, Report, ReviewStatus, SpeakerType
from verifier.review.cache import ItemCache
from verifier.review.items import ReviewItem, now_utc, search_text
from verifier.review.schema import MIGRATIONS, check_review_store, dumps
from verifier.review.schema import digest as json_digest
from verifier.settings import os_user
from verifier.store import connect, migrate

log = logging.getLogger(__name__)

DECISIONS = ("accepted", "rejected")


class ReviewStore:
    """A reviewer's queue of assessments in one SQLite file; every write is committed at once.

    ``reviewer`` (the caller's :attr:`Settings.reviewer`) defaults to the OS user name. With
    ``create=False`` the file must already be a review store (checked without writing to it).
    Methods taking a ``claim_id`` raise ``KeyError`` for a claim that is not in the store.
    """

    def __init__(
        self, path: str | Path, reviewer: str | None = None, *, create: bool = True
    ) -> None:
        self.path = Path(path) if str(path) == ":memory:" else Path(path).expanduser()
        if not create:
            check_review_store(self.path)
        self.reviewer = reviewer or os_user()
        self._conn = connect(path)
        self._migrate()
        self._conn.isolation_level = None  # explicit transactions only, see _write and _read
        self._conn.row_factory = None  # plain tuples: items() builds thousands of rows
        self._cache = ItemCache()
        self._lock = threading.RLock()  # one transaction at a time on the shared connection

    def _migrate(self) -> None:
        try:
            migrate(self._conn, "review", MIGRATIONS)
        except (sqlite3.IntegrityError, sqlite3.OperationalError) as exc:
            # Another process applied the same migration first; ours are idempotent: retry.
            log.info("migration raced with another process (%s); retrying", exc)
            self._conn.rollback()
            migrate(self._conn, "review", MIGRATIONS)
        except sqlite3.DatabaseError as exc:
            raise UserError(f"review store {self.path} cannot be upgraded ({exc})") from exc

    # --- plumbing ---

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (everything is already committed)."""
        self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate (write-locked) transaction, committed before returning."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _log(
        self, conn: sqlite3.Connection, claim_id: str, action: str, value: str | None, at: str
    ) -> None:
        conn.execute(
            "INSERT INTO review_history (claim_id, action, value, reviewer, at)"
            " VALUES (?, ?, ?, ?, ?)",
            (claim_id, action, value, self.reviewer, at),
        )

    def _require(self, conn: sqlite3.Connection, claim_id: str) -> tuple[Any, ...]:
        row = conn.execute(
            "SELECT status, flagged, note FROM review_items WHERE claim_id = ?", (claim_id,)
        ).fetchone()
        if row is None:
            raise KeyError(claim_id)
        return row

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
        with self._write() as conn:
            for report in reports.values():
                data = dumps(report.to_dict())
                conn.execute(
                    "INSERT INTO review_reports (id, data, digest) VALUES (?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET data = excluded.data, digest = excluded.digest"
                    " WHERE digest != excluded.digest",
                    (report.id, data, json_digest(data)),
                )
            (seq,) = conn.execute("SELECT coalesce(max(seq), 0) FROM review_items").fetchone()
            for a in items:
                data = dumps(a.to_dict())
                digest = json_digest(data)
                claim_id = a.claim.id
                old = conn.execute(
                    "SELECT digest FROM review_items WHERE claim_id = ?", (claim_id,)
                ).fetchone()
                if old is None:
                    seq += 1
                    conn.execute(
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
                    conn.execute(
                        "INSERT INTO review_assessments (claim_id, data) VALUES (?, ?)",
                        (claim_id, data),
                    )
                    self._log(conn, claim_id, "added", a.verdict.value, at)
                elif old[0] != digest:
                    conn.execute(
                        "UPDATE review_items SET digest = :digest, speaker_type = :type,"
                        " search_text = :search, rev = rev + 1, flagged = CASE WHEN EXISTS"
                        " (SELECT 1 FROM review_history h WHERE h.claim_id = :id"
                        " AND h.action = 'flag') THEN flagged ELSE :flag END WHERE claim_id = :id",
                        {
                            "digest": digest,
                            "type": a.claim.speaker_type.value,
                            "search": search_text(a),
                            "flag": int(a.unverified_figure),
                            "id": claim_id,
                        },
                    )
                    conn.execute(
                        "UPDATE review_assessments SET data = ? WHERE claim_id = ?",
                        (data, claim_id),
                    )
                    self._log(conn, claim_id, "updated", a.verdict.value, at)
                else:
                    continue
                changed += 1
        return changed

    def _set(self, claim_id: str, column: str, value: Any, action: str, logged: str) -> None:
        at = now_utc()
        with self._write() as conn:
            self._require(conn, claim_id)
            conn.execute(
                f"UPDATE review_items SET {column} = ?, reviewer = ?, updated_at = ?,"
                " rev = rev + 1 WHERE claim_id = ?",
                (value, self.reviewer, at, claim_id),
            )
            self._log(conn, claim_id, action, logged, at)

    def set_status(self, claim_id: str, status: ReviewStatus | str) -> None:
        """Set the review status (a ReviewStatus or its value, such as ``"verified"``)."""
        value = _status(status)
        self._set(claim_id, "status", value.value, "status", value.value)

    def set_flag(self, claim_id: str, flagged: bool) -> None:
        """Set or clear the unverified-casualty-figure flag."""
        self._set(claim_id, "flagged", int(bool(flagged)), "flag", str(bool(flagged)).lower())

    def toggle_flag(self, claim_id: str) -> bool:
        """Flip the flag atomically (even with another writer); returns the new value."""
        at = now_utc()
        with self._write() as conn:
            new = not self._require(conn, claim_id)[1]
            conn.execute(
                "UPDATE review_items SET flagged = ?, reviewer = ?, updated_at = ?,"
                " rev = rev + 1 WHERE claim_id = ?",
                (int(new), self.reviewer, at, claim_id),
            )
            self._log(conn, claim_id, "flag", str(new).lower(), at)
        return new

    def set_note(self, claim_id: str, note: str) -> None:
        """Replace the reviewer's note."""
        self._set(claim_id, "note", note, "note", note)

    def set_evidence_decision(self, claim_id: str, key: str, decision: str | None) -> None:
        """Accept or reject one evidence sentence (by :func:`evidence_key`); None clears it."""
        if decision is not None and decision not in DECISIONS:
            raise UserError(f"unknown evidence decision {decision!r} (accepted or rejected)")
        at = now_utc()
        with self._write() as conn:
            self._require(conn, claim_id)
            if decision is None:
                conn.execute(
                    "DELETE FROM review_decisions WHERE claim_id = ? AND evidence_key = ?",
                    (claim_id, key),
                )
            else:
                conn.execute(
                    "INSERT INTO review_decisions (claim_id, evidence_key, decision, reviewer,"
                    " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (claim_id, evidence_key)"
                    " DO UPDATE SET decision = excluded.decision, reviewer = excluded.reviewer,"
                    " updated_at = excluded.updated_at",
                    (claim_id, key, decision, self.reviewer, at),
                )
            conn.execute(
                "UPDATE review_items SET reviewer = ?, updated_at = ?, rev = rev + 1"
                " WHERE claim_id = ?",
                (self.reviewer, at, claim_id),
            )
            self._log(conn, claim_id, "evidence", f"{key}={decision or 'none'}", at)

    # --- reads ---

    def items(
        self,
        *,
        status: ReviewStatus | str | None = None,
        flagged: bool | None = None,
        speaker_type: SpeakerType | str | None = None,
        search: str | None = None,
    ) -> list[ReviewItem]:
        """The claims matching every given filter, in the order they were first saved.

        ``search`` is a case-insensitive substring of the claim text, speaker or content; it is
        passed to SQLite as a parameter, never as SQL.
        """
        where: list[str] = []
        params: list[Any] = []
        if status is not None:
            where.append("status = ?")
            params.append(_status(status).value)
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
        sql = "SELECT claim_id, rev FROM review_items"
        sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq"
        with self._read() as conn:
            return self._cache.build(conn, conn.execute(sql, params).fetchall())

    def item(self, claim_id: str) -> ReviewItem:
        """One claim by id (KeyError when absent)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT claim_id, rev FROM review_items WHERE claim_id = ?", (claim_id,)
            ).fetchone()
            if row is None:
                raise KeyError(claim_id)
            return self._cache.build(conn, [row])[0]

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM review_items").fetchone()[0])

    def report(self, report_id: str) -> Report:
        """A stored report (an article or an evidence report) by id (KeyError when absent)."""
        row = self._conn.execute(
            "SELECT digest, data FROM review_reports WHERE id = ?", (report_id,)
        ).fetchone()
        if row is None:
            raise KeyError(report_id)
        return self._cache.report(report_id, row[0], row[1])

    def reports(self) -> list[Report]:
        """Every stored report, by id."""
        rows = self._conn.execute("SELECT id, digest, data FROM review_reports ORDER BY id")
        return [self._cache.report(*r) for r in rows.fetchall()]

    def history(self, claim_id: str | None = None) -> list[dict[str, Any]]:
        """The audit trail, oldest first: dicts with claim_id, who, when, action and value."""
        sql = "SELECT claim_id, reviewer, at, action, value FROM review_history"
        params: tuple[str, ...] = ()
        if claim_id is not None:
            sql += " WHERE claim_id = ?"
            params = (claim_id,)
        rows = self._conn.execute(sql + " ORDER BY id", params).fetchall()
        keys = ("claim_id", "who", "when", "action", "value")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def last_reviewed(self, reviewer: str | None = None) -> str | None:
        """The claim this reviewer (default: the store's) last acted on, to resume there."""
        row = self._conn.execute(
            "SELECT claim_id FROM review_history WHERE reviewer = ?"
            " AND action NOT IN ('added', 'updated') ORDER BY id DESC LIMIT 1",
            (reviewer or self.reviewer,),
        ).fetchone()
        return row[0] if row else None

    # --- reading helpers ---

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: a consistent snapshot across several queries."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")


def _status(status: ReviewStatus | str) -> ReviewStatus:
    try:
        return ReviewStatus(status)
    except ValueError:
        known = ", ".join(s.value for s in ReviewStatus)
        raise UserError(f"unknown review status {status!r} (one of: {known})") from None
