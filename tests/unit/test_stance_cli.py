"""``verifier eval stance`` with the lexical fake in place of the committed model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.commands import eval_stance
from verifier.judge.stance.model import LexicalStanceModel


@pytest.fixture(autouse=True)
def _fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        eval_stance, "_load_model", lambda weights, cache, split: LexicalStanceModel()
    )


def test_stance_cli_fnc1_json(tmp_path: Path) -> None:
    bodies = tmp_path / "b.csv"
    bodies.write_text('Body ID,articleBody\n1,"The army said 80 militants were killed."\n')
    stances = tmp_path / "s.csv"
    stances.write_text(
        "Headline,Body ID,Stance\n80 militants were killed by the army,1,agree\n"
        "Rain expected in Paris,1,unrelated\n"
    )
    args = ["--fnc1", "--bodies", str(bodies), "--stances", str(stances), "--json"]
    result = CliRunner().invoke(eval_stance.stance, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["fnc_score"] == pytest.approx(100.0)
    assert set(report) >= {"fnc_score", "accuracy", "macro_f1", "per_class", "confusion"}


def test_stance_cli_emergent_text(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        ",claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId\n"
        "0,Army killed 80 militants,Army denies it killed 80 militants,against,a,c\n"
    )
    result = CliRunner().invoke(eval_stance.stance, ["--emergent", str(path)])
    assert result.exit_code == 0, result.output
    assert "accuracy     1.0000" in result.output


def test_stance_cli_needs_one_dataset() -> None:
    result = CliRunner().invoke(eval_stance.stance, [])
    assert result.exit_code != 0
    assert "exactly one of --fnc1 or --emergent" in str(result.exception or result.output)


def test_stance_cli_notes_when_dev_rows_were_trained_on() -> None:
    assert eval_stance.held_out_note({"split": "all"}, "dev") is not None
    assert eval_stance.held_out_note({"split": "all"}, "all") is None
    assert eval_stance.held_out_note({"split": "train"}, "dev") is None


def test_stance_cli_weights_option_must_exist(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(",claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId\n")
    missing = str(tmp_path / "absent.joblib")
    result = CliRunner().invoke(eval_stance.stance, ["--emergent", str(path), "--weights", missing])
    assert result.exit_code == 2
    assert "absent.joblib" in result.output
