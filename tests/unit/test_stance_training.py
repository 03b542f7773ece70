"""Training helpers: sample weights, unrelated pairs, class factors (no model is trained)."""

from __future__ import annotations

import numpy as np
import pytest

from verifier.model import Stance
from verifier.training.stance import (
    SOURCE_WEIGHT,
    choose_factors,
    in_inner_holdout,
    sample_weights,
)
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


def test_stance_training_inner_holdout_is_deterministic_by_group() -> None:
    groups = [str(i) for i in range(200)]
    held = [in_inner_holdout(_ex(Stance.SUPPORTS, group=g)) for g in groups]
    assert held == [in_inner_holdout(_ex(Stance.DISCUSSES, group=g)) for g in groups]
    assert 10 < sum(held) < 70
    assert not any(in_inner_holdout(_ex(Stance.SUPPORTS, "fever", g)) for g in groups)


def test_stance_training_factors_recover_underpredicted_class() -> None:
    classes = ["contradicts", "discusses", "supports", "unrelated"]
    # Gold contradicts rows get only a slightly raised contradicts probability.
    examples = [_ex(Stance.CONTRADICTS)] * 10 + [_ex(Stance.DISCUSSES)] * 10
    probs = np.array([[0.3, 0.5, 0.1, 0.1]] * 10 + [[0.1, 0.7, 0.1, 0.1]] * 10)
    factors = choose_factors(probs, examples, classes)
    assert factors["contradicts"] > 1.0
    assert factors == choose_factors(probs, examples, classes)
    assert set(factors) == set(classes)


def test_stance_training_factors_keep_relatedness() -> None:
    classes = ["contradicts", "discusses", "supports", "unrelated"]
    # Raising "unrelated" would win back two unrelated rows but lose many related ones.
    examples = [_ex(Stance.DISCUSSES)] * 20 + [_ex(Stance.UNRELATED)] * 2
    probs = np.array([[0.05, 0.5, 0.05, 0.4]] * 20 + [[0.05, 0.5, 0.05, 0.4]] * 2)
    assert choose_factors(probs, examples, classes)["unrelated"] <= 1.0
