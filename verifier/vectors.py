"""The dense side of the corpus index: inner-product search over L2-normalised vectors.

Small collections use an exact ``faiss.IndexFlatIP``; once a collection grows past
``hnsw_threshold`` vectors it moves to an HNSW graph (``IndexHNSWFlat``), which answers a query
over a million 384-d vectors in about a millisecond and takes new vectors without retraining.
Vectors are addressed by position (0, 1, 2, ... in the order they were added).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

HNSW_THRESHOLD = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 128


class DenseIndex:
    """Exact search while small, HNSW once large; positions are stable across the switch."""

    def __init__(self, dim: int, *, hnsw_threshold: int = HNSW_THRESHOLD) -> None:
        import faiss

        self.dim = dim
        self.hnsw_threshold = hnsw_threshold
        self._index: Any = faiss.IndexFlatIP(dim)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def kind(self) -> str:
        """``flat`` (exact) or ``hnsw`` (approximate)."""
        return "hnsw" if hasattr(self._index, "hnsw") else "flat"

    def add(self, vectors: np.ndarray) -> None:
        """Append vectors (rows); their positions follow the ones already added."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(f"expected vectors of shape (n, {self.dim}), got {vectors.shape}")
        if self.kind == "flat" and len(self) + len(vectors) > self.hnsw_threshold:
            self._to_hnsw()
        self._index.add(vectors)

    def _to_hnsw(self) -> None:
        import faiss

        log.info("switching the dense index to HNSW at %d vectors", len(self))
        graph = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        graph.hnsw.efSearch = HNSW_EF_SEARCH
        if len(self):
            graph.add(self._index.reconstruct_n(0, len(self)))
        self._index = graph

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Scores and positions of the ``k`` nearest vectors per query row (-1 pads)."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = min(k, len(self))
        if k <= 0:
            empty = np.zeros((len(queries), 0))
            return empty.astype(np.float32), empty.astype(np.int64)
        if self.kind == "hnsw":
            self._index.hnsw.efSearch = max(HNSW_EF_SEARCH, k)
        scores, positions = self._index.search(queries, k)
        return scores, positions

    def vectors(self, positions: np.ndarray) -> np.ndarray:
        """The stored vectors at ``positions``."""
        out = np.zeros((len(positions), self.dim), dtype=np.float32)
        for row, pos in enumerate(positions):
            out[row] = self._index.reconstruct(int(pos))
        return out
