"""Stance of one evidence sentence toward one claim, with a reason a person can read.

Order of decisions (docs/verification.md):
1. Event gate: evidence about another event (the one rule of :func:`compare_events`) is dropped.
2. Relevance gate: the stance model's "unrelated" probability at or above ``Gate.unrelated``
   drops the evidence too (a figure or denial of the same event passes it).
3. A scoped denial: another speaker denying *this* proposition (the claim's figure, or the
   thing the claim is about) contradicts.
4. Figure slots: the claim's key figures against the figures the evidence's speaker asserts;
   disjoint ranges contradict (a later, higher toll is an update), agreeing figures support.
5. The learned model, counted only when confident; otherwise "related, undecided".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from verifier.figures.events import compare_events
from verifier.figures.slots import format_figure, ranges_disjoint, same_slot
from verifier.judge.facts import Facts, key_figures
from verifier.judge.independence import same_speaker
from verifier.judge.stance.features import DENIAL, NEGATION, tokens
from verifier.judge.verdict import CASUALTY_CATEGORIES
from verifier.model import Claim, CueClass, EventKey, Quantity, Stance
from verifier.safetext import one_line
from verifier.text import content_words

# Tolls that grow as victims die or bodies are found: a later, higher count is an update.
GROWING = frozenset({"killed", "dead", "missing", "displaced", "wounded", "injured", "shot"})
# Words that make a statement deny or negate what it is about: "Banksy has NOT been arrested",
# "police deny reports", "the arrest is a hoax".
NEGATING = NEGATION | DENIAL | frozenset({"untrue", "rebuff", "rebuffs", "rebuffed"})


@dataclass(frozen=True)
class Gate:
    """Calibrated thresholds (chosen on development data: docs/verification.md)."""

    unrelated: float = 0.5  # the model's "unrelated" probability at or above this drops evidence
    confident: float = 0.6  # a model stance counts toward the verdict only at or above this
    denial_overlap: float = 0.3  # share of the claim's content words a figure-less denial shares


@dataclass(frozen=True)
class Judgement:
    stance: Stance
    score: float
    reason: str
    decided: bool
    same_event: str


def negates(text: str, cue: CueClass | None = None) -> bool:
    """Whether a statement denies or negates what it is about (a denial cue, or a negating
    word such as "not", "denies", "hoax")."""
    return cue is CueClass.DENIAL or any(w in NEGATING for w in tokens(text.replace("’", "'")))


def polar(stance: Stance, claim_negates: bool, evidence_negates: bool) -> Stance:
    """Negation parity: when a claim that negates ("Banksy has NOT been arrested") meets
    evidence that negates too ("Banksy has not been arrested"), the two agree. The stance model
    reads a negating sentence as contradicting (its training evidence denies asserted rumours),
    so its "contradicts" becomes "supports" there; everything else stays as the model says."""
    if claim_negates and evidence_negates and stance is Stance.CONTRADICTS:
        return Stance.SUPPORTS
    return stance


def _quote(text: str, limit: int = 90) -> str:
    return f"“{one_line(text, limit)}”"


def _point(q: Quantity) -> float | None:
    value = q.best if q.best is not None else q.low if q.low is not None else q.high
    return None if value is None else float(value)


def agrees(a: Quantity, b: Quantity) -> bool:
    """Both figures can be right and confirm each other: overlapping ranges, and an open bound
    ("up to 1,000", "at least 5") is not confirmed by a figure far inside it."""
    if ranges_disjoint(a, b):
        return False
    for bound, other in ((a, b), (b, a)):
        value = _point(other)
        if value is None:
            continue
        open_low = bound.low is None and bound.best is None
        open_high = bound.high is None and bound.best is None
        # "up to N" / "as many as N" is an upper bound: 3 does not confirm "up to 1,000".
        if open_low and bound.high is not None and value < bound.high / 2:
            return False
        # "at least 3" is not confirmed by 40.
        if open_high and bound.low is not None and value > max(2 * bound.low, bound.low + 5):
            return False
    return True


def is_update(
    ours: Quantity, theirs: Quantity, our_day: date | None, their_day: date | None
) -> bool:
    """A toll reported later and higher (or, for the wounded, slightly lower as some die)."""
    if ours.category not in GROWING or our_day is None or their_day is None:
        return False
    if our_day == their_day:
        return False
    a, b = _point(ours), _point(theirs)
    if a is None or b is None:
        return False
    earlier, later = (a, b) if our_day < their_day else (b, a)
    if later > earlier:
        return True
    return ours.category in ("wounded", "injured") and earlier - later <= 2


def _figures(claim: Claim, facts: Facts, claimant: str) -> Judgement | None:
    conflicts: list[str] = []
    updates: list[str] = []
    agreements: list[str] = []
    ours_day = claim.report.published
    theirs_day = facts.sentence.report.published
    for ours in key_figures(claim.figures):
        for theirs in facts.figures:
            if not same_slot(ours, theirs):
                continue
            pair = f"{claimant}: {format_figure(ours)}; {facts.who}: {format_figure(theirs)}"
            if ranges_disjoint(ours, theirs):
                if is_update(ours, theirs, ours_day, theirs_day):
                    updates.append(f"{pair} (an update: {_days(ours_day, theirs_day)})")
                else:
                    conflicts.append(f"{pair} (ranges do not overlap)")
            elif agrees(ours, theirs):
                agreements.append(f"{pair} (consistent)")
    if conflicts:
        return Judgement(Stance.CONTRADICTS, 0.9, conflicts[0], True, "")
    if agreements:
        return Judgement(Stance.SUPPORTS, 0.85, agreements[0], True, "")
    if updates:
        return Judgement(Stance.DISCUSSES, 0.8, updates[0], False, "")
    return None


def _days(a: date | None, b: date | None) -> str:
    return f"reported {a.isoformat() if a else '?'} and {b.isoformat() if b else '?'}"


def _denial(claim: Claim, facts: Facts, related: bool, gate: Gate) -> Judgement | None:
    """A denial by another speaker of this claim's proposition (its figure, or its content)."""
    if facts.cue_class is not CueClass.DENIAL or same_speaker(claim.speaker_name, facts.speaker):
        return None
    ours = key_figures(claim.figures)
    denied = [
        t for o in ours for t in facts.rejected if same_slot(o, t) and not ranges_disjoint(o, t)
    ]
    if denied:
        t = denied[0]
        reason = f"{facts.who} rejects {format_figure(t)}: {_quote(facts.sentence.text)}"
        return Judgement(Stance.CONTRADICTS, 0.85, reason, True, "")
    if ours and (facts.figures or facts.rejected):
        return None  # it denies some other figure
    claim_words = set(content_words(claim.content.text))
    shared = claim_words & set(content_words(facts.sentence.text))
    groups = {q.group for q in ours if q.group} & set(content_words(facts.sentence.text))
    overlap = len(shared) / max(len(claim_words), 1)
    if related and (groups or overlap >= gate.denial_overlap):
        if _claim_negates(claim):  # "X has NOT been arrested" and "police deny arresting X"
            reason = f"{facts.who} denies it too: {_quote(facts.sentence.text)}"
            return Judgement(Stance.SUPPORTS, 0.8, reason, True, "")
        reason = f"{facts.who} denies it: {_quote(facts.sentence.text)}"
        return Judgement(Stance.CONTRADICTS, 0.8, reason, True, "")
    return None


