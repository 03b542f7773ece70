"""Messages of the review app.

The check worker posts progress and results; screens post requests, which bubble up to the app
(the one place that writes to the store), so no screen imports or calls the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.message import Message

from verifier.model import Evidence, ReviewStatus
from verifier.review.items import ReviewItem
from verifier.review.team import KEEP, Keep

# -- from the check worker ------------------------------------------------------------------


@dataclass
class CheckProgress(Message):
    """The check worker reached ``done`` of ``total`` in ``stage``."""

    stage: str
    done: int
    total: int


@dataclass
class ClaimsListed(Message):
    """Claims were extracted; their evidence is still being matched."""

    items: list[ReviewItem]


@dataclass
class ClaimAssessed(Message):
    """One claim's evidence and verdict are saved in the store."""

    claim_id: str


@dataclass
class CheckDone(Message):
    """The check worker saved ``saved`` assessments of ``claims`` claims into the store."""

    claims: int
    saved: int


@dataclass
class CheckFailed(Message):
    """The check worker stopped with an error (one line, shown to the user)."""

    error: str


# -- requests from the screens --------------------------------------------------------------


@dataclass
class SetStatus(Message):
    """Set a claim's review status."""

    item: ReviewItem
    status: ReviewStatus


@dataclass
class SetFlag(Message):
    """Flag (or unflag) a claim's casualty figure as unverified."""

    item: ReviewItem
    flagged: bool


@dataclass
class Bulk(Message):
    """Set the status, flag or assignee of several claims in one store transaction."""

    items: Sequence[ReviewItem]
    status: ReviewStatus | None = None
    flagged: bool | None = None
    assignee: str | Keep | None = KEEP


@dataclass
class AskAssign(Message):
    """Ask whom to assign these claims to."""

    items: Sequence[ReviewItem]


@dataclass
class SignOff(Message):
    """Sign off the verdicts of these claims as a second reviewer."""

    items: Sequence[ReviewItem]


@dataclass
class EditNote(Message):
    """Open the note editor for a claim."""

    item: ReviewItem


@dataclass
class SaveNote(Message):
    """Save a note typed in the editor; the editor closes only once it is saved."""

    claim_id: str
    note: str


@dataclass
class DecideEvidence(Message):
    """Accept or reject (None: undecide) one evidence sentence of a claim."""

    item: ReviewItem
    key: str
    decision: str | None


@dataclass
class OpenClaim(Message):
    """Show a claim in its article with its evidence."""

    item: ReviewItem


@dataclass
class OpenEvidence(Message):
    """Show an evidence sentence in its report."""

    evidence: Evidence


@dataclass
class OpenFigures(Message):
    """Show the casualty reconciliation of a claim's event."""

    item: ReviewItem


@dataclass
class AskOpen(Message):
    """Ask for another article or folder to check."""


@dataclass
class AskExport(Message):
    """Ask where to export these claims (``what`` names them in the dialog)."""

    items: Sequence[ReviewItem]
    what: str = "the claims shown"


@dataclass
class Recheck(Message):
    """Check this session's articles again."""
