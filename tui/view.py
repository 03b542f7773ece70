"""What the queue shows: every claim, the filters and the sort, as positions into one list.

A claim's id is computed from its offsets on every access, which costs as much as the rest of
filtering 10,000 claims; the view therefore keeps the ids once, in a list aligned with the
items, and filters and sorts positions. Sort keys are computed once per claim version and
search texts are kept case-folded (:class:`~tui.search.SearchIndex`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.search import SearchIndex
from tui.widgets.claim_table import SORT_KEYS
from verifier.model import ReviewStatus, SpeakerType
from verifier.review.items import ReviewItem

# columns whose sort key depends on the reviewers' decisions; the others on the assessment only
REVIEW_COLUMNS = frozenset({"status", "signoff", "flag", "note", "assignee"})


class QueueView:
    """The queue's claims (in store order), its filters and its sort."""

    def __init__(self, me: str = "") -> None:
        self.me = me  # the reviewer using the app, for the "mine" filter
        self.items: list[ReviewItem] = []
        self.ids: list[str] = []  # the claim id of each item
        self.position: dict[str, int] = {}
        self.search = SearchIndex()
        self.flagged_only = False
        self.mine_only = False
        self.status: ReviewStatus | None = None
        self.speaker: SpeakerType | None = None
        self.search_text = ""
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._sort_keys: dict[str, list[Any]] = {}  # column -> key of each item

    def load(self, items: Sequence[ReviewItem]) -> None:
        """Replace every claim."""
        self.items = list(items)
        self.ids = [it.claim_id for it in self.items]
        self.position = {cid: i for i, cid in enumerate(self.ids)}
        self._sort_keys.clear()
        self.search.build(self.items)

    def add(self, item: ReviewItem, claim_id: str) -> None:
        """Append a claim that is not in the queue yet."""
        position = len(self.items)
        self.position[claim_id] = position
        self.items.append(item)
        self.ids.append(claim_id)
        self.search.put(position, item)
        for name, keys in self._sort_keys.items():
            keys.append(SORT_KEYS[name](item))

    def replace(self, item: ReviewItem, claim_id: str) -> ReviewItem | None:
        """Put a new version of a claim in its place; returns the old one (None: not here)."""
        position = self.position.get(claim_id)
        if position is None:
            return None
        old, self.items[position] = self.items[position], item
        same_assessment = item.assessment is old.assessment
        if item.note != old.note or not same_assessment:
            self.search.put(position, item)
        for name, keys in self._sort_keys.items():
            if name in REVIEW_COLUMNS or not same_assessment:
                keys[position] = SORT_KEYS[name](item)
        return old

    def passes(self, claim_id: str) -> bool:
        """Does this claim pass the current filters?"""
        position = self.position.get(claim_id)
        return position is not None and bool(self._filter([position]))

    def _filter(self, shown: Sequence[int]) -> list[int]:
        items = self.items
        out = list(shown)
        if self.search_text.strip():
            hits = self.search.matching(self.search_text)
            out = [p for p in out if p in hits]
        if self.flagged_only:
            out = [p for p in out if items[p].flagged]
        if self.mine_only:
            me = self.me
            out = [p for p in out if items[p].assignee == me]
        if self.status is not None:
            status = self.status
            out = [p for p in out if items[p].status is status]
        if self.speaker is not None:
            kind = self.speaker
            out = [p for p in out if items[p].assessment.claim.speaker_type is kind]
        return out

    def visible(self) -> list[int]:
        """The positions of the claims that pass the filters, in the chosen order."""
        shown = self._filter(range(len(self.items)))
        if self.sort_column is not None:
            keys = self._column_keys(self.sort_column)
            shown.sort(key=keys.__getitem__, reverse=self.sort_reverse)
        return shown

    def _column_keys(self, name: str) -> list[Any]:
        """The sort key of each claim for column ``name``, computed once, then kept up to date
        claim by claim (computing keys is most of the cost of sorting 10,000 claims)."""
        keys = self._sort_keys.get(name)
        if keys is None:
            compute = SORT_KEYS[name]
            keys = self._sort_keys[name] = [compute(it) for it in self.items]
        return keys

    def describe(self) -> str:
        """The filters and the sort in words ("flagged figures · sorted by status")."""
        parts = []
        if self.flagged_only:
            parts.append("flagged figures")
        if self.mine_only:
            parts.append(f"assigned to {self.me}")
        if self.status is not None:
            parts.append(f"status: {self.status.value}")
        if self.speaker is not None:
            parts.append(f"speaker: {self.speaker.value}")
        if self.search_text:
            parts.append(f"search: {self.search_text!r}")
        if self.sort_column is not None:
            parts.append(f"sorted by {self.sort_column}{' ↓' if self.sort_reverse else ''}")
        return " · ".join(parts) if parts else "all claims"
