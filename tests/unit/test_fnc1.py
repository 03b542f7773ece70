"""FNC-1 reader, topic-disjoint split and the official weighted score."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.errors import UserError
from verifier.evaluate.fnc1 import (
    FncPair,
    fnc_report,
    fnc_score,
    in_dev,
    read_fnc1,
    select_split,
    topics,
)


def _write(tmp_path: Path, stances: str) -> tuple[Path, Path]:
    bodies = tmp_path / "bodies.csv"
    bodies.write_text('Body ID,articleBody\n1,"Army says 80 killed."\n2,Rain today.\n')
    path = tmp_path / "stances.csv"
    path.write_text(stances)
    return bodies, path


def test_fnc1_reads_pairs(tmp_path: Path) -> None:
    bodies, stances = _write(
        tmp_path, "Headline,Body ID,Stance\n80 killed,1,agree\nX,2,unrelated\n"
    )
    pairs = read_fnc1(bodies, stances)
    assert [(p.body_id, p.label) for p in pairs] == [("1", "agree"), ("2", "unrelated")]
    assert pairs[0].body == "Army says 80 killed."


def test_fnc1_missing_body_is_user_error(tmp_path: Path) -> None:
    bodies, stances = _write(tmp_path, "Headline,Body ID,Stance\nX,9,agree\n")
    with pytest.raises(UserError, match="body 9"):
        read_fnc1(bodies, stances)


def test_fnc1_score_weights() -> None:
    assert fnc_score(["agree", "unrelated"], ["agree", "unrelated"]) == pytest.approx(100.0)
    # related but wrong label: 0.25 of 1.0; unrelated right: 0.25 of 0.25
    assert fnc_score(["agree", "unrelated"], ["discuss", "unrelated"]) == pytest.approx(40.0)
    assert fnc_score(["disagree"], ["unrelated"]) == 0.0


def test_fnc1_report_per_class_and_confusion() -> None:
    report = fnc_report(["agree", "agree", "disagree"], ["agree", "discuss", "disagree"])
    assert report["accuracy"] == pytest.approx(2 / 3)
    assert report["per_class"]["disagree"]["f1"] == 1.0
    assert report["confusion"]["agree"]["discuss"] == 1
    assert report["macro_f1"] == pytest.approx((2 / 3 + 1.0 + 0.0 + 0.0) / 4)


def test_fnc1_in_dev_is_deterministic_and_about_a_fifth() -> None:
    ids = [str(i) for i in range(1000)]
    dev = [i for i in ids if in_dev(i)]
    assert 150 < len(dev) < 250
    assert dev == [i for i in ids if in_dev(i)]
    assert dev != [i for i in ids if in_dev(i, seed="another")]


def test_fnc1_topics_join_related_pairs_only() -> None:
    pairs = [
        FncPair("A", "1", "b1", "agree"),
        FncPair("B", "1", "b1", "discuss"),
        FncPair("B", "7", "b7", "disagree"),
        FncPair("A", "3", "b3", "unrelated"),
    ]
    topic = topics(pairs)
    assert topic["h", "A"] == topic["h", "B"] == topic["b", "1"] == topic["b", "7"] == "1"
    assert topic["b", "3"] == "3"


def test_fnc1_split_is_topic_disjoint() -> None:
    # 200 topics, each a headline and a body; every headline also paired unrelated with the
    # next topic's body
    pairs = []
    for i in range(200):
        pairs.append(FncPair(f"H{i}", str(i), f"body {i}", "agree"))
        pairs.append(FncPair(f"H{i}", str((i + 1) % 200), "x", "unrelated"))
    dev, train = select_split(pairs, "dev"), select_split(pairs, "train")
    assert 20 < sum(p.label == "agree" for p in dev) < 60
    assert not {p.headline for p in dev} & {p.headline for p in train}
    assert not {p.body_id for p in dev} & {p.body_id for p in train}
    # a cross-topic pair is in a part only when both of its topics are
    assert len(dev) + len(train) < len(pairs)
    assert select_split(pairs, "all") == pairs
    with pytest.raises(UserError, match="unknown split"):
        select_split(pairs, "test")
