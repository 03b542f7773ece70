"""Spans are validated views into their report's raw text."""

import pytest

from verifier.model import Claim, Report, SpeakerType


def test_model_span_text_is_a_view():
    report = Report(id="r1", text="The army said 80 militants were killed.")
    span = report.span(4, 8)
    assert span.text == "army"
    assert span.to_dict() == {"text": "army", "start": 4, "end": 8}


@pytest.mark.parametrize("start,end", [(-1, 3), (5, 2), (0, 999)])
def test_model_span_rejects_invalid_offsets(start, end):
    report = Report(id="r1", text="short text")
    with pytest.raises(ValueError):
        report.span(start, end)


def test_model_claim_to_dict_has_offsets_and_types():
    report = Report(id="r1", text="The army said 80 militants were killed.")
    claim = Claim(
        report=report,
        sentence=report.span(0, 39),
        content=report.span(14, 38),
        speaker=report.span(0, 8),
        speaker_name="army",
        speaker_type=SpeakerType.PARTY,
    )
    data = claim.to_dict()
    assert data["content"]["text"] == "80 militants were killed"
    assert data["speaker"]["type"] == "party"
    assert data["published"] is None
