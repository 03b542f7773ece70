"""The example article against the sample corpus: conflicting figures, relays, the flag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import corpora
from verifier.cli import main
from verifier.model import Assessment, SpeakerType, Stance, Verdict

OTHER_CONFLICTS = Path(__file__).parent.parent / "data" / "other_conflicts"

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def assessments(tmp_path_factory, real_embedder) -> list[Assessment]:
    from verifier.pipeline import run_check

    store = tmp_path_factory.mktemp("check") / "corpus.db"
    article = corpora.sample_articles()[0]
    return run_check(
        [article], corpus_paths=corpora.sample_corpus(), store_path=store, embedder=real_embedder
    )


def _army_80(assessments: list[Assessment]) -> Assessment:
    for a in assessments:
        if a.claim.speaker_type is SpeakerType.PARTY and any(
            q.category == "killed" and q.best == 80 for q in a.claim.figures
        ):
            return a
    raise AssertionError("no party claim with 80 killed")


def test_check_sample_army_figure_is_contradicted_with_reasons(assessments):
    army = _army_80(assessments)
    contradicting = [e for e in army.evidence if e.stance is Stance.CONTRADICTS]
    assert contradicting, "the conflicting figures are linked"
    assert any("80" in e.reason and e.independent for e in contradicting)
    assert army.independent_contradiction >= 1


def test_check_sample_relays_do_not_corroborate(assessments):
    army = _army_80(assessments)
    relays = [e for e in army.evidence if not e.independent]
    assert relays, "the army's relays are shown"
    assert all(e.reason.endswith("[relays the claim's own speaker]") for e in relays)
    independent_support = [
        e for e in army.evidence if e.independent and e.stance is Stance.SUPPORTS
    ]
    assert army.independent_support <= len(independent_support)


def test_check_sample_army_figure_is_flagged_unverified(assessments):
    assert _army_80(assessments).unverified_figure


def test_check_sample_never_links_own_report_or_copies(assessments):
    article = assessments[0].claim.report
    for a in assessments:
        assert all(e.report.id != article.id for e in a.evidence)


def test_check_cli_json_lines(tmp_path, capsys, real_embedder, monkeypatch):
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path))
    main(["check", str(corpora.sample_articles()[0]), "--json"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines
    for obj in lines:
        for key in (
            "evidence",
            "verdict",
            "independent_support",
            "independent_contradiction",
            "unverified_figure",
            "speaker",
            "figures",
        ):
            assert key in obj
        for e in obj["evidence"]:
            assert {
                "report_id",
                "outlet",
                "published",
                "sentence",
                "start",
                "end",
                "similarity",
                "stance",
                "stance_score",
                "reason",
                "independent",
            } <= set(e)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory, real_embedder):
    """The sample corpus indexed once for the seed and the other-conflict articles."""
    from verifier.pipeline import open_index

    store = tmp_path_factory.mktemp("sample") / "corpus.db"
    open_index(corpora.sample_corpus(), store, real_embedder).close()
    return store


@pytest.fixture(scope="module")
def seed_assessments(seed_article, corpus_store, real_embedder) -> list[Assessment]:
    from verifier.pipeline import run_check

    return run_check([seed_article], store_path=corpus_store, embedder=real_embedder)


@pytest.mark.shared
def test_check_seed_army_figure_contradicted_by_independent_figures(seed_assessments):
    army = _army_80(seed_assessments)
    assert army.verdict is Verdict.CONTRADICTED
    assert army.independent_support == 0 and army.unverified_figure
    against = [e for e in army.evidence if e.independent and e.decided]
    assert against and all(e.stance is Stance.CONTRADICTS for e in against)
    monitor = [e for e in against if "Monitor" in (e.report.outlet or "")]
    assert monitor and "ranges do not overlap" in monitor[0].reason
    assert all("same figure cited 80 killed" in e.same_event for e in monitor)


@pytest.mark.shared
def test_check_seed_jnim_rejection_is_a_denial_not_a_figure(seed_assessments):
    army = _army_80(seed_assessments)
    jnim = [e for e in army.evidence if "dismissed" in e.sentence.text]
    assert jnim and jnim[0].stance is Stance.CONTRADICTS and "rejects 80" in jnim[0].reason
    assert all(q.best != 80 for q in jnim[0].figures)
    assert any(q.best == 80 for q in jnim[0].rejected)


@pytest.mark.shared
def test_check_seed_un_condemnation_is_not_support(seed_assessments):
    army = _army_80(seed_assessments)
    un = [e for e in army.evidence if "condemn" in e.sentence.text]
    assert all(not e.decided or e.stance is not Stance.SUPPORTS for e in un)


@pytest.mark.parametrize("name", sorted(p.name for p in OTHER_CONFLICTS.glob("*.txt")))
def test_check_other_conflicts_get_no_evidence(name, corpus_store, real_embedder):
    from verifier.pipeline import run_check

    found = run_check([OTHER_CONFLICTS / name], store_path=corpus_store, embedder=real_embedder)
    assert found, "the article has claims"
    for a in found:
        assert a.evidence == (), [e.reason for e in a.evidence]
        assert a.verdict is Verdict.NO_EVIDENCE


@pytest.mark.shared
def test_check_seed_same_with_reused_vectors(seed_article, corpus_store, seed_assessments):
    """The process-wide embedder reuses the store's vectors for the stance model's features:
    the same judgements as embedding every text again."""
    from verifier.pipeline import run_check
    from verifier.retrieval.embed import ReusingEmbedder, load_embedder

    embedder = load_embedder()
    assert isinstance(embedder, ReusingEmbedder)
    reused = run_check([seed_article], store_path=corpus_store, embedder=embedder)

    def judged(assessments: list[Assessment]) -> list[tuple]:
        return [
            (a.claim.id, a.verdict, [(e.report.id, e.sentence.start, e.stance) for e in a.evidence])
            for a in assessments
        ]

    assert judged(reused) == judged(seed_assessments)


def test_review_prepare_builds_the_sample_index_and_its_preparation(
    tmp_path, capsys, real_embedder, monkeypatch
):
    from verifier import prepared
    from verifier.retrieval.index import CorpusIndex

    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path))
    main(["review", "--prepare"])  # returns normally: exit status 0
    assert "sample corpus index ready" in capsys.readouterr().err
    (store,) = tmp_path.glob("**/sample-corpus.db")
    (kept,) = store.parent.glob("sample-corpus.db.prepared-*.npz")
    with CorpusIndex.open(str(store), real_embedder) as index:
        found = prepared._read(kept, index.version())
        assert found is not None and set(found.duplicates.ids) == set(index.report_ids())
        assert found.facts.leads  # the leads' entities, read once here for every later check
