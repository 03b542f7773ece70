"""Near-duplicate reports: syndicated copies of one wire story count once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from verifier.model import Report
from verifier.read.clean import body_text
from verifier.read.keys import shingles


def near_duplicate_groups(reports: Sequence[Report], threshold: float = 0.8) -> list[list[str]]:
    """Groups (two or more ids) of reports that are copies of one story, e.g. syndicated wire copy.

    Similarity is the Jaccard index of word 4-gram shingles of the cleaned body, so outlet
    headers, footers and related lists do not count; a short copy wholly contained in a longer
    one (overlap >= 0.9 of the shorter, at least 20 shingles) also counts. Candidates come from
    MinHash LSH (:func:`candidate_pairs`), then the exact similarity decides. Groups and ids are
    sorted.
    """
    return duplicate_index(reports, threshold).groups


@dataclass(frozen=True)
class DuplicateIndex:
    """A corpus's near-duplicate groups and every report's MinHash band keys, so that a new
    article's copies in it are found without going over the corpus again (:func:`copies_in`)."""

    ids: tuple[str, ...]
    keys: np.ndarray  # (len(ids), BANDS) band keys; a report with an empty body has zeros
    groups: list[list[str]]
    threshold: float


def duplicate_index(reports: Sequence[Report], threshold: float = 0.8) -> DuplicateIndex:
    """:func:`near_duplicate_groups` of ``reports``, with their band keys kept."""
    ids = list(dict.fromkeys(r.id for r in reports))
    by_id = {r.id: r for r in reports}
    grams = [shingles(body_text(by_id[i])) for i in ids]
    filled = [i for i, g in enumerate(grams) if g]
    signatures = np.zeros((len(ids), PERMUTATIONS), dtype=np.uint64)
    if filled:
        signatures[filled] = _signatures([grams[i] for i in filled])
    keys = _band_keys(signatures)
    keys[[i for i, g in enumerate(grams) if not g]] = 0
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in candidate_pairs(grams, signatures) if len(ids) > 1 else ():
        if find(a) != find(b) and _similar(grams[a], grams[b], threshold):
            parent[find(a)] = find(b)
    groups: dict[int, list[str]] = {}
    for i, rid in enumerate(ids):
        groups.setdefault(find(i), []).append(rid)
    found = sorted(sorted(g) for g in groups.values() if len(g) > 1)
    return DuplicateIndex(tuple(ids), keys, found, threshold)


def copies_in(
    index: DuplicateIndex, article: Report, read: Callable[[list[str]], Sequence[Report]]
) -> list[str]:
    """Ids of the reports of ``index`` that are near-duplicates of ``article`` (same rule as
    :func:`near_duplicate_groups`); ``read`` gives the reports of candidate ids."""
    grams = shingles(body_text(article))
    if not grams or not index.ids:
        return []
    keys = _band_keys(_signatures([grams]))[0]
    rows = np.flatnonzero((index.keys == keys).any(axis=1))
    candidates = read([index.ids[i] for i in rows.tolist()])
    return sorted(
        r.id
        for r in candidates
        if _similar(grams, shingles(body_text(r)), index.threshold) and r.id != article.id
    )


def _similar(a: set[int], b: set[int], threshold: float) -> bool:
    if not a or not b:
        return False
    shared = len(a & b)
    if shared / (len(a) + len(b) - shared) >= threshold:
        return True
    smaller = min(len(a), len(b))
    return smaller >= 20 and shared / smaller >= 0.9


PERMUTATIONS = 126
BANDS, ROWS = 63, 2  # pairs down to Jaccard ~0.2 usually become candidates
SEED = 20250702
FULL_BUCKET = 16  # a band bucket larger than this pairs each member with two others only
_BATCH = 50_000  # shingles hashed at once (a 126 x 50,000 array of 32-bit values: 25 MB)


