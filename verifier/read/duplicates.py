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
    MinHash LSH (datasketch), then the exact similarity decides. Groups and ids are sorted.
    """
    ids = list(dict.fromkeys(r.id for r in reports))
    if len(ids) < 2:
        return []
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
_BANDS, _ROWS = 63, 2  # pairs down to Jaccard ~0.2 usually become candidates


def _candidate_pairs(shingles: list[set[int]]) -> set[tuple[int, int]]:
    """Index pairs sharing a MinHash band (datasketch's LSH, fixed seed); identical shingle
    sets pair with their first copy only, so a flood of copies stays linear."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=_PERMUTATIONS, params=(_BANDS, _ROWS))
    empty = MinHash(num_perm=_PERMUTATIONS, seed=20250702, hashfunc=int)  # permutations made once
    first: dict[frozenset[int], int] = {}
    pairs: set[tuple[int, int]] = set()
    for doc, grams in enumerate(shingles):
        if not grams:
            continue
        key = frozenset(grams)
        if key in first:
            pairs.add((first[key], doc))
            continue
        first[key] = doc
        sketch = empty.copy()
        sketch.update_batch(grams)
        pairs.update((other, doc) for other in lsh.query(sketch))
        lsh.insert(doc, sketch)
    return pairs
