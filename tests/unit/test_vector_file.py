"""The persisted vector index: written next to the store, loaded memory-mapped, tail and rebuild."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from verifier.model import Report
from verifier.retrieval import dense, vectors
from verifier.retrieval.embed import HashingEmbedder
from verifier.retrieval.index import CorpusIndex
from verifier.retrieval.vectors import build_file_index, read_file_index, search_file_index

WORDS = [
    "army",
    "rain",
    "market",
    "bridge",
    "convoy",
    "barracks",
    "river",
    "school",
    "clinic",
    "harvest",
]


def _reports(n: int, prefix: str = "r") -> list[Report]:
    """Reports of three distinct sentences each, written for this test."""
    out = []
    for i in range(n):
        a, b, c = (WORDS[(i + k) % len(WORDS)] for k in range(3))
        text = f"The {a} story number {i} begins. Then {b} item {i} follows. Finally {c} {i} ends."
        out.append(Report(id=f"{prefix}{i}", text=text))
    return out


def _ids(index: CorpusIndex, query: str, k: int = 5) -> list[tuple[str, int]]:
    return [(h.report.id, h.sentence.start) for h in index.search(query, k=k)]


def test_vector_file_written_next_to_store_and_mapped_on_open(tmp_path: Path) -> None:
    store = tmp_path / "corpus.db"
    reports = _reports(12)
    with CorpusIndex.open(":memory:", HashingEmbedder()) as memory:
        memory.add_reports(reports, extract_claims=False)
        expected = _ids(memory, "convoy item 7 follows")
        assert expected[0][0] == "r7"
    with CorpusIndex.open(store, HashingEmbedder()) as idx:
        idx.add_reports(reports, extract_claims=False)
    files = list(tmp_path.glob("corpus.db.vectors-*.faiss"))
    assert [f.name for f in files] == ["corpus.db.vectors-36.faiss"]
    with CorpusIndex.open(store, HashingEmbedder()) as idx:
        assert idx.dense_kind == "file-flat"
        assert _ids(idx, "convoy item 7 follows") == expected


def test_vector_file_new_reports_join_the_tail_then_fold_in(tmp_path: Path) -> None:
    store = tmp_path / "corpus.db"
    with CorpusIndex.open(store, HashingEmbedder()) as idx:
        idx.add_reports(_reports(5), extract_claims=False)
        idx.add_reports(_reports(2, prefix="new"), extract_claims=False)  # below TAIL_LIMIT
        assert [f.name for f in tmp_path.glob("*.faiss")] == ["corpus.db.vectors-15.faiss"]
        hit = idx.search("Then market item 1 follows.", k=1)[0]  # r1 and new1 both say it
        assert hit.report.id in {"r1", "new1"} and hit.dense == pytest.approx(1.0, abs=1e-5)
        assert idx.save_vectors(force=True)
    assert [f.name for f in tmp_path.glob("*.faiss")] == ["corpus.db.vectors-21.faiss"]
    with CorpusIndex.open(store, HashingEmbedder()) as idx:
        assert idx.dense_kind == "file-flat"
        top = idx.search("Then market item 1 follows.", k=2)
        assert {h.report.id for h in top} == {"r1", "new1"}


def test_vector_file_ivf_skips_replaced_sentences(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(vectors, "FLAT_LIMIT", 40)
    monkeypatch.setattr(dense, "FLAT_LIMIT", 40)
    store = tmp_path / "corpus.db"
    with CorpusIndex.open(store, HashingEmbedder()) as idx:
        idx.add_reports(_reports(30), extract_claims=False)  # 90 sentences: IVF
    with CorpusIndex.open(store, HashingEmbedder()) as idx:
        assert idx.dense_kind == "file-ivf"
        hit = idx.search("Then clinic item 17 follows.", k=1)[0]
        assert (hit.report.id, hit.sentence.text) == ("r17", "Then clinic item 17 follows.")
        assert hit.dense == pytest.approx(1.0, abs=1e-5)  # exact cosine, not the 8-bit code's
        idx.add_reports([Report(id="r17", text="A new text about a flood.")], extract_claims=False)
        hits = idx.search("Then clinic item 17 follows.", k=90)
        assert all("item 17" not in h.sentence.text for h in hits)  # old vectors linger, unmatched


def test_vector_file_mapped_index_finds_ids(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    data = rng.standard_normal((200, 16)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    ids = np.arange(200, dtype=np.int64) * 7 + 3
    file = tmp_path / "v.faiss"
    vectors.write_file_index(build_file_index(data, ids), file)
    mapped = read_file_index(file)
    scores, found = search_file_index(mapped, data[[5, 150]], 1)
    assert found[:, 0].tolist() == [38, 1053] and np.allclose(scores[:, 0], 1.0, atol=1e-5)
    assert not list(tmp_path.glob(".*tmp"))  # written atomically, no temporary left


def test_vector_file_ivf_holds_4_bit_product_codes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(vectors, "FLAT_LIMIT", 100)
    rng = np.random.default_rng(0)
    data = rng.standard_normal((400, 32)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    file = tmp_path / "v.faiss"
    vectors.write_file_index(build_file_index(data, np.arange(400, dtype=np.int64) + 1), file)
    loaded = read_file_index(file)
    assert loaded.code_size == 32 // 8  # 8 sub-quantizers of 4 bits: an eighth of 8-bit codes
    assert loaded.nprobe == loaded.nlist  # few lists: all probed
    _, found = search_file_index(loaded, data[[7, 300]], 20)
    assert 8 in found[0] and 301 in found[1]
    extended = read_file_index(file, mmap=False)  # later sentences join the trained lists
    extended.add_with_ids(-data[:2], np.array([1001, 1002], dtype=np.int64))
    _, found = search_file_index(extended, -data[[1]], 20)
    assert extended.ntotal == 402 and 1002 in found[0]


@pytest.mark.parametrize(("dim", "subquantizers"), [(384, 96), (16, 4), (6, 3), (7, 7)])
def test_vector_file_subquantizers_divide_the_dimensions(dim: int, subquantizers: int) -> None:
    assert vectors.pq_subquantizers(dim) == subquantizers


def test_vector_file_candidates_are_rescored_exactly(tmp_path: Path, monkeypatch) -> None:
    """Whatever order and scores the (approximate) vector index proposes, exact cosines rank."""
    store = tmp_path / "corpus.db"
    embedder = HashingEmbedder()
    with CorpusIndex.open(store, embedder) as idx:
        idx.add_reports(_reports(30), extract_claims=False)  # 90 sentences
        rows = idx.conn.execute("SELECT id, vector FROM sentences").fetchall()
        query = embedder.embed_batch(["convoy item 7 follows"])[0]
        cosines = {r[0]: float(np.frombuffer(r[1], dtype=np.float32) @ query) for r in rows}
        dense_side = idx._dense_index()
        proposed = dense_side.search
        monkeypatch.setattr(
            dense_side, "search", lambda vector, k: [(i, 0.0) for i, _ in proposed(vector, k)][::-1]
        )
        found = idx._dense_candidates(query, 5, [], {})
    best = sorted(cosines, key=lambda sid: -cosines[sid])[:5]
    assert sorted(found.values(), reverse=True) == pytest.approx([cosines[s] for s in best])
    assert list(found.values()) == sorted(found.values(), reverse=True)
