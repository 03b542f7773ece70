"""Features for the stance model: embedding similarities, lexical overlap and cue words.

A pair is (claim or headline, evidence sentence or article body). The evidence is split into
sentences; every distinct text is embedded once per batch. The same code computes features at
training and at inference time, so the committed model sees what it was trained on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from verifier.judge.stance.words import CLASSES as WORD_CLASSES
from verifier.judge.stance.words import WordModels

EmbedFn = Callable[[Sequence[str]], np.ndarray]

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n+")

MAX_SENTENCES = 20
PROJECTION_DIM = 32


def _lexicon(words: str) -> frozenset[str]:
    return frozenset(words.split())


REFUTING = _lexicon(
    "fake fraud hoax false deny denies denied denial not despite nope doubt doubts bogus "
    "debunk debunks debunked pranks retract retracts retracted refute refutes refuted "
    "untrue misleading baseless fabricated rumour rumor myth satire satirical"
)
NEGATION = _lexicon(
    "no not never none nobody nothing neither nor without cannot can't don't doesn't didn't "
    "isn't aren't wasn't weren't won't hasn't haven't hadn't n't"
)
HEDGING = _lexicon(
    "reportedly allegedly apparently purportedly claim claims claimed claiming alleged rumored "
    "rumoured rumors rumours report reports reported may might could possibly perhaps "
    "unconfirmed unverified suggest suggests says said according believed appears seems"
)
DENIAL = _lexicon(
    "deny denies denied denying dismiss dismissed reject rejects rejected refute refuted "
    "debunk debunked hoax fake false"
)
STOPWORDS = _lexicon(
    "a an the of to in on at for and or but is are was were be been being by with from as that "
    "this these those it its he she they his her their them we you i has have had do does did "
    "will would can could should may might about into over after before than then so if not no "
    "says said"
)


@lru_cache(maxsize=8192)
def _token_tuple(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower()))


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return list(_token_tuple(text))


def content_tokens(text: str) -> set[str]:
    """Distinct tokens without stopwords."""
    return {t for t in tokens(text) if t not in STOPWORDS}


def split_sentences(text: str, limit: int = MAX_SENTENCES) -> list[str]:
    """Rough sentence split of an evidence text (at most ``limit`` non-empty sentences)."""
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    sentences = [p for p in parts if p]
    return sentences[:limit] or [text.strip() or "."]


def numbers(text: str) -> set[str]:
    """Numbers written with digits, separators removed."""
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


@dataclass
class TfidfSpace:
    """A fixed TF-IDF vocabulary (fit on training texts only) for cosine similarity."""

    vocabulary: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, texts: Sequence[str], max_features: int = 20000) -> TfidfSpace:
        counts: dict[str, int] = {}
        for text in texts:
            for token in set(tokens(text)) - STOPWORDS:
                counts[token] = counts.get(token, 0) + 1
        kept = sorted(counts, key=lambda t: (-counts[t], t))[:max_features]
        n_docs = max(len(texts), 1)
        idf = np.array([np.log((1 + n_docs) / (1 + counts[t])) + 1.0 for t in kept])
        return cls({t: i for i, t in enumerate(kept)}, idf.astype(np.float32))

    def cosine(self, a: str, b: str) -> float:
        """Cosine of the two texts' TF-IDF vectors (0 when they share no known word)."""
        return self.vector_cosine(self.vector(a), self.vector(b))

    @staticmethod
    def vector_cosine(va: dict[int, float], vb: dict[int, float]) -> float:
        """Cosine of two sparse vectors from :meth:`vector`."""
        common = va.keys() & vb.keys()
        if not common:
            return 0.0
        dot = sum(va[k] * vb[k] for k in common)
        na = float(np.sqrt(sum(v * v for v in va.values())))
        nb = float(np.sqrt(sum(v * v for v in vb.values())))
        return float(dot / (na * nb))

    def vector(self, text: str) -> dict[int, float]:
        """Sparse sublinear TF-IDF vector."""
        out: dict[int, float] = {}
        for token in tokens(text):
            index = self.vocabulary.get(token)
            if index is not None:
                out[index] = out.get(index, 0.0) + 1.0
        return {k: (1.0 + np.log(v)) * float(self.idf[k]) for k, v in out.items()}


def _share(words: Sequence[str], lexicon: frozenset[str]) -> float:
    return sum(w in lexicon for w in words) / max(len(words), 1)


def _has(words: Sequence[str], lexicon: frozenset[str]) -> float:
    return float(any(w in lexicon for w in words))


def _overlap(claim: AbstractSet[Any], other: AbstractSet[Any]) -> float:
    return len(claim & other) / max(len(claim), 1)


@lru_cache(maxsize=4096)
def _ngrams(text: str, n: int) -> frozenset[tuple[str, ...]]:
    words = _token_tuple(text)
    return frozenset(words[i : i + n] for i in range(len(words) - n + 1))


