"""`verifier check` bad input: one clear line, non-zero exit, nothing lost from a store."""

from __future__ import annotations

import pytest

from verifier.cli import main


def _run(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    err = capsys.readouterr().err
    return exit_info.value.code, err


@pytest.fixture()
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(
        "The army said 80 militants were killed in Kayes, Mali on Tuesday.\n", encoding="utf-8"
    )
    return path


def test_check_cli_corrupt_store_is_refused_untouched(tmp_path, article, capsys):
    store = tmp_path / "corpus.db"
    junk = b"this is not a database" * 100
    store.write_bytes(junk)
    code, err = _run(["check", str(article), "--store", str(store), "--model", "hashing"], capsys)
    assert code != 0
    assert err.count("\n") == 1 and "SQLite database" in err
    assert store.read_bytes() == junk


def test_check_cli_empty_corpus_folder(tmp_path, article, capsys):
    empty = tmp_path / "corpus"
    empty.mkdir()
    code, err = _run(["check", str(article), "--corpus", str(empty), "--model", "hashing"], capsys)
    assert code != 0
    assert err.startswith("verifier: error:") and err.count("\n") == 1


def test_check_cli_unreadable_corpus_file(tmp_path, article, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{not json\n', encoding="utf-8")
    code, err = _run(["check", str(article), "--corpus", str(bad), "--model", "hashing"], capsys)
    assert code != 0
    assert "bad.jsonl" in err and err.count("\n") == 1


def test_check_cli_missing_article(tmp_path, capsys):
    code, err = _run(["check", str(tmp_path / "nope.txt"), "--model", "hashing"], capsys)
    assert code != 0 and "nope.txt" in err


def test_check_one_report_corpus_links_its_figure(tmp_path, article):
    from verifier.judge.stance.model import LexicalStanceModel
    from verifier.model import Stance
    from verifier.pipeline import run_check
    from verifier.retrieval.embed import HashingEmbedder

    one = tmp_path / "residents.txt"
    one.write_text(
        "Residents of Kayes said about 30 militants were killed on Tuesday.\n", encoding="utf-8"
    )
    (assessment,) = run_check(
        [article],
        corpus_paths=[one],
        embedder=HashingEmbedder(),
        stance_model=LexicalStanceModel(),
    )
    assert [e.stance for e in assessment.evidence] == [Stance.CONTRADICTS]
    assert "same place kayes" in assessment.evidence[0].same_event
    assert assessment.independent_contradiction == 1


def test_check_other_place_is_no_evidence(tmp_path, article):
    from verifier.judge.stance.model import LexicalStanceModel
    from verifier.model import Verdict
    from verifier.pipeline import run_check
    from verifier.retrieval.embed import HashingEmbedder

    other = tmp_path / "mosul.txt"
    other.write_text(
        "Residents of Mosul said about 30 militants were killed on Tuesday.\n", encoding="utf-8"
    )
    (assessment,) = run_check(
        [article],
        corpus_paths=[other],
        embedder=HashingEmbedder(),
        stance_model=LexicalStanceModel(),
    )
    assert assessment.evidence == () and assessment.verdict is Verdict.NO_EVIDENCE


def test_check_iter_check_yields_claims_before_assessments(tmp_path, article):
    from verifier.judge.stance.model import LexicalStanceModel
    from verifier.pipeline import iter_check
    from verifier.progress import Assessed, ClaimsFound, Progress
    from verifier.retrieval.embed import HashingEmbedder

    one = tmp_path / "residents.txt"
    one.write_text("Residents of Kayes said 30 militants were killed.\n", encoding="utf-8")
    events = list(
        iter_check(
            [article],
            corpus_paths=[one],
            embedder=HashingEmbedder(),
            stance_model=LexicalStanceModel(),
        )
    )
    kinds = [type(e) for e in events if not isinstance(e, Progress)]
    assert kinds == [ClaimsFound, Assessed]
    assert isinstance(events[0], Progress)
