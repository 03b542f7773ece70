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
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

IVF_THRESHOLD = 50_000
IVF_MIN_NPROBE = 64  # lists scanned per query: max(64, lists / 32), at most IVF_MAX_NPROBE
IVF_MAX_NPROBE = 128
FILE_MAX_NPROBE = 1024  # the persisted IVF-PQ: lists / 8 scanned, at least 64, at most this
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
        ivf.add(everything)
        ivf.nprobe = min(lists, IVF_MAX_NPROBE, max(IVF_MIN_NPROBE, lists // 32))
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


# --- the persisted index: a faiss file next to the store, read (or mapped) on open ------------

FLAT_LIMIT = 50_000  # exact search below this many vectors, IVF-PQ above
MAX_LISTS = 8192  # lists of the persisted IVF: centroids are searched exactly (0.6 ms at 8,192)


def training_size(n: int) -> int:
    """Vectors k-means trains on: 48 per list."""
    return min(n, ivf_lists(n) * IVF_POINTS_PER_LIST)


def ivf_lists(n: int) -> int:
    """Inverted lists for ``n`` vectors: a power of two near ``4 * sqrt(n)`` (4,096 at 1M), at
    most ``MAX_LISTS`` (from about 4M vectors on).

    More lists would need an approximate (HNSW) coarse quantizer. One was used from 8,192 lists
    on, and at 10M vectors it cost most of the recall: with its default search breadth it found
    a sixth of the 128 nearest lists, and vectors assigned through it at build time landed in
    lists that were not their nearest (docs/scale.md).
    """
    return max(1, min(2 ** round(math.log2(4 * math.sqrt(n))), n // 8, MAX_LISTS))


def build_file_index(vectors: np.ndarray, ids: np.ndarray) -> Any:
    """A faiss index over ``vectors`` labelled with ``ids``, sized for their count.

    Below ``FLAT_LIMIT``: exact ``IndexIDMap(IndexFlatIP)``. Above: see :func:`new_ivf_index`.
    Later vectors are added with ``index.add_with_ids`` (to the trained lists).
    """
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    ids = np.ascontiguousarray(ids, dtype=np.int64)
    n, dim = vectors.shape
    if n < FLAT_LIMIT:
        index = faiss.IndexIDMap(faiss.IndexFlatIP(dim))
        index.add_with_ids(vectors, ids)
        return index
    sample = training_size(n)
    pick = np.random.default_rng(0).choice(n, sample, replace=False) if sample < n else None
    ivf = new_ivf_index(vectors if pick is None else vectors[np.sort(pick)], n)
    for start in range(0, n, 200_000):
        ivf.add_with_ids(vectors[start : start + 200_000], ids[start : start + 200_000])
    return ivf


def pq_subquantizers(dim: int) -> int:
    """Sub-quantizers of the 4-bit product code: one per four dimensions (96 for 384-d, so 48
    bytes a vector), one per two or per dimension when ``dim`` does not divide by four."""
    per = next(p for p in (4, 2, 1) if dim % p == 0)
    return dim // per


def new_ivf_index(sample: np.ndarray, n: int) -> Any:
    """An empty IVF index with 4-bit product-quantisation codes for ``n`` vectors, trained on
    ``sample``.

    ``ivf_lists(n)`` lists found by spherical k-means, searched exactly; residuals coded with
    :func:`pq_subquantizers` 4-bit sub-quantizers (``IndexIVFPQFastScan``: 48 bytes per 384-d
    vector, an eighth of 8-bit codes, scanned with SIMD table look-ups); ``IVF_MAX_NPROBE``
    lists at most probed per query. Scores are approximate: callers re-score the candidates
    with the stored float32 vectors.
    """
    import faiss

    dim = sample.shape[1]
    lists = ivf_lists(n)
    quantizer: Any = faiss.IndexFlatIP(dim)
    ivf = faiss.IndexIVFPQFastScan(
        quantizer, dim, lists, pq_subquantizers(dim), 4, faiss.METRIC_INNER_PRODUCT
    )
    ivf.own_fields = True
    quantizer.this.disown()  # the IVF index frees it
    ivf.cp.niter = IVF_NITER
    ivf.cp.max_points_per_centroid = IVF_POINTS_PER_LIST
    ivf.cp.spherical = True
    log.info("training an IVF-PQ index with %d lists on %d vectors", lists, len(sample))
    ivf.train(np.ascontiguousarray(sample, dtype=np.float32))
    ivf.nprobe = file_nprobe(lists)
    return ivf


def write_file_index(index: Any, path: Path) -> None:
    """Write ``index`` to ``path`` atomically (a temporary file renamed over it)."""
    import faiss

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        faiss.write_index(index, str(tmp))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def file_nprobe(lists: int) -> int:
    """Lists the persisted IVF scans per query: an eighth of them (64 to 1,024).

    A fixed share keeps recall from falling as the store grows: with 128 of 8,192 lists at 10M
    synthetic vectors recall@10 after re-scoring was 0.46, with 1,024 0.82 (p95 7.7 ms wall on
    one thread; docs/scale.md).
    """
    return min(lists, FILE_MAX_NPROBE, max(IVF_MIN_NPROBE, lists // 8))


def read_file_index(path: Path, *, mmap: bool = True) -> Any:
    """A persisted index: memory-mapped and read-only by default, else fully loaded (to extend).

    Flat codes and 8-bit IVF lists (files written before the product codes) are mapped; faiss
    reads the block layout of 4-bit product codes into memory (54 MB at a million vectors).
    Never add to a memory-mapped index: faiss aborts the process on a write to read-only lists.
    """
    import faiss

    if not mmap:
        return faiss.read_index(str(path))
    with path.open("rb") as file:
        flat = file.read(4) == b"IxMp"  # an IndexIDMap over flat codes, else an IVF index
    # flat codes are mapped with IO_FLAG_MMAP_IFC, inverted lists with IO_FLAG_MMAP
    flags = faiss.IO_FLAG_MMAP_IFC if flat else faiss.IO_FLAG_MMAP
    index: Any = faiss.read_index(str(path), flags | faiss.IO_FLAG_READ_ONLY)
    if hasattr(index, "nprobe"):  # files written with an older search breadth get this one
        index.nprobe = file_nprobe(index.nlist)
    return index


def search_file_index(index: Any, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores and ids of the ``k`` nearest stored vectors per query row (-1 ids pad)."""
    queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
    k = min(k, int(index.ntotal))
    if k <= 0:
        empty = np.zeros((len(queries), 0))
        return empty.astype(np.float32), empty.astype(np.int64)
    with _one_thread():
        scores, ids = index.search(queries, k)
    return scores, ids
