"""A check's corpus-wide work (lead entities, near-duplicate groups) is done once per store
version and process; an article's copies in the corpus are still found."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier import pipeline, prepared
from verifier.judge.facts import FactFinder
from verifier.judge.stance.model import LexicalStanceModel
from verifier.model import Report
from verifier.read.duplicates import copies_in, duplicate_index, near_duplicate_groups
from verifier.retrieval.embed import HashingEmbedder
from verifier.retrieval.index import CorpusIndex

WIRE = (
    "Militants attacked an army post near Kayes in western Mali on Tuesday, residents said, "
    "and the army said it had pushed them back after two hours of fighting. A local official "
    "said the post had been attacked twice this year and that reinforcements were on the way."
)
OTHER = (
    "Floods in the north of Niger destroyed more than two hundred homes last week, the civil "
    "protection agency said, and aid groups asked for tents, water and medicine for families."
)


@pytest.fixture
def index(tmp_path: Path):
    store = CorpusIndex.open(str(tmp_path / "corpus.db"), HashingEmbedder())
    store.add_reports([Report(id="wire", text=WIRE), Report(id="niger", text=OTHER)])
    yield store
    store.close()


def test_copies_in_finds_an_articles_copy_without_the_corpus_again() -> None:
    corpus = [Report(id="wire", text=WIRE), Report(id="niger", text=OTHER)]
    found = duplicate_index(corpus)
    copy = Report(id="paper", text=WIRE.replace("Tuesday", "Tuesday morning"))
    by_id = {r.id: r for r in corpus}
    assert copies_in(found, copy, lambda ids: [by_id[i] for i in ids]) == ["wire"]
    assert copies_in(found, Report(id="x", text=OTHER[:60]), lambda ids: []) == []
    assert found.groups == near_duplicate_groups(corpus) == []


def test_prepared_corpus_is_kept_per_store_version(index: CorpusIndex, monkeypatch) -> None:
    read: list[list[str]] = []
    real = FactFinder.read_leads

    def spy(self: FactFinder, reports) -> None:
        read.append(sorted(r.id for r in reports))
        real(self, reports)

    monkeypatch.setattr(FactFinder, "read_leads", spy)
    monkeypatch.setattr(prepared, "_KEPT", {})
    copy = Report(id="paper", text=WIRE.replace("Tuesday", "Tuesday morning"))

    first = pipeline.Checker(index, LexicalStanceModel(), None)
    first.prepare([copy])
    assert read == [["niger", "wire"], ["paper"]]
    assert first.exclude_for(copy) == {"paper", "wire"}  # the syndicated copy is not evidence

    second = pipeline.Checker(index, LexicalStanceModel(), None)
    second.prepare([copy])
    assert read[2:] == [["paper"]]  # the corpus's leads are not read again
    assert second.exclude_for(copy) == {"paper", "wire"}
    assert second.facts.snapshot() == first.facts.snapshot()

    index.add_reports([Report(id="later", text="Officials in Gao said the road had reopened.")])
    third = pipeline.Checker(index, LexicalStanceModel(), None)
    third.prepare([copy])
    assert read[3:] == [["later", "niger", "wire"], ["paper"]]  # a new version: read again


def test_prepared_corpus_file_serves_the_next_process(index: CorpusIndex, monkeypatch) -> None:
    monkeypatch.setattr(prepared, "_KEPT", {})
    first = pipeline.Checker(index, LexicalStanceModel(), None)
    first.prepare([])
    assert index.store is not None
    (kept,) = index.store.parent.glob("corpus.db.prepared-*.npz")

    monkeypatch.setattr(prepared, "_KEPT", {})  # as a new process finds it
    monkeypatch.setattr(
        FactFinder, "read_leads", lambda self, reports: None if not reports else 1 / 0
    )
    second = pipeline.Checker(index, LexicalStanceModel(), None)
    second.prepare([])  # from the file: no lead is read
    assert second.facts.snapshot() == first.facts.snapshot()

    kept.write_bytes(b"not a prepared corpus")
    monkeypatch.undo()
    monkeypatch.setattr(prepared, "_KEPT", {})
    third = pipeline.Checker(index, LexicalStanceModel(), None)
    third.prepare([])  # a damaged file is worked out again, and rewritten
    assert third.facts.snapshot() == first.facts.snapshot()
    assert prepared._read(kept, index.version()) is not None
