"""Speaker typing and normalisation."""

import pytest

from verifier.attribution.sources import (
    government_of_party,
    normalise_speaker,
    party_countries,
    speaker_type,
)
from verifier.model import SpeakerType


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mali army", SpeakerType.PARTY),
        ("JNIM", SpeakerType.PARTY),
        ("the army's spokesperson", SpeakerType.PARTY),
        ("al-Shabaab militants", SpeakerType.PARTY),
        ("the defence ministry", SpeakerType.PARTY),
        ("UN human rights office", SpeakerType.OFFICIAL),
        ("ECOWAS", SpeakerType.OFFICIAL),
        ("the French foreign ministry", SpeakerType.OFFICIAL),
        ("local residents", SpeakerType.INDEPENDENT),
        ("a doctor at the regional hospital", SpeakerType.INDEPENDENT),
        ("ACLED", SpeakerType.INDEPENDENT),
        ("Human Rights Watch", SpeakerType.INDEPENDENT),
        ("Reuters", SpeakerType.MEDIA),
        ("it", SpeakerType.UNKNOWN),
        ("Bob", SpeakerType.UNKNOWN),
    ],
)
def test_sources_speaker_type(name, expected):
    assert speaker_type(name) is expected


@pytest.mark.parametrize(
    ("mention", "appositive", "expected"),
    [
        ("Souleymane Dembele", "the army's spokesperson", "army"),
        ("the army's spokesperson", None, "army"),
        ("Mali's armed forces", None, "Mali army"),
        ("Mali’s army", None, "Mali army"),
        ("a spokesman for the ministry of defence", None, "ministry of defence"),
        ("the residents", None, "residents"),
    ],
)
def test_sources_normalise_speaker(mention, appositive, expected):
    assert normalise_speaker(mention, appositive) == expected


def test_sources_speaker_reached_by_outlet_is_typed_by_first_conjunct():
    name = normalise_speaker("Residents and local officials reached by Sahel Dispatch in two towns")
    assert name == "Residents and local officials"
    assert speaker_type(name) is SpeakerType.INDEPENDENT
    assert speaker_type("Mali's army and Wagner fighters") is SpeakerType.PARTY


def test_sources_relative_who_is_not_the_world_health_organisation():
    assert speaker_type("Awa Traore, a farmer who helped with burials") is SpeakerType.INDEPENDENT
    assert speaker_type("the WHO") is SpeakerType.OFFICIAL


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sources", SpeakerType.ANONYMOUS),
        ("a source close to the talks", SpeakerType.ANONYMOUS),
        ("officials who asked not to be named", SpeakerType.ANONYMOUS),
        ("people familiar with the matter", SpeakerType.ANONYMOUS),
        ("Sen. Lindsey Graham", SpeakerType.OFFICIAL),
        ("the mayor", SpeakerType.OFFICIAL),
        ("Republican presidential nominee", SpeakerType.OFFICIAL),
        ("Douglas Brinkley, a presidential historian", SpeakerType.INDEPENDENT),
        ("the attorney general", SpeakerType.OFFICIAL),
        ("MSNBC host", SpeakerType.MEDIA),
    ],
)
def test_sources_speaker_type_anonymous_and_politicians(name, expected):
    assert speaker_type(name) is expected


@pytest.mark.parametrize(
    ("name", "text", "party"),
    [
        ("the ministry", "Mali's army said ...", True),
        ("Malian officials", "Malian troops and Russian forces ...", True),
        ("US officials", "Mali's army said ...", False),
        ("the government", "Iraqi troops and US forces ...", False),  # two parties: whose?
        ("the government", "Twelve soldiers were killed", False),
        ("Mali army", "Mali's army said ...", False),  # not a government speaker
    ],
)
def test_sources_government_of_party(name, text, party):
    assert government_of_party(name, party_countries(text)) is party


def test_sources_anonymous_party_official_stays_a_party():
    assert speaker_type("a senior army official who asked not to be named") is SpeakerType.PARTY
    text = "The government said the armed forces killed 80 terrorists."
    assert government_of_party("government spokesman", party_countries(text))
