"""CheckThat! 2A readers, metrics, query cleaning and the hybrid ranker (with the fake embedder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verifier.cli import main
from verifier.errors import UserError
from verifier.evaluate.checkthat import (
    BM25,
    VClaim,
    VClaimRanker,
    average_precision,
    clean_query,
    evaluate,
    read_qrels,
    read_queries,
    read_vclaims,
    score,
)
from verifier.retrieval.embed import HashingEmbedder

VCLAIMS = [
    {"vclaim_id": "v-oreo", "vclaim": "Oreo released cookies with a pop singer.", "title": "Oreo"},
    {"vclaim_id": "v-moon", "vclaim": "The moon landing was filmed in a studio.", "title": "Moon"},
    {"vclaim_id": "v-tax", "vclaim": "The governor raised the fuel tax by 40 cents.", "title": ""},
]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    vclaims = tmp_path / "vclaims.jsonl"
    vclaims.write_text("\n".join(json.dumps(v) for v in VCLAIMS) + "\n")
    queries = tmp_path / "queries.tsv"
    queries.write_text(
        "q1\tNew Oreo cookies with a pop singer drop today! pic.twitter.com/abc — Oreo (@Oreo) "
        "January 28, 2021\n"
        'q2\t"They say ""the moon landing"" was filmed in a studio https://t.co/x"\n'
        "q3\tThe governor raised the fuel tax again\n"
    )
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("q1\t0\tv-oreo\t1\nq2\t0\tv-moon\t1\n")
    return {"vclaims": vclaims, "queries": queries, "qrels": qrels}


def test_checkthat_readers_parse_the_official_formats(files: dict[str, Path]) -> None:
    vclaims = read_vclaims(files["vclaims"])
    assert vclaims[0] == VClaim("v-oreo", "Oreo released cookies with a pop singer.", "Oreo", "")
    queries = read_queries(files["queries"])
    assert queries["q2"] == 'They say "the moon landing" was filmed in a studio https://t.co/x'
    assert read_qrels(files["qrels"]) == {"q1": {"v-oreo"}, "q2": {"v-moon"}}


def test_checkthat_readers_reject_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"vclaim": "no id"}\n')
    with pytest.raises(UserError, match=r"bad\.jsonl:1"):
        read_vclaims(bad)
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("q1 0 v1\n")
    with pytest.raises(UserError, match=r"qrels\.tsv:1"):
        read_qrels(qrels)
    with pytest.raises(UserError, match="cannot read"):
        read_queries(tmp_path / "missing.tsv")


def test_checkthat_metrics_follow_the_task_definition() -> None:
    assert average_precision(["a", "b", "c"], {"b", "c"}, 3) == pytest.approx((1 / 2 + 2 / 3) / 2)
    assert average_precision(["a", "b"], {"b"}, 1) == 0.0
    rankings = {"q1": ["a", "b", "c"], "q2": ["x", "y", "z"], "q3": ["m"]}
    qrels = {"q1": {"b"}, "q2": {"q"}, "q4": {"n"}}
    result = score(rankings, qrels)  # q3 has no qrels, q4 no ranking: both skipped
    assert result == {"map@1": 0.0, "map@3": 0.25, "map@5": 0.25, "recall@5": 0.5}


def test_checkthat_clean_query_drops_links_and_date_keeps_author() -> None:
    text = "Cookies drop today! https://t.co/x pic.twitter.com/abc — Oreo (@Oreo) January 28, 2021"
    assert clean_query(text) == "Cookies drop today! — Oreo (@Oreo)"


def test_checkthat_bm25_prefers_rare_shared_terms() -> None:
    bm25 = BM25(["fuel tax rises", "the moon landing", "moon cheese is tasty"])
    scores = bm25.scores("was the moon landing staged")
    assert scores.argmax() == 1 and scores[0] == 0.0
    assert not bm25.scores("unknownword").any()


def test_checkthat_ranker_and_evaluate(files: dict[str, Path]) -> None:
    ranker = VClaimRanker(read_vclaims(files["vclaims"]), HashingEmbedder())
    ranked = ranker.rank(read_queries(files["queries"]), depth=2)
    assert ranked["q1"][0] == "v-oreo" and ranked["q3"][0] == "v-tax"
    result = evaluate(files["vclaims"], files["queries"], files["qrels"], HashingEmbedder())
    assert result["map@5"] == 1.0 and result["recall@5"] == 1.0


def test_checkthat_cli_json(files: dict[str, Path], capsys, tmp_path: Path) -> None:
    args = ["eval", "retrieval", "--checkthat", "--model", "hashing", "--json"]
    args += ["--vclaims", str(files["vclaims"]), "--queries", str(files["queries"])]
    args += ["--qrels", str(files["qrels"]), "--cache", str(tmp_path / "cache")]
    main(args)
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"map@1", "map@3", "map@5", "recall@5"} and out["map@5"] == 1.0
    assert list((tmp_path / "cache").glob("*.npy"))


def test_checkthat_cli_needs_the_format_flag(files: dict[str, Path], capsys) -> None:
    args = ["eval", "retrieval", "--vclaims", str(files["vclaims"])]
    args += ["--queries", str(files["queries"]), "--qrels", str(files["qrels"])]
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2 and "--checkthat" in capsys.readouterr().err
