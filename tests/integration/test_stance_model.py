"""The committed stance model with the real embedder (offline weights, no training)."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.judge.stance.model import STANCES, load_stance_model
from verifier.model import Stance

pytestmark = pytest.mark.integration

CLAIM = "Mali's army says 80 militants were killed in an attack on Boulkessi"


@pytest.fixture(scope="module")
def model(real_embedder):
    return load_stance_model(real_embedder)


def _best(probs: dict[Stance, float]) -> Stance:
    return max(probs, key=probs.__getitem__)


def test_stance_model_probabilities(model) -> None:
    probs = model.predict([(CLAIM, "The army said 80 militants died near Boulkessi.")])
    assert set(probs[0]) == set(STANCES)
    assert sum(probs[0].values()) == pytest.approx(1.0, abs=1e-6)


def test_stance_model_unrelated_topic(model) -> None:
    evidence = "The city council approved a new budget for public libraries on Monday."
    assert _best(model.predict([(CLAIM, evidence)])[0]) is Stance.UNRELATED


def test_stance_model_related_topic_is_not_unrelated(model) -> None:
    evidence = (
        "Mali's armed forces said on Tuesday that 80 militants had been killed after an "
        "attack on the Boulkessi camp."
    )
    probs = model.predict([(CLAIM, evidence)])[0]
    assert probs[Stance.UNRELATED] < 0.5


def test_stance_model_fnc1_rows_wiring(model, shared_dir: Path) -> None:
    # A wiring check on real rows (reader, featurizer, word models, column order): the
    # committed model was trained on every row, held-out numbers are in docs/stance.md.
    from verifier.evaluate import fnc1

    folder = shared_dir / "eval" / "fnc1"
    pairs = fnc1.select_split(
        fnc1.read_fnc1(folder / "train_bodies.csv", folder / "train_stances.csv"), "dev"
    )[:400]
    probs = model.predict([(p.headline, p.body) for p in pairs])
    predicted = [fnc1.FROM_STANCE[_best(p)] for p in probs]
    assert fnc1.fnc_score([p.label or "" for p in pairs], predicted) > 60.0


def test_stance_model_cross_encoder_reads_denials_and_hedges(model) -> None:
    assert model.cross is not None
    denial = "JNIM denies that 80 of its fighters were killed at Boulkessi, calling the claim false"
    hedge = "Reports: dozens of militants may have died near Boulkessi"
    probs = model.predict([(CLAIM, denial), (CLAIM, hedge)])
    assert _best(probs[0]) is Stance.CONTRADICTS
    assert _best(probs[1]) is Stance.DISCUSSES
