"""Comparing casualty figures: the same slot, ranges that cannot both be right, the ACLED
most conservative figure, and a figure in words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from verifier.figures.quantities import PEOPLE_GROUPS
from verifier.model import Quantity


def same_slot(a: Quantity, b: Quantity) -> bool:
    """Same category and compatible groups ("people" covers every people group)."""
    if a.category != b.category:
        return False
    if a.group is None or b.group is None or a.group == b.group:
        return True
    people = {a.group, b.group} & {"people"}
    return bool(people) and a.group in PEOPLE_GROUPS and b.group in PEOPLE_GROUPS


def _bounds(q: Quantity) -> tuple[float, float]:
    """The interval a figure allows; "about N" is the point N, open ends stay open."""
    if q.low is None and q.high is None:
        return (float(q.best), float(q.best)) if q.best is not None else (0.0, float("inf"))
    low = q.low if q.low is not None else 0
    high = q.high if q.high is not None else float("inf")
    return float(low), float(high)


def ranges_disjoint(a: Quantity, b: Quantity) -> bool:
    """True when the two figures cannot both be right (open ends stay open)."""
    a_lo, a_hi = _bounds(a)
    b_lo, b_hi = _bounds(b)
    return a_hi < b_lo or b_hi < a_lo


def format_figure(q: Quantity) -> str:
    """ "80 militants killed", "at least 4 barracks controlled", "10-30 civilians killed"."""
    if q.low is not None and q.high is not None and q.low != q.high:
        value = f"{q.low}-{q.high}"
    elif q.low is not None and q.high is not None:
        value = str(q.low)
    elif q.best is not None:
        value = f"about {q.best}" if q.low is None and q.high is None else str(q.best)
    elif q.low is not None:
        value = f"at least {q.low}"
    elif q.high is not None:
        value = f"up to {q.high}"
    else:
        value = "an unknown number of"
    return " ".join(part for part in (value, q.group, q.category) if part)


def most_conservative(qs: Iterable[Quantity]) -> Quantity | None:
    """ACLED's rule: the lowest figure when sources differ (by low, then best, then high)."""
    items: Sequence[Quantity] = list(qs)
    if not items:
        return None

    def key(q: Quantity) -> tuple[float, float]:
        lo, hi = _bounds(q)
        return (q.best if q.best is not None else lo, hi)

    return min(items, key=key)
