"""Stance rules: event gate, scoped denials, owned figures, bounds, updates, confident model."""

from datetime import date

import pytest

from verifier.judge.facts import Facts, split_figures
from verifier.judge.match import Gate, agrees, judge
from verifier.model import Claim, CueClass, EventKey, Quantity, Report, SpeakerType, Stance

ARTICLE = Report(
    id="art",
    text="The army said it killed 80 militants in seven towns.",
    published=date(2025, 7, 2),
)
CLAIM = Claim(
    report=ARTICLE,
    sentence=ARTICLE.span(0, 52),
    content=ARTICLE.span(14, 51),
    speaker_name="Mali army",
    speaker_type=SpeakerType.PARTY,
    figures=(
        Quantity(ARTICLE.span(24, 36), "killed", "militants", 80, 80, 80),
        Quantity(ARTICLE.span(40, 51), "attacked", "towns", 7, 7, 7),
    ),
    event_date=date(2025, 7, 1),
)
KEY = EventKey(date(2025, 7, 1), date(2025, 7, 1), places=("kayes",), actors=("jnim",))
DISCUSS = {
    Stance.SUPPORTS: 0.1,
    Stance.CONTRADICTS: 0.1,
    Stance.DISCUSSES: 0.7,
    Stance.UNRELATED: 0.1,
}


def _facts(text, *, speaker="residents", cue=None, key=KEY, published=date(2025, 7, 2)):
    from verifier.figures.quantities import extract_figures

    report = Report(id="ev", text=text, outlet="Sahel Dispatch", published=published)
    span = report.span(0, len(text))
    asserted, rejected = split_figures(span, extract_figures(span), cue)
    kind = SpeakerType.PARTY if speaker == "JNIM" else SpeakerType.INDEPENDENT
    return Facts(span, speaker, kind, cue, asserted, rejected, key, ())


def test_match_disjoint_figures_contradict_with_both_sides_and_event_in_reason():
    j = judge(CLAIM, KEY, _facts("Residents said about 30 militants were killed."), DISCUSS)
    assert j is not None and j.stance is Stance.CONTRADICTS and j.decided
    assert "Mali army: 80" in j.reason and "residents (Sahel Dispatch)" in j.reason
    assert "same date 2025-07-01" in j.same_event and "kayes" in j.same_event


def test_match_other_event_is_not_evidence():
    other = EventKey(date(2025, 7, 1), date(2025, 7, 1), places=("mosul",), actors=("isis",))
    facts = _facts("Residents said about 30 militants were killed.", key=other)
    assert judge(CLAIM, KEY, facts, DISCUSS) is None


def test_match_unknown_date_is_not_agreement():
    undated = EventKey(places=("kayes",))
    facts = _facts("Residents said about 30 militants were killed.", key=undated)
    assert judge(CLAIM, KEY, facts, DISCUSS) is None


def test_match_denial_of_the_claims_figure_contradicts_and_is_not_a_figure():
    text = "JNIM dismissed the army's toll of 80 militants killed, saying only 7 fighters died."
    facts = _facts(text, speaker="JNIM", cue=CueClass.DENIAL)
    assert [q.best for q in facts.rejected] == [80]
    assert [q.best for q in facts.figures] == [7]
    j = judge(CLAIM, KEY, facts, DISCUSS)
    assert j is not None and j.stance is Stance.CONTRADICTS and "rejects 80" in j.reason


def test_match_denial_of_something_else_does_not_contradict():
    facts = _facts("JNIM denied abducting 12 civilians.", speaker="JNIM", cue=CueClass.DENIAL)
    j = judge(CLAIM, KEY, facts, DISCUSS)
    assert j is None or j.stance is not Stance.CONTRADICTS


def test_match_quoted_figure_belongs_to_its_owner():
    facts = _facts("Residents said the army's claim of 80 militants killed was false.")
    assert facts.figures == () and [q.best for q in facts.rejected] == [80]


@pytest.mark.parametrize(
    "bound,value,expected",
    [((None, None, 1000), 3, False), ((None, None, 100), 80, True), ((5, None, None), 6, True)],
)
def test_match_open_bounds_confirm_only_nearby_figures(bound, value, expected):
    span = ARTICLE.span(0, 3)
    a = Quantity(span, "killed", "soldiers", *bound)
    b = Quantity(span, "killed", "soldiers", value, value, value)
    assert agrees(a, b) is expected


