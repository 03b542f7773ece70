"""Embed what matters? Retrieval when only "newsworthy" texts get a vector (CheckThat! 2A Dev).

``python -m benchmarks.embed_selection --data ../shared/eval/checkthat2022 --cache /tmp/ct``
ranks the Dev queries over the verified claims as ``verifier eval retrieval`` does, then again
with vectors only for the verified claims a cheap rule keeps (a figure, a capitalised name
after the first word, or an attribution cue), the others scored by BM25 alone, and prints the
share kept and MAP@5 / recall@5 of both. Embeddings come from the ``--cache`` the eval command
fills (run it first with the same folder). Not a timed test.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np

CUE = re.compile(r"\b(said|says|say|told|claimed|claims|according|reported|announced)\b", re.I)
FIGURE = re.compile(r"\d")
NAME = re.compile(r"\s[A-Z][a-z]+")


def matters(text: str) -> bool:
    """A figure, a capitalised name after the first word, or an attribution cue."""
    return bool(FIGURE.search(text) or NAME.search(text) or CUE.search(text))


def main() -> None:
    from verifier.evaluate.checkthat import (
        VClaimRanker,
        read_qrels,
        read_queries,
        read_vclaims,
        score,
    )
    from verifier.retrieval.embed import load_embedder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/eval/checkthat2022"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/ct"))
    args = parser.parse_args()
    qrels = read_qrels(args.data / "CT2022-Task2A-EN-Dev_QRELs.tsv")
    queries = read_queries(args.data / "CT2022-Task2A-EN-Train-Dev_Queries.tsv")
    queries = {q: t for q, t in queries.items() if q in qrels}
    ranker = VClaimRanker(
        read_vclaims(args.data / "vclaims.jsonl"), load_embedder(), cache=args.cache
    )
    full = score(ranker.rank(queries), qrels)
    keep = np.array([matters(v.vclaim) for v in ranker.vclaims])
    ranker.vectors["vclaim"] = ranker.vectors["vclaim"] * keep[:, None]  # no vector: cosine 0
    some = score(ranker.rank(queries), qrels)
    print(f"verified claims kept for embedding: {keep.mean():.3f} of {len(keep)}")
    for name, result in (("all embedded", full), ("rule-selected only", some)):
        print(f"{name:<20} MAP@5 {result['map@5']:.4f}  recall@5 {result['recall@5']:.4f}")


if __name__ == "__main__":
    main()
