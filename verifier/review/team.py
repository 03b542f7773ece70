"""Team review on one store: assignment, bulk changes, a second reviewer's sign-off, undo.

Each action is one transaction and every change it makes is an audit-trail entry, undo
included: :meth:`TeamMixin.undo` puts back the value a reviewer's last decision replaced and
logs an ``undo`` entry pointing at it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from verifier.errors import UserError
from verifier.model import ReviewStatus
from verifier.review.base import StoreBase, bool_text, review_status
from verifier.review.db import Db
from verifier.review.items import VERDICTS, Change, EditConflict, now_utc

UNDOABLE = ("status", "flag", "note", "evidence", "assign", "signoff")
_VERDICTS = {s.value for s in VERDICTS}


class Keep(enum.Enum):
    """The default of :meth:`TeamMixin.bulk_update`'s ``assignee``: leave it as it is."""

    KEEP = 0


KEEP = Keep.KEEP


class TeamMixin(StoreBase):
    """Actions of a desk working on one store."""

    def assign(self, claim_ids: str | Iterable[str], assignee: str | None) -> int:
        """Assign claims to a reviewer (None: unassign); returns how many changed."""
        ids = [claim_ids] if isinstance(claim_ids, str) else claim_ids
        return self.bulk_update(ids, assignee=assignee)

    def bulk_update(
        self,
        claim_ids: Iterable[str],
        *,
        status: ReviewStatus | str | None = None,
        assignee: str | Keep | None = KEEP,
        flagged: bool | None = None,
    ) -> int:
        """Set status, assignee and/or flag of many claims in one transaction.

        All or nothing: an unknown claim id raises KeyError and nothing is changed. Returns how
        many claims changed; each change is its own audit-trail entry.
        """
        ids = list(dict.fromkeys(claim_ids))
        if status is None and assignee is KEEP and flagged is None:
            raise UserError("nothing to change: give a status, an assignee or a flag")
        value = None if status is None else review_status(status).value
        at = now_utc()
        changed = 0
        with self._db.write() as db:
            for claim_id in ids:
                row = self._row(db, claim_id)
                rev = row[0]
                if value is not None and value != row[1]:
                    rev = self._update(
                        db,
                        claim_id,
                        rev,
                        at,
                        status=value,
                        status_by=self.reviewer,
                        signed_off_by=None,
                        signed_off_at=None,
                    )
                    self._log(db, claim_id, "status", value, at, old=row[1], rev=rev)
                if flagged is not None and bool(flagged) != bool(row[2]):
                    rev = self._update(db, claim_id, rev, at, flagged=int(flagged))
                    old = bool_text(row[2])
                    self._log(db, claim_id, "flag", bool_text(flagged), at, old=old, rev=rev)
                if not isinstance(assignee, Keep) and assignee != row[4]:
                    rev = self._update(db, claim_id, rev, at, assignee=assignee)
                    self._log(db, claim_id, "assign", assignee or "", at, old=row[4] or "", rev=rev)
                changed += rev != row[0]
        return changed

    def sign_off(self, claim_id: str, *, expected_rev: int | None = None) -> None:
        """Sign off another reviewer's verdict, so it counts as published where required."""
        at = now_utc()
        with self._db.write() as db:
            row = self._row(db, claim_id, expected_rev)
            if row[1] not in _VERDICTS:
                raise UserError(f"claim {claim_id} has no verdict to sign off (it is {row[1]})")
            if row[6] == self.reviewer:
                raise UserError(
                    f"you set the verdict of claim {claim_id}; a second reviewer must sign it off"
                )
            rev = self._update(
                db, claim_id, row[0], at, signed_off_by=self.reviewer, signed_off_at=at
            )
            self._log(db, claim_id, "signoff", row[1], at, old=row[7] or "", rev=rev)

    @property
    def require_signoff(self) -> bool:
        """Whether a verdict needs a second reviewer's sign-off before exports publish it."""
        row = self._db.execute(
            "SELECT value FROM review_settings WHERE key = 'require_signoff'"
        ).fetchone()
        return row is not None and row[0] == "true"

    def set_require_signoff(self, required: bool) -> None:
        """Turn the second-reviewer rule on or off for the whole store (logged)."""
        at = now_utc()
        with self._db.write() as db:
            old = db.execute(
                "SELECT value FROM review_settings WHERE key = 'require_signoff'"
            ).fetchone()
            db.execute(
                "INSERT INTO review_settings (key, value) VALUES ('require_signoff', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (bool_text(required),),
            )
            value = f"require_signoff={bool_text(required)}"
            self._log(db, "", "setting", value, at, old=old[0] if old else None)

    def undo(self, *, force: bool = False) -> Change | None:
        """Put back what this reviewer's last not-yet-undone decision replaced.

        Returns the entry undone (None: nothing to undo). When someone else changed the claim
        after that decision, raises EditConflict unless ``force``. Repeated calls walk back.
        """
        undone = self.undo_many(1, force=force)
        return undone[0] if undone else None

    def undo_many(self, count: int, *, force: bool = False) -> list[Change]:
        """Undo this reviewer's last ``count`` decisions (a bulk action's entries) in one
        transaction, newest first: all or nothing. Returns the entries undone."""
        marks = ",".join("?" * len(UNDOABLE))
        at = now_utc()
        undone: list[Change] = []
        with self._db.write() as db:
            last = db.execute(
                "SELECT id, claim_id, action, value, reviewer, at, old_value FROM review_history"
                f" WHERE reviewer = ? AND action IN ({marks}) AND id NOT IN (SELECT undoes FROM"
                " review_history WHERE reviewer = ? AND action = 'undo' AND undoes IS NOT NULL)"
                " ORDER BY id DESC LIMIT ?",
                (self.reviewer, *UNDOABLE, self.reviewer, count),
            ).fetchall()
            for entry in last:
                entry_id, claim_id, action, old = entry[0], entry[1], entry[2], entry[6]
                if old is None:
                    raise UserError(f"the last {action} of claim {claim_id} predates undo")
                row = self._row(db, claim_id)
                if not force:
                    self._check_untouched(db, entry_id, claim_id, row[0])
                current = _current(db, claim_id, row, action, old)
                rev = self._restore(db, claim_id, row[0], entry_id, action, old, at)
                self._log(db, claim_id, "undo", old, at, old=current, rev=rev, undoes=entry_id)
                undone.append(Change(entry_id, claim_id, action, entry[3], entry[4], entry[5]))
        return undone

    def _check_untouched(self, db: Db, entry_id: int, claim_id: str, rev: int) -> None:
        """EditConflict when another reviewer changed the claim after entry ``entry_id``."""
        later = db.execute(
            "SELECT id, reviewer, action, undoes FROM review_history"
            " WHERE claim_id = ? AND id > ? ORDER BY id",
            (claim_id, entry_id),
        ).fetchall()
        undone = {u for _, _, action, u in later if action == "undo"}
        others = [
            who
            for entry, who, action, _ in later
            if action not in ("added", "updated")
            and not (who == self.reviewer and (action == "undo" or entry in undone))
        ]
        if others:
            raise EditConflict(claim_id, rev - len(later), rev, others[-1])

    def _restore(
        self, db: Db, claim_id: str, rev: int, entry_id: int, action: str, old: str, at: str
    ) -> int:
        """Put ``old`` back for ``action``; returns the claim's new revision."""
        columns: dict[str, Any]
        if action == "status":  # who set the status being restored, for the sign-off rule
            by = db.execute(
                "SELECT reviewer FROM review_history WHERE claim_id = ? AND id < ?"
                " AND action IN ('status', 'undo') AND value = ? ORDER BY id DESC LIMIT 1",
                (claim_id, entry_id, old),
            ).fetchone()
            columns = {"status": old, "status_by": by[0] if by else None}
        elif action == "flag":
            columns = {"flagged": int(old == "true")}
        elif action == "note":
            columns = {"note": old}
        elif action == "assign":
            columns = {"assignee": old or None}
        elif action == "signoff":
            columns = {"signed_off_by": old or None, "signed_off_at": None}
        else:  # evidence: "key=decision"
            key, _, decision = old.rpartition("=")
            self._decide(db, claim_id, key, None if decision == "none" else decision, at)
            columns = {}
        return self._update(db, claim_id, rev, at, **columns)


def _current(db: Db, claim_id: str, row: tuple[Any, ...], action: str, old: str) -> str:
    """The value an undo of ``action`` replaces, for its own audit-trail entry."""
    if action == "evidence":
        key = old.rpartition("=")[0]
        found = db.execute(
            "SELECT decision FROM review_decisions WHERE claim_id = ? AND evidence_key = ?",
            (claim_id, key),
        ).fetchone()
        return f"{key}={found[0] if found else 'none'}"
    index = {"status": 1, "flag": 2, "note": 3, "assign": 4, "signoff": 7}[action]
    value = row[index]
    return bool_text(value) if action == "flag" else (value or "")
