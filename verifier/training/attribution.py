"""Training the cue model and the cue lexicon from PolNeAR train (never from what is scored)."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from verifier.attribution.cue_model import CueModel, features, is_candidate
from verifier.evaluate.polnear import Document

log = logging.getLogger(__name__)


def _cue_chars(doc: Document) -> set[int]:
    return {i for a in doc.gold for start, end in a.cue for i in range(start, end)}


def examples(
    docs: Sequence[Document], parsed: Sequence[Sequence[tuple[int, Any]]]
) -> tuple[list[list[str]], list[int], list[str]]:
    """Features, labels (1: inside a gold cue) and lemmas of every verb in the parsed texts."""
    xs: list[list[str]] = []
    ys: list[int] = []
    lemmas: list[str] = []
    for doc, paragraphs in zip(docs, parsed, strict=True):
        cue_chars = _cue_chars(doc)
        for offset, pdoc in paragraphs:
            for token in pdoc:
                if not is_candidate(token):
                    continue
                xs.append(features(token))
                ys.append(int(token.idx + offset in cue_chars))
                lemmas.append(token.lemma_.lower())
    return xs, ys, lemmas


def train_cue_model(
    docs: Sequence[Document],
    parsed: Sequence[Sequence[tuple[int, Any]]],
    c: float = 0.5,
    min_weight: float = 0.05,
) -> CueModel:
    """Fit the logistic regression; the threshold maximises cue F1 on a held-out tenth of train."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    xs, ys, _ = examples(docs, parsed)
    cut = len(xs) * 9 // 10
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(x, 1) for x in xs])
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(matrix[:cut], ys[:cut])
    probs = clf.predict_proba(matrix[cut:])[:, 1]
    best, threshold = -1.0, 0.5
    for t in [i / 20 for i in range(2, 19)]:
        tp = sum(1 for p, y in zip(probs, ys[cut:], strict=True) if p >= t and y)
        fp = sum(1 for p, y in zip(probs, ys[cut:], strict=True) if p >= t and not y)
        fn = sum(1 for p, y in zip(probs, ys[cut:], strict=True) if p < t and y)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best:
            best, threshold = f1, t
    clf.fit(matrix, ys)
    names = vectorizer.get_feature_names_out()
    weights = {
        str(n): float(w) for n, w in zip(names, clf.coef_[0], strict=True) if abs(w) >= min_weight
    }
    log.info("cue model: %d examples, %d weights, threshold %.2f", len(xs), len(weights), threshold)
    return CueModel(
        weights=weights,
        bias=float(clf.intercept_[0]),
        threshold=threshold,
        meta={"examples": len(xs), "positives": sum(ys), "heldout_f1": round(best, 4), "C": c},
    )


def cue_lexicon(
    docs: Sequence[Document], parsed: Sequence[Sequence[tuple[int, Any]]], min_count: int = 3
) -> dict[str, float]:
    """Lemma -> share of its verb occurrences inside a gold cue (lemmas seen ``min_count``+)."""
    _, ys, lemmas = examples(docs, parsed)
    seen, cue = Counter(lemmas), Counter(lem for lem, y in zip(lemmas, ys, strict=True) if y)
    return {
        lemma: round(cue[lemma] / n, 4)
        for lemma, n in sorted(seen.items())
        if n >= min_count and cue[lemma]
    }


def write_weights(model: CueModel, lexicon: dict[str, float], directory: Path) -> list[Path]:
    """Write the cue model and the cue lexicon as JSON; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    model_path = directory / "attribution_cue_model.json"
    lexicon_path = directory / "attribution_cues.json"
    model_path.write_text(model.to_json() + "\n", encoding="utf-8")
    lexicon_path.write_text(
        json.dumps({"source": "PolNeAR train", "cues": lexicon}, indent=0) + "\n",
        encoding="utf-8",
    )
    return [model_path, lexicon_path]
