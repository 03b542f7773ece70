"""The claim splitter: offsets stay valid on any text; claim text and speaker helpers."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.attribution.claim_text import claim_text as _claim_text
from verifier.attribution.claims import ClaimExtractor
from verifier.attribution.cue_model import CueModel
from verifier.attribution.finder import AttributionFinder
from verifier.model import Report

_BLANK = spacy.blank("en")
_BLANK.add_pipe("sentencizer")
_EXTRACTOR = ClaimExtractor(_BLANK, AttributionFinder(CueModel()))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_claims_offsets_valid_on_arbitrary_text(text):
    report = Report(id="r", text=text)
    for claim in _EXTRACTOR.extract(report):
        for span in (claim.sentence, claim.content, claim.speaker, claim.cue):
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text)
                assert span.text == text[span.start : span.end]


def test_claims_extract_many_keeps_report_order():
    reports = [Report(id=str(i), text=f"Paragraph {i}.\n\nAnother one.") for i in range(40)]
    out = list(_EXTRACTOR.extract_many(reports))
    assert [r.id for r, _ in out] == [str(i) for i in range(40)]


def test_claims_claim_text_uses_present_tense():
    assert _claim_text("Mali army", "say", "80 militants killed") == (
        "Mali army says 80 militants killed"
    )
    assert _claim_text("JNIM", "claim", "x") == "JNIM claims x"
    assert _claim_text("ministry", "deny", "x") == "ministry denies x"
    assert _claim_text(None, "according to", "x") == "unattributed says x"
    assert len(_claim_text("a", "say", "word " * 300)) <= 1200
