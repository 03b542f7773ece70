"""Word-level stance models: fit, per-kind dispatch, out-of-fold columns for stacking."""

from __future__ import annotations

import numpy as np
import pytest

from verifier.judge.stance.words import CLASSES, WordModels, WordStance, is_body, out_of_fold

BODY = " ".join(["The ministry published its weekly statement on the situation."] * 8)
SHORT = {
    "contradicts": "Officials say the report is a hoax",
    "discusses": "Reports claim the attack may have happened",
    "supports": "Army confirms the attack on the camp",
    "unrelated": "Rain expected across the capital on Friday",
}


def _pairs(n: int = 6) -> tuple[list[tuple[str, str]], list[str]]:
    pairs, labels = [], []
    for i in range(n):
        for label, text in SHORT.items():
            pairs.append((f"Militants attacked camp {i}", text))
            labels.append(label)
            pairs.append((f"Militants attacked camp {i}", f"{text}. {BODY}"))
            labels.append(label)
    return pairs, labels


def test_is_body_by_length() -> None:
    assert is_body(BODY)
    assert not is_body(SHORT["supports"])


def test_word_stance_learns_cue_words() -> None:
    pairs, labels = _pairs()
    model = WordStance.fit(pairs, labels, np.ones(len(pairs)))
    probs = model.predict_proba([("A claim", "Police say the video is a hoax")])
    assert probs.shape == (1, len(CLASSES))
    assert CLASSES[int(probs.argmax())] == "contradicts"
    assert model.predict_proba([]).shape == (0, len(CLASSES))


def test_word_models_use_the_model_for_the_evidence_kind() -> None:
    pairs, labels = _pairs()
    models = WordModels.fit(pairs, labels, np.ones(len(pairs)))
    query = [("c", SHORT["supports"]), ("c", f"{SHORT['supports']}. {BODY}")]
    probs = models.predict_proba(query)
    assert np.allclose(probs[0], models.short.predict_proba(query[:1])[0])
    assert np.allclose(probs[1], models.body.predict_proba(query[1:])[0])


def test_out_of_fold_rows_do_not_see_their_own_fold() -> None:
    pairs, labels = _pairs()
    # "zebra" marks contradiction only inside fold 0
    marked = [
        (c, f"zebra {e}") if lab == "contradicts" else (c, e)
        for (c, e), lab in zip(pairs[:16], labels, strict=False)
    ]
    pairs = marked + pairs[16:]
    folds = np.array([0] * 16 + [1 + i % 3 for i in range(len(pairs) - 16)])
    weights = np.ones(len(pairs))
    oof = out_of_fold(pairs, labels, weights, folds)
    full = WordModels.fit(pairs, labels, weights).predict_proba(pairs)
    zebra = [i for i, (_, e) in enumerate(pairs) if e.startswith("zebra") and not is_body(e)]
    column = CLASSES.index("contradicts")
    assert zebra
    assert oof[zebra, column].mean() < full[zebra, column].mean()
    assert oof.shape == (len(pairs), len(CLASSES))


def test_word_stance_needs_every_class() -> None:
    pairs, labels = _pairs()
    keep = [i for i, lab in enumerate(labels) if lab != "unrelated"]
    with pytest.raises(ValueError, match="word model needs"):
        WordStance.fit([pairs[i] for i in keep], [labels[i] for i in keep], np.ones(len(keep)))
