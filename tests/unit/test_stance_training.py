"""Training helpers: sample weights and generated unrelated pairs (no model is trained here)."""

from __future__ import annotations

import pytest

from verifier.model import Stance
from verifier.training.stance import SOURCE_WEIGHT, sample_weights
from verifier.training.stance_data import Example, unrelated_examples


def _ex(stance: Stance, source: str = "fnc1", group: str = "g") -> Example:
    return Example("claim", "evidence", stance, source, group)


def test_stance_training_rare_class_weighs_more() -> None:
    examples = [_ex(Stance.UNRELATED)] * 9 + [_ex(Stance.CONTRADICTS)]
    weights = sample_weights(examples)
    assert weights[0] == pytest.approx(SOURCE_WEIGHT["fnc1"])
    assert weights[-1] > weights[0]


def test_stance_training_unrelated_pairs_cross_groups() -> None:
    examples = [
        Example(f"claim {i}", f"evidence {i}", Stance.SUPPORTS, "fever", str(i)) for i in range(50)
    ]
    negatives = unrelated_examples(examples, 0.5, seed=1)
    assert negatives == unrelated_examples(examples, 0.5, seed=1)
    assert 0 < len(negatives) <= 25
    for ex in negatives:
        assert ex.stance is Stance.UNRELATED
        assert ex.evidence != ex.claim.replace("claim", "evidence")
