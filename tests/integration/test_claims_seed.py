"""The splitter on the user's example article (read at run time; no article text in the repo)."""

from __future__ import annotations

from datetime import date

import pytest

from verifier.attribution.claims import ClaimExtractor
from verifier.model import CueClass, SpeakerType
from verifier.read.clean import body_spans
from verifier.read.ingest import read_reports

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def seed(seed_article, nlp):
    report = next(read_reports([seed_article]))
    return report, ClaimExtractor(nlp).extract(report)


def _with_figure(claims, category, group):
    return [c for c in claims for q in c.figures if q.category == category and q.group == group]


def test_claims_seed_army_killed_claim_once(seed):
    report, claims = seed
    assert report.published == date(2025, 7, 2)
    killed = _with_figure(claims, "killed", "militants")
    assert len(killed) == 1  # the headline restating it is not emitted again
    claim = killed[0]
    assert claim.speaker_name == "Mali army"
    assert claim.speaker_type is SpeakerType.PARTY
    assert claim.event_date == date(2025, 7, 1)
    assert claim.figures[0].low == 80
    assert claim.text.startswith("Mali army says")


def test_claims_seed_jnim_atomic_claims(seed):
    _, claims = seed
    barracks = _with_figure(claims, "controlled", "barracks")
    positions = _with_figure(claims, "controlled", "positions")
    assert len(barracks) == 1 and len(positions) == 1
    assert barracks[0].content != positions[0].content
    assert barracks[0].figures[0].low == 4
    assert positions[0].figures[0].low == 12
    for claim in barracks + positions:
        assert claim.speaker_name == "JNIM"
        assert claim.speaker_type is SpeakerType.PARTY
        assert claim.cue_class is CueClass.ASSERTIVE
        assert claim.cue_lemma == "claim"
    responsibility = [c for c in claims if c.speaker_name == "JNIM" and not c.figures]
    assert responsibility and responsibility[0].content.text.startswith("responsibility")


def test_claims_seed_seven_towns_by_armed_forces(seed):
    _, claims = seed
    towns = [c for c in claims for q in c.figures if q.group == "towns" and q.low == 7]
    assert len(towns) == 1
    assert towns[0].speaker_name == "Mali army"
    assert towns[0].speaker is not None and "armed forces" in towns[0].speaker.text


def test_claims_seed_only_body_text_and_valid_offsets(seed):
    report, claims = seed
    body = [(s.start, s.end) for s in body_spans(report)]
    assert claims
    for claim in claims:
        assert any(a <= claim.sentence.start and claim.sentence.end <= b for a, b in body)
        for span in (claim.content, claim.speaker, claim.cue):
            if span is not None:
                assert span.text == report.text[span.start : span.end]
