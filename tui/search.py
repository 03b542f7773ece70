"""The queue's search: one case-folded text per claim, narrowed as the query grows."""

from __future__ import annotations

from collections.abc import Iterable

from tui.labels import article_label
from verifier.review.items import ReviewItem


def haystack(item: ReviewItem) -> str:
    """What search looks in: claim, content, speaker, article and note, case-folded."""
    claim = item.assessment.claim
    parts = (
        claim.text,
        claim.content.text,
        claim.speaker_name or "",
        article_label(claim.report),
        item.note,
    )
    return "\n".join(parts).casefold()


class SearchIndex:
    """Claim id -> searchable text; a query that extends the last one scans only its hits."""

    def __init__(self) -> None:
        self._text: dict[str, str] = {}
        self._last: tuple[str, set[str]] | None = None

    def build(self, items: Iterable[ReviewItem]) -> None:
        self._text = {it.claim_id: haystack(it) for it in items}
        self._last = None

    def add(self, item: ReviewItem) -> None:
        """Add or refresh one claim (a new note, a stored assessment)."""
        self._text[item.claim_id] = haystack(item)
        self._last = None

    def matching(self, query: str) -> set[str]:
        """The ids of the claims whose text holds ``query`` (case-insensitive)."""
        needle = query.casefold().strip()
        if self._last is not None and needle.startswith(self._last[0]):
            candidates: Iterable[str] = self._last[1]
        else:
            candidates = self._text
        text = self._text
        hits = {cid for cid in candidates if needle in text[cid]}
        self._last = (needle, hits)
        return hits
