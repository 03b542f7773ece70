"""The short-evidence cross-encoder, on a tiny randomly initialised BERT (no real weights)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from verifier.errors import UserError
from verifier.judge.stance.cross import CLASSES, TOP_LAYERS, CrossStance, is_one_sentence
from verifier.model import Stance
from verifier.retrieval.embed import DEFAULT_MODEL, resolve_model_path

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

CUES = {
    Stance.CONTRADICTS: "officials call the report a hoax",
    Stance.SUPPORTS: "officials confirm the report",
    Stance.DISCUSSES: "report reportedly under review",
}


def _tiny(seed: int) -> CrossStance:
    torch.manual_seed(seed)
    tokenizer = transformers.AutoTokenizer.from_pretrained(resolve_model_path(DEFAULT_MODEL))
    config = transformers.BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=TOP_LAYERS + 1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    return CrossStance(transformers.BertModel(config), tokenizer, torch.nn.Linear(32, 3))


def _data() -> tuple[list[tuple[str, str]], list[Stance]]:
    pairs, labels = [], []
    for i in range(8):
        for stance, text in CUES.items():
            pairs.append((f"claim number {i} about the camp", text))
            labels.append(stance)
    return pairs, labels


def test_cross_predict_proba_rows_sum_to_one() -> None:
    probs = _tiny(0).predict_proba([("a claim", "a headline"), ("b", "c")])
    assert probs.shape == (2, len(CLASSES))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert _tiny(0).predict_proba([]).shape == (0, len(CLASSES))


def test_cross_fit_learns_cue_words_and_freezes_lower_layers() -> None:
    model = _tiny(0)
    bottom = model.encoder.encoder.layer[0].attention.self.query.weight.detach().clone()
    pairs, labels = _data()
    model.fit(pairs, labels, epochs=25, learning_rate=2e-3, batch_size=8)
    predicted = [CLASSES[i] for i in model.predict_proba(pairs).argmax(axis=1)]
    assert np.mean([p == g for p, g in zip(predicted, labels, strict=True)]) > 0.9
    assert torch.equal(bottom, model.encoder.encoder.layer[0].attention.self.query.weight)


def test_cross_save_load_round_trip(tmp_path: Path) -> None:
    model = _tiny(0)
    pairs, labels = _data()
    model.fit(pairs[:6], labels[:6], epochs=2, learning_rate=1e-3)
    path = tmp_path / "cross.safetensors"
    model.save(path)
    restored = CrossStance.load(path, base=_tiny(1))  # top layers and head from the file
    # the frozen bottom is the installed base model in real use: copy it here
    restored.encoder.embeddings.load_state_dict(model.encoder.embeddings.state_dict())
    restored.encoder.encoder.layer[0].load_state_dict(model.encoder.encoder.layer[0].state_dict())
    assert np.allclose(restored.predict_proba(pairs), model.predict_proba(pairs), atol=2e-2)


def test_cross_load_rejects_missing_or_foreign_weights(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="weights missing"):
        CrossStance.load(tmp_path / "absent.safetensors", base=_tiny(0))
    from safetensors.torch import save_file

    path = tmp_path / "foreign.safetensors"
    save_file(
        {
            "encoder.layer.99.x": torch.zeros(2),
            "head.weight": torch.zeros(3, 32),
            "head.bias": torch.zeros(3),
        },
        str(path),
    )
    with pytest.raises(UserError, match="do not fit"):
        CrossStance.load(path, base=_tiny(0))


def test_cross_reads_one_sentence_evidence() -> None:
    assert is_one_sentence("JNIM denies the army's claim")
    assert not is_one_sentence("JNIM denies it. The army stands by its figure.")
