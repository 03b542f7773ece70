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
