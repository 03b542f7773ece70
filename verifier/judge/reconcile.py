"""Casualty reconciliation per event: every source's figure, the most conservative (ACLED), a
best estimate that follows updates, and the range.

A slot is one figure slot (category, victim group) of one event; claims join a slot when the
engine's one same-event rule (:func:`verifier.figures.events.compare_events`) says their events
are the same. Rows come from the figures the claims and their linked evidence *assert* (worked
out once by the pipeline; nothing is extracted again here).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from verifier.figures.events import compare_events, date_window, norm_place
from verifier.figures.slots import format_figure, most_conservative, same_slot
from verifier.judge.verdict import CASUALTY_CATEGORIES
from verifier.model import Assessment, EventKey, Quantity, SpeakerType


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
    published: date | None = None

    @property
    def value(self) -> int | None:
        """One number for the figure: best, else the low, else the high bound."""
        return (
            self.best if self.best is not None else self.low if self.low is not None else self.high
        )


@dataclass(frozen=True)
class Reconciliation:
    """All figures reported for one event slot."""

    category: str
    group: str | None
    event_key: EventKey | None
    rows: tuple[FigureRow, ...]
    most_conservative: FigureRow | None
    best_estimate: int | None = None
    low: int | None = None  # the range every source's figure falls in
    high: int | None = None
    same_event: str = ""  # why the claims joined here are one event

    @property
    def event_date(self) -> date | None:
        k = self.event_key
        return k.first if k is not None and k.first == k.last else None

    @property
    def title(self) -> str:
        when = f" on {self.event_date.isoformat()}" if self.event_date else ""
        where = ""
        if self.event_key is not None and self.event_key.places:
            where = " in " + ", ".join(self.event_key.places[:2])
        return f"{self.group or 'people'} {self.category}{when}{where}"

    @property
    def timeline(self) -> tuple[FigureRow, ...]:
        """The rows in publication order: how the toll was reported over time."""
        return tuple(sorted(self.rows, key=lambda r: (r.published or date.min, r.value or 0)))


def claim_key(a: Assessment) -> EventKey:
    """The claim's event key (stored assessments from before keys get one from the claim)."""
    if a.event_key is not None:
        return a.event_key
    first, last = date_window(a.claim.event_date, a.claim.report.published)
    places = tuple(norm_place(p) for p in a.claim.places)
    return EventKey(first=first, last=last, places=places)


def same_event_assessments(target: Assessment, others: Iterable[Assessment]) -> list[Assessment]:
    """The assessments about the same event as ``target`` (the engine's one rule)."""
    key = claim_key(target)
    return [
        a
        for a in others
        if a.claim.id != target.claim.id and compare_events(key, claim_key(a)).same
    ]


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
        published=report.published,
    )


@dataclass
class _Slot:
    first: Quantity
    key: EventKey
    rows: dict[tuple[str, int, int], FigureRow]
    reasons: list[str]


def _find_slot(slots: list[_Slot], q: Quantity, key: EventKey) -> _Slot | None:
    for slot in slots:
        if not same_slot(slot.first, q):
            continue
        match = compare_events(slot.key, key)
        if match.same:
            if match.reason not in slot.reasons:
                slot.reasons.append(match.reason)
            return slot
    return None


def reconcile_figures(assessments: Sequence[Assessment]) -> list[Reconciliation]:
    """Group the casualty figures of claims and their evidence by event slot."""
    slots: list[_Slot] = []
    for a in assessments:
        claim, key = a.claim, claim_key(a)
        for q in claim.figures:
            if q.category not in CASUALTY_CATEGORIES:
                continue
            slot = _find_slot(slots, q, key)
            if slot is None:
                slot = _Slot(q, key, {}, [])
                slots.append(slot)
            speaker = claim.speaker_name or claim.report.outlet or "unattributed"
            independent = claim.speaker_type is not SpeakerType.PARTY
            slot.rows.setdefault(_at(q), _row(q, speaker, claim.speaker_type, independent))
            for e in a.evidence:
                if e.event_key is None or not compare_events(slot.key, e.event_key).same:
                    continue
                who = e.speaker_name or e.report.outlet or "unattributed"
                for eq in e.figures:
                    if same_slot(q, eq):
                        slot.rows.setdefault(_at(eq), _row(eq, who, e.speaker_type, e.independent))
    return [_result(s) for s in slots]


def _at(q: Quantity) -> tuple[str, int, int]:
    return (q.span.report.id, q.span.start, q.span.end)


def estimate(reports: Iterable[tuple[str, int, date | None]], own: str | None = None) -> int | None:
    """The best estimate from ``(report id, value, published)`` figures: the value most reports
    give (each report votes once per value); when several tie, the latest report's (a toll that
    grows is updated, not averaged); on that day, the ``own`` report's (the article being
    checked) when it is one of them, else their median.

    Chosen on the GVA development subset (docs/verification.md) over the latest report alone,
    the own report's value on every tie, dropping reports that count 0, and later higher
    tolls as updates over the majority.
    """
    voters: dict[int, set[str]] = {}
    day: dict[int, date] = {}
    for report_id, value, published in reports:
        voters.setdefault(value, set()).add(report_id)
        day[value] = max(day.get(value, date.min), published or date.min)
    if not voters:
        return None
    top = max(len(ids) for ids in voters.values())
    tied = [v for v, ids in voters.items() if len(ids) == top]
    latest = max(day[v] for v in tied)
    values = sorted(v for v in tied if day[v] == latest)
    mine = [v for v in values if own in voters[v]]
    return mine[0] if mine else values[(len(values) - 1) // 2]


def best_estimate(rows: Sequence[FigureRow]) -> int | None:
    """:func:`estimate` over independent non-party sources when there are any, else all; the
    first row's report (the checked claim's) is the own report."""
    neutral = [r for r in rows if r.independent and r.speaker_type is not SpeakerType.PARTY]
    return estimate(
        ((r.report_id, r.value, r.published) for r in neutral or rows if r.value is not None),
        own=rows[0].report_id if rows else None,
    )


def _result(slot: _Slot) -> Reconciliation:
    rows = tuple(slot.rows.values())
    lowest = most_conservative([r.quantity for r in rows])
    pick = next((r for r in rows if r.quantity is lowest), None)
    bounds = [v for r in rows for v in (r.low, r.best, r.high) if v is not None]
    return Reconciliation(
        category=slot.first.category,
        group=slot.first.group,
        event_key=slot.key,
        rows=rows,
        most_conservative=pick,
        best_estimate=best_estimate(rows),
        low=min(bounds, default=None),
        high=max(bounds, default=None),
        same_event="; ".join(slot.reasons),
    )
