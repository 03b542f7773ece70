"""Text keys for comparing page lines: normalised words, content-word stems, shingles."""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import lru_cache
from typing import Any

WORD = re.compile(r"\w+(?:['’]\w+)*")

_STOPWORD_LIST = (
    "a an the of to in on at for by with from and or but as is are was were be been has have "
    "had its it this that after before over into about says said say he she they their his "
    "her who which than more not will would could"
)
STOPWORDS = frozenset(_STOPWORD_LIST.split())


def normalise(text: str) -> str:
    """Lower case, unified quotes and dashes, words separated by single spaces."""
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = folded.translate(str.maketrans("‘’‛`´“”„", "'''''\"\"\"", ""))
    return " ".join(WORD.findall(folded))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a lower-case word."""
    return str(_stemmer().stemWord(word))


def content_words(text: str) -> set[str]:
    words = (w.split("'")[0] for w in normalise(text).split())
    return {stem(w) for w in words if w not in STOPWORDS and (len(w) > 2 or w.isdigit())}


def overlap(headline: str, body_words: set[str]) -> float:
    words = content_words(headline)
    return len(words & body_words) / len(words) if words else 0.0


def shingles(text: str, k: int = 4) -> set[int]:
    """Hashes of the word ``k``-grams of the normalised text (one hash for shorter texts)."""
    words = normalise(text).split()
    if len(words) < k:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {zlib.crc32(" ".join(words[i : i + k]).encode()) for i in range(len(words) - k + 1)}
