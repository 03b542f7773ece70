"""The corpus index: idempotent adds, offsets, exclusion, model pinning, store safety."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from verifier.errors import UserError
from verifier.model import Claim, Report
from verifier.retrieval.embed import HashingEmbedder
from verifier.retrieval.index import CorpusIndex
from verifier.retrieval.records import LEXICAL_WEIGHT, fts_query, fuse, stored_model_name
from verifier.retrieval.vectors import DenseIndex

A = Report(
    id="a",
    text="Army says 80 militants killed in Boulkessi.\n\n"
    "Residents said about 30 people died on Tuesday. The toll could not be verified.",
    outlet="Outlet A",
)
B = Report(id="b", text="JNIM claimed it took three barracks near Timbuktu. The army denied it.")
C = Report(id="c", text="Heavy rain flooded the market in Bamako on Monday.")


class CountingEmbedder(HashingEmbedder):
    """The hashing fake that remembers every text it embedded."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return super().embed_batch(texts)


class FirstSentenceClaims:
    """A fake claim extractor: the first sentence of each report, no speaker."""

    def extract_many(self, reports: Iterable[Report]) -> Iterator[tuple[Report, list[Claim]]]:
        for report in reports:
            end = report.text.index(".") + 1
            sentence = report.span(0, end)
            yield report, [Claim(report, sentence, sentence, text=sentence.text)]


@pytest.fixture
def index() -> Iterator[CorpusIndex]:
    with CorpusIndex.open(":memory:", HashingEmbedder()) as idx:
        idx.add_reports([A, B, C], extract_claims=False)
        yield idx


def test_index_add_is_idempotent(index: CorpusIndex) -> None:
    before = len(index)
    stats = index.add_reports([A, B, C], extract_claims=False)
    assert (stats.reports_added, stats.reports_skipped, stats.sentences) == (0, 3, 0)
    assert len(index) == before == 6
    assert [r.id for r in index.reports()] == ["a", "b", "c"]


def test_index_grown_corpus_embeds_only_new_reports() -> None:
    embedder = CountingEmbedder()
    with CorpusIndex.open(":memory:", embedder) as idx:
        idx.add_reports([A, B], extract_claims=False)
        embedder.seen.clear()
        stats = idx.add_reports([A, B, C], extract_claims=False)
    assert stats.reports_added == 1 and stats.reports_skipped == 2
    assert embedder.seen == [C.text]


def test_index_changed_text_replaces_report(index: CorpusIndex) -> None:
    new_b = Report(id="b", text="The governor opened a new bridge.")
    stats = index.add_reports([new_b], extract_claims=False)
    assert stats.reports_replaced == 1
    assert index.report("b").text == new_b.text
    assert [s.text for s in index.sentences("b")] == [new_b.text]
    hits = index.search("barracks Timbuktu", k=10)
    assert all("barracks" not in h.sentence.text for h in hits)  # old FTS rows are gone
    assert index.search("governor bridge", k=1)[0].sentence.text == new_b.text


def test_index_sentence_offsets_are_valid(index: CorpusIndex) -> None:
    for report in index.reports():
        spans = index.sentences(report.id)
        assert spans
        for span in spans:
            assert span.text == report.text[span.start : span.end]
            assert span.text == span.text.strip() and span.text
    assert [s.text for s in index.sentences("a")] == [
        "Army says 80 militants killed in Boulkessi.",
        "Residents said about 30 people died on Tuesday.",
        "The toll could not be verified.",
    ]


def test_index_search_finds_the_matching_sentence(index: CorpusIndex) -> None:
    hits = index.search("how many militants were killed in Boulkessi", k=3)
    top = hits[0]
    assert top.report.id == "a" and top.sentence.text.startswith("Army says 80 militants")
    assert top.lexical > 0 and top.dense > 0.3
    assert hits == sorted(hits, key=lambda h: -h.score)
    assert len(hits) == 3


def test_index_search_excludes_report_ids(index: CorpusIndex) -> None:
    hits = index.search("militants killed", k=10, exclude_report_ids=["a"])
    assert hits and all(h.report.id != "a" for h in hits)
    assert {h.report.id for h in hits} == {"b", "c"}


def test_index_search_many_matches_single_search(index: CorpusIndex) -> None:
    queries = ["barracks", "rain in Bamako"]
    batched = index.search_many(queries, k=2)
    assert [[h.sentence for h in hits] for hits in batched] == [
        [h.sentence for h in index.search(q, k=2)] for q in queries
    ]


def test_index_query_syntax_is_data(index: CorpusIndex) -> None:
    query = 'NOT "army" OR (barracks* AND -) NEAR/2 ^'
    assert fts_query(query) == '"army" OR "barracks" OR "near" OR "2"'
    assert index.search(query, k=2)  # no FTS5 syntax error
    assert index.search("the of and", k=2)  # stop words only: dense side still answers


