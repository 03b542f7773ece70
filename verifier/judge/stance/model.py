"""Stance of an evidence text toward a claim: supports, contradicts, discusses or unrelated.

``load_stance_model`` loads the model trained here (``verifier train stance``) from
``verifier/weights/``: a gradient-boosted classifier over frozen MiniLM similarities and lexical
features. ``LexicalStanceModel`` is a deterministic, dependency-free fake for fast tests.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from verifier import weights
from verifier.errors import UserError
from verifier.judge.stance.cross import CLASSES as CROSS_CLASSES
from verifier.judge.stance.cross import CrossStance, is_one_sentence
from verifier.judge.stance.features import (
    DENIAL,
    NEGATION,
    REFUTING,
    StanceFeaturizer,
    content_tokens,
    tokens,
)
from verifier.judge.stance.words import is_body
from verifier.model import Stance
from verifier.retrieval.embed import Embedder

log = logging.getLogger(__name__)

STANCES: tuple[Stance, ...] = (
    Stance.SUPPORTS,
    Stance.CONTRADICTS,
    Stance.DISCUSSES,
    Stance.UNRELATED,
)
WEIGHTS_DIR = weights.DIR
WEIGHTS_FILE = "stance_model.joblib"


class StanceModel(Protocol):
    """Probabilities of the four stances for (claim, evidence) pairs."""

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[dict[Stance, float]]: ...


class LexicalStanceModel:
    """Deterministic fake: overlap decides relatedness; refuting or negation words contradict."""

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[dict[Stance, float]]:
        return [self._one(claim, evidence) for claim, evidence in pairs]

    @staticmethod
    def _one(claim: str, evidence: str) -> dict[Stance, float]:
        claim_words = content_tokens(claim)
        overlap = len(claim_words & content_tokens(evidence)) / max(len(claim_words), 1)
        if overlap < 0.2:
            scores = {Stance.SUPPORTS: 0.05, Stance.CONTRADICTS: 0.05, Stance.DISCUSSES: 0.1}
            scores[Stance.UNRELATED] = 0.8
            return scores
        words = tokens(evidence)
        claim_negated = any(w in NEGATION for w in tokens(claim))
        negated = any(w in NEGATION for w in words) != claim_negated
        if negated or any(w in REFUTING or w in DENIAL for w in words):
            main = Stance.CONTRADICTS
        elif overlap >= 0.5:
            main = Stance.SUPPORTS
        else:
            main = Stance.DISCUSSES
        scores = {s: 0.1 for s in STANCES}
        scores[main] = 0.7
        return scores


class TrainedStanceModel:
    """The committed classifier plus its featurizer; embeds each distinct text once per call."""

    def __init__(
        self,
        featurizer: StanceFeaturizer,
        classifier: Any,
        embedder: Embedder,
        body_factors: dict[str, float] | None = None,
        meta: dict | None = None,
        cross: CrossStance | None = None,
    ) -> None:
        self.featurizer = featurizer
        self.meta = meta or {}
        self.cross = cross
        self.classifier = classifier
        self.embedder = embedder
        self._columns = [STANCES.index(Stance(str(c))) for c in classifier.classes_]
        # Per-class factors for article bodies (chosen on held-out training rows), renormalised.
        factors = body_factors or {}
        self._factors = np.array([factors.get(str(c), 1.0) for c in classifier.classes_])

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[dict[Stance, float]]:
        if not pairs:
            return []
        features = self.featurizer.transform(pairs, self.embedder.embed_batch)
        bodies = np.array([is_body(evidence) for _, evidence in pairs])
        probs = self._with_cross(self.classifier.predict_proba(features), pairs, bodies)
        return self.probabilities_to_dicts(probs, bodies)

    def _with_cross(
        self, probs: np.ndarray, pairs: Sequence[tuple[str, str]], bodies: np.ndarray
    ) -> np.ndarray:
        """For one-sentence evidence (what the cross-encoder was trained on: headlines), split the
        booster's related mass (1 - unrelated) by the mean of its own and the cross-encoder's
        supports / contradicts / discusses shares."""
        if self.cross is None:
            return probs
        short = np.flatnonzero(
            [not body and is_one_sentence(e) for body, (_, e) in zip(bodies, pairs, strict=True)]
        )
        if not len(short):
            return probs
        cross = self.cross.predict_proba([pairs[i] for i in short.tolist()])
        columns = np.array([self._columns.index(STANCES.index(s)) for s in CROSS_CLASSES])
        related = probs[np.ix_(short, columns)]
        mass = related.sum(axis=1, keepdims=True)
        shares = (related / np.maximum(mass, 1e-9) + cross) / 2
        out = probs.copy()
        out[np.ix_(short, columns)] = shares * mass
        return out

    def predict_features(
        self, features: np.ndarray, bodies: np.ndarray | None = None
    ) -> list[dict[Stance, float]]:
        """Probabilities for precomputed feature rows; ``bodies`` marks article-body rows."""
        return self.probabilities_to_dicts(self.classifier.predict_proba(features), bodies)

    def probabilities_to_dicts(
        self, probs: np.ndarray, bodies: np.ndarray | None = None
    ) -> list[dict[Stance, float]]:
        if bodies is not None:
            probs = np.where(bodies[:, None], probs * self._factors, probs)
            probs = probs / probs.sum(axis=1, keepdims=True)
        out = []
        for row in probs:
            scores = {s: 0.0 for s in STANCES}
            for column, index in enumerate(self._columns):
                scores[STANCES[index]] = float(row[column])
            out.append(scores)
        return out


def save_weights(
    featurizer: StanceFeaturizer,
    classifier: Any,
    path: Path,
    meta: dict,
    body_factors: dict[str, float] | None = None,
) -> None:
    """Write the model file (joblib: featurizer, classifier, body class factors, metadata)."""
    import joblib
    import sklearn

    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "featurizer": featurizer,
        "classifier": classifier,
        "body_factors": body_factors or {},
        "meta": {**meta, "sklearn": sklearn.__version__},
    }
    joblib.dump(payload, path, compress=3)


# Module paths the committed weights were pickled under, before the engine's layer packages.
_OLD_MODULES = {
    "verifier.stance_features": "verifier.judge.stance.features",
    "verifier.stance_words": "verifier.judge.stance.words",
}


def _alias_old_modules() -> None:
    """Let pickles that name the old flat modules load (the classes did not change)."""
    import importlib
    import sys

    for old, new in _OLD_MODULES.items():
        sys.modules.setdefault(old, importlib.import_module(new))


def load_stance_model(
    embedder: Embedder | None = None, path: Path | None = None
) -> TrainedStanceModel:
    """The committed stance model (offline; no training); the real MiniLM embedder by default."""
    import joblib

    path = path or WEIGHTS_DIR / WEIGHTS_FILE
    if not path.is_file():
        raise UserError(f"stance weights missing: {path} (run `verifier train stance`)")
    _alias_old_modules()
    payload = joblib.load(path)
    if embedder is None:
        from verifier.retrieval.embed import SentenceTransformerEmbedder

        embedder = SentenceTransformerEmbedder()
    log.debug("loaded stance model %s", payload["meta"])
    cross_file = payload["meta"].get("cross")
    cross = CrossStance.load(path.parent / cross_file) if cross_file else None
    return TrainedStanceModel(
        payload["featurizer"],
        payload["classifier"],
        embedder,
        payload.get("body_factors"),
        payload.get("meta"),
        cross,
    )
