"""The splitter on the real small parser, a few hand-written sentences (facts only)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.attribution.claims import ClaimExtractor
from verifier.model import CueClass, Report, SpeakerType

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def extractor(nlp):
    return ClaimExtractor(nlp)


def _claims(extractor, text, published=date(2025, 7, 2)):
    return extractor.extract(Report(id="t", text=text, published=published))


@pytest.mark.parametrize(
    ("text", "speaker", "kind", "cue"),
    [
        (
            "The ministry said that 12 soldiers were killed in the raid.",
            "ministry",
            "official",
            "say",
        ),
        (
            "Twelve soldiers were killed in the raid, officials said.",
            "officials",
            "official",
            "say",
        ),
        (
            "Mali's army left the town. The ministry said that 12 soldiers were killed.",
            "ministry",
            "party",
            "say",
        ),
        (
            "Mali's army left the town. US officials said that 12 soldiers were killed.",
            "US officials",
            "official",
            "say",
        ),
        (
            "Twelve civilians were killed, according to local residents.",
            "local residents",
            "independent",
            "according to",
        ),
        ("The rebels denied that they had attacked the village.", "rebels", "party", "deny"),
    ],
)
def test_claims_parse_finds_speaker_and_cue(extractor, text, speaker, kind, cue):
    claims = _claims(extractor, text)
    assert claims, text
    claim = claims[0]
    assert claim.speaker_name == speaker
    assert claim.speaker_type is SpeakerType(kind)
    assert claim.cue_lemma == cue
    assert claim.speaker is not None and claim.speaker.text.lower().endswith(speaker.split()[-1])


def test_claims_parse_denial_class_and_weekday_date(extractor):
    claims = _claims(extractor, "On Monday the army denied that 30 civilians were killed.")
    assert claims[0].cue_class is CueClass.DENIAL
    assert claims[0].event_date == date(2025, 6, 30)


def test_claims_parse_pronoun_resolves_to_previous_speaker(extractor):
    text = (
        "The group said it attacked two bases on Sunday.\n\nIt said that 15 soldiers were captured."
    )
    claims = _claims(extractor, text)
    assert [c.speaker_name for c in claims] == ["group", "group"]


def test_claims_parse_hedged_statement_without_speaker(extractor):
    claims = _claims(extractor, "At least 20 villagers were reportedly abducted on Sunday.")
    assert len(claims) == 1
    assert claims[0].speaker is None
    assert claims[0].cue_class is CueClass.HEDGED
    assert claims[0].cue is not None and claims[0].cue.text == "reportedly"
    assert claims[0].text.endswith("(reportedly)")


_WORDS = st.sampled_from(
    [
        "said",
        "the",
        "army",
        "claimed",
        "“",
        "”",
        '"',
        ",",
        ".",
        ":",
        "80",
        "killed",
        "and",
        "according",
        "to",
        "residents",
        "reportedly",
        "denied",
        "\n\n",
        "é",
        "🙂",
        "Mali's",
        "it",
    ]
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=5)), max_size=40))
def test_claims_parse_offsets_valid_with_real_parser(extractor, words):
    text = " ".join(words)
    report = Report(id="h", text=text)
    for claim in extractor.extract(report):
        for span in (claim.sentence, claim.content, claim.speaker, claim.cue):
            if span is not None:
                assert span.text == text[span.start : span.end]
        assert claim.sentence.start <= claim.content.start <= claim.content.end
        assert claim.content.end <= claim.sentence.end


def test_claims_parse_dateline_is_not_the_speaker(extractor):
    text = "BAMAKO, July 1 (Wire) - Mali's army said it had killed 80 militants."
    claims = _claims(extractor, text)
    assert claims[0].speaker_name == "Mali army"
    assert claims[0].speaker is not None and claims[0].speaker.text == "Mali's army"


def test_claims_parse_attack_is_an_event_not_a_cue(extractor):
    claims = _claims(extractor, "Gunmen attacked the convoy, killing 12 people, police said.")
    assert [c.cue_lemma for c in claims] == ["say"]


def _found(nlp, text):
    """What the tree rules find (the learned tagger's features and fall-back)."""
    from verifier.attribution.cue_model import load_cue_model
    from verifier.attribution.finder import AttributionFinder

    doc = nlp(text)
    return doc.text, AttributionFinder(load_cue_model()).find(doc)


def test_claims_parse_cue_span_keeps_auxiliaries_and_negation(nlp):
    text, found = _found(nlp, "The ministry has repeatedly denied that soldiers killed civilians.")
    assert [text[slice(*f.cue)] for f in found] == ["has repeatedly denied"]
    text, found = _found(nlp, "The army said on Tuesday that 12 soldiers were killed.")
    assert [text[slice(*f.cue)] for f in found] == ["said"]


def test_claims_parse_as_reported_takes_the_main_clause(nlp):
    text, found = _found(nlp, "As the agency reported, 12 soldiers were killed in Kayes.")
    assert [text[slice(*f.content[0])] for f in found] == ["12 soldiers were killed in Kayes"]


def test_claims_parse_quote_resumed_after_trailing_cue(nlp):
    text, found = _found(
        nlp, '"The town is calm," the governor said, "and the market has reopened."'
    )
    assert len(found) == 1
    parts = [text[slice(*r)] for r in found[0].content]
    assert parts == ["The town is calm,", "and the market has reopened."]


def _contents(text, found):
    return [(text[slice(*f.cue)], [text[slice(*r)] for r in f.content]) for f in found]


def test_claims_parse_trailing_participle_takes_its_own_object(nlp):
    text, found = _found(nlp, "The minister attacked the plan, describing it as a mistake.")
    assert ("describing", ["it as a mistake"]) in _contents(text, found)


def test_claims_parse_object_stops_before_nonrestrictive_relative(nlp):
    text, found = _found(nlp, "Officials praised Amadou Diallo, who led the talks.")
    assert _contents(text, found) == [("praised", ["Amadou Diallo"])]


def test_claims_parse_adjunct_after_trailing_cue_is_not_content(nlp):
    text, found = _found(nlp, '"The town is calm," the governor said, when the curfew ended.')
    assert _contents(text, found) == [("said", ["The town is calm,"])]


def test_claims_parse_quote_continues_past_a_quoted_cue(nlp):
    text, found = _found(
        nlp, '"The town is calm," the governor said. "Residents say the market has reopened."'
    )
    continued = [f for f in found if f.continued]
    assert _contents(text, continued) == [("said", ["Residents say the market has reopened"])]
    assert ("say", ["the market has reopened"]) in _contents(text, found)
