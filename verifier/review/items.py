"""A claim in the review queue (:class:`ReviewItem`) and the small values the store records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from verifier.model import Assessment, Evidence, ReviewStatus


def evidence_key(e: Evidence) -> str:
    """The stable key of an evidence sentence: ``"{report_id}:{start}-{end}"``."""
    return f"{e.report.id}:{e.sentence.start}-{e.sentence.end}"


def now_utc() -> str:
    """The current time as a UTC ISO 8601 timestamp with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


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
