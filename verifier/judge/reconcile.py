"""Casualty reconciliation: every source's figure for one event slot, and the most conservative.

Slots are (category, group, event date): the figures a claim carries plus the figures of its
linked evidence in the same slot and event, one row per source and figure. A claim with no
event date joins the slot of the same category and group that has one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from verifier.figures.events import evidence_event_date
from verifier.figures.quantities import extract_figures, format_figure, most_conservative, same_slot
from verifier.judge.match import same_event
from verifier.judge.verdict import CASUALTY_CATEGORIES
from verifier.model import Assessment, Quantity, SpeakerType


@dataclass(frozen=True)
class FigureRow:
    """One source's figure."""

    speaker: str
    speaker_type: SpeakerType
    outlet: str | None
    report_id: str
    low: int | None
    best: int | None
    high: int | None
    text: str
    independent: bool
    quantity: Quantity


@dataclass(frozen=True)
class Reconciliation:
    """All figures reported for one event slot."""

    category: str
    group: str | None
    event_date: date | None
    rows: tuple[FigureRow, ...]
    most_conservative: FigureRow | None

    @property
    def title(self) -> str:
        when = f" on {self.event_date.isoformat()}" if self.event_date else ""
        return f"{self.group or 'people'} {self.category}{when}"


def _row(q: Quantity, speaker: str, kind: SpeakerType, independent: bool) -> FigureRow:
    report = q.span.report
    return FigureRow(
        speaker=speaker,
        speaker_type=kind,
        outlet=report.outlet,
        report_id=report.id,
        low=q.low,
        best=q.best,
        high=q.high,
        text=format_figure(q),
        independent=independent,
        quantity=q,
    )


def _joins(q: Quantity, when: date | None, other: Quantity, other_when: date | None) -> bool:
    """Same category and group, and the same event date where both are known."""
    return same_slot(q, other) and (when is None or other_when is None or when == other_when)


def reconcile_figures(assessments: Sequence[Assessment]) -> list[Reconciliation]:
    """Group the casualty figures of claims and their evidence by event slot."""
    slots: list[tuple[Quantity, date | None, dict[tuple[str, int, int], FigureRow]]] = []
    for a in assessments:
        claim = a.claim
        for q in claim.figures:
            if q.category not in CASUALTY_CATEGORIES:
                continue
            slot = next((s for s in slots if _joins(s[0], s[1], q, claim.event_date)), None)
            if slot is None:
                slot = (q, claim.event_date, {})
                slots.append(slot)
            elif slot[1] is None and claim.event_date is not None:
                slots[slots.index(slot)] = slot = (slot[0], claim.event_date, slot[2])
            rows = slot[2]
            speaker = claim.speaker_name or claim.report.outlet or "unattributed"
            rows.setdefault(
                (q.span.report.id, q.span.start, q.span.end),
                _row(q, speaker, claim.speaker_type, claim.speaker_type is not SpeakerType.PARTY),
            )
            for e in a.evidence:
                when = evidence_event_date(e.sentence)
                if not same_event(slot[1], when, e.report.published):
                    continue
                for eq in extract_figures(e.sentence):
                    if not same_slot(q, eq):
                        continue
                    who = e.speaker_name or e.report.outlet or "unattributed"
                    key = (eq.span.report.id, eq.span.start, eq.span.end)
                    rows.setdefault(key, _row(eq, who, e.speaker_type, e.independent))
    result = []
    for first, when, rows in slots:
        ordered = tuple(rows.values())
        lowest = most_conservative([r.quantity for r in ordered])
        pick = next((r for r in ordered if r.quantity is lowest), None)
        result.append(Reconciliation(first.category, first.group, when, ordered, pick))
    return result
