"""The corpus store's schema, search results and the small pure helpers of hybrid search."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from verifier.model import Claim, Report, Span
from verifier.retrieval.embed import Embedder
from verifier.store import connect
from verifier.text import content_words

LEXICAL_WEIGHT = 0.3  # fused = cosine + LEXICAL_WEIGHT * BM25 / best BM25 (docs/retrieval.md)
MAX_QUERY_TERMS = 32


# --- schema: append-only migrations (see verifier.store.migrate) ---------------------------------


def m001_initial(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE corpus_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute(
        "CREATE TABLE reports (id TEXT PRIMARY KEY, text_hash TEXT NOT NULL, data TEXT NOT NULL,"
        " claims TEXT, added_at TEXT NOT NULL DEFAULT (datetime('now')))"
    )
    conn.execute(
        "CREATE TABLE sentences (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
        " start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, vector BLOB NOT NULL)"
    )
    conn.execute("CREATE INDEX sentences_report ON sentences(report_id)")
    conn.execute(
        "CREATE VIRTUAL TABLE sentences_fts USING fts5("
        "text, content='', tokenize='unicode61 remove_diacritics 2')"
    )


MIGRATIONS = [m001_initial]


# --- results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A corpus sentence found for a query: fused score, cosine similarity, BM25 score.

    ``dense`` is the cosine similarity of query and sentence embeddings (always set);
    ``lexical`` is the BM25 score (0.0 when the sentence shares no query term).
    """

    sentence: Span
    score: float
    dense: float
    lexical: float

    @property
    def report(self) -> Report:
        return self.sentence.report


@dataclass
class IndexStats:
    """What one ``add_reports`` call did."""

    reports_added: int = 0
    reports_skipped: int = 0  # already indexed with the same text
    reports_replaced: int = 0  # same id, new text: old sentences and claims dropped
    sentences: int = 0
    claims: int = 0

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class Prepared:
    """A report to index, with what was already computed for it elsewhere (e.g. by Ray workers).

    ``sentences`` are its body sentences, ``vectors`` their embeddings (one row each) and
    ``claims`` a JSON list of ``Claim.to_dict``; None means "compute it while indexing".
    """

    report: Report
    sentences: list[Span] | None = None
    vectors: np.ndarray | None = None
    claims: str | None = None


def batch_vectors(batch: list[Prepared], embedder: Embedder) -> np.ndarray:
    """The sentence vectors of a batch, in order, embedding (in one call) those not given."""
    texts = [s.text for item in batch if item.vectors is None for s in item.sentences or ()]
    embedded = iter(embedder.embed_batch(texts) if texts else [])
    out = np.zeros((sum(len(item.sentences or ()) for item in batch), embedder.dim), np.float32)
    row = 0
    for item in batch:
        for n in range(len(item.sentences or ())):
            out[row] = item.vectors[n] if item.vectors is not None else next(embedded)
            row += 1
    return out


class ClaimSource(Protocol):
    """What the index needs of :class:`verifier.attribution.claims.ClaimExtractor`."""

    def extract_many(self, reports: Iterable[Report]) -> Iterator[tuple[Report, list[Claim]]]: ...


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def fts_query(text: str) -> str:
    """An FTS5 query matching any content word of ``text``; every term quoted, so no syntax."""
    terms = list(dict.fromkeys(content_words(text)))
    return " OR ".join(f'"{t}"' for t in terms[:MAX_QUERY_TERMS])


def fuse(dense: dict[int, float], lexical: dict[int, float]) -> dict[int, float]:
    """Cosine similarity plus ``LEXICAL_WEIGHT`` times BM25 scaled by the query's best BM25."""
    best = max(lexical.values(), default=0.0)
    scale = LEXICAL_WEIGHT / best if best > 0 else 0.0
    return {sid: dense[sid] + scale * lexical.get(sid, 0.0) for sid in dense}


def stored_model_name(path: str | Path) -> str | None:
    """The embedding model an existing store was built with (None: new, empty or not a store)."""
    if str(path) == ":memory:" or not Path(path).expanduser().exists():
        return None
    conn = connect(path, readonly=True)
    try:
        row = conn.execute("SELECT value FROM corpus_meta WHERE key = 'embedding_model'").fetchone()
    except sqlite3.OperationalError:  # no corpus tables yet
        return None
    finally:
        conn.close()
    return None if row is None else str(row[0])
