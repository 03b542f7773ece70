"""The dense side of the corpus index: inner-product search over L2-normalised vectors.

Small collections use an exact ``faiss.IndexFlatIP``. Once a collection grows past
``ivf_threshold`` vectors it moves to an inverted file (``IndexIVFFlat``, about ``4 * sqrt(n)``
lists, at least 64 of them scanned per query): a query over a million 384-d vectors scans about
thirty thousand of them. IVF was preferred to HNSW because its build (a short k-means on a
sample, then one assignment pass) is minutes faster on two CPU cores; see docs/retrieval.md.
Vectors are addressed by position (0, 1, 2, ... in the order they were added).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

IVF_THRESHOLD = 50_000
IVF_MIN_NPROBE = 64  # lists scanned per query: max(64, lists / 32)
IVF_POINTS_PER_LIST = 48  # k-means training sample per list
IVF_NITER = 10


@contextmanager
def _one_thread() -> Iterator[None]:
    """faiss on one thread: a single query gains nothing from OpenMP on shared cores."""
    import faiss

    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


class DenseIndex:
    """Exact search while small, IVF once large; positions are stable across the switch."""

    def __init__(self, dim: int, *, ivf_threshold: int = IVF_THRESHOLD) -> None:
        import faiss

        self.dim = dim
        self.ivf_threshold = ivf_threshold
        self._index: Any = faiss.IndexFlatIP(dim)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def kind(self) -> str:
        """``flat`` (exact) or ``ivf`` (approximate)."""
        return "ivf" if hasattr(self._index, "nprobe") else "flat"

    def add(self, vectors: np.ndarray) -> None:
        """Append vectors (rows); their positions follow the ones already added."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(f"expected vectors of shape (n, {self.dim}), got {vectors.shape}")
        if self.kind == "flat" and len(self) + len(vectors) > self.ivf_threshold:
            self._to_ivf(vectors)
        else:
            self._index.add(vectors)

    def _to_ivf(self, new: np.ndarray) -> None:
        """Train an IVF index on everything held so far plus ``new`` and move it all there."""
        import faiss

        everything = (
            np.concatenate([self._index.reconstruct_n(0, len(self)), new]) if len(self) else new
        )
        n = len(everything)
        lists = max(1, min(2 ** round(math.log2(4 * math.sqrt(n))), n // 8, 65536))
        log.info("moving %d vectors to an IVF index with %d lists", n, lists)
        quantizer = faiss.IndexFlatIP(self.dim)
        ivf = faiss.IndexIVFFlat(quantizer, self.dim, lists, faiss.METRIC_INNER_PRODUCT)
        ivf.cp.niter = IVF_NITER
        ivf.cp.max_points_per_centroid = IVF_POINTS_PER_LIST
        ivf.train(everything)
        ivf.make_direct_map()  # reconstruct() by position
        ivf.add(everything)
        ivf.nprobe = min(lists, max(IVF_MIN_NPROBE, lists // 32))
        self._index = ivf

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Scores and positions of the ``k`` nearest vectors per query row (-1 pads)."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = min(k, len(self))
        if k <= 0:
            empty = np.zeros((len(queries), 0))
            return empty.astype(np.float32), empty.astype(np.int64)
        with _one_thread():
            scores, positions = self._index.search(queries, k)
        return scores, positions

    def vectors(self, positions: np.ndarray) -> np.ndarray:
        """The stored vectors at ``positions``."""
        out = np.zeros((len(positions), self.dim), dtype=np.float32)
        for row, pos in enumerate(positions):
            out[row] = self._index.reconstruct(int(pos))
        return out
