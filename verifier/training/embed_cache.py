"""An on-disk cache of sentence embeddings keyed by text hash, for repeated training runs."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from verifier.retrieval.embed import Embedder

log = logging.getLogger(__name__)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class CachedEmbed:
    """An Embedder (also callable) that embeds only texts missing from ``cache_dir``."""

    def __init__(self, embedder: Embedder, cache_dir: Path, chunk: int = 2048) -> None:
        self.embedder = embedder
        self.name = embedder.name
        self.dim = embedder.dim
        self.path = cache_dir / f"{embedder.name.replace('/', '_')}.npz"
        self.chunk = chunk
        self.index: dict[str, int] = {}
        self.vectors = np.zeros((0, embedder.dim), dtype=np.float32)
        if self.path.is_file():
            data = np.load(self.path)
            self.vectors = data["vectors"]
            self.index = {k: i for i, k in enumerate(data["keys"].tolist())}
        log.info("embedding cache %s: %d vectors", self.path, len(self.index))

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_batch(texts)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of the texts, embedding (and caching) the missing ones."""
        missing = list(dict.fromkeys(t for t in texts if _key(t) not in self.index))
        for start in range(0, len(missing), self.chunk):
            part = missing[start : start + self.chunk]
            self._add(part, self.embedder.embed_batch(part))
            log.info("embedded %d/%d new texts", start + len(part), len(missing))
        return self.vectors[[self.index[_key(t)] for t in texts]]

    def _add(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        for text in texts:
            self.index[_key(text)] = len(self.index)
        self.vectors = np.concatenate([self.vectors, vectors.astype(np.float32)])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(sorted(self.index, key=self.index.__getitem__))
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vectors=self.vectors)
        tmp.replace(self.path)
