"""`eval verification` / `eval linking` on tiny written-by-us fixtures with the fakes."""

from __future__ import annotations

import json

import pytest

from verifier.cli import main
from verifier.evaluate.fnc1 import FncPair
from verifier.judge.stance.model import LexicalStanceModel
from verifier.retrieval.embed import HashingEmbedder

DOCS = [
    (
        "1",
        "a",
        "2024-03-02",
        "Two killed in Dayton shooting",
        "Police in Dayton said two men were killed and one woman was wounded on Friday night.",
    ),
    (
        "1",
        "b",
        "2024-03-03",
        "Dayton shooting leaves two dead",
        "Two men were killed and a woman was wounded in a Dayton shooting on Friday, police said.",
    ),
    (
        "2",
        "c",
        "2024-03-02",
        "Man wounded in Tulsa",
        "Police in Tulsa said one man was wounded in a shooting on Friday.",
    ),
]


@pytest.fixture()
def gva(tmp_path):
    folder = tmp_path / "gva"
    folder.mkdir()
    with (folder / "gva_docs.jsonl").open("w") as fh:
        for uri, doc, dct, title, content in DOCS:
            row = {
                "incident_uri": uri,
                "doc_id": doc,
                "title": title,
                "dct": dct,
                "uri": f"http://news.example/{doc}",
                "content": content,
            }
            fh.write(json.dumps(row) + "\n")
    incidents = [
        {"incident_uri": "1", "num_killed": 2, "num_injured": 1},
        {"incident_uri": "2", "num_killed": 0, "num_injured": 1},
    ]
    (folder / "gva_incidents.jsonl").write_text("\n".join(map(json.dumps, incidents)) + "\n")
    return folder


def test_verification_eval_links_same_incident_only(gva):
    from verifier.evaluate.verification import evaluate

    scores = evaluate(gva, embedder=HashingEmbedder(), stance_model=LexicalStanceModel())
    assert scores["articles"] == 3 and scores["reconciled"]["incidents"] == 2
    assert scores["linking"]["precision"] == 1.0
    assert scores["cross_incident_contradictions"] == 0.0
    assert 0 <= scores["reconciled"]["killed_accuracy"] <= 1


def test_verification_reconciled_majority_then_latest():
    from datetime import date

    from verifier.evaluate.gva import Prediction
    from verifier.evaluate.verification import reconciled
    from verifier.model import Report

    a, b, c = (
        Report(id=i, text="x", published=date(2024, 3, d))
        for i, d in (("a", 1), ("b", 2), ("c", 3))
    )
    single = {"a": Prediction(1, 0), "b": Prediction(2, 0), "c": Prediction(2, 1)}
    assert reconciled(a, [b, c], single) == Prediction(killed=2, injured=0)
    assert reconciled(a, [b], single).killed == 2  # a tie: the later report's updated toll


def test_verification_eval_cli_rejects_a_folder_without_files(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", "verification", "--gva", str(tmp_path)])
    err = capsys.readouterr().err
    assert exit_info.value.code != 0 and "gva_docs.jsonl" in err and err.count("\n") == 1


def test_linking_eval_scores_decided_links_to_paired_bodies():
    from verifier.evaluate.linking import evaluate

    body = "Officials in Kabul said the bridge collapsed on Monday. The bridge in Kabul collapsed."
    other = "A new phone was released in Tokyo. Sales of the phone in Tokyo were strong."
    pairs = [
        FncPair("Bridge collapses in Kabul", "1", body, "agree"),
        FncPair("Bridge collapses in Kabul", "2", other, "unrelated"),
    ]
    scores = evaluate(pairs, embedder=HashingEmbedder(), stance_model=LexicalStanceModel())
    assert scores["headlines"] == 1
    assert scores["precision"] in (0.0, 1.0) and scores["recall"] in (0.0, 1.0)
    assert set(scores) >= {"precision", "recall", "stance_accuracy", "headlines"}


def test_verification_score_from_links(monkeypatch):
    from datetime import date

    from verifier.evaluate import verification
    from verifier.evaluate.gva import Prediction
    from verifier.evaluate.verification import Checked, Link, score
    from verifier.model import Report, Stance

    counts = {
        "a": Prediction(2, 0),
        "b": Prediction(1, 0),
        "c": Prediction(1, 3),
        "d": Prediction(1, 1),
    }
    monkeypatch.setattr(verification, "predict", lambda title, content: counts[title])
    reports = [
        Report(id=i, text="x", title=i, published=date(2024, 3, n)) for n, i in enumerate("abcd", 1)
    ]
    incident_of = {"a": "1", "b": "1", "d": "1", "c": "2"}
    truth = {"1": (1, 0), "2": (1, 3)}
    results = [
        Checked(
            "a",
            2,
            (
                Link("b", Stance.SUPPORTS, True, True),
                Link("d", Stance.SUPPORTS, True, True),
                Link("c", Stance.CONTRADICTS, True, True),
                Link("c", Stance.DISCUSSES, False, True),
            ),
            (("c",), ()),
        ),
        Checked("b", 1, (), ((),)),
        Checked("c", 1, (), ((),)),
    ]
    scores = score(reports, incident_of, truth, results, {"a", "b", "c"})
    assert scores["linking"] == {"precision": round(2 / 3, 4), "recall": 1.0}  # pair a-b linked
    assert scores["cross_incident_contradictions"] == 0.25  # 1 of 4 claims
    # a: its own 2 killed against b, c, d saying 1: the majority wins
    assert scores["reconciled"]["killed_accuracy"] == 1.0
    assert scores["single_article"]["killed_accuracy"] == round(2 / 3, 4)
