"""Near-duplicate reports: syndicated copies of one wire story count once."""

from __future__ import annotations

from collections.abc import Sequence

from verifier.model import Report
from verifier.read.clean import body_text
from verifier.read.keys import shingles


def near_duplicate_groups(reports: Sequence[Report], threshold: float = 0.8) -> list[list[str]]:
    """Groups (two or more ids) of reports that are copies of one story, e.g. syndicated wire copy.

    Similarity is the Jaccard index of word 4-gram shingles of the cleaned body, so outlet
    headers, footers and related lists do not count; a short copy wholly contained in a longer
    one (overlap >= 0.9 of the shorter, at least 20 shingles) also counts. Candidates come from
    MinHash banding, then the exact similarity decides. Groups and ids are sorted.
    """
    ids = list(dict.fromkeys(r.id for r in reports))
    by_id = {r.id: r for r in reports}
    grams = [shingles(body_text(by_id[i])) for i in ids]
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in _candidate_pairs(grams):
        if find(a) != find(b) and _similar(grams[a], grams[b], threshold):
            parent[find(a)] = find(b)
    groups: dict[int, list[str]] = {}
    for i, rid in enumerate(ids):
        groups.setdefault(find(i), []).append(rid)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


def _similar(a: set[int], b: set[int], threshold: float) -> bool:
    if not a or not b:
        return False
    shared = len(a & b)
    if shared / len(a | b) >= threshold:
        return True
    smaller = min(len(a), len(b))
    return smaller >= 20 and shared / smaller >= 0.9


_PERMUTATIONS = 126
_ROWS = 3  # 42 bands of 3 rows: pairs down to Jaccard ~0.3 usually become candidates
_PRIME = (1 << 61) - 1


def _candidate_pairs(shingles: list[set[int]]) -> set[tuple[int, int]]:
    """Index pairs sharing a MinHash band (deterministic seeds)."""
    import numpy as np

    rng = np.random.default_rng(20250702)
    a = rng.integers(1, 1 << 31, _PERMUTATIONS, dtype=np.uint64)
    b = rng.integers(0, 1 << 31, _PERMUTATIONS, dtype=np.uint64)
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for doc, grams in enumerate(shingles):
        if not grams:
            continue
        x = np.fromiter(grams, dtype=np.uint64, count=len(grams))
        sig = ((np.outer(x, a) + b) % np.uint64(_PRIME)).min(axis=0)
        for band in range(_PERMUTATIONS // _ROWS):
            key = (band, sig[band * _ROWS : (band + 1) * _ROWS].tobytes())
            buckets.setdefault(key, []).append(doc)
    pairs: set[tuple[int, int]] = set()
    for docs in buckets.values():
        for i, first in enumerate(docs):
            pairs.update((first, second) for second in docs[i + 1 :])
    return pairs
