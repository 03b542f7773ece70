"""The casualty reconciliation shown for a claim: its figures and those of the same event."""

from __future__ import annotations

from collections.abc import Sequence

from verifier.judge.reconcile import Reconciliation, reconcile_figures
from verifier.review.items import ReviewItem


def reconciliations_for(item: ReviewItem, others: Sequence[ReviewItem]) -> list[Reconciliation]:
    """Every event slot of ``item``'s figures with the claims of ``others`` dated to the same
    event; the slots of the claim's own figures first."""
    claim = item.assessment.claim
    same_event = [
        it.assessment
        for it in others
        if it.claim_id != item.claim_id
        and claim.event_date is not None
        and it.assessment.claim.event_date == claim.event_date
        and it.assessment.claim.figures
    ]
    recs = reconcile_figures([item.assessment, *same_event])
    mine = {(q.category, q.group) for q in claim.figures}
    recs.sort(key=lambda r: (r.category, r.group) not in mine)
    return recs
