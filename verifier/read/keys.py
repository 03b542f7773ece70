"""Text keys for comparing page lines: content-word stems and shingles of normalised text
(words and stopwords from :mod:`verifier.text`)."""

from __future__ import annotations

import zlib

from verifier.text import LINE_STOPWORDS, normalise


def stem(word: str) -> str:
    """Strip one inflection suffix (-ing, -ed, -es, -s): enough to match headline and body words
    (Snowball was measured and changes titles; docs/architecture.md)."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    words = (w.split("'")[0] for w in normalise(text).split())
    return {stem(w) for w in words if w not in LINE_STOPWORDS and (len(w) > 2 or w.isdigit())}


def overlap(headline: str, body_words: set[str]) -> float:
    words = content_words(headline)
    return len(words & body_words) / len(words) if words else 0.0


def shingles(text: str, k: int = 4) -> set[int]:
    """Hashes of the word ``k``-grams of the normalised text (one hash for shorter texts)."""
    words = normalise(text).split()
    if len(words) < k:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {zlib.crc32(" ".join(words[i : i + k]).encode()) for i in range(len(words) - k + 1)}
