"""Near-duplicate candidates: the numpy banding finds datasketch's LSH pairs, and a flood of
similar texts stays linear (bounded pairs per text) while its copies still group."""

from __future__ import annotations

import random
from collections import Counter

from datasketch import MinHash, MinHashLSH

from verifier.model import Report
from verifier.read import duplicates
from verifier.read.duplicates import candidate_pairs, near_duplicate_groups
from verifier.read.keys import shingles


def _lsh_pairs(sets: list[set[int]]) -> set[tuple[int, int]]:
    """The pairs of datasketch's own MinHashLSH (same seed, permutations and bands)."""
    lsh = MinHashLSH(num_perm=duplicates.PERMUTATIONS, params=(duplicates.BANDS, duplicates.ROWS))
    empty = MinHash(num_perm=duplicates.PERMUTATIONS, seed=duplicates.SEED, hashfunc=int)
    first: dict[frozenset[int], int] = {}
    pairs: set[tuple[int, int]] = set()
    for doc, grams in enumerate(sets):
        if not grams:
            continue
        if frozenset(grams) in first:
            pairs.add((first[frozenset(grams)], doc))
            continue
        first[frozenset(grams)] = doc
        sketch = empty.copy()
        sketch.update_batch(list(grams))
        pairs.update((other, doc) for other in lsh.query(sketch))
        lsh.insert(doc, sketch)
    return pairs


def _sets(seed: int, n: int, vocabulary: int) -> list[set[int]]:
    """Random shingle sets with edited copies, exact copies and empty sets among them."""
    rng = random.Random(seed)
    words = [rng.randrange(2**32) for _ in range(vocabulary)]
    out: list[set[int]] = []
    for _ in range(n):
        roll = rng.random()
        if out and roll < 0.3:
            copy = set(rng.choice(out))
            for _ in range(rng.randint(0, 4)):
                copy.discard(min(copy, default=0))
                copy.add(rng.randrange(2**32))
            out.append(copy)
        elif roll < 0.35:
            out.append(set())
        else:
            out.append(set(rng.sample(words, rng.randint(1, 40))))
    return out


def test_duplicates_candidates_match_datasketch_lsh_when_buckets_are_small():
    sets = _sets(seed=3, n=400, vocabulary=5000)
    keys = duplicates._band_keys(duplicates._signatures([s for s in sets if s]))
    biggest = max(Counter(band.tolist()).most_common(1)[0][1] for band in keys.T)
    assert 2 < biggest <= duplicates.FULL_BUCKET  # the premise: shared buckets, none full
    pairs = candidate_pairs(sets)
    assert pairs == sorted(pairs) and all(a < b for a, b in pairs)
    assert set(pairs) == _lsh_pairs(sets)


def test_duplicates_full_buckets_keep_a_subset_of_lsh_pairs_bounded_per_set():
    sets = _sets(seed=5, n=600, vocabulary=300)  # a small vocabulary: crowded buckets
    pairs = set(candidate_pairs(sets))
    reference = _lsh_pairs(sets)
    assert pairs <= reference
    assert len(pairs) < len(reference)  # crowded buckets were cut ...
    per_band = duplicates.FULL_BUCKET - 1
    assert len(pairs) <= len(sets) * duplicates.BANDS * per_band  # ... to a linear bound


def test_duplicates_flood_of_templated_lines_is_linear_and_groups_true_copies():
    lines = [f"The army said {n} militants were killed near Mopti on Tuesday." for n in range(3000)]
    pairs = candidate_pairs([shingles(line) for line in lines])
    assert len(pairs) < 20 * len(lines)  # all pairs would be 4.5 million
    story = " ".join(f"word{i % 97} town{i % 13}" for i in range(300))
    copies = [story.replace("word5 ", f"word{n}x ", 1) for n in range(40)]
    reports = [Report(id=f"t{n}", text=t) for n, t in enumerate(lines[:500])]
    reports += [Report(id=f"c{n}", text=t) for n, t in enumerate(copies)]
    groups = near_duplicate_groups(reports)
    assert groups == [sorted(f"c{n}" for n in range(40))]
