"""Stance protocol, the lexical fake and the trained-model wrapper (with fakes, no weights)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from verifier.errors import UserError
from verifier.judge.stance.features import StanceFeaturizer, TfidfSpace, fit_projection
from verifier.judge.stance.model import (
    STANCES,
    LexicalStanceModel,
    StanceModel,
    TrainedStanceModel,
    load_stance_model,
    save_weights,
)
from verifier.model import Stance
from verifier.retrieval.embed import HashingEmbedder

CLAIM = "The army says 80 militants were killed in Boulkessi"


def _best(probs: dict[Stance, float]) -> Stance:
    return max(probs, key=probs.__getitem__)


def test_stance_lexical_unrelated_when_no_overlap() -> None:
    probs = LexicalStanceModel().predict([(CLAIM, "Rain is expected in Paris on Sunday.")])[0]
    assert _best(probs) is Stance.UNRELATED


def test_stance_lexical_contradicts_on_denial() -> None:
    evidence = "JNIM denied that 80 militants were killed in Boulkessi, calling it false."
    assert _best(LexicalStanceModel().predict([(CLAIM, evidence)])[0]) is Stance.CONTRADICTS


def test_stance_lexical_supports_on_high_overlap() -> None:
    evidence = "Officials said 80 militants were killed near Boulkessi by the army."
    assert _best(LexicalStanceModel().predict([(CLAIM, evidence)])[0]) is Stance.SUPPORTS


def test_stance_lexical_probabilities_cover_all_stances() -> None:
    model: StanceModel = LexicalStanceModel()
    for probs in model.predict([(CLAIM, "x"), (CLAIM, CLAIM)]):
        assert set(probs) == set(STANCES)
        assert sum(probs.values()) == pytest.approx(1.0)


class _FixedClassifier:
    classes_ = np.array(["contradicts", "discusses", "supports", "unrelated"])

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        return np.tile([0.1, 0.2, 0.6, 0.1], (len(features), 1))


def _featurizer(dim: int = 16) -> StanceFeaturizer:
    vectors = HashingEmbedder(dim).embed_batch(["a b", "c d", "a c", "b d", "e f", "a e"])
    return StanceFeaturizer(TfidfSpace.fit(["a b c", "d e f"]), fit_projection(vectors, dim=4))


def test_stance_trained_model_maps_classifier_columns() -> None:
    model = TrainedStanceModel(_featurizer(), _FixedClassifier(), HashingEmbedder(16))
    probs = model.predict([(CLAIM, "Some body. Another sentence here.")])[0]
    assert probs[Stance.SUPPORTS] == pytest.approx(0.6)
    assert probs[Stance.CONTRADICTS] == pytest.approx(0.1)
    assert model.predict([]) == []


def test_stance_weights_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "stance.joblib"
    save_weights(_featurizer(), _FixedClassifier(), path, {"split": "test"})
    model = load_stance_model(HashingEmbedder(16), path=path)
    assert _best(model.predict([(CLAIM, "Body text.")])[0]) is Stance.SUPPORTS


def test_stance_missing_weights_is_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="stance weights missing"):
        load_stance_model(HashingEmbedder(16), path=tmp_path / "absent.joblib")


BODY = " ".join(["The army reported heavy fighting near the camp on Tuesday."] * 8)


def test_stance_body_factors_apply_to_bodies_only() -> None:
    factors = {"contradicts": 8.0}
    model = TrainedStanceModel(_featurizer(), _FixedClassifier(), HashingEmbedder(16), factors)
    body, short = model.predict([(CLAIM, BODY), (CLAIM, "Body text.")])
    assert _best(body) is Stance.CONTRADICTS
    assert sum(body.values()) == pytest.approx(1.0)
    assert _best(short) is Stance.SUPPORTS
    assert short[Stance.SUPPORTS] == pytest.approx(0.6)


def test_stance_weights_round_trip_keeps_body_factors(tmp_path: Path) -> None:
    path = tmp_path / "stance.joblib"
    save_weights(_featurizer(), _FixedClassifier(), path, {}, {"discusses": 4.0})
    model = load_stance_model(HashingEmbedder(16), path=path)
    assert _best(model.predict([(CLAIM, BODY)])[0]) is Stance.DISCUSSES


class _FixedCross:
    """Cross-encoder fake: all of its related mass on contradicts."""

    def predict_proba(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        return np.tile([0.0, 1.0, 0.0], (len(pairs), 1))  # supports, contradicts, discusses


def test_stance_cross_encoder_blends_one_sentence_evidence_only() -> None:
    model = TrainedStanceModel(
        _featurizer(),
        _FixedClassifier(),
        HashingEmbedder(16),
        cross=_FixedCross(),  # type: ignore[arg-type]
    )
    short, body, two = model.predict(
        [(CLAIM, "Body text."), (CLAIM, BODY), (CLAIM, "Body text. Another sentence here.")]
    )
    # related mass 0.9 kept; shares = mean of booster (2/9, 1/9, 6/9) and cross (0, 1, 0)
    assert short[Stance.UNRELATED] == pytest.approx(0.1)
    assert short[Stance.CONTRADICTS] == pytest.approx(0.9 * (1 / 9 + 1) / 2)
    assert short[Stance.SUPPORTS] == pytest.approx(0.9 * (6 / 9) / 2)
    assert body[Stance.SUPPORTS] == pytest.approx(0.6)
    assert two[Stance.SUPPORTS] == pytest.approx(0.6)  # not one sentence: booster only