def _lexical(
    claim: str, body: str, best: str, first: str, tfidf: Callable[[str], dict[int, float]]
) -> list[float]:
    cw, bw, sw, fw = tokens(claim), tokens(body), tokens(best), tokens(first)
    cs, bs, ss, fs = content_tokens(claim), set(bw) - STOPWORDS, set(sw), set(fw)
    cn, bn, sn = numbers(claim), numbers(body), numbers(best)
    union = cs | bs
    return [
        _overlap(cs, bs),
        len(cs & bs) / max(len(union), 1),
        _overlap(cs, ss),
        _overlap(cs, fs),
        _overlap(_ngrams(claim, 2), _ngrams(body, 2)),
        _overlap(_ngrams(claim, 3), _ngrams(body, 3)),
        _overlap(_ngrams(claim, 2), _ngrams(best, 2)),
        TfidfSpace.vector_cosine(tfidf(claim), tfidf(body)),
        TfidfSpace.vector_cosine(tfidf(claim), tfidf(best)),
        _has(cw, REFUTING),
        _share(bw, REFUTING) * 10,
        _has(sw, REFUTING),
        _has(fw, REFUTING),
        _has(cw, NEGATION),
        _has(sw, NEGATION),
        _share(bw, NEGATION) * 10,
        float(sum(w in NEGATION for w in cw) % 2 == sum(w in NEGATION for w in sw) % 2),
        _has(cw, HEDGING),
        _share(bw, HEDGING) * 10,
        _has(sw, HEDGING),
        _has(cw, DENIAL),
        _has(sw, DENIAL),
        _share(bw, DENIAL) * 10,
        float("?" in claim),
        float("?" in best),
        float(bool(cn)),
        _overlap(cn, bn) if cn else -1.0,
        _overlap(cn, sn) if cn else -1.0,
        float(bool(cn) and bool(sn) and not (cn & sn)),
        float(np.log1p(len(cw))),
        float(np.log1p(len(bw))),
    ]


@dataclass
class StanceFeaturizer:
    """Turns (claim, evidence) pairs into a feature matrix; its parameters are fit on train."""

    tfidf: TfidfSpace
    projection: np.ndarray  # (dim, PROJECTION_DIM): low-dim view of the claim*sentence product
    words: WordModels | None = None  # its four probabilities are the last columns

    def transform(self, pairs: Sequence[tuple[str, str]], embed: EmbedFn) -> np.ndarray:
        """Feature rows for the pairs: :meth:`transform_base`, then the word model's columns."""
        base = self.transform_base(pairs, embed)
        if self.words is None:
            return base
        return np.hstack([base, self.words.predict_proba(pairs)])

    def transform_base(self, pairs: Sequence[tuple[str, str]], embed: EmbedFn) -> np.ndarray:
        """Similarity, lexical and cue columns; every distinct text is embedded once."""
        if not pairs:
            return np.zeros((0, self.n_base_features), dtype=np.float32)
        bodies = {body: split_sentences(body) for _, body in pairs}
        texts = list(dict.fromkeys([c for c, _ in pairs] + [s for v in bodies.values() for s in v]))
        index = {t: i for i, t in enumerate(texts)}
        vectors = embed(texts)
        body_means: dict[str, np.ndarray] = {}
        vector = lru_cache(maxsize=None)(self.tfidf.vector)
        rows = []
        for claim, body in pairs:
            sentences = bodies[body]
            sent_vecs = vectors[[index[s] for s in sentences]]
            if body not in body_means:
                mean = sent_vecs.mean(axis=0)
                body_means[body] = mean / (np.linalg.norm(mean) or 1.0)
            cv = vectors[index[claim]]
            sims = sent_vecs @ cv
            order = np.argsort(-sims)
            best = int(order[0])
            top3 = sims[order[:3]]
            dense = [
                float(sims[best]),
                float(top3.mean()),
                float(sims.mean()),
                float(sims[0]),
                float(sims[: min(3, len(sims))].mean()),
                float(body_means[body] @ cv),
                float(best / len(sims)),
                float(np.log1p(len(sims))),
                float((sims > 0.5).mean()),
            ]
            product = (cv * sent_vecs[best]) @ self.projection
            diff = np.abs(cv - sent_vecs[best]) @ self.projection
            lexical = _lexical(claim, body, sentences[best], sentences[0], vector)
            near = [w for i in order[:3] for w in _token_tuple(sentences[int(i)])]
            cues = [_has(near, REFUTING), _has(near, NEGATION), _has(near, HEDGING)]
            rows.append(np.concatenate([dense, lexical, cues, product, diff]))
        return np.asarray(rows, dtype=np.float32)

    @property
    def n_base_features(self) -> int:
        return 9 + 31 + 3 + 2 * self.projection.shape[1]

    @property
    def n_features(self) -> int:
        return self.n_base_features + (len(WORD_CLASSES) if self.words is not None else 0)


def fit_projection(vectors: np.ndarray, dim: int = PROJECTION_DIM, seed: int = 0) -> np.ndarray:
    """Principal directions of embedding products, fit on training vectors only."""
    rng = np.random.default_rng(seed)
    a = vectors[rng.integers(0, len(vectors), size=min(len(vectors), 20000))]
    b = vectors[rng.integers(0, len(vectors), size=len(a))]
    sample = a * b
    sample = sample - sample.mean(axis=0)
    _, _, vt = np.linalg.svd(sample, full_matrices=False)
    return vt[:dim].T.astype(np.float32)
