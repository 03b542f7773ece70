"""Undo for the review app: each decision remembers the value it replaced.

Undo writes that value back through the public :class:`ReviewStore` methods, so the undo is an
ordinary, audited action in the store's history.
"""

from __future__ import annotations

from dataclasses import dataclass

from verifier.model import ReviewStatus
from verifier.review.store import ReviewStore

UNDO_DEPTH = 100


@dataclass(frozen=True)
class Change:
    """A decision on one claim: what it set (``label``) and the value it replaced.

    ``kind`` is ``status`` (``before`` a ReviewStatus), ``flag`` (a bool), ``note`` (a str) or
    ``evidence`` (the decision on evidence ``key``: "accepted", "rejected" or None).
    """

    claim_id: str
    kind: str
    before: ReviewStatus | bool | str | None
    label: str
    key: str = ""

    def revert(self, store: ReviewStore) -> None:
        """Write the previous value back."""
        if self.kind == "status":
            assert isinstance(self.before, ReviewStatus)
            store.set_status(self.claim_id, self.before)
        elif self.kind == "flag":
            store.set_flag(self.claim_id, bool(self.before))
        elif self.kind == "note":
            store.set_note(self.claim_id, str(self.before or ""))
        elif self.kind == "evidence":
            before = self.before if isinstance(self.before, str) else None
            store.set_evidence_decision(self.claim_id, self.key, before)
        else:
            raise ValueError(f"unknown change kind {self.kind!r}")


class UndoStack:
    """The last :data:`UNDO_DEPTH` decisions of this session, newest last."""

    def __init__(self) -> None:
        self._changes: list[Change] = []

    def push(self, change: Change) -> None:
        self._changes.append(change)
        del self._changes[:-UNDO_DEPTH]

    def peek(self) -> Change | None:
        return self._changes[-1] if self._changes else None

    def pop(self) -> Change:
        return self._changes.pop()

    def __len__(self) -> int:
        return len(self._changes)
