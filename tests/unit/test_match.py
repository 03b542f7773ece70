"""Stance rules: denials, figure slots, the learned model last; reasons name both sides."""

from datetime import date

from verifier.judge.match import EvidenceContext, judge, same_event
from verifier.model import Claim, CueClass, Quantity, Report, SpeakerType, Stance

ARTICLE = Report(id="art", text="The army said it killed 80 militants in seven towns.")
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
MODEL = {
    Stance.SUPPORTS: 0.1,
    Stance.CONTRADICTS: 0.1,
    Stance.DISCUSSES: 0.7,
    Stance.UNRELATED: 0.1,
}


def _context(text, *, speaker="residents", cue=None, when=date(2025, 7, 1)):
    from verifier.figures.quantities import extract_figures

    report = Report(id="ev", text=text, outlet="Sahel Dispatch")
    span = report.span(0, len(text))
    return EvidenceContext(span, speaker, tuple(extract_figures(span)), cue, when)


def test_match_disjoint_figures_contradict_with_both_sides_in_reason():
    j = judge(CLAIM, _context("Residents said about 30 militants were killed."), MODEL)
    assert j.stance is Stance.CONTRADICTS
    assert "Mali army: 80" in j.reason and "residents (Sahel Dispatch)" in j.reason
    assert "30" in j.reason


def test_match_consistent_figures_support():
    j = judge(CLAIM, _context("A doctor said at least 70 militants were killed."), MODEL)
    assert j.stance is Stance.SUPPORTS


def test_match_casualty_figure_outranks_other_figures():
    j = judge(CLAIM, _context("Residents said seven towns were attacked."), MODEL)
    assert j.stance is Stance.DISCUSSES  # the towns agree, but the claim stands on its toll


def test_match_denial_wins_over_repeated_figure():
    context = _context("JNIM denied that 80 of its fighters were killed.", cue=CueClass.DENIAL)
    j = judge(CLAIM, context, MODEL)
    assert j.stance is Stance.CONTRADICTS and "denies" in j.reason


def test_match_other_event_figures_are_not_compared():
    context = _context("Residents said 5 militants were killed.", when=date(2025, 6, 2))
    assert judge(CLAIM, context, MODEL).stance is Stance.DISCUSSES


def test_match_same_event_tolerates_unknown_dates():
    assert same_event(None, date(2025, 7, 1))
    assert same_event(date(2025, 7, 2), date(2025, 7, 1))
    assert not same_event(date(2025, 7, 5), date(2025, 7, 1))


def test_match_publication_date_bounds_an_undated_event():
    assert same_event(date(2025, 7, 1), None, date(2025, 7, 3))
    assert not same_event(date(2025, 7, 1), None, date(2025, 7, 9))
    assert not same_event(date(2025, 7, 1), None, date(2025, 6, 20))


def test_match_own_denial_is_not_a_contradiction():
    context = _context(
        "The army denied that any barracks had fallen.", speaker="Malian army", cue=CueClass.DENIAL
    )
    assert judge(CLAIM, context, MODEL).stance is Stance.DISCUSSES
