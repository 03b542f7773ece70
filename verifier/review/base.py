"""The review store's plumbing shared by its parts: opening, the audit-trail entry, a checked row.

:class:`StoreBase` holds the connection (:mod:`verifier.review.db`); the writes and reads
(:mod:`verifier.review.store`), team actions (:mod:`verifier.review.team`) and the change feed
(:mod:`verifier.review.feed`) build on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple, Self

from verifier.errors import UserError
from verifier.model import ReviewStatus
from verifier.review.cache import ItemCache, chunks
from verifier.review.db import Db, is_dsn, open_db
from verifier.review.items import EditConflict
from verifier.review.schema import MIGRATIONS, check_review_store
from verifier.settings import os_user

DECISIONS = ("accepted", "rejected")
# review_items columns a write reads first: to check the revision and to log the old value
ROW = "rev, status, flagged, note, assignee, reviewer, status_by, signed_off_by"


class Entry(NamedTuple):
    """One audit-trail entry to write (the reviewer is the store's)."""

    claim_id: str
    action: str
    value: str
    at: str
    old: str
    rev: int
    undoes: int | None = None


class StoreBase:
    """A desk's queue of assessments; every write is committed at once.

    ``location`` is a SQLite file (``:memory:`` for a throwaway store) or a ``postgresql://``
    address. ``reviewer`` (the caller's :attr:`Settings.reviewer`) defaults to the OS user name.
    With ``create=False`` a file must already be a review store (checked without writing to it).
    Methods taking a ``claim_id`` raise ``KeyError`` for a claim that is not in the store.
    """

    def __init__(
        self, location: str | Path, reviewer: str | None = None, *, create: bool = True
    ) -> None:
        server = is_dsn(location)
        self.path: Path | None = None
        if not server:
            memory = str(location) == ":memory:"
            self.path = Path(location) if memory else Path(location).expanduser()
            if not create:
                check_review_store(self.path)
        self.reviewer = reviewer or os_user()
        self._db: Db = open_db(location if server else str(self.path), MIGRATIONS)
        self.location = self._db.location
        self._cache = ItemCache(self.location)

    # --- plumbing ---

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (everything is already committed)."""
        self._db.close()

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._db.dialect

    def _log(
        self,
        db: Db,
        claim_id: str,
        action: str,
        value: str | None,
        at: str,
        *,
        old: str | None = None,
        rev: int | None = None,
        undoes: int | None = None,
    ) -> None:
        db.execute(
            "INSERT INTO review_history (claim_id, action, value, reviewer, at, old_value, rev,"
            " undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (claim_id, action, value, self.reviewer, at, old, rev, undoes),
        )

    def _row(self, db: Db, claim_id: str, expected_rev: int | None = None) -> tuple[Any, ...]:
        """The claim's current row (KeyError when absent); EditConflict if its rev moved on."""
        row = db.execute(f"SELECT {ROW} FROM review_items WHERE claim_id = ?", (claim_id,))
        found = row.fetchone()
        if found is None:
            raise KeyError(claim_id)
        if expected_rev is not None and found[0] != expected_rev:
            raise EditConflict(claim_id, expected_rev, found[0], found[5])
        return tuple(found)

    def _rows(self, db: Db, claim_ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """Current rows of many claims, read in chunks (KeyError for the first one absent)."""
        found: dict[str, tuple[Any, ...]] = {}
        for chunk in chunks(claim_ids):
            rows = db.execute(
                f"SELECT {ROW}, claim_id FROM review_items"
                f" WHERE claim_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            found.update((row[-1], tuple(row[:-1])) for row in rows)
        for claim_id in claim_ids:
            if claim_id not in found:
                raise KeyError(claim_id)
        return found

    def _update_many(self, db: Db, claim_ids: Sequence[str], at: str, **columns: Any) -> None:
        """:meth:`_update` of many claims with the same values, a statement per chunk."""
        sets = "".join(f"{c} = ?, " for c in columns)
        for chunk in chunks(claim_ids):
            db.execute(
                f"UPDATE review_items SET {sets}reviewer = ?, updated_at = ?, rev = rev + 1"
                f" WHERE claim_id IN ({','.join('?' * len(chunk))})",
                (*columns.values(), self.reviewer, at, *chunk),
            )

    def _log_many(self, db: Db, entries: Sequence[Entry]) -> None:
        """Audit-trail entries, many per statement."""
        for chunk in chunks(entries, 100):
            db.execute(
                "INSERT INTO review_history (claim_id, action, value, reviewer, at, old_value, rev,"
                " undoes) VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(chunk)),
                [
                    x
                    for e in chunk
                    for x in (
                        e.claim_id,
                        e.action,
                        e.value,
                        self.reviewer,
                        e.at,
                        e.old,
                        e.rev,
                        e.undoes,
                    )
                ],
            )

    def _update(self, db: Db, claim_id: str, rev: int, at: str, **columns: Any) -> int:
        """Set ``columns`` of one claim with who and when; returns its new revision."""
        sets = "".join(f"{c} = ?, " for c in columns)
        db.execute(
            f"UPDATE review_items SET {sets}reviewer = ?, updated_at = ?, rev = rev + 1"
            " WHERE claim_id = ?",
            (*columns.values(), self.reviewer, at, claim_id),
        )
        return rev + 1

    def _decide(self, db: Db, claim_id: str, key: str, decision: str | None, at: str) -> None:
        if decision is None:
            db.execute(
                "DELETE FROM review_decisions WHERE claim_id = ? AND evidence_key = ?",
                (claim_id, key),
            )
            return
        db.execute(
            "INSERT INTO review_decisions (claim_id, evidence_key, decision, reviewer,"
            " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (claim_id, evidence_key)"
            " DO UPDATE SET decision = excluded.decision, reviewer = excluded.reviewer,"
            " updated_at = excluded.updated_at",
            (claim_id, key, decision, self.reviewer, at),
        )


def bool_text(value: Any) -> str:
    return str(bool(value)).lower()


def review_status(status: ReviewStatus | str) -> ReviewStatus:
    try:
        return ReviewStatus(status)
    except ValueError:
        known = ", ".join(s.value for s in ReviewStatus)
        raise UserError(f"unknown review status {status!r} (one of: {known})") from None
