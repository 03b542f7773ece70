"""The corpus index with the real embedding model (and claim extractor) on the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.model import Report
from verifier.read.ingest import read_reports
from verifier.retrieval.index import CorpusIndex

pytestmark = pytest.mark.integration

# Written for this test: facts of the seed story, sentences of our own.
OTHER = [
    Report(
        id="residents",
        text="Residents of Boulkessi told a local radio that about 30 people had died in the "
        "fighting.\n\nThey said the toll given by the army was too high.",
        outlet="Radio B",
    ),
    Report(
        id="jnim",
        text="JNIM said in a statement that its fighters had seized three army barracks.",
        outlet="Agency C",
    ),
    Report(id="weather", text="Heavy rain is expected over Bamako at the weekend.", outlet="D"),
]


@pytest.fixture(scope="module")
def corpus(real_embedder, seed_article: Path):
    seed = next(read_reports([seed_article]))
    with CorpusIndex.open(":memory:", real_embedder) as index:
        index.add_reports([seed, *OTHER], extract_claims=False)
        yield index, seed


def test_index_real_finds_the_figure_sentence(corpus) -> None:
    index, seed = corpus
    hits = index.search("How many militants did the army say it killed?", k=3)
    assert any(h.report.id == seed.id and "80" in h.sentence.text for h in hits)
    for hit in hits:
        assert hit.sentence.text == hit.report.text[hit.sentence.start : hit.sentence.end]


def test_index_real_excluding_the_article_surfaces_other_outlets(corpus) -> None:
    index, seed = corpus
    hits = index.search(
        "80 militants were killed, the army said", k=3, exclude_report_ids=[seed.id]
    )
    assert hits[0].report.id == "residents"
    assert all(h.report.id != seed.id for h in hits)
    barracks = index.search("JNIM claims it took over barracks", k=1, exclude_report_ids=[seed.id])
    assert barracks[0].report.id == "jnim" and barracks[0].dense > 0.5


def test_index_real_stores_extracted_claims(real_embedder, seed_article: Path) -> None:
    pytest.importorskip("verifier.attribution.claims")
    seed = next(read_reports([seed_article]))
    with CorpusIndex.open(":memory:", real_embedder) as index:
        stats = index.add_reports([seed])
        claims = index.claims_for_report(seed.id)
    assert stats.claims == len(claims) > 0
    assert all(c.report.id == seed.id for c in claims)
    assert any("80" in c.content.text for c in claims)
