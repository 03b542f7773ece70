"""A claim in the review queue (:class:`ReviewItem`), a change in its audit trail
(:class:`Change`) and the small values the store records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from verifier.errors import UserError
from verifier.model import Assessment, Evidence, ReviewStatus

# Statuses that are a verdict: what exports publish (after a sign-off, where one is required).
VERDICTS = (ReviewStatus.VERIFIED, ReviewStatus.FALSE, ReviewStatus.INCONCLUSIVE)


def evidence_key(e: Evidence) -> str:
    """The stable key of an evidence sentence: ``"{report_id}:{start}-{end}"``."""
    return f"{e.report.id}:{e.sentence.start}-{e.sentence.end}"


def now_utc() -> str:
    """The current time as a UTC ISO 8601 timestamp with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class ReviewItem:
    """One claim under review: its assessment and the reviewer's decisions about it.

    ``rev`` counts the changes of this claim; pass it back as ``expected_rev`` to a store write
    to be told (:class:`EditConflict`) when someone else changed the claim in between.
    """

    assessment: Assessment
    status: ReviewStatus = ReviewStatus.UNSTARTED
    flagged: bool = False
    note: str = ""
    reviewer: str | None = None
    updated_at: str | None = None
    evidence_decisions: dict[str, str] = field(default_factory=dict)
    rev: int = 0
    assignee: str | None = None
    status_by: str | None = None
    signed_off_by: str | None = None

    @property
    def claim_id(self) -> str:
        return self.assessment.claim.id

    def published(self, require_signoff: bool = False) -> bool:
        """Whether the verdict counts as published: a verdict, signed off where required."""
        return self.status in VERDICTS and (not require_signoff or self.signed_off_by is not None)


@dataclass(frozen=True)
class Change:
    """One entry of the audit trail: who did what to which claim, and when."""

    id: int
    claim_id: str
    action: str
    value: str | None
    who: str
    at: str
    rev: int | None = None  # the claim's revision after this change (None: not recorded)


class EditConflict(UserError):
    """Someone else changed the claim since the caller read it; nothing was written.

    The caller decides: re-read the claim (``current`` is its revision now) and apply the edit
    again, or drop it.
    """

    def __init__(self, claim_id: str, expected: int, current: int, by: str | None) -> None:
        self.claim_id, self.expected, self.current, self.by = claim_id, expected, current, by
        super().__init__(
            f"claim {claim_id} was changed by {by or 'someone else'} while you edited it"
            f" (revision {current}, you had {expected}); nothing was saved: reload it and decide"
        )


def search_text(a: Assessment) -> str:
    """What the ``search`` filter looks in: claim text, speaker and content, case-folded."""
    c = a.claim
    speaker = c.speaker_name or (c.speaker.text if c.speaker else "")
    return "\n".join((c.text, speaker, c.content.text)).casefold()
