"""Relays of the claim's own speaker and syndicated copies do not count as corroboration."""

import pytest

from verifier.judge.independence import cluster_ids, is_relay, same_speaker
from verifier.model import SpeakerType


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("Mali army", "Malian army", True),
        ("Mali's armed forces", "Mali army", True),
        ("the army's spokesperson", "army", True),
        ("Mali army", "JNIM", False),
        ("residents", "Mali army", False),
        (None, "Mali army", False),
    ],
)
def test_independence_same_speaker(a, b, same):
    assert same_speaker(a, b) is same


def test_independence_attributed_repeat_is_relay():
    assert is_relay("Mali army", "Malian armed forces", SpeakerType.PARTY, [])


def test_independence_outlet_voice_quoting_speaker_is_relay():
    assert is_relay("Mali army", None, SpeakerType.MEDIA, ["the army", None])


def test_independence_other_source_is_not_relay():
    assert not is_relay("Mali army", "residents", SpeakerType.INDEPENDENT, ["the army"])
    assert not is_relay("Mali army", None, SpeakerType.MEDIA, ["residents"])


def test_independence_cluster_ids_group_copies():
    clusters = cluster_ids(["c", "a", "b", "d"], [["c", "a", "b"]])
    assert clusters == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_independence_cluster_ids_merge_groups_that_share_a_report():
    clusters = cluster_ids(["e", "d", "c", "b", "a"], [["d", "e"], ["c", "b"], ["b", "e"]])
    assert clusters == {"a": "a", "b": "b", "c": "b", "d": "b", "e": "b"}


def test_independence_same_side_parties_are_relays():
    assert is_relay("Malian army", "Government of Mali", SpeakerType.PARTY, [], SpeakerType.PARTY)
    assert is_relay("Mali army", "General Staff", SpeakerType.PARTY, [], SpeakerType.PARTY)


def test_independence_opposing_parties_are_not_relays():
    assert not is_relay("Mali army", "JNIM", SpeakerType.PARTY, [], SpeakerType.PARTY)
    assert not is_relay(
        "Malian army", "Burkina Faso army", SpeakerType.PARTY, [], SpeakerType.PARTY
    )


def test_independence_party_through_own_outlet_is_relay():
    assert is_relay(
        "Malian army",
        "government spokesman",
        SpeakerType.PARTY,
        [],
        SpeakerType.PARTY,
        "Government of Mali",
    )


def test_independence_described_party_in_a_report_naming_the_speaker_is_a_relay():
    text = "JNIM claimed the raids. The al Qaeda affiliate said it seized three barracks."
    args = ("JNIM", "al Qaeda affiliate", SpeakerType.PARTY, ["JNIM"], SpeakerType.PARTY)
    assert is_relay(*args, "Timbuktu Courier", text)
    assert not is_relay(*args, "Timbuktu Courier", "The al Qaeda affiliate seized barracks.")


@pytest.mark.parametrize("kind", [SpeakerType.OFFICIAL, SpeakerType.ANONYMOUS, SpeakerType.PARTY])
def test_independence_a_partys_own_officials_relay_it(kind):
    assert is_relay("Malian army", "senior Malian security official", kind, [], SpeakerType.PARTY)
    assert not is_relay(
        "Malian army", "Malian residents", SpeakerType.INDEPENDENT, [], SpeakerType.PARTY
    )
