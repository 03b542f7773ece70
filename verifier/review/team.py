"""Team review on one store: assignment, bulk changes, a second reviewer's sign-off, undo.

Each action is one transaction and every change it makes is an audit-trail entry, undo
included: :meth:`TeamMixin.undo` puts back the value a reviewer's last decision replaced and
logs an ``undo`` entry pointing at it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Any

from verifier.errors import UserError
from verifier.model import ReviewStatus
from verifier.review.base import Entry, StoreBase, bool_text, review_status
from verifier.review.cache import chunks
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
        with self._db.write() as db:
            rows = self._rows(db, ids)
            revs = {claim_id: rows[claim_id][0] for claim_id in ids}
            changes: list[tuple[str, dict[str, Any], Any, Any]] = []  # action, columns, new, old
            if value is not None:
                by = {"status_by": self.reviewer, "signed_off_by": None, "signed_off_at": None}
                changes.append(("status", {"status": value, **by}, value, 1))
            if flagged is not None:
                changes.append(("flag", {"flagged": int(flagged)}, bool(flagged), 2))
            if not isinstance(assignee, Keep):
                changes.append(("assign", {"assignee": assignee}, assignee, 4))
            for action, columns, new, column in changes:
                todo = [c for c in ids if _shown(action, rows[c][column]) != _shown(action, new)]
                self._update_many(db, todo, at, **columns)
                entries = []
                for claim_id in todo:
                    revs[claim_id] += 1
                    old = _shown(action, rows[claim_id][column])
                    entries.append(
                        Entry(claim_id, action, _shown(action, new), at, old, revs[claim_id])
                    )
                self._log_many(db, entries)
        return sum(revs[claim_id] != rows[claim_id][0] for claim_id in ids)

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
                if entry[6] is None:
                    raise UserError(f"the last {entry[2]} of claim {entry[1]} predates undo")
            claims = [entry[1] for entry in last]
            if len(set(claims)) < len(claims) or any(e[2] == "evidence" for e in last):
                return self._undo_in_turn(db, last, force, at)
            rows = self._rows(db, claims)
            later = {} if force else _entries_after(db, last)
            setters = _status_setters(db, last)
            groups: dict[tuple[tuple[str, Any], ...], list[str]] = {}
            log = []
            for entry_id, claim_id, action, value, who, when, old in last:
                row = rows[claim_id]
                if not force:
                    after = [e for e in later.get(claim_id, ()) if e[0] > entry_id]
                    self._check_untouched(claim_id, row[0], after)
                columns = _restored(action, old, setters.get(entry_id))
                groups.setdefault(tuple(columns.items()), []).append(claim_id)
                current = _current(db, claim_id, row, action, old)
                log.append(Entry(claim_id, "undo", old, at, current, row[0] + 1, entry_id))
                undone.append(Change(entry_id, claim_id, action, value, who, when))
            for restored, ids in groups.items():
                self._update_many(db, ids, at, **dict(restored))
            self._log_many(db, log)
        return undone

    def _check_untouched(self, claim_id: str, rev: int, later: Sequence[Sequence[Any]]) -> None:
        """EditConflict when another reviewer changed the claim in ``later`` (its audit-trail
        entries after the one being undone: id, reviewer, action, undoes)."""
        undone = {u for _, _, action, u in later if action == "undo"}
        others = [
            who
            for entry, who, action, _ in later
            if action not in ("added", "updated")
            and not (who == self.reviewer and (action == "undo" or entry in undone))
        ]
        if others:
            raise EditConflict(claim_id, rev - len(later), rev, others[-1])

    def _undo_in_turn(
        self, db: Db, last: Sequence[Sequence[Any]], force: bool, at: str
    ) -> list[Change]:
        """Undo ``last`` entry by entry: a claim undone twice, or evidence decisions."""
        later = {} if force else _entries_after(db, last)
        undone: list[Change] = []
        for entry_id, claim_id, action, value, who, when, old in last:
            row = self._row(db, claim_id)
            if not force:  # entries undone by this call are no conflict
                done = {c.id for c in undone}
                after = [e for e in later.get(claim_id, ()) if e[0] > entry_id and e[0] not in done]
                self._check_untouched(claim_id, row[0], after)
            current = _current(db, claim_id, row, action, old)
            if action == "evidence":  # "key=decision"
                key, _, decision = old.rpartition("=")
                self._decide(db, claim_id, key, None if decision == "none" else decision, at)
            setter = _status_setters(db, [(entry_id, claim_id, action, value, who, when, old)])
            columns = _restored(action, old, setter.get(entry_id))
            rev = self._update(db, claim_id, row[0], at, **columns)
            self._log(db, claim_id, "undo", old, at, old=current, rev=rev, undoes=entry_id)
            undone.append(Change(entry_id, claim_id, action, value, who, when))
        return undone


def _restored(action: str, old: str, setter: str | None) -> dict[str, Any]:
    """The columns that put ``old`` back for ``action`` (``setter``: who had set that status,
    for the sign-off rule); none for an evidence decision, which lives in its own table."""
    if action == "status":
        return {"status": old, "status_by": setter}
    if action == "flag":
        return {"flagged": int(old == "true")}
    if action == "note":
        return {"note": old}
    if action == "assign":
        return {"assignee": old or None}
    if action == "signoff":
        return {"signed_off_by": old or None, "signed_off_at": None}
    return {}


def _status_setters(db: Db, entries: Sequence[Sequence[Any]]) -> dict[int, str]:
    """Per status entry of ``entries``: who set the status it replaced (the newest earlier
    status or undo entry of that claim with that value), one statement per chunk."""
    wanted = [e[0] for e in entries if e[2] == "status"]
    found: dict[int, str] = {}
    for chunk in chunks(wanted):
        rows = db.execute(
            "SELECT h.id, (SELECT p.reviewer FROM review_history p WHERE p.claim_id = h.claim_id"
            " AND p.id < h.id AND p.action IN ('status', 'undo') AND p.value = h.old_value"
            " ORDER BY p.id DESC LIMIT 1) FROM review_history h"
            f" WHERE h.id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        found.update((entry_id, who) for entry_id, who in rows if who is not None)
    return found


def _shown(action: str, value: Any) -> str:
    """A column's value as the audit trail writes it ("true" / "false" for a flag)."""
    if action == "flag":
        return bool_text(value)
    return value or ""


def _entries_after(db: Db, entries: Sequence[Sequence[Any]]) -> dict[str, list[Sequence[Any]]]:
    """Per claim of ``entries`` (audit-trail rows: id, claim_id, ...), its entries after the
    oldest of them (id, reviewer, action, undoes), in order: one read for a bulk undo. Entries
    this transaction adds are this reviewer's undos, which never make a conflict."""
    claims = list(dict.fromkeys(e[1] for e in entries))
    if not claims:
        return {}
    first = min(e[0] for e in entries)
    out: dict[str, list[Sequence[Any]]] = {}
    for start in range(0, len(claims), 500):
        chunk = claims[start : start + 500]
        rows = db.execute(
            "SELECT claim_id, id, reviewer, action, undoes FROM review_history"
            f" WHERE id > ? AND claim_id IN ({','.join('?' * len(chunk))}) ORDER BY id",
            (first, *chunk),
        ).fetchall()
        for claim_id, *rest in rows:
            out.setdefault(claim_id, []).append(rest)
    return out


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
