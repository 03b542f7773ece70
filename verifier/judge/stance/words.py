"""Word-level stance evidence: logistic regressions over the words of claim and evidence.

Headline words carry much of a short text's stance ("hoax", "reportedly", "?"), which the
similarity features of :mod:`verifier.judge.stance.features` cannot see. Two regressions, one fit on
every pair and used for article bodies, one fit on short evidence only and used for it, give four
probabilities that are extra columns for the gradient-boosted stance model (stacking); at
training time those columns are out-of-fold, so the booster never learns from in-sample fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

BODY_WORDS = 60  # evidence this long is an article body (FNC-1), not a sentence or headline
EVIDENCE_WORDS = 120  # an article body is read up to here (its lead carries the stance)
TOKEN_PATTERN = r"(?u)\b\w+\b|[?!:']"
CLASSES = ("contradicts", "discusses", "supports", "unrelated")  # sorted: sklearn's order


def is_body(evidence: str) -> bool:
    """Whether the evidence is an article body rather than a sentence or a headline."""
    return len(evidence.split()) >= BODY_WORDS


def _take(items: Sequence[Any], rows: np.ndarray) -> list[Any]:
    return [items[i] for i in rows.tolist()]


def _lead(text: str) -> str:
    return " ".join(text.split()[:EVIDENCE_WORDS])


def _vectorizer(max_features: int) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        min_df=3, sublinear_tf=True, token_pattern=TOKEN_PATTERN, max_features=max_features
    )


@dataclass
class WordStance:
    """TF-IDF of claim words and evidence words (separate vocabularies), then a logistic
    regression over the four stances."""

    claim_words: Any
    evidence_words: Any
    classifier: Any

    @classmethod
    def fit(
        cls,
        pairs: Sequence[tuple[str, str]],
        labels: Sequence[str],
        weights: np.ndarray,
    ) -> WordStance:
        """Fit on (claim, evidence) pairs with stance labels (the values of ``CLASSES``)."""
        from scipy.sparse import hstack
        from sklearn.linear_model import LogisticRegression

        claim_words, evidence_words = _vectorizer(20000), _vectorizer(30000)
        matrix = hstack(
            [
                claim_words.fit_transform([c for c, _ in pairs]),
                evidence_words.fit_transform([_lead(e) for _, e in pairs]),
            ]
        ).tocsr()
        for vectorizer in (claim_words, evidence_words):
            vectorizer.stop_words_ = None  # the pruned-word list is only for inspection: drop it
        classifier = LogisticRegression(C=1.0, max_iter=3000)
        classifier.fit(matrix, list(labels), sample_weight=weights)
        if tuple(str(c) for c in classifier.classes_) != CLASSES:
            raise ValueError(f"word model needs all of {CLASSES}, got {classifier.classes_}")
        return cls(claim_words, evidence_words, classifier)

    def predict_proba(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities, one row per pair, columns in ``CLASSES`` order."""
        from scipy.sparse import hstack

        if not pairs:
            return np.zeros((0, len(CLASSES)), dtype=np.float32)
        matrix = hstack(
            [
                self.claim_words.transform([c for c, _ in pairs]),
                self.evidence_words.transform([_lead(e) for _, e in pairs]),
            ]
        ).tocsr()
        return np.asarray(self.classifier.predict_proba(matrix), dtype=np.float32)


@dataclass
class WordModels:
    """The regression for article bodies (fit on every pair) and the one for short evidence."""

    body: WordStance
    short: WordStance

    @classmethod
    def fit(
        cls, pairs: Sequence[tuple[str, str]], labels: Sequence[str], weights: np.ndarray
    ) -> WordModels:
        short = np.flatnonzero([not is_body(e) for _, e in pairs])
        return cls(
            WordStance.fit(pairs, labels, weights),
            WordStance.fit(_take(pairs, short), _take(labels, short), weights[short]),
        )

    def predict_proba(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities, one row per pair (``CLASSES`` order), from the model for its kind."""
        out = np.zeros((len(pairs), len(CLASSES)), dtype=np.float32)
        bodies = np.array([is_body(e) for _, e in pairs], dtype=bool)
        for model, rows in (
            (self.body, np.flatnonzero(bodies)),
            (self.short, np.flatnonzero(~bodies)),
        ):
            if len(rows):
                out[rows] = model.predict_proba(_take(pairs, rows))
        return out


def out_of_fold(
    pairs: Sequence[tuple[str, str]],
    labels: Sequence[str],
    weights: np.ndarray,
    folds: np.ndarray,
) -> np.ndarray:
    """Each row's probabilities from word models fit on the other folds (``folds``: ints)."""
    out = np.zeros((len(pairs), len(CLASSES)), dtype=np.float32)
    for fold in np.unique(folds):
        train = np.flatnonzero(folds != fold)
        models = WordModels.fit(_take(pairs, train), _take(labels, train), weights[train])
        rows = np.flatnonzero(folds == fold)
        out[rows] = models.predict_proba(_take(pairs, rows))
    return out
