"""A cross-encoder for short evidence: MiniLM reads the claim and the headline or sentence
together, which similarities of separately embedded texts cannot do ("X denies Y" vs "Y").

The base is the installed all-MiniLM-L6-v2. Its top ``TOP_LAYERS`` transformer layers and a
linear head are fine-tuned on Emergent (claim vs article headline) by ``verifier train stance``;
only those tensors are committed (float16, about 10 MB). It scores supports / contradicts /
discusses; whether the evidence is related at all stays with the gradient-boosted model.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from verifier.errors import UserError
from verifier.judge.stance.features import split_sentences
from verifier.model import Stance
from verifier.offline import go_offline
from verifier.retrieval.embed import DEFAULT_MODEL, resolve_model_path

log = logging.getLogger(__name__)

CLASSES: tuple[Stance, ...] = (Stance.SUPPORTS, Stance.CONTRADICTS, Stance.DISCUSSES)
CROSS_FILE = "stance_cross.safetensors"
TOP_LAYERS = 3
MAX_TOKENS = 80
BATCH = 32


def is_one_sentence(evidence: str) -> bool:
    """Whether the evidence is one sentence or headline (the cross-encoder reads only those)."""
    return len(split_sentences(evidence)) == 1


class CrossStance:
    """A transformer encoder with a mean-pooled linear head over the ``CLASSES``."""

    def __init__(self, encoder: Any, tokenizer: Any, head: Any) -> None:
        self.encoder = encoder
        self.tokenizer = tokenizer
        self.head = head

    @classmethod
    def from_base(cls, name: str = DEFAULT_MODEL, seed: int = 0) -> CrossStance:
        """The installed base model with a fresh (seeded) head; offline."""
        go_offline()
        import torch
        from transformers import AutoModel, AutoTokenizer

        path = resolve_model_path(name)
        try:
            tokenizer = AutoTokenizer.from_pretrained(path)
            encoder = AutoModel.from_pretrained(path)
        except Exception as exc:  # the library raises many kinds for a missing model
            raise UserError(f"cannot load model {name!r} offline: {exc}") from exc
        torch.manual_seed(seed)
        return cls(encoder, tokenizer, torch.nn.Linear(encoder.config.hidden_size, len(CLASSES)))

    @classmethod
    def load(cls, path: Path, base: CrossStance | None = None) -> CrossStance:
        """``base`` (default: the installed base model) with the fine-tuned top layers and
        head from ``path``."""
        from safetensors.torch import load_file

        if not path.is_file():
            raise UserError(f"cross-encoder weights missing: {path} (run `verifier train stance`)")
        model = base or cls.from_base()
        tensors = {k: v.float() for k, v in load_file(str(path)).items()}
        head = {k.removeprefix("head."): v for k, v in tensors.items() if k.startswith("head.")}
        model.head.load_state_dict(head)
        layers = {k: v for k, v in tensors.items() if not k.startswith("head.")}
        missing = set(layers) - set(model.encoder.state_dict())
        if missing:
            raise UserError(f"{path}: tensors {sorted(missing)[:3]} do not fit the base model")
        model.encoder.load_state_dict(layers, strict=False)
        return model

    def _trainable(self) -> list[str]:
        """Names of the encoder tensors that are fine-tuned (the top TOP_LAYERS layers)."""
        first = len(self.encoder.encoder.layer) - TOP_LAYERS
        return [
            name
            for name in self.encoder.state_dict()
            if name.startswith("encoder.layer.") and int(name.split(".")[2]) >= first
        ]

    def save(self, path: Path) -> None:
        """Write the fine-tuned top layers and the head (float16 safetensors)."""
        from safetensors.torch import save_file

        state = self.encoder.state_dict()
        tensors = {name: state[name].half().contiguous() for name in self._trainable()}
        tensors.update(
            {f"head.{k}": v.half().contiguous() for k, v in self.head.state_dict().items()}
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        save_file(tensors, str(path))

    def _logits(self, pairs: Sequence[tuple[str, str]]) -> Any:
        batch = self.tokenizer(
            [c for c, _ in pairs],
            [e for _, e in pairs],
            padding=True,
            truncation=True,
            max_length=MAX_TOKENS,
            return_tensors="pt",
        )
        hidden = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        return self.head((hidden * mask).sum(1) / mask.sum(1))

    def predict_proba(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities, one row per pair, columns in ``CLASSES`` order."""
        import torch

        if not pairs:
            return np.zeros((0, len(CLASSES)), dtype=np.float32)
        self.encoder.eval()
        parts = []
        with torch.no_grad():
            for start in range(0, len(pairs), BATCH):
                logits = self._logits(pairs[start : start + BATCH])
                parts.append(torch.softmax(logits, dim=-1).numpy())
        return np.concatenate(parts).astype(np.float32)

    def fit(
        self,
        pairs: Sequence[tuple[str, str]],
        labels: Sequence[Stance],
        epochs: int = 3,
        learning_rate: float = 5e-5,
        batch_size: int = 16,
        seed: int = 0,
    ) -> None:
        """Fine-tune the top layers and the head (AdamW, linear decay, class weights
        (largest / count) ** 0.5, as the booster uses)."""
        import torch

        torch.manual_seed(seed)
        trainable = set(self._trainable())
        for name, tensor in self.encoder.named_parameters():
            tensor.requires_grad = name in trainable
        params = [t for t in self.encoder.parameters() if t.requires_grad]
        params += list(self.head.parameters())
        optimizer = torch.optim.AdamW(params, lr=learning_rate, weight_decay=0.01)
        steps = epochs * -(-len(pairs) // batch_size)
        schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 1 - s / max(steps, 1))
        target = np.array([CLASSES.index(label) for label in labels])
        counts = np.maximum(np.bincount(target, minlength=len(CLASSES)), 1)
        weight = torch.tensor((counts.max() / counts) ** 0.5, dtype=torch.float32)
        loss_fn = torch.nn.CrossEntropyLoss(weight=weight)
        rng = np.random.default_rng(seed)
        self.encoder.train()
        for epoch in range(epochs):
            order = rng.permutation(len(pairs))
            total = 0.0
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size].tolist()
                logits = self._logits([pairs[i] for i in rows])
                loss = loss_fn(logits, torch.as_tensor(target[rows]))
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                schedule.step()
                total += float(loss.detach()) * len(rows)
            log.info("cross-encoder epoch %d/%d: loss %.4f", epoch + 1, epochs, total / len(order))
        self.encoder.eval()
