"""Verdict per claim from its evidence, and the unverified-casualty-figure flag."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from verifier.figures.slots import ranges_disjoint, same_slot
from verifier.judge.independence import speaker_key
from verifier.model import Claim, Evidence, SpeakerType, Stance, Verdict

CASUALTY_CATEGORIES = frozenset(
    {"killed", "wounded", "injured", "captured", "abducted", "missing", "displaced", "dead"}
)


def source_key(e: Evidence, cluster_of: Mapping[str, str]) -> str:
    """Who a piece of evidence counts as: a party's side (wherever it is quoted), otherwise the
    outlet's near-duplicate cluster (syndicated copies and one outlet's sentences count once)."""
    if e.speaker_type is SpeakerType.PARTY and e.speaker_name:
        return "side:" + " ".join(sorted(speaker_key(e.speaker_name)))
    return "outlet:" + cluster_of.get(e.report.id, e.report.id)


def count_independent(
    evidence: Sequence[Evidence], stance: Stance, cluster_of: Mapping[str, str]
) -> int:
    """Distinct independent sides and outlets taking ``stance`` with a confident stance."""
    return len(
        {
            source_key(e, cluster_of)
            for e in evidence
            if e.independent and e.decided and e.stance is stance
        }
    )


def has_casualty_figure(claim: Claim) -> bool:
    return any(q.category in CASUALTY_CATEGORIES for q in claim.figures)


def confirms_casualty_figure(claim: Claim, evidence: Evidence) -> bool:
    """Evidence that carries a casualty figure consistent with one of the claim's."""
    ours = [q for q in claim.figures if q.category in CASUALTY_CATEGORIES]
    theirs = evidence.figures  # the figures its speaker asserts, not the ones it quotes
    return any(same_slot(a, b) and not ranges_disjoint(a, b) for a in ours for b in theirs)


def unverified_figure(claim: Claim, evidence: Sequence[Evidence]) -> bool:
    """A casualty figure whose only sources are parties to the conflict and their relays.

    Only an independent, named non-party source asserting a consistent figure verifies it:
    support from another party or an anonymous source, or support that does not restate the
    figure, does not.
    """
    if not has_casualty_figure(claim) or claim.speaker_type is not SpeakerType.PARTY:
        return False
    return not any(
        e.independent
        and e.decided
        and e.stance is Stance.SUPPORTS
        and e.speaker_type not in (SpeakerType.PARTY, SpeakerType.ANONYMOUS)
        and confirms_casualty_figure(claim, e)
        for e in evidence
    )


def decide(support: int, contradiction: int, evidence: Sequence[Evidence]) -> Verdict:
    """Corroborated, contradicted, disputed (both), single-source (decided evidence, none of it
    independent), or no evidence: related but undecided evidence decides nothing."""
    if support and contradiction:
        return Verdict.DISPUTED
    if support:
        return Verdict.CORROBORATED
    if contradiction:
        return Verdict.CONTRADICTED
    if any(e.decided and e.stance in (Stance.SUPPORTS, Stance.CONTRADICTS) for e in evidence):
        return Verdict.SINGLE_SOURCE
    return Verdict.NO_EVIDENCE
