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


def test_model_assessment_round_trips_through_dict():
    from datetime import date

    from verifier.model import Assessment, Evidence, Quantity, Stance, Verdict

    article = Report(
        id="a", text="The army said 80 militants were killed.", published=date(2025, 7, 2)
    )
    other = Report(id="b", text="Residents counted about 30 bodies.", outlet="Wire")
    claim = Claim(
        report=article,
        sentence=article.span(0, 39),
        content=article.span(14, 38),
        speaker=article.span(0, 8),
        speaker_name="army",
        speaker_type=SpeakerType.PARTY,
        figures=(Quantity(article.span(14, 26), "killed", "militants", 80, 80, 80),),
    )
    evidence = Evidence(claim.id, other.span(0, 34), 0.7, Stance.CONTRADICTS, 0.9, "80 vs 30", True)
    a = Assessment(claim, (evidence,), Verdict.CONTRADICTED, 0, 1, True)
    reports = {r.id: Report.from_dict(r.to_dict()) for r in (article, other)}
    back = Assessment.from_dict(a.to_dict(), reports)
    assert back.to_dict() == a.to_dict()
    assert back.evidence[0].sentence.text == "Residents counted about 30 bodies."
