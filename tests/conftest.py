"""Shared fixtures: the third-party data folder (skipped when absent) and the real models."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VERIFIER_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (third-party text, never committed); tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    return SHARED


@pytest.fixture(scope="session")
def seed_article(shared_dir: Path) -> Path:
    """The user's example article."""
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("no seed article in ../shared/seeds")
    return seeds[0]


@pytest.fixture(scope="session")
def real_embedder():
    """The real small embedding model, loaded once per session (offline, from its package)."""
    from verifier.retrieval.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once per session."""
    from verifier.nlp import load_spacy

    return load_spacy()
