"""Undo for the review app: the decisions of this session, each with how many store entries
it wrote.

Undo goes through the store's own :meth:`~verifier.review.store.ReviewStore.undo_many`, which
puts back what those entries replaced in one transaction and logs each as an ``undo`` entry of
the audit trail; a bulk action is undone as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass

UNDO_DEPTH = 100


@dataclass(frozen=True)
class Step:
    """One decision of this session: what it did (``label``) and how many audit-trail entries
    it wrote (one per claim changed)."""

    label: str
    entries: int = 1


class UndoStack:
    """The last :data:`UNDO_DEPTH` decisions of this session, newest last."""

    def __init__(self) -> None:
        self._steps: list[Step] = []

    def push(self, step: Step) -> None:
        self._steps.append(step)
        del self._steps[:-UNDO_DEPTH]

    def peek(self) -> Step | None:
        return self._steps[-1] if self._steps else None

    def pop(self) -> Step:
        return self._steps.pop()

    def __len__(self) -> int:
        return len(self._steps)
