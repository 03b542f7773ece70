"""FNC-1 reader, body-level split and the official weighted score."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.errors import UserError
from verifier.evaluate.fnc1 import fnc_report, fnc_score, in_dev, read_fnc1, select_split


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


def test_fnc1_split_is_deterministic_and_by_body(tmp_path: Path) -> None:
    ids = [str(i) for i in range(1000)]
    dev = [i for i in ids if in_dev(i)]
    assert 150 < len(dev) < 250
    assert dev == [i for i in ids if in_dev(i)]
    bodies, stances = _write(tmp_path, "Headline,Body ID,Stance\nA,1,agree\nB,1,discuss\n")
    pairs = read_fnc1(bodies, stances)
    assert len(select_split(pairs, "dev")) in (0, 2)
    assert len(select_split(pairs, "dev")) + len(select_split(pairs, "train")) == 2