def candidate_pairs(
    shingles: list[set[int]], signatures: np.ndarray | None = None
) -> list[tuple[int, int]]:
    """Index pairs ``(a, b)``, ``a < b``, sorted, that may be near-duplicates: identical shingle
    sets pair with their first copy only; other sets pair when they share a MinHash band
    (datasketch signatures; 63 bands of 2 rows, banded here with numpy).

    The work stays linear in the input: a band bucket of up to :data:`FULL_BUCKET` sets pairs all
    its members (the pairs ``datasketch.MinHashLSH`` would give); a larger one, a flood of similar
    texts, pairs each member with the bucket's first and with the one before it, so every
    member still joins its copies through the chain. Empty sets pair with nothing.
    ``signatures`` (one row per set, when already computed) saves hashing them again.
    """
    first: dict[frozenset[int], int] = {}
    copies: list[int] = []  # codes a * n + b of the pairs found, n the number of sets
    distinct: list[int] = []
    n = len(shingles)
    for doc, grams in enumerate(shingles):
        if not grams:
            continue
        key = frozenset(grams)
        if key in first:
            copies.append(first[key] * n + doc)
        else:
            first[key] = doc
            distinct.append(doc)
    codes = [np.asarray(copies, dtype=np.int64)]
    if len(distinct) > 1:
        rows = np.asarray(distinct, dtype=np.int64)
        found = (
            signatures[distinct]
            if signatures is not None
            else _signatures([shingles[d] for d in distinct])
        )
        keys = _band_keys(found)
        for band in keys.T:
            lower, upper = _bucket_pairs(band)
            codes.append(rows[lower] * n + rows[upper])
    lower, upper = np.divmod(np.unique(np.concatenate(codes)), n)
    return list(zip(lower.tolist(), upper.tolist(), strict=True))


def _signatures(sets: list[set[int]]) -> np.ndarray:
    """One row of MinHash values per (non-empty) set: datasketch, fixed seed, batched hashing."""
    from datasketch import MinHash

    sketch = MinHash(num_perm=PERMUTATIONS, seed=SEED, hashfunc=int)  # permutations made once
    out = np.empty((len(sets), PERMUTATIONS), dtype=np.uint64)
    for row, grams in enumerate(sets):
        sketch.clear()
        values = list(grams)
        for start in range(0, len(values), _BATCH):
            sketch.update_batch(values[start : start + _BATCH])
        out[row] = sketch.hashvalues
    return out


def _band_keys(signatures: np.ndarray) -> np.ndarray:
    """One 64-bit key per set and band: the band's two 32-bit MinHash values side by side."""
    bands = signatures.reshape(len(signatures), BANDS, ROWS)
    return (bands[:, :, 0] << np.uint64(32)) | bands[:, :, 1]


def _bucket_pairs(band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (lower, upper) sharing a key in one band, at most ``FULL_BUCKET - 1`` pairs
    per row: all pairs of a small bucket, first-and-previous in a full one."""
    n = len(band)
    order = np.argsort(band, kind="stable")  # equal keys keep row order
    ordered = band[order]
    opens = np.r_[True, ordered[1:] != ordered[:-1]]
    starts = np.flatnonzero(opens)
    start = starts[np.cumsum(opens) - 1]  # position of each position's bucket start
    size = np.diff(np.r_[starts, n])[np.cumsum(opens) - 1]
    position = np.arange(n)
    small = size <= FULL_BUCKET
    lower = [order[start[~small]]]  # a full bucket: its first member ...
    upper = [order[position[~small]]]
    widest = int(size.max())
    for back in range(1, min(widest, FULL_BUCKET)):  # ... and the one before (all, if small)
        take = (position - back >= start) & (small | (back == 1))
        lower.append(order[position[take] - back])
        upper.append(order[position[take]])
    lower_rows, upper_rows = np.concatenate(lower), np.concatenate(upper)
    keep = lower_rows != upper_rows  # a full bucket's first member is not its own pair
    return lower_rows[keep], upper_rows[keep]
