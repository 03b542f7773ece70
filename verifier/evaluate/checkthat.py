"""CLEF CheckThat! 2022 task 2A (English): retrieve previously fact-checked claims for tweets.

Files in the official formats: ``vclaims.jsonl`` (vclaim_id, vclaim, title, subtitle, ...),
queries TSV ``id<TAB>text`` and qrels TSV ``query_id 0 vclaim_id 1``. Metrics as in the task:
MAP@k is the mean over queries with qrels of ``(1 / |R|) * sum over relevant ranks i <= k of
precision@i``; recall@5 the mean share of a query's relevant claims in its top 5.

Ranking is the project's hybrid retrieval (BM25 and MiniLM embeddings, see
``docs/retrieval.md``) over each verified claim's text, title and subtitle.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from verifier.errors import UserError
from verifier.retrieval.embed import Embedder
from verifier.text import content_words

log = logging.getLogger(__name__)

FIELDS = ("vclaim", "title", "subtitle")
DEPTHS = (1, 3, 5)


@dataclass(frozen=True)
class VClaim:
    """A previously fact-checked claim."""

    id: str
    vclaim: str
    title: str
    subtitle: str


# --- readers ----------------------------------------------------------------------------------


def _open_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}: {exc}") from exc


def read_vclaims(path: str | Path) -> list[VClaim]:
    """Verified claims from a JSON-lines file."""
    out = []
    for number, line in enumerate(_open_lines(Path(path)), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(
                VClaim(
                    id=str(row["vclaim_id"]),
                    vclaim=str(row.get("vclaim") or ""),
                    title=str(row.get("title") or ""),
                    subtitle=str(row.get("subtitle") or ""),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise UserError(f"{path}:{number}: not a verified claim record ({exc})") from exc
    if not out:
        raise UserError(f"{path}: no verified claims")
    return out


def read_queries(path: str | Path) -> dict[str, str]:
    """Query id -> tweet text, from ``id<TAB>text`` lines (CSV-style quoted texts unquoted)."""
    out = {}
    for number, line in enumerate(_open_lines(Path(path)), start=1):
        if not line.strip():
            continue
        qid, sep, text = line.partition("\t")
        if not sep:
            raise UserError(f"{path}:{number}: expected 'id<TAB>text'")
        if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
            text = text[1:-1].replace('""', '"')
        out[qid.strip()] = text
    if not out:
        raise UserError(f"{path}: no queries")
    return out


def read_qrels(path: str | Path) -> dict[str, set[str]]:
    """Query id -> ids of its relevant verified claims, from ``qid 0 vclaim_id 1`` lines."""
    out: dict[str, set[str]] = {}
    for number, line in enumerate(_open_lines(Path(path)), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4:
            raise UserError(f"{path}:{number}: expected 'query_id 0 vclaim_id relevance'")
        if parts[3] != "0":
            out.setdefault(parts[0], set()).add(parts[2])
    if not out:
        raise UserError(f"{path}: no relevance judgements")
    return out


# --- metrics ----------------------------------------------------------------------------------


def average_precision(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """AP@k: precision at each relevant rank within the top k, over the number relevant."""
    hits, total = 0, 0.0
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant) if relevant else 0.0


def score(rankings: Mapping[str, Sequence[str]], qrels: Mapping[str, set[str]]) -> dict[str, float]:
    """MAP@1/3/5 and recall@5 over the queries that have qrels (others are skipped)."""
    qids = [q for q in qrels if q in rankings]
    if not qids:
        raise UserError("no ranked query has relevance judgements")
    out = {
        f"map@{k}": sum(average_precision(rankings[q], qrels[q], k) for q in qids) / len(qids)
        for k in DEPTHS
    }
    recall = sum(len(set(rankings[q][:5]) & qrels[q]) / len(qrels[q]) for q in qids)
    out["recall@5"] = recall / len(qids)
    return out


# --- query cleaning ---------------------------------------------------------------------------

_PIC = re.compile(r"\S*pic\.twitter\.com/\S+")
_URL = re.compile(r"https?://\S+|\bwww\.\S+")
_DATE = re.compile(r"\s\w+ \d{1,2}, \d{4}\s*$")  # the date closing an embedded tweet
_SPACE = re.compile(r"\s+")


def clean_query(text: str) -> str:
    """Tweet text without picture links, URLs and the date of its "— Name (@handle) date" line.

    The author's name and handle stay: on the Dev queries they help BM25 (MAP@5 0.874 with
    them, 0.861 without).
    """
    text = _PIC.sub(" ", text)
    text = _URL.sub(" ", text)
    return _DATE.sub(" ", _SPACE.sub(" ", text)).strip()


# --- BM25 -------------------------------------------------------------------------------------


class BM25:
    """Okapi BM25 (``rank_bm25.BM25Okapi``, k1 = 1.2, b = 0.75) scoring every document.

    Terms are :func:`verifier.text.content_words` (the index's lexical tokens). rank_bm25's IDF is
    ``log((N - df + 0.5) / (df + 0.5))``, a term in most documents getting a small floor.
    """

    def __init__(self, docs: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        from rank_bm25 import BM25Okapi

        self.size = len(docs)
        self._bm25 = BM25Okapi([content_words(doc) for doc in docs], k1=k1, b=b)

    def scores(self, query: str) -> np.ndarray:
        """BM25 of the query against every document."""
        terms = [t for t in content_words(query) if t in self._bm25.idf]
        if not terms:
            return np.zeros(self.size)
        return np.asarray(self._bm25.get_scores(terms), dtype=float)


# --- ranking ----------------------------------------------------------------------------------


def _embed_cached(
    embedder: Embedder, texts: Sequence[str], cache: Path | None, tag: str
) -> np.ndarray:
    """Embeddings of ``texts``, kept in ``cache`` (a folder) keyed by model, tag and size."""
    if cache is None:
        return embedder.embed_batch(list(texts))
    safe = re.sub(r"\W+", "_", embedder.name)
    file = cache / f"{safe}-{tag}-{len(texts)}.npy"
    if file.exists():
        return np.load(file)
    vectors = embedder.embed_batch(list(texts))
    cache.mkdir(parents=True, exist_ok=True)
    np.save(file, vectors)
    return vectors


@dataclass(frozen=True)
class RankerWeights:
    """Weights of the fused score: cosine similarity per embedded field, plus BM25 / max BM25.

    A field with weight 0 is not embedded. Defaults measured on Dev (docs/retrieval.md).
    """

    vclaim: float = 1.0
    title: float = 0.0
    subtitle: float = 0.0
    bm25: float = 0.3


class VClaimRanker:
    """Ranks verified claims for a query by weighted dense similarity and normalised BM25.

    BM25 runs over the claim, title and subtitle together; its scores are divided by the
    query's best BM25 score, so they lie in [0, 1] like the cosine similarities they are added to.
    """

    def __init__(
        self,
        vclaims: Sequence[VClaim],
        embedder: Embedder,
        *,
        weights: RankerWeights = RankerWeights(),
        cache: Path | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.vclaims = list(vclaims)
        self.embedder = embedder
        self.weights = weights
        self.cache = cache
        self.vectors: dict[str, np.ndarray] = {}
        for field in FIELDS:
            if not getattr(weights, field):
                continue
            if progress:
                progress(f"embedding {len(self.vclaims)} verified claims ({field})")
            texts = [getattr(v, field) for v in self.vclaims]
            self.vectors[field] = _embed_cached(embedder, texts, cache, f"vclaims-{field}")
        self.bm25 = BM25([" ".join(getattr(v, f) for f in FIELDS) for v in self.vclaims])

    def score_matrix(self, queries: Sequence[str]) -> np.ndarray:
        """Fused scores, one row per query, one column per verified claim."""
        cleaned = [clean_query(q) for q in queries]
        q = _embed_cached(self.embedder, cleaned, self.cache, f"queries-{_digest(cleaned)}")
        total = np.zeros((len(cleaned), len(self.vclaims)), dtype=np.float32)
        for field, vectors in self.vectors.items():
            total += getattr(self.weights, field) * (q @ vectors.T)
        for row, text in enumerate(cleaned):
            lexical = self.bm25.scores(text)
            top = float(lexical.max())
            if top > 0:
                total[row] += self.weights.bm25 * lexical / top
        return total

    def rank(self, queries: Mapping[str, str], depth: int = 5) -> dict[str, list[str]]:
        """Query id -> the ids of its ``depth`` best verified claims."""
        qids = list(queries)
        scores = self.score_matrix([queries[q] for q in qids])
        top = np.argsort(-scores, axis=1)[:, :depth]
        return {qid: [self.vclaims[i].id for i in top[row]] for row, qid in enumerate(qids)}


def _digest(texts: Sequence[str]) -> str:
    import hashlib

    return hashlib.sha1("\n".join(texts).encode("utf-8")).hexdigest()[:12]


def evaluate(
    vclaims_path: str | Path,
    queries_path: str | Path,
    qrels_path: str | Path,
    embedder: Embedder,
    *,
    cache: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, float]:
    """Score the ranker on one split: queries without qrels are skipped."""
    qrels = read_qrels(qrels_path)
    queries = {q: t for q, t in read_queries(queries_path).items() if q in qrels}
    ranker = VClaimRanker(read_vclaims(vclaims_path), embedder, cache=cache, progress=progress)
    if progress:
        progress(f"ranking {len(queries)} queries")
    return score(ranker.rank(queries), qrels)


__all__ = [
    "BM25",
    "RankerWeights",
    "VClaim",
    "VClaimRanker",
    "average_precision",
    "clean_query",
    "evaluate",
    "read_qrels",
    "read_queries",
    "read_vclaims",
    "score",
]
