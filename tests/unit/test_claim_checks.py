"""Claim-text checks (negation kept, empty contents) and speaker-type scoring, on made-up claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.errors import UserError
from verifier.evaluate.claim_checks import check_claims, negations
from verifier.evaluate.speaker_types import read_labels, score_types
from verifier.model import Claim, Report, SpeakerType

TEXT = "Officials did not confirm the toll. Residents said no one died."


def _claim(report, content, cue, text, speaker=(0, 9), kind=SpeakerType.OFFICIAL):
    return Claim(
        report=report,
        sentence=report.span(0, len(report.text)),
        content=report.span(*content),
        speaker=report.span(*speaker),
        speaker_name=report.text[speaker[0] : speaker[1]],
        speaker_type=kind,
        cue=report.span(*cue),
        cue_lemma="confirm",
        text=text,
    )


@pytest.mark.parametrize(("text", "count"), [("did not", 1), ("didn't, never", 2), ("note", 0)])
def test_claim_checks_negations(text, count):
    assert negations(text) == count


def test_claim_checks_counts_lost_negation_in_cue_or_content():
    report = Report(id="r", text=TEXT)
    kept = _claim(report, (24, 34), (10, 23), "Officials did not confirm the toll")
    lost = _claim(report, (24, 34), (10, 23), "Officials confirms the toll")
    result = check_claims([kept, lost])
    assert (result["claims"], result["with_negation"], result["negation_lost"]) == (2, 2, 1)
    assert result["lost_examples"] == ["Officials confirms the toll"]


def test_claim_checks_speaker_types_precision_recall(tmp_path: Path):
    report = Report(id="polnear-dev/x", text=TEXT)
    labels = tmp_path / "labels.tsv"
    labels.write_text(
        "# comment\ndoc\tstart\tend\ttype\n"
        "polnear-dev/x\t0\t9\tofficial\npolnear-dev/x\t36\t45\tindependent\n"
    )
    claims = {
        "polnear-dev/x": [
            _claim(report, (24, 34), (10, 23), "t"),
            _claim(report, (51, 62), (46, 50), "t", (36, 45), SpeakerType.OFFICIAL),
        ]
    }
    result = score_types(read_labels(labels), claims)
    assert result["official"] == {"gold": 1, "predicted": 2, "precision": 0.5, "recall": 1.0}
    assert result["independent"]["recall"] == 0.0
    assert result["accuracy"] == 0.5


def test_claim_checks_labels_reject_unknown_type(tmp_path: Path):
    labels = tmp_path / "labels.tsv"
    labels.write_text("doc\tstart\tend\ttype\nd\t0\t1\tpolitician\n")
    with pytest.raises(UserError):
        read_labels(labels)
