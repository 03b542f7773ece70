"""The fake embedder is deterministic and similarity-preserving; names resolve to packages."""

import numpy as np

from verifier.retrieval.embed import HashingEmbedder, resolve_model_path


def test_embed_hashing_is_deterministic_and_normalised():
    emb = HashingEmbedder()
    a = emb.embed_batch(["army says 80 militants killed", "army says 80 militants killed"])
    assert np.allclose(a[0], a[1])
    assert np.isclose(np.linalg.norm(a[0]), 1.0)


def test_embed_hashing_similar_texts_score_higher():
    emb = HashingEmbedder()
    v = emb.embed_batch(["army says 80 militants killed", "80 militants killed says army", "rain"])
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])


def test_embed_usual_name_resolves_to_packaged_copy():
    path = resolve_model_path("sentence-transformers/all-MiniLM-L6-v2")
    assert path.endswith("model")


def test_embed_loader_loads_once_per_name():
    from verifier.retrieval.embed import load_embedder

    first = load_embedder("hashing")
    assert load_embedder("hashing") is first
    assert load_embedder("hashing-64") is not first


class _Counting:
    """An embedder that records every batch it is asked to embed."""

    name = "counting"
    dim = 4

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def embed_batch(self, texts):
        self.batches.append(list(texts))
        return np.full((len(texts), self.dim), float(len(self.batches)), dtype=np.float32)


def test_embed_reusing_serves_given_vectors_and_embeds_the_rest_once():
    from verifier.retrieval.embed import ReusingEmbedder

    inner = _Counting()
    emb = ReusingEmbedder(inner)
    given = np.arange(8, dtype=np.float32).reshape(2, 4)
    emb.remember(["stored one", "stored two"], given)
    out = emb.embed_batch(["stored two", "new", "stored one", "new"])
    assert inner.batches == [["new"]]  # only the unknown text, once
    assert np.array_equal(out[0], given[1]) and np.array_equal(out[2], given[0])
    assert np.array_equal(out[1], out[3]) and out[1][0] == 1.0
    assert emb.embed_batch(["stored one"]).tolist() == [given[0].tolist()]
    assert len(inner.batches) == 1
    assert (emb.name, emb.dim) == ("counting", 4)


def test_embed_reusing_holds_only_the_most_recent_vectors():
    from verifier.retrieval.embed import ReusingEmbedder

    inner = _Counting()
    emb = ReusingEmbedder(inner, capacity=2)
    emb.remember(["a", "b"], np.zeros((2, 4), dtype=np.float32))
    emb.remember(["a"], np.zeros((1, 4), dtype=np.float32))  # "a" is now the most recent
    emb.remember(["c"], np.zeros((1, 4), dtype=np.float32))  # "b" goes
    emb.embed_batch(["a", "b", "c"])
    assert inner.batches == [["b"]]
