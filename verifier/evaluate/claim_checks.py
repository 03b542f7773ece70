"""Claim-text checks on any texts: does the short claim text keep what the content says?

A claim *holds* a negation when its content or its cue has one ("could not confirm", "have
not commented", "no one died"); it *loses* it when its short text has fewer negations than
content and cue together. Empty contents (no word left) are counted too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from verifier.model import Claim

NEGATION = re.compile(
    r"n't\b|\b(?:not|never|no|none|nobody|nothing|neither|nor|cannot|without|nowhere)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w")


def negations(text: str) -> int:
    return len(NEGATION.findall(text))


def check_claims(claims: Iterable[Claim], examples: int = 10) -> dict[str, Any]:
    """Counts of claims, claims holding a negation, those that lose it, and empty contents."""
    total = holding = lost = empty = 0
    lost_examples: list[str] = []
    for claim in claims:
        total += 1
        if not _WORD.search(claim.content.text):
            empty += 1
        held = negations(claim.content.text) + negations(claim.cue.text if claim.cue else "")
        if not held:
            continue
        holding += 1
        speaker = claim.speaker_name or ""
        kept = negations(claim.text) - negations(speaker)
        if kept < held:
            lost += 1
            if len(lost_examples) < examples:
                lost_examples.append(claim.text)
    return {
        "claims": total,
        "with_negation": holding,
        "negation_lost": lost,
        "negation_lost_share": round(lost / holding, 4) if holding else 0.0,
        "empty_content": empty,
        "lost_examples": lost_examples,
    }
