"""The cue lexicon: classes of cue lemmas and phrases, denials and hedges."""

import pytest

from verifier.attribution.cues import cue_class, cue_probability, is_denial, is_hedged
from verifier.model import CueClass


@pytest.mark.parametrize(
    ("cue", "expected"),
    [
        ("say", CueClass.NEUTRAL),
        ("said", CueClass.NEUTRAL),
        ("according to", CueClass.NEUTRAL),
        ("claimed", CueClass.ASSERTIVE),
        ("boasted", CueClass.ASSERTIVE),
        ("denied", CueClass.DENIAL),
        ("flatly rejected", CueClass.DENIAL),
        ("reportedly", CueClass.HEDGED),
        ("could not be independently verified", CueClass.HEDGED),
        ("banana", None),
        ("", None),
    ],
)
def test_cues_cue_class(cue, expected):
    assert cue_class(cue) is expected


def test_cues_is_denial_and_is_hedged():
    assert is_denial("The ministry denied that any civilians died")
    assert not is_denial("The ministry said 12 civilians died")
    assert is_hedged("The figure could not be independently verified")
    assert not is_hedged("The army said 80 militants were killed")


def test_cues_learned_probability_ranks_said_above_rare_verbs():
    assert cue_probability("say") > 0.5
    assert cue_probability("say") > cue_probability("eat")
