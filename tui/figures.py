"""The casualty reconciliation shown for a claim: its figures and those of the same event."""

from __future__ import annotations

from collections.abc import Sequence

from verifier.judge.reconcile import Reconciliation, reconcile_figures, same_event_assessments
from verifier.review.items import ReviewItem


def reconciliations_for(item: ReviewItem, others: Sequence[ReviewItem]) -> list[Reconciliation]:
    """Every event slot of ``item``'s figures with the claims of ``others`` about the same event
    (the engine's one same-event rule); the slots of the claim's own figures first."""
    claim = item.assessment.claim
    with_figures = [it.assessment for it in others if it.assessment.claim.figures]
    same_event = same_event_assessments(item.assessment, with_figures)
    recs = reconcile_figures([item.assessment, *same_event])
    mine = {(q.category, q.group) for q in claim.figures}
    recs.sort(key=lambda r: (r.category, r.group) not in mine)
    return recs