def _claim_negates(claim: Claim) -> bool:
    return negates(claim.text or claim.content.text, claim.cue_class)


def judge(
    claim: Claim,
    claim_key: EventKey,
    facts: Facts,
    probs: dict[Stance, float],
    gate: Gate | None = None,
) -> Judgement | None:
    """The stance of ``facts`` toward ``claim``, or None when it is not evidence for it."""
    gate = gate or Gate()
    event = compare_events(claim_key, facts.event_key)
    if not event.same:
        return None
    related = probs.get(Stance.UNRELATED, 0.0) < gate.unrelated
    claimant = claim.speaker_name or "claim"
    found = _denial(claim, facts, related, gate) or _figures(claim, facts, claimant)
    if found is not None:
        return Judgement(found.stance, found.score, found.reason, found.decided, event.reason)
    if not related:
        return None
    model = {s: p for s, p in probs.items() if s is not Stance.UNRELATED}
    leaning = max(model, key=lambda s: model[s])
    score = model[leaning]
    stance = polar(leaning, _claim_negates(claim), negates(facts.sentence.text, facts.cue_class))
    has_figure = any(q.category in CASUALTY_CATEGORIES for q in claim.figures)
    if stance is Stance.DISCUSSES:
        reason = f"stance model: {facts.who} discusses it without taking a side ({score:.0%})"
        return Judgement(stance, score, reason, False, event.reason)
    verb = "supports" if stance is Stance.SUPPORTS else "contradicts"
    if score < gate.confident or has_figure:
        why = "no comparable figure" if has_figure else f"below {gate.confident:.0%}"
        reason = (
            f"related, undecided: stance model leans {verb} ({score:.0%}; {why}): "
            f"{_quote(facts.sentence.text)}"
        )
        return Judgement(Stance.DISCUSSES, score, reason, False, event.reason)
    turned = "; the claim itself negates" if stance is not leaning else ""
    reason = (
        f"stance model: {facts.who} {verb} it ({score:.0%}{turned}): {_quote(facts.sentence.text)}"
    )
    return Judgement(stance, score, reason, True, event.reason)
