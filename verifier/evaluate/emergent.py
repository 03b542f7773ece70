"""Emergent reader (claim vs article headline) with a deterministic split by claim."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from verifier.errors import UserError
from verifier.evaluate.fnc1 import in_dev
from verifier.model import Stance

LABELS = ("for", "against", "observing")
TO_STANCE = {"for": Stance.SUPPORTS, "against": Stance.CONTRADICTS, "observing": Stance.DISCUSSES}
FROM_STANCE = {v: k for k, v in TO_STANCE.items()}
_COLUMNS = ("claimHeadline", "articleHeadline", "articleHeadlineStance", "claimId")


@dataclass(frozen=True)
class EmergentPair:
    """A claim, one article headline about it and the headline's stance."""

    claim: str
    headline: str
    label: str
    claim_id: str


def read_emergent(path: Path) -> list[EmergentPair]:
    """Rows of an Emergent CSV split (url-versions-*-clean-*.csv)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UserError(f"cannot read {path}: {exc}") from exc
    if rows and any(c not in rows[0] for c in _COLUMNS):
        raise UserError(f"{path}: expected columns {', '.join(_COLUMNS)}")
    pairs = []
    for row in rows:
        label = row["articleHeadlineStance"].strip().lower()
        if label not in LABELS:
            raise UserError(f"{path}: unknown stance {label!r}")
        pairs.append(
            EmergentPair(row["claimHeadline"], row["articleHeadline"], label, row["claimId"])
        )
    return pairs


def select_split(pairs: Sequence[EmergentPair], split: str) -> list[EmergentPair]:
    """``all``, ``train`` (about 80% of claims) or ``dev`` (the other claims)."""
    if split == "all":
        return list(pairs)
    if split not in ("train", "dev"):
        raise UserError(f"unknown split {split!r} (all, train or dev)")
    return [p for p in pairs if in_dev(p.claim_id) == (split == "dev")]
