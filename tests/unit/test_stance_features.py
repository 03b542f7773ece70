"""Stance features: sentence split, TF-IDF cosine, feature rows computed once per text."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from verifier.judge.stance.features import (
    StanceFeaturizer,
    TfidfSpace,
    fit_projection,
    numbers,
    split_sentences,
)
from verifier.retrieval.embed import HashingEmbedder


def test_stance_features_split_sentences() -> None:
    text = "The army said 80 were killed. Residents disagreed!\nA third line"
    assert split_sentences(text) == [
        "The army said 80 were killed.",
        "Residents disagreed!",
        "A third line",
    ]
    assert split_sentences("   ") == ["."]


def test_stance_features_numbers_drop_separators() -> None:
    assert numbers("1,200 people and 3.5 tonnes") == {"1200", "3.5"}


def test_stance_features_tfidf_cosine() -> None:
    space = TfidfSpace.fit(["militants killed army", "rain weather forecast", "army barracks"])
    assert space.cosine("army killed militants", "militants killed by army") > 0.9
    assert space.cosine("army killed militants", "weather forecast") == 0.0


def test_stance_features_rows_and_single_embedding_per_text() -> None:
    embedder = HashingEmbedder(32)
    seen: list[str] = []

    def embed(texts: Sequence[str]) -> np.ndarray:
        seen.extend(texts)
        return embedder.embed_batch(texts)

    vectors = embedder.embed_batch([f"w{i} w{i + 1}" for i in range(40)])
    featurizer = StanceFeaturizer(TfidfSpace.fit(["a b", "c d"]), fit_projection(vectors, dim=4))
    body = "The army said 80 were killed. Residents said 30 were killed."
    pairs = [("80 killed", body), ("30 killed", body), ("80 killed", "No one died.")]
    rows = featurizer.transform(pairs, embed)
    assert rows.shape == (3, featurizer.n_features)
    assert len(seen) == len(set(seen)) == 5
    assert not np.allclose(rows[0], rows[1])
