"""Verdicts and the unverified-casualty-figure flag follow independent sources only."""

import pytest

from verifier.judge.verdict import count_independent, decide, unverified_figure
from verifier.model import Claim, Evidence, Quantity, Report, SpeakerType, Stance, Verdict

ARTICLE = Report(id="art", text="The army said 80 militants were killed.")
CLAIM = Claim(
    report=ARTICLE,
    sentence=ARTICLE.span(0, 39),
    content=ARTICLE.span(14, 38),
    speaker=ARTICLE.span(0, 8),
    speaker_name="army",
    speaker_type=SpeakerType.PARTY,
    figures=(Quantity(ARTICLE.span(14, 26), "killed", "militants", 80, 80, 80),),
)


def _evidence(
    rid,
    stance,
    independent,
    speaker="residents",
    kind=SpeakerType.INDEPENDENT,
    text="Residents said about 80 militants were killed.",
    decided=True,
):
    from verifier.figures.quantities import extract_figures

    report = Report(id=rid, text=text, outlet=f"outlet {rid}")
    span = report.span(0, len(text))
    return Evidence(
        CLAIM.id,
        span,
        0.8,
        stance,
        0.9,
        "r",
        independent,
        False,
        speaker,
        kind,
        figures=tuple(extract_figures(span)),
        decided=decided,
    )


def test_verdict_copies_count_once():
    ev = [_evidence("w1", Stance.SUPPORTS, True), _evidence("w2", Stance.SUPPORTS, True)]
    assert count_independent(ev, Stance.SUPPORTS, {"w1": "w1", "w2": "w1"}) == 1
    assert count_independent(ev, Stance.SUPPORTS, {}) == 2


def test_verdict_relays_do_not_count():
    ev = [_evidence("r1", Stance.SUPPORTS, False, "army", SpeakerType.PARTY)]
    assert count_independent(ev, Stance.SUPPORTS, {}) == 0


@pytest.mark.parametrize(
    "support,contra,expected",
    [
        (1, 1, Verdict.DISPUTED),
        (2, 0, Verdict.CORROBORATED),
        (0, 1, Verdict.CONTRADICTED),
    ],
)
def test_verdict_decide(support, contra, expected):
    assert decide(support, contra, []) is expected


def test_verdict_single_source_and_no_evidence():
    relay = [_evidence("r1", Stance.SUPPORTS, False, "army", SpeakerType.PARTY)]
    assert decide(0, 0, relay) is Verdict.SINGLE_SOURCE
    assert decide(0, 0, []) is Verdict.NO_EVIDENCE


def test_verdict_party_figure_with_only_relays_is_unverified():
    relay = [_evidence("r1", Stance.SUPPORTS, False, "army", SpeakerType.PARTY)]
    assert unverified_figure(CLAIM, relay)


def test_verdict_independent_support_verifies_figure():
    assert not unverified_figure(CLAIM, [_evidence("h", Stance.SUPPORTS, True)])


def test_verdict_support_without_the_figure_does_not_verify_it():
    vague = _evidence("h", Stance.SUPPORTS, True, text="Residents said there was heavy fighting.")
    assert unverified_figure(CLAIM, [vague])


def test_verdict_other_party_support_does_not_verify_figure():
    other_party = [_evidence("j", Stance.SUPPORTS, True, "JNIM", SpeakerType.PARTY)]
    assert unverified_figure(CLAIM, other_party)


def test_verdict_independent_speaker_is_never_flagged():
    claim = Claim(**{**CLAIM.__dict__, "speaker_type": SpeakerType.INDEPENDENT})
    assert not unverified_figure(claim, [])


def test_verdict_undecided_evidence_counts_for_nothing():
    undecided = [_evidence("u", Stance.DISCUSSES, True, decided=False)]
    assert count_independent(undecided, Stance.DISCUSSES, {}) == 0
    assert decide(0, 0, undecided) is Verdict.NO_EVIDENCE
    leaning = [_evidence("l", Stance.SUPPORTS, True, decided=False)]
    assert count_independent(leaning, Stance.SUPPORTS, {}) == 0
    assert unverified_figure(CLAIM, leaning)


def test_verdict_one_party_side_counts_once_across_outlets():
    ev = [
        _evidence("j1", Stance.CONTRADICTS, True, "JNIM", SpeakerType.PARTY),
        _evidence("j2", Stance.CONTRADICTS, True, "JNIM", SpeakerType.PARTY),
        _evidence("m", Stance.CONTRADICTS, True, "monitor", SpeakerType.INDEPENDENT),
    ]
    assert count_independent(ev, Stance.CONTRADICTS, {}) == 2


def test_verdict_quoted_figure_does_not_verify():
    quoted = _evidence("q", Stance.SUPPORTS, True)
    quoted = Evidence(**{**quoted.__dict__, "figures": (), "rejected": quoted.figures})
    assert unverified_figure(CLAIM, [quoted])