def test_index_fuse_adds_normalised_bm25_to_cosine() -> None:
    fused = fuse({1: 0.5, 2: 0.55, 3: 0.2}, {1: 8.0, 3: 2.0})
    assert fused[1] == pytest.approx(0.5 + LEXICAL_WEIGHT)
    assert fused[3] == pytest.approx(0.2 + LEXICAL_WEIGHT / 4)
    assert fused[2] == 0.55 and fused[1] > fused[2]  # a shared rare term outranks a near tie
    assert fuse({1: 0.4}, {}) == {1: 0.4}


def test_index_claims_round_trip() -> None:
    with CorpusIndex.open(
        ":memory:", HashingEmbedder(), claim_extractor=FirstSentenceClaims()
    ) as idx:
        stats = idx.add_reports([A, B])
        claims = idx.claims_for_report("b")
    assert stats.claims == 2
    assert [c.text for c in claims] == ["JNIM claimed it took three barracks near Timbuktu."]
    assert claims[0].report == B and claims[0].id == "b:0-50"


def test_index_claims_added_later_for_reports_indexed_without() -> None:
    with CorpusIndex.open(
        ":memory:", HashingEmbedder(), claim_extractor=FirstSentenceClaims()
    ) as idx:
        idx.add_reports([A], extract_claims=False)
        assert idx.claims_for_report("a") == []
        stats = idx.add_reports([A])
        assert (stats.reports_skipped, stats.claims, stats.sentences) == (1, 1, 0)
        assert len(idx.claims_for_report("a")) == 1


def test_index_progress_reaches_the_total(index: CorpusIndex) -> None:
    calls: list[tuple[int, int]] = []
    more = [C, Report(id="d", text="One more.")]
    index.add_reports(more, lambda done, total: calls.append((done, total)), extract_claims=False)
    assert calls and calls[-1] == (2, 2)


def test_index_reopen_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    with CorpusIndex.open(path, HashingEmbedder()) as idx:
        idx.add_reports([A, B], extract_claims=False)
    with CorpusIndex.open(path, HashingEmbedder()) as idx:
        assert len(idx) == 5 and idx.report("a") == A
        assert idx.search("three barracks", k=1)[0].report.id == "b"
        assert idx.add_reports([A, B], extract_claims=False).reports_skipped == 2
    assert stored_model_name(path) == "hashing-256"
    migrations = _migrations(path)
    assert ("corpus", "m001_initial") in migrations


def _migrations(path: Path) -> set[tuple[str, str]]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return {(r[0], r[1]) for r in conn.execute("SELECT component, name FROM _migrations")}
    finally:
        conn.close()


def test_index_refuses_another_embedding_model(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    with CorpusIndex.open(path, HashingEmbedder()) as idx:
        idx.add_reports([A], extract_claims=False)
    with pytest.raises(UserError, match="hashing-256"):
        CorpusIndex.open(path, HashingEmbedder(dim=64))


def test_index_corrupt_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    garbage = b"this is not a database\x00" * 100
    path.write_bytes(garbage)
    with pytest.raises(UserError, match=r"not a (readable )?SQLite database"):
        CorpusIndex.open(path, HashingEmbedder())
    with pytest.raises(UserError):
        stored_model_name(path)
    assert path.read_bytes() == garbage


def test_index_missing_report_is_a_user_error(index: CorpusIndex) -> None:
    with pytest.raises(UserError, match="zzz"):
        index.report("zzz")


def test_index_dense_switches_to_ivf_and_keeps_positions() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(40, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    dense = DenseIndex(16, ivf_threshold=25)
    dense.add(vectors[:20])
    assert dense.kind == "flat"
    dense.add(vectors[20:])
    assert dense.kind == "ivf" and len(dense) == 40
    scores, positions = dense.search(vectors[[3, 33]], 1)
    assert positions[:, 0].tolist() == [3, 33]
    assert np.allclose(scores[:, 0], 1.0, atol=1e-5)


def test_index_search_hands_stored_vectors_to_a_reusing_embedder() -> None:
    from verifier.retrieval.embed import ReusingEmbedder

    inner = CountingEmbedder()
    with CorpusIndex.open(":memory:", ReusingEmbedder(inner)) as idx:
        idx.add_reports([A, B, C], extract_claims=False)
        stored = {h.sentence.text: h for h in idx.search("militants killed in Boulkessi", k=3)}
        inner.seen.clear()
        texts = [*stored, "militants killed in Boulkessi"]
        vectors = idx.embedder.embed_batch(texts)
    assert inner.seen == []  # the hits' stored vectors and the query's: nothing embedded again
    assert np.allclose(vectors, HashingEmbedder().embed_batch(texts), atol=1e-6)