def test_match_later_higher_toll_is_an_update_not_a_contradiction():
    facts = _facts("Officials said 95 militants were killed.", published=date(2025, 7, 5))
    j = judge(CLAIM, KEY, facts, DISCUSS)
    assert j is not None and j.stance is Stance.DISCUSSES and not j.decided
    assert "update" in j.reason


def test_match_unconfident_model_stance_is_related_undecided():
    claim = Claim(**{**CLAIM.__dict__, "figures": ()})
    leaning = {Stance.SUPPORTS: 0.39, Stance.CONTRADICTS: 0.1, Stance.DISCUSSES: 0.3}
    j = judge(claim, KEY, _facts("UN chief condemns attacks."), {**leaning, Stance.UNRELATED: 0.2})
    assert j is not None and not j.decided and "related, undecided" in j.reason


def test_match_model_support_without_the_figure_does_not_decide():
    confident = {Stance.SUPPORTS: 0.9, Stance.CONTRADICTS: 0.0, Stance.DISCUSSES: 0.05}
    j = judge(
        CLAIM, KEY, _facts("The attacks were condemned."), {**confident, Stance.UNRELATED: 0.05}
    )
    assert j is not None and not j.decided


def test_match_unrelated_probability_gates():
    unrelated = {Stance.SUPPORTS: 0.1, Stance.CONTRADICTS: 0.0, Stance.DISCUSSES: 0.2}
    facts = _facts("Rains brought relief to farmers.")
    assert judge(CLAIM, KEY, facts, {**unrelated, Stance.UNRELATED: 0.7}, Gate()) is None


def _headline_claim(text):
    report = Report(id="h", text=text, published=date(2025, 7, 2))
    whole = report.span(0, len(text))
    return Claim(report=report, sentence=whole, content=whole, text=text)


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        ("Banksy has NOT been arrested", None, True),
        ("The Batmobile isn’t stolen", None, True),
        ("Met police denies reports of Banksy arrest", None, True),
        ("Banksy arrested in London", None, False),
        ("Police arrested Banksy", CueClass.DENIAL, True),
    ],
)
def test_match_negates(text, cue, expected):
    from verifier.judge.match import negates

    assert negates(text, cue) is expected


def test_match_polar_agrees_when_claim_and_evidence_both_negate():
    from verifier.judge.match import polar

    s, c, d = Stance.SUPPORTS, Stance.CONTRADICTS, Stance.DISCUSSES
    assert polar(c, True, True) is s  # both deny it
    assert polar(c, False, True) is c  # an asserting claim: as the model says
    assert polar(c, True, False) is c  # evidence that asserts: as the model says
    assert polar(s, True, False) is s
    assert polar(d, True, True) is d


def test_match_evidence_denying_what_a_negating_claim_denies_supports():
    claim = _headline_claim("Everyone chill! Banksy has NOT been arrested")
    confident = {Stance.SUPPORTS: 0.05, Stance.CONTRADICTS: 0.9, Stance.DISCUSSES: 0.03}
    facts = _facts("Banksy has not been arrested, his publicist said.", speaker=None)
    j = judge(claim, KEY, facts, {**confident, Stance.UNRELATED: 0.02})
    assert j is not None and j.decided and j.stance is Stance.SUPPORTS
    assert "the claim itself negates" in j.reason
    asserting = _facts("Police arrested Banksy in London on Monday.", speaker=None)
    j = judge(claim, KEY, asserting, {**confident, Stance.UNRELATED: 0.02})
    assert j is not None and j.stance is Stance.CONTRADICTS


def test_match_a_denial_supports_a_claim_that_denies_the_same():
    claim = _headline_claim("Durex is not making pumpkin spice condoms")
    facts = _facts(
        "Durex denies making pumpkin spice condoms.", speaker="Durex", cue=CueClass.DENIAL
    )
    j = judge(claim, KEY, facts, DISCUSS)
    assert j is not None and j.stance is Stance.SUPPORTS and "denies it too" in j.reason
