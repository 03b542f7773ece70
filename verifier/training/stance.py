"""Train the stance classifier: featurize every example once, fit gradient boosting, save."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from verifier.embed import Embedder
from verifier.stance import WEIGHTS_FILE, save_weights
from verifier.stance_features import (
    StanceFeaturizer,
    TfidfSpace,
    fit_projection,
    split_sentences,
)
from verifier.training.embed_cache import CachedEmbed
from verifier.training.stance_data import Example, load_examples

log = logging.getLogger(__name__)

SEED = 0
# FNC-1 is scored, so it keeps full weight; the other sources add short-evidence pairs.
SOURCE_WEIGHT = {"fnc1": 1.0, "emergent": 2.0, "fever": 1.0}
CLASS_POWER = 0.5  # class weight = (majority count / class count) ** CLASS_POWER, per source
PARAMS: dict[str, Any] = {
    "max_iter": 400,
    "learning_rate": 0.08,
    "max_leaf_nodes": 31,
    "min_samples_leaf": 30,
    "l2_regularization": 1.0,
}


def sample_weights(examples: Sequence[Example]) -> np.ndarray:
    """Source weight times a softened inverse class frequency within the source."""
    counts = Counter((e.source, e.stance) for e in examples)
    largest = Counter[str]()
    for (source, _), n in counts.items():
        largest[source] = max(largest[source], n)
    return np.array(
        [
            SOURCE_WEIGHT[e.source]
            * (largest[e.source] / counts[(e.source, e.stance)]) ** CLASS_POWER
            for e in examples
        ]
    )


def fit_featurizer(examples: Sequence[Example], embed: CachedEmbed) -> StanceFeaturizer:
    """TF-IDF vocabulary and embedding projection from the training examples only."""
    evidence = list(dict.fromkeys(e.evidence for e in examples))
    claims = list(dict.fromkeys(e.claim for e in examples))
    tfidf = TfidfSpace.fit(evidence + claims)
    sentences = list(dict.fromkeys(s for text in evidence for s in split_sentences(text)))
    vectors = embed(claims + sentences[:20000])
    return StanceFeaturizer(tfidf, fit_projection(vectors, seed=SEED))


def featurize(
    featurizer: StanceFeaturizer, examples: Sequence[Example], embed: CachedEmbed
) -> np.ndarray:
    """Feature matrix, in chunks so that progress shows."""
    pairs = [(e.claim, e.evidence) for e in examples]
    parts = []
    for start in range(0, len(pairs), 5000):
        parts.append(featurizer.transform(pairs[start : start + 5000], embed))
        log.info("featurized %d/%d", min(start + 5000, len(pairs)), len(pairs))
    return np.concatenate(parts)


def fit_classifier(features: np.ndarray, examples: Sequence[Example]) -> Any:
    """A gradient-boosted classifier over the four stances (deterministic seed)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    classifier = HistGradientBoostingClassifier(
        **PARAMS,
        early_stopping=False,
        random_state=SEED,
    )
    labels = np.array([e.stance.value for e in examples])
    classifier.fit(features, labels, sample_weight=sample_weights(examples))
    return classifier


def train_stance_model(
    data: Path, out_dir: Path, embedder: Embedder, cache_dir: Path, split: str = "train"
) -> Path:
    """Train on ``split`` of FNC-1/Emergent (train: the committed model) plus the other sets."""
    embed = CachedEmbed(embedder, cache_dir)
    examples = load_examples(data, split)
    log.info("training examples: %s", Counter((e.source, e.stance.value) for e in examples))
    featurizer = fit_featurizer(examples, embed)
    classifier = fit_classifier(featurize(featurizer, examples, embed), examples)
    path = out_dir / WEIGHTS_FILE
    meta = {
        "split": split,
        "trained": datetime.now(UTC).strftime("%Y-%m-%d"),
        "examples": dict(Counter(e.source for e in examples)),
        "embedder": embedder.name,
    }
    save_weights(featurizer, classifier, path, meta)
    log.info("wrote %s (%.1f MB)", path, path.stat().st_size / 1e6)
    return path
