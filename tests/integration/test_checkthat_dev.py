"""CheckThat! 2022 task 2A on the Dev split with the real model (queries' own claims + distractors).

The full 14k-claim evaluation is ``verifier eval retrieval --checkthat`` (docs/retrieval.md);
here the relevant claims of 100 Dev queries are mixed with 1,500 other claims to keep it short.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from verifier.evaluate.checkthat import (
    VClaimRanker,
    read_qrels,
    read_queries,
    read_vclaims,
    score,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def checkthat(shared_dir: Path) -> Path:
    folder = shared_dir / "eval" / "checkthat2022"
    if not (folder / "vclaims.jsonl").exists():
        pytest.skip("CheckThat! 2022 files are absent")
    return folder


def test_checkthat_dev_hybrid_ranking_is_accurate(checkthat: Path, real_embedder) -> None:
    qrels = read_qrels(checkthat / "CT2022-Task2A-EN-Dev_QRELs.tsv")
    qids = sorted(qrels)[:100]
    qrels = {q: qrels[q] for q in qids}
    queries = read_queries(checkthat / "CT2022-Task2A-EN-Train-Dev_Queries.tsv")
    vclaims = read_vclaims(checkthat / "vclaims.jsonl")
    relevant = set().union(*qrels.values())
    others = [v for v in vclaims if v.id not in relevant]
    pool = [v for v in vclaims if v.id in relevant] + random.Random(0).sample(others, 1500)
    ranker = VClaimRanker(pool, real_embedder)
    result = score(ranker.rank({q: queries[q] for q in qids}), qrels)
    assert result["map@5"] >= 0.9
    assert result["recall@5"] >= result["map@5"] - 1e-9
