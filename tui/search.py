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
    """The searchable text of each claim by its position in the queue; a query that extends the
    last one scans only the last hits."""

    def __init__(self) -> None:
        self._text: list[str] = []
        self._last: tuple[str, set[int]] | None = None

    def build(self, items: Iterable[ReviewItem]) -> None:
        self._text = [haystack(it) for it in items]
        self._last = None

    def put(self, position: int, item: ReviewItem) -> None:
        """Add (at the end) or refresh the claim at ``position`` (a new note, an assessment)."""
        text = haystack(item)
        if position == len(self._text):
            self._text.append(text)
        elif self._text[position] != text:
            self._text[position] = text
        else:
            return
        self._last = None

    def matching(self, query: str) -> set[int]:
        """The positions of the claims whose text holds ``query`` (case-insensitive)."""
        needle = query.casefold().strip()
        text = self._text
        if self._last is not None and needle.startswith(self._last[0]):
            candidates: Iterable[int] = self._last[1]
        else:
            candidates = range(len(text))
        hits = {i for i in candidates if needle in text[i]}
        self._last = (needle, hits)
        return hits
