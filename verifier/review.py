"""The review store: assessments, reports and a reviewer's decisions in one SQLite file.

Every action is committed before the method returns and logged in an append-only ``history``
table with who and when, so a killed process loses nothing it reported as saved and reopening a
store resumes where the reviewer stopped. Status, flag, note and the filter columns are real,
indexed columns; the assessment itself is stored as ``Assessment.to_dict`` JSON. Parsed
assessments are cached by the digest of their JSON, and every :meth:`ReviewStore.items` call
re-reads the rows, so a second process's writes show on the next call.
"""

from __future__ import annotations

import gc
import getpass
import hashlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from verifier.errors import UserError
from verifier.model import Assessment, Evidence, Report, ReviewStatus, SpeakerType
from verifier.store import connect, migrate

log = logging.getLogger(__name__)

DECISIONS = ("accepted", "rejected")
BULK = 2000  # above this many items to (re)load, scan the table instead of looking rows up
_STATUSES = {s.value: s for s in ReviewStatus}
_ITEM_SQL = (
    "SELECT claim_id, rev, digest, status, flagged, note, reviewer, updated_at FROM review_items"
)
SQLITE_HEADER = b"SQLite format 3\x00"


def evidence_key(e: Evidence) -> str:
    """The stable key of an evidence sentence: ``"{report_id}:{start}-{end}"``."""
    return f"{e.report.id}:{e.sentence.start}-{e.sentence.end}"


def now_utc() -> str:
    """The current time as a UTC ISO 8601 timestamp with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def default_reviewer() -> str:
    """``$VERIFIER_REVIEWER``, else the OS user name, else ``"unknown"``."""
    name = os.environ.get("VERIFIER_REVIEWER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "unknown"


@dataclass(frozen=True)
class ReviewItem:
    """One claim under review: its assessment and the reviewer's decisions about it."""

    assessment: Assessment
    status: ReviewStatus = ReviewStatus.UNSTARTED
    flagged: bool = False
    note: str = ""
    reviewer: str | None = None
    updated_at: str | None = None
    evidence_decisions: dict[str, str] = field(default_factory=dict)

    @property
    def claim_id(self) -> str:
        return self.assessment.claim.id


def search_text(a: Assessment) -> str:
    """What the ``search`` filter looks in: claim text, speaker and content, case-folded."""
    c = a.claim
    speaker = c.speaker_name or (c.speaker.text if c.speaker else "")
    return "\n".join((c.text, speaker, c.content.text)).casefold()


