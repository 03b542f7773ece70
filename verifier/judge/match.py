"""Stance of one evidence sentence toward one claim, with a reason a person can read.

Rules first, learned model last: an explicit denial contradicts; figures are compared as slots
(same event, category and group; disjoint ranges contradict, consistent ranges support); the
learned stance model decides the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from verifier.figures.quantities import format_figure, ranges_disjoint, same_slot
from verifier.judge.independence import same_speaker
from verifier.judge.verdict import CASUALTY_CATEGORIES
from verifier.model import Claim, CueClass, Quantity, Span, Stance
from verifier.safetext import one_line

# Event dates further apart than this are different events: their figures are not compared.
MAX_EVENT_GAP_DAYS = 1
# A report with no event date of its own is taken to cover an event at most this long before
# its publication date.
MAX_REPORTING_LAG_DAYS = 3


@dataclass(frozen=True)
class EvidenceContext:
    """What is known about an evidence sentence besides its text."""

    sentence: Span
    speaker: str | None
    figures: tuple[Quantity, ...]
    cue_class: CueClass | None
    event_date: date | None

    @property
    def who(self) -> str:
        outlet = self.sentence.report.outlet
        if self.speaker and outlet and self.speaker.lower() != outlet.lower():
            return f"{self.speaker} ({outlet})"
        return self.speaker or outlet or "unattributed report"


@dataclass(frozen=True)
class Judgement:
    stance: Stance
    score: float
    reason: str


def same_event(a: date | None, b: date | None, b_published: date | None = None) -> bool:
    """Whether events dated ``a`` and ``b`` can be the same; unknown dates do not separate them.

    Without ``b`` the publication date of its report bounds it: published on or after ``a``
    and within the usual reporting lag.
    """
    if a is None:
        return True
    if b is not None:
        return abs((a - b).days) <= MAX_EVENT_GAP_DAYS
    if b_published is not None:
        return 0 <= (b_published - a).days <= MAX_REPORTING_LAG_DAYS
    return True


def _quote(text: str, limit: int = 90) -> str:
    return f"“{one_line(text, limit)}”"


def key_figures(claim: Claim) -> tuple[Quantity, ...]:
    """The figures a claim stands on: its casualty figures when it has any, else all."""
    casualties = tuple(q for q in claim.figures if q.category in CASUALTY_CATEGORIES)
    return casualties or claim.figures


def compare_figures(claim: Claim, evidence: EvidenceContext) -> Judgement | None:
    """A stance from figure slots, or None when no key figure of the claim has a counterpart."""
    published = evidence.sentence.report.published
    if not same_event(claim.event_date, evidence.event_date, published):
        return None
    claimant = claim.speaker_name or "claim"
    conflicts: list[str] = []
    agreements: list[str] = []
    for ours in key_figures(claim):
        for theirs in evidence.figures:
            if not same_slot(ours, theirs):
                continue
            pair = f"{claimant}: {format_figure(ours)}; {evidence.who}: {format_figure(theirs)}"
            (conflicts if ranges_disjoint(ours, theirs) else agreements).append(pair)
    if conflicts:
        return Judgement(Stance.CONTRADICTS, 0.9, f"{conflicts[0]} (ranges do not overlap)")
    if agreements:
        return Judgement(Stance.SUPPORTS, 0.85, f"{agreements[0]} (consistent)")
    return None


def judge(claim: Claim, evidence: EvidenceContext, probs: dict[Stance, float]) -> Judgement:
    """Decide the stance of ``evidence`` toward ``claim``; ``probs`` come from the learned model.

    A denial by another speaker wins over figures: "JNIM denied losing 80 fighters" repeats the
    figure to reject it. A speaker's denial of something else is not a denial of its own claim.
    """
    if evidence.cue_class is CueClass.DENIAL and not same_speaker(
        claim.speaker_name, evidence.speaker
    ):
        return Judgement(
            Stance.CONTRADICTS, 0.8, f"{evidence.who} denies: {_quote(evidence.sentence.text)}"
        )
    by_figures = compare_figures(claim, evidence)
    if by_figures is not None:
        return by_figures
    stance = max(probs, key=lambda s: probs[s])
    score = probs[stance]
    if stance is Stance.UNRELATED:
        reason = "stance model: about something else"
    elif stance is Stance.DISCUSSES:
        reason = f"stance model: {evidence.who} discusses it without taking a side ({score:.0%})"
    else:
        verb = "supports" if stance is Stance.SUPPORTS else "contradicts"
        reason = (
            f"stance model: {evidence.who} {verb} it ({score:.0%}); no comparable figures: "
            f"{_quote(evidence.sentence.text)}"
        )
    return Judgement(stance, score, reason)
