"""The cue screen: paragraphs without a possible reporting cue skip the parse, and nothing else
changes (claims, speakers resolved to skipped paragraphs, roles given there)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from verifier.attribution.claims import ClaimExtractor, _body
from verifier.attribution.found import Quotes, Ranges
from verifier.attribution.screen import CueScreen
from verifier.model import Report, SpeakerType
from verifier.read.ingest import read_reports

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


def test_ranges_overlap_matches_a_scan():
    ranges = [(0, 4), (2, 9), (12, 15), (20, 21)]
    index = Ranges(reversed(ranges))
    for start in range(0, 24):
        for end in range(start + 1, 25):
            expected = any(a < end and start < b for a, b in ranges)
            assert index.overlaps((start, end)) is expected, (start, end)
    assert not Ranges(()).overlaps((0, 5))


def test_quoted_chars_matches_a_scan():
    quotes = Quotes([(2, 6), (8, 9), (12, 20)])
    for start in range(0, 22):
        for end in range(start, 23):
            expected = sum(max(0, min(end, b) - max(start, a)) for a, b in quotes)
            assert quotes.quoted_chars(start, end) == expected, (start, end)


@pytest.fixture(scope="module")
def screened(nlp):
    return ClaimExtractor(nlp)


@pytest.fixture(scope="module")
def unscreened(nlp, screened):
    extractor = ClaimExtractor(nlp, screened.finder)
    extractor.screen.enabled = False
    return extractor


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("and then 12 more people were hurt near the market", False),
        ("The convoy was attacked near Gao on Tuesday.", False),
        ("The army said 80 militants were killed.", True),
        ("Army Says 80 Killed Near Town", True),
        ("According to residents, 20 civilians died.", True),
        ("Eighty fighters were reportedly killed.", True),
        ("Officials told reporters that the road was closed.", True),
        ("JNIM claims the attack.", True),
    ],
)
def test_screen_passes_every_paragraph_with_a_cue_word(nlp, text, holds):
    assert CueScreen(nlp).may_hold_claim(text) is holds


@pytest.mark.integration
def test_screen_is_off_without_a_rule_lemmatizer():
    import spacy

    assert CueScreen(spacy.blank("en")).may_hold_claim("no cue here") is True


@pytest.mark.integration
def test_no_paragraph_with_a_claim_is_screened_out(screened, unscreened):
    reports = list(read_reports(sorted(str(p) for p in SAMPLE.rglob("*.txt"))))
    assert reports
    for report in reports:
        claims = unscreened.extract(report)
        assert screened.extract(report) == claims, report.id
        for span, _ in _body(report):
            inside = [c for c in claims if span.start <= c.cue.start < span.end]
            if inside:
                assert screened.screen.may_hold_claim(span.text), span.text


def _report(text: str) -> Report:
    return Report(id="t", text=text, published=date(2025, 7, 2))


@pytest.mark.integration
def test_pronoun_resolves_to_a_person_in_a_skipped_paragraph(screened, unscreened):
    report = _report(
        "Senator John Smith arrived in London on Monday.\n\n"
        "He said that 80 people were killed in the attack."
    )
    assert not screened.screen.may_hold_claim(_body(report)[0][0].text)
    claims = screened.extract(report)
    assert [c.speaker_name for c in claims] == ["Senator John Smith"]
    assert claims == unscreened.extract(report)


@pytest.mark.integration
def test_role_given_in_a_skipped_paragraph_types_the_speaker(screened, unscreened):
    report = _report(
        "Pat Caddell, a Democratic pollster, arrived in the city on Monday.\n\n"
        "The town was quiet on Tuesday.\n\n"
        "Caddell said that 80 militants were killed."
    )
    assert not screened.screen.may_hold_claim(_body(report)[0][0].text)
    claims = screened.extract(report)
    assert claims == unscreened.extract(report)
    assert claims and claims[0].speaker_type is not SpeakerType.UNKNOWN
