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


class _AskedPairs:
    """The lexical fake stance model, recording every pair it is asked about."""

    def __init__(self) -> None:
        from verifier.judge.stance.model import LexicalStanceModel

        self.model = LexicalStanceModel()
        self.asked: list[tuple[str, str]] = []

    def predict(self, pairs):
        self.asked.extend(pairs)
        return self.model.predict(pairs)


def test_check_asks_the_stance_model_once_per_pair_it_can_change(tmp_path, article, monkeypatch):
    from verifier import pipeline
    from verifier.retrieval.embed import HashingEmbedder

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "residents.txt").write_text(
        "Residents of Kayes said about 30 militants were killed on Tuesday.\n", encoding="utf-8"
    )
    attack = "Militants attacked an army post in Kayes, Mali on Tuesday, residents said."
    (corpus / "wire.txt").write_text(f"{attack}\n\nThe wire adds more.\n", encoding="utf-8")
    (corpus / "paper.txt").write_text(f"A paper's lead.\n\n{attack}\n", encoding="utf-8")

    def check(model):
        found = pipeline.run_check(
            [article], corpus_paths=[corpus], embedder=HashingEmbedder(), stance_model=model
        )
        return [(e.sentence.text, e.stance, e.reason, e.decided) for a in found for e in a.evidence]

    lean = _AskedPairs()
    evidence = check(lean)
    monkeypatch.setattr(pipeline, "model_matters", lambda *args: True)
    every = _AskedPairs()
    assert check(every) == evidence  # the same judgements as asking about every pair
    assert [text for text, *_ in evidence].count(attack) == 2  # from both reports
    assert any("30" in reason for _, _, reason, _ in evidence)  # a figure decides that one
    assert sorted(e for _, e in every.asked) == sorted({text for text, *_ in evidence})
    assert [e for _, e in lean.asked] == [attack]  # once, and not the figure's sentence


def test_check_judgements_the_model_cannot_change_hold_for_any_answer(
    tmp_path, article, monkeypatch
):
    """Where ``model_matters`` says no, ``judge`` gives the same under random probabilities."""
    import numpy as np

    from verifier import pipeline
    from verifier.judge.match import judge
    from verifier.judge.stance.model import LexicalStanceModel
    from verifier.model import Stance
    from verifier.retrieval.embed import HashingEmbedder

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in {
        "residents": "Residents of Kayes said about 30 militants were killed on Tuesday.",
        "agree": "A local official in Kayes said 80 militants were killed on Tuesday.",
        "denial": "JNIM denied that 80 of its fighters were killed in Kayes on Tuesday.",
        "attack": "Militants attacked an army post in Kayes, Mali on Tuesday, residents said.",
    }.items():
        (corpus / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    asked = []
    original = pipeline.model_matters

    def recorded(claim, key, facts, gate):
        matters = original(claim, key, facts, gate)
        asked.append((claim, key, facts, gate, matters))
        return matters

    monkeypatch.setattr(pipeline, "model_matters", recorded)
    pipeline.run_check(
        [article],
        corpus_paths=[corpus],
        embedder=HashingEmbedder(),
        stance_model=LexicalStanceModel(),
    )
    decided = [call for call in asked if not call[-1]]
    assert decided and len(decided) < len(asked)  # some by figures, some need the model
    rng = np.random.default_rng(0)
    for claim, key, facts, gate, _ in decided:
        expected = judge(claim, key, facts, pipeline.PROBES[0], gate)
        for _ in range(50):
            probs = dict(zip(list(Stance), rng.dirichlet(np.ones(4)).tolist(), strict=True))
            assert judge(claim, key, facts, probs, gate) == expected
