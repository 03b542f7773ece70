"""Attribution cues: the curated class lexicon and the cue probabilities learned from PolNeAR.

A cue is the verb or phrase that links a speaker to what they said ("said", "claimed",
"according to", "denied"). :func:`cue_class` gives the framing class of a lemma or phrase;
:func:`cue_probability` gives how often a lemma was an attribution cue in the PolNeAR training
split (``verifier/weights/attribution_cues.json``, written by ``verifier train attribution``).
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache

from verifier import weights
from verifier.model import CueClass

log = logging.getLogger(__name__)

WEIGHTS = weights.DIR / "attribution_cues.json"

_NEUTRAL = [
    "say",
    "tell",
    "state",
    "announce",
    "add",
    "report",
    "write",
    "note",
    "explain",
    "according_to",
    "confirm",
    "describe",
    "reply",
    "respond",
    "declare",
    "comment",
    "testify",
    "mention",
    "tweet",
    "post",
    "publish",
    "release",
    "indicate",
    "cite",
    "quote",
    "show",
    "find",
    "reveal",
    "estimate",
    "put",
    "speak",
    "ask",
    "call",
    "inform",
    "acknowledge",
    "admit",
    "recall",
    "continue",
    "conclude",
    "answer",
    "remark",
    "observe",
    "point_out",
    "suggest",
    "argue",
    "believe",
    "think",
    "predict",
    "warn",
    "urge",
    "promise",
    "pledge",
    "say_in_statement",
    "describe_as",
    "tell_reporters",
]
_ASSERTIVE = [
    "claim",
    "allege",
    "boast",
    "insist",
    "assert",
    "maintain",
    "contend",
    "purport",
    "brag",
    "trumpet",
    "proclaim",
    "vow",
    "swear",
    "charge",
    "accuse",
]
_DENIAL = [
    "deny",
    "reject",
    "dismiss",
    "refute",
    "disown",
    "dispute",
    "rebut",
    "contradict",
    "repudiate",
    "disavow",
]
_HEDGED = [
    "reportedly",
    "allegedly",
    "purportedly",
    "unconfirmed",
    "apparently",
    "supposedly",
    "rumor",
    "rumour",
    "could_not_be_verified",
    "cannot_be_verified",
    "unverified",
]

CUE_CLASSES: dict[str, CueClass] = {
    **{w: CueClass.NEUTRAL for w in _NEUTRAL},
    **{w: CueClass.ASSERTIVE for w in _ASSERTIVE},
    **{w: CueClass.DENIAL for w in _DENIAL},
    **{w: CueClass.HEDGED for w in _HEDGED},
}

_HEDGE_PATTERNS = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|unconfirmed|unverified|"
    r"could\s+not\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm)\w*|"
    r"(?:can\s*not|cannot|can't)\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm)\w*)",
    re.IGNORECASE,
)
_DENIAL_PATTERNS = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|"
    r"refut(?:e|es|ed|ing)|disown(?:s|ed|ing)?|rebut(?:s|ted|ting)?|repudiat\w*|"
    r"disavow\w*|(?:was|were|is|are)\s+(?:false|untrue|baseless|fabricated)|"
    r"no\s+(?:one|civilians?|soldiers?)\s+(?:was|were)\s+(?:killed|hurt|injured))\b",
    re.IGNORECASE,
)


def _key(lemma_or_phrase: str) -> str:
    return "_".join(lemma_or_phrase.lower().replace("-", " ").split())


def cue_class(lemma_or_phrase: str) -> CueClass | None:
    """The framing class of a cue lemma or phrase ("claim" -> assertive), None if not a cue.

    A phrase takes the class of its first word that has one ("flatly denied" -> denial), so
    hedges and denials inside a longer cue win over the neutral verb they modify.
    """
    key = _key(lemma_or_phrase)
    if not key:
        return None
    if key in CUE_CLASSES:
        return CUE_CLASSES[key]
    if _HEDGE_PATTERNS.search(lemma_or_phrase):
        return CueClass.HEDGED
    words = key.split("_")
    for cls in (CueClass.DENIAL, CueClass.HEDGED, CueClass.ASSERTIVE):
        if any(CUE_CLASSES.get(_lemma_guess(w)) is cls for w in words):
            return cls
    if any(_lemma_guess(w) in CUE_CLASSES for w in words):
        return CueClass.NEUTRAL
    return None


def _lemma_guess(word: str) -> str:
    """A cheap lemma for inflected cue words ("claimed" -> "claim", "denies" -> "deny")."""
    if word in CUE_CLASSES:
        return word
    irregular = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "thought": "think"}
    if word in irregular:
        return irregular[word]
    for suffix, repl in (
        ("ied", "y"),
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix):
            stem = word[: -len(suffix)] + repl
            for cand in (stem, stem + "e", stem[:-1] if stem[-2:-1] == stem[-1:] else stem):
                if cand in CUE_CLASSES:
                    return cand
    return word


def is_denial(text: str) -> bool:
    """Whether ``text`` denies something ("the army denied", "reports were false")."""
    return bool(_DENIAL_PATTERNS.search(text))


def is_hedged(text: str) -> bool:
    """Whether ``text`` carries a hedge ("reportedly", "could not be independently verified")."""
    return bool(_HEDGE_PATTERNS.search(text))


@lru_cache(maxsize=1)
def learned_cues() -> dict[str, float]:
    """Lemma or phrase -> probability of being an attribution cue, learned from PolNeAR train."""
    if not WEIGHTS.is_file():
        log.warning("no learned cue lexicon at %s; using the curated lexicon only", WEIGHTS)
        return {}
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in data["cues"].items()}


def cue_probability(lemma_or_phrase: str) -> float:
    """How likely a lemma or phrase is an attribution cue (learned; curated cues count 0.5+)."""
    key = _key(lemma_or_phrase)
    learned = learned_cues().get(key)
    if learned is not None:
        return learned
    return 0.5 if key in CUE_CLASSES else 0.0


_ACTS = frozenset(
    {"attack", "kill", "capture", "seize", "take", "strike", "target", "ambush", "hit", "raid"}
)


@lru_cache(maxsize=8192)
def reporting_cue(lemma: str) -> bool:
    """Cues that report speech in news: curated, or learned as mostly cues, never an act of war.

    PolNeAR (political news) counts "attacked" or "backed" as attribution; in conflict reporting
    they are events, so claims keep only curated cues and those cues in over half their uses.
    """
    if lemma in _ACTS:
        return False
    return cue_class(lemma) is not None or cue_probability(lemma) >= 0.5
