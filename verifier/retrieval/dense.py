"""Dense candidates over a corpus store: a persisted faiss file plus an in-memory tail.

A file store keeps a faiss index of its sentence vectors next to it (``corpus.db`` ->
``corpus.db.vectors-<max id>.faiss``), labelled with sentence ids and read on open (flat codes
memory-mapped; IVF product codes, 48 bytes a vector, read in), so a process opening a store of
a million sentences reads about 60 MB instead of rebuilding the index. ``corpus_meta`` names
the file and the highest sentence id in it; sentences added later (the tail) are read from the
store into a small in-memory index and searched alongside. :meth:`StoreVectors.save` folds the
tail into a new file once it outgrows ``TAIL_LIMIT`` (or when no file exists yet), retraining
the lists when the store has grown fourfold since they were trained. Deleted sentences may
linger in the file: callers drop ids the store no longer has. ``":memory:"`` stores keep
everything in the tail.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np

from verifier.retrieval.vectors import (
    FLAT_LIMIT,
    DenseIndex,
    build_file_index,
    read_file_index,
    search_file_index,
    write_file_index,
)

log = logging.getLogger(__name__)

TAIL_LIMIT = 10_000  # sentences beyond the file before save() writes a new one
READ_CHUNK = 100_000


class StoreVectors:
    """Nearest sentence ids for a query vector, from the file (if any) and the tail."""

    def __init__(self, conn: sqlite3.Connection, dim: int, store: Path | None) -> None:
        self.conn = conn
        self.dim = dim
        self.store = store
        self._base: Any = None
        self.base_max_id = 0
        self._load_base()
        ids, vectors = self._read_vectors(self.base_max_id)
        self._tail = DenseIndex(dim)
        self._tail_ids = ids
        if len(ids):
            self._tail.add(vectors)

    # --- the file ---

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM corpus_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def file(self) -> Path | None:
        """The persisted index file this store names (None: none yet, or an in-memory store)."""
        name = self._meta("vectors_file")
        return None if self.store is None or name is None else self.store.parent / name

    def _load_base(self) -> None:
        file = self.file
        if file is None:
            return
        try:
            self._base = read_file_index(file)
        except (OSError, RuntimeError) as exc:  # replaced by another process, or damaged
            log.warning("vector index %s unreadable (%s); searching the store's vectors", file, exc)
            return
        self.base_max_id = int(self._meta("vectors_max_id") or 0)

    def _read_vectors(self, after: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids and vectors of the stored sentences with an id above ``after``."""
        count = int(
            self.conn.execute("SELECT count(*) FROM sentences WHERE id > ?", (after,)).fetchone()[0]
        )
        ids = np.zeros(count, dtype=np.int64)
        vectors = np.zeros((count, self.dim), dtype=np.float32)
        rows = self.conn.execute(
            "SELECT id, vector FROM sentences WHERE id > ? ORDER BY id", (after,)
        )
        for row, (sid, blob) in enumerate(rows):
            if row == count:  # a writer added rows since the count
                break
            ids[row] = sid
            vectors[row] = np.frombuffer(blob, dtype=np.float32)
        return ids, vectors

    # --- reading ---

    def __len__(self) -> int:
        return (0 if self._base is None else int(self._base.ntotal)) + len(self._tail_ids)

    @property
    def kind(self) -> str:
        """How the bulk of the vectors is searched: ``file-flat``, ``file-ivf`` or ``memory``."""
        if self._base is None:
            return "memory"
        return "file-ivf" if hasattr(self._base, "nprobe") else "file-flat"

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Up to ``k`` (sentence id, approximate score) pairs, best first (ids may be deleted)."""
        found: list[tuple[int, float]] = []
        if self._base is not None:
            scores, ids = search_file_index(self._base, vector, k)
            found += [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
        if len(self._tail_ids):
            scores, positions = self._tail.search(vector, k)
            found += [
                (int(self._tail_ids[p]), float(s))
                for p, s in zip(positions[0], scores[0], strict=True)
                if p >= 0
            ]
        found.sort(key=lambda pair: -pair[1])
        return found[:k]

    # --- writing ---

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Sentences just written to the store join the tail."""
        if len(ids):
            self._tail.add(vectors)
            self._tail_ids = np.concatenate([self._tail_ids, np.asarray(ids, dtype=np.int64)])

    def save(self, *, force: bool = False) -> bool:
        """Write the tail into the store's vector file when due (or ``force``); True if written."""
        if self.store is None or not len(self._tail_ids):
            return False
        if self._base is not None and len(self._tail_ids) < TAIL_LIMIT and not force:
            return False
        old = self.file
        total = int(self.conn.execute("SELECT count(*) FROM sentences").fetchone()[0])
        trained_for = int(self._meta("vectors_trained_for") or 0)
        regrow = self._base is None or total > 4 * trained_for
        regrow = regrow or (trained_for < FLAT_LIMIT <= total)  # flat grew into IVF range
        if regrow:
            ids, vectors = self._read_vectors(0)
            index = build_file_index(vectors, ids)
            trained_for = len(ids)
        else:
            assert old is not None
            index = read_file_index(old, mmap=False)
            ids, vectors = self._read_vectors(self.base_max_id)
            index.add_with_ids(vectors, ids)
        max_id = int(ids.max()) if len(ids) else self.base_max_id
        file = self.store.with_name(f"{self.store.name}.vectors-{max_id}.faiss")
        write_file_index(index, file)
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO corpus_meta (key, value) VALUES (?, ?)",
                [
                    ("vectors_file", file.name),
                    ("vectors_max_id", str(max_id)),
                    ("vectors_trained_for", str(trained_for)),
                ],
            )
        if old is not None and old != file:
            old.unlink(missing_ok=True)  # processes that mapped it keep their mapping
        log.info("vector index %s: %d vectors", file, int(index.ntotal))
        del index
        self._base, self.base_max_id = read_file_index(file), max_id
        self._tail = DenseIndex(self.dim)
        self._tail_ids = np.zeros(0, dtype=np.int64)
        return True