# --- migrations: append only; each must stay idempotent (two processes may race to apply) ---


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def m001_initial(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE IF NOT EXISTS review_reports (
            id TEXT PRIMARY KEY,
            data TEXT NOT NULL,
            digest TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS review_items (
            seq INTEGER PRIMARY KEY,
            claim_id TEXT NOT NULL UNIQUE,
            rev INTEGER NOT NULL DEFAULT 0,
            report_id TEXT NOT NULL,
            speaker_type TEXT NOT NULL,
            digest TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'unstarted',
            flagged INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT '',
            reviewer TEXT,
            updated_at TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS review_assessments (
            claim_id TEXT PRIMARY KEY REFERENCES review_items (claim_id),
            data TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS review_items_status ON review_items (status);
        CREATE INDEX IF NOT EXISTS review_items_flagged ON review_items (flagged);
        CREATE INDEX IF NOT EXISTS review_items_speaker_type ON review_items (speaker_type);
        CREATE TABLE IF NOT EXISTS review_decisions (
            claim_id TEXT NOT NULL REFERENCES review_items (claim_id),
            evidence_key TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            reviewer TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (claim_id, evidence_key)
        );
        CREATE TABLE IF NOT EXISTS review_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            claim_id TEXT NOT NULL,
            action TEXT NOT NULL,
            value TEXT,
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS review_history_claim ON review_history (claim_id, id);
        CREATE TRIGGER IF NOT EXISTS review_history_no_update BEFORE UPDATE ON review_history
        BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS review_history_no_delete BEFORE DELETE ON review_history
        BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
        """
    )


def m002_search_text(conn: sqlite3.Connection) -> None:
    """A case-folded search column (claim text, speaker, content), filled for existing rows."""
    if "search_text" not in _columns(conn, "review_items"):
        conn.execute("ALTER TABLE review_items ADD COLUMN search_text TEXT NOT NULL DEFAULT ''")
    rows = conn.execute(
        "SELECT i.claim_id, a.data FROM review_items i JOIN review_assessments a USING (claim_id)"
        " WHERE i.search_text = ''"
    )
    updates = []
    for claim_id, data in rows.fetchall():
        d = json.loads(data)
        speaker = d.get("speaker_name") or (d.get("speaker") or {}).get("text") or ""
        text = "\n".join((d.get("text", ""), speaker, d["content"]["text"])).casefold()
        updates.append((text, claim_id))
    conn.executemany("UPDATE review_items SET search_text = ? WHERE claim_id = ?", updates)


MIGRATIONS = [m001_initial, m002_search_text]


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def check_review_store(path: str | Path) -> None:
    """Raise UserError unless ``path`` is an existing review store (reads only, writes nothing)."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise UserError(f"review store {target} is a directory, not a file")
    if not target.is_file():
        raise UserError(f"review store {target} does not exist")
    try:
        with target.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UserError(f"review store {target} cannot be read ({exc.strerror})") from exc
    if header != SQLITE_HEADER:
        raise UserError(f"review store {target} is not a SQLite database")
    # Without a -wal file everything is in the main file: read it as immutable, which creates
    # no -wal/-shm files next to a store that may turn out not to be ours.
    wal = target.with_name(target.name + "-wal").exists()
    uri = f"{target.resolve().as_uri()}?mode=ro" + ("" if wal else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            found = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
            ).fetchone()[0]
            ours = (
                found
                and conn.execute(
                    "SELECT count(*) FROM _migrations WHERE component = 'review'"
                ).fetchone()[0]
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"review store {target} is not a readable SQLite database ({exc})") from exc
    if not ours:
        raise UserError(f"{target} is a SQLite database but not a review store")


class ReviewStore:
    """A reviewer's queue of assessments in one SQLite file; every write is committed at once.

    ``reviewer`` defaults to ``$VERIFIER_REVIEWER``, else the OS user name. With
    ``create=False`` the file must already be a review store (checked without writing to it).
    Methods taking a ``claim_id`` raise ``KeyError`` for a claim that is not in the store.
    """

    def __init__(
        self, path: str | Path, reviewer: str | None = None, *, create: bool = True
    ) -> None:
        self.path = Path(path) if str(path) == ":memory:" else Path(path).expanduser()
        if not create:
            check_review_store(self.path)
        self.reviewer = reviewer or default_reviewer()
        self._conn = connect(path)
        self._migrate()
        self._conn.isolation_level = None  # explicit transactions only, see _write and _read
        self._conn.row_factory = None  # plain tuples: items() builds thousands of rows
        self._assessments: dict[str, tuple[str, Assessment]] = {}
        self._items: dict[str, tuple[int, ReviewItem]] = {}
        self._lock = threading.RLock()  # one transaction at a time on the shared connection
        self._reports: dict[str, tuple[str, Report]] = {}

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
                data = _dumps(report.to_dict())
                conn.execute(
                    "INSERT INTO review_reports (id, data, digest) VALUES (?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET data = excluded.data, digest = excluded.digest"
                    " WHERE digest != excluded.digest",
                    (report.id, data, _digest(data)),
                )
            (seq,) = conn.execute("SELECT coalesce(max(seq), 0) FROM review_items").fetchone()
            for a in items:
                data = _dumps(a.to_dict())
                digest = _digest(data)
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
            return self._build(conn, conn.execute(sql, params).fetchall())

    def item(self, claim_id: str) -> ReviewItem:
        """One claim by id (KeyError when absent)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT claim_id, rev FROM review_items WHERE claim_id = ?", (claim_id,)
            ).fetchone()
            if row is None:
                raise KeyError(claim_id)
            return self._build(conn, [row])[0]

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM review_items").fetchone()[0])

    def report(self, report_id: str) -> Report:
        """A stored report (an article or an evidence report) by id (KeyError when absent)."""
        row = self._conn.execute(
            "SELECT digest, data FROM review_reports WHERE id = ?", (report_id,)
        ).fetchone()
        if row is None:
            raise KeyError(report_id)
        return self._report(report_id, row[0], row[1])

    def reports(self) -> list[Report]:
        """Every stored report, by id."""
        rows = self._conn.execute("SELECT id, digest, data FROM review_reports ORDER BY id")
        return [self._report(*r) for r in rows.fetchall()]

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

    def _build(self, conn: sqlite3.Connection, rows: Sequence[tuple[str, int]]) -> list[ReviewItem]:
        """Items for ``(claim_id, rev)`` rows: unchanged ones from the cache, others re-read."""
        cache = self._items
        hits = [cache.get(claim_id) for claim_id, _ in rows]
        stale = [
            claim_id
            for (claim_id, rev), hit in zip(rows, hits, strict=True)
            if hit is None or hit[0] != rev
        ]
        if stale:
            self._refresh(conn, stale)
        return [cache[claim_id][1] for claim_id, _ in rows]

    def _refresh(self, conn: sqlite3.Connection, claim_ids: Sequence[str]) -> None:
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
            for chunk in _chunks(claim_ids, 500):
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
        for claim_id, rev, _digest, status, flagged, note, reviewer, updated_at in rows:
            item = ReviewItem(
                assessment=assessments[claim_id],
                status=_STATUSES[status],
                flagged=bool(flagged),
                note=note,
                reviewer=reviewer,
                updated_at=updated_at,
                evidence_decisions=decisions.get(claim_id, {}),
            )
            self._items[claim_id] = (rev, item)

    def _report(self, report_id: str, digest: str, data: str | None = None) -> Report:
        cached = self._reports.get(report_id)
        if cached is not None and cached[0] == digest:
            return cached[1]
        if data is None:
            data = self._conn.execute(
                "SELECT data FROM review_reports WHERE id = ?", (report_id,)
            ).fetchone()[0]
        report = Report.from_dict(json.loads(data))
        self._reports[report_id] = (digest, report)
        return report

    def _load_assessments(
        self, conn: sqlite3.Connection, rows: Sequence[tuple[str, str]]
    ) -> dict[str, Assessment]:
        """Assessments of ``(claim_id, digest)`` rows, parsed only when their JSON changed."""
        out: dict[str, Assessment] = {}
        missing: list[str] = []
        for claim_id, digest in rows:
            cached = self._assessments.get(claim_id)
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
            for chunk in _chunks(missing, 500):
                marks = ",".join("?" * len(chunk))
                fetched += conn.execute(
                    "SELECT i.claim_id, i.digest, a.data FROM review_items i"
                    f" JOIN review_assessments a USING (claim_id) WHERE i.claim_id IN ({marks})",
                    chunk,
                ).fetchall()
        with _gc_paused(len(fetched) > 100):
            parsed = [(claim_id, digest, json.loads(data)) for claim_id, digest, data in fetched]
            needed = {d["report_id"] for _, _, d in parsed}
            needed.update(e["report_id"] for _, _, d in parsed for e in d["evidence"])
            reports = self._load_reports(conn, needed)
            for claim_id, digest, d in parsed:
                assessment = Assessment.from_dict(d, reports)
                self._assessments[claim_id] = (digest, assessment)
                out[claim_id] = assessment
        return out

    def _load_reports(self, conn: sqlite3.Connection, ids: set[str]) -> dict[str, Report]:
        """The reports ``ids``, parsed only when their JSON changed since last seen."""
        digests = dict(conn.execute("SELECT id, digest FROM review_reports").fetchall())
        stale = [
            i for i in ids if (hit := self._reports.get(i)) is None or hit[0] != digests.get(i)
        ]
        for chunk in _chunks(stale, 500):
            marks = ",".join("?" * len(chunk))
            for report_id, digest, data in conn.execute(
                f"SELECT id, digest, data FROM review_reports WHERE id IN ({marks})", chunk
            ).fetchall():
                self._report(report_id, digest, data)
        return {i: self._reports[i][1] for i in ids}


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


def _status(status: ReviewStatus | str) -> ReviewStatus:
    try:
        return ReviewStatus(status)
    except ValueError:
        known = ", ".join(s.value for s in ReviewStatus)
        raise UserError(f"unknown review status {status!r} (one of: {known})") from None


def _chunks(seq: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]
