"""Every source's figure per event slot, and the most conservative one."""

from datetime import date

from verifier.figures.quantities import extract_figures
from verifier.judge.reconcile import reconcile_figures, same_event_assessments
from verifier.model import (
    Assessment,
    Claim,
    EventKey,
    Evidence,
    Quantity,
    Report,
    SpeakerType,
    Stance,
    Verdict,
)

ARMY = Report(id="a", text="The army said 80 militants were killed.", outlet="Daily")
RESIDENTS = Report(id="r", text="Residents said about 30 militants were killed.", outlet="Wire")
UNRELATED = Report(id="u", text="Police said 4 people were wounded in a crash.", outlet="Local")
KEY = EventKey(date(2025, 7, 1), date(2025, 7, 1), places=("kayes",))


def _key(published):
    if published is None:
        return KEY
    return EventKey(published, published, places=("kayes",))


def _assessment(evidence_reports):
    claim = Claim(
        report=ARMY,
        sentence=ARMY.span(0, len(ARMY.text)),
        content=ARMY.span(14, 38),
        speaker_name="army",
        speaker_type=SpeakerType.PARTY,
        figures=(Quantity(ARMY.span(14, 26), "killed", "militants", 80, 80, 80),),
        event_date=date(2025, 7, 1),
    )
    evidence = tuple(
        Evidence(
            claim.id,
            r.span(0, len(r.text)),
            0.7,
            Stance.CONTRADICTS,
            0.9,
            "x",
            True,
            speaker_name=name,
            speaker_type=SpeakerType.INDEPENDENT,
            figures=tuple(extract_figures(r.span(0, len(r.text)))),
            event_key=_key(r.published),
        )
        for r, name in evidence_reports
    )
    return Assessment(claim, evidence, Verdict.CONTRADICTED, 0, 1, True, KEY)


def test_reconcile_rows_per_source_and_most_conservative():
    (slot,) = reconcile_figures([_assessment([(RESIDENTS, "residents"), (UNRELATED, "police")])])
    assert (slot.category, slot.group, slot.event_date) == ("killed", "militants", date(2025, 7, 1))
    speakers = {(row.speaker, row.speaker_type, row.best) for row in slot.rows}
    assert speakers == {("army", SpeakerType.PARTY, 80), ("residents", SpeakerType.INDEPENDENT, 30)}
    assert slot.most_conservative is not None
    assert slot.most_conservative.speaker == "residents"
    army_row = next(r for r in slot.rows if r.speaker == "army")
    assert not army_row.independent


def test_reconcile_claims_without_casualty_figures_give_nothing():
    a = _assessment([])
    bare = Assessment(
        Claim(report=ARMY, sentence=a.claim.sentence, content=a.claim.content),
        (),
        Verdict.NO_EVIDENCE,
        0,
        0,
        False,
    )
    assert reconcile_figures([bare]) == []


def test_reconcile_skips_figures_of_other_events():
    later = Report(
        id="l",
        text="Residents said 5 militants were killed.",
        outlet="Wire",
        published=date(2025, 7, 20),
    )
    (slot,) = reconcile_figures([_assessment([(later, "residents")])])
    assert [row.speaker for row in slot.rows] == ["army"]


def test_reconcile_best_estimate_follows_updates_and_range():
    early = Report(
        id="e",
        text="Residents said 20 militants were killed.",
        outlet="W",
        published=date(2025, 7, 1),
    )
    late = Report(
        id="l2",
        text="Residents said 30 militants were killed.",
        outlet="X",
        published=date(2025, 7, 2),
    )
    (slot,) = reconcile_figures([_assessment([(early, "residents"), (late, "residents")])])
    assert slot.best_estimate == 30
    assert (slot.low, slot.high) == (20, 80)
    assert slot.most_conservative is not None and slot.most_conservative.best == 20
    assert [r.best for r in slot.timeline][-1] == 30


def test_reconcile_same_event_assessments_use_the_engine_rule():
    a = _assessment([])
    other_place = Assessment(
        a.claim, (), Verdict.NO_EVIDENCE, 0, 0, False, EventKey(KEY.first, KEY.last, ("mosul",))
    )
    same_place = Assessment(
        Claim(report=RESIDENTS, sentence=RESIDENTS.span(0, 10), content=RESIDENTS.span(0, 10)),
        (),
        Verdict.NO_EVIDENCE,
        0,
        0,
        False,
        KEY,
    )
    assert same_event_assessments(a, [other_place, same_place]) == [same_place]


def test_estimate_majority_of_reports_beats_the_latest_report():
    from verifier.judge.reconcile import estimate

    d1, d2 = date(2025, 7, 1), date(2025, 7, 2)
    assert estimate([("a", 3, d1), ("b", 3, d1), ("c", 5, d2)]) == 3
    # one vote per report, however often it repeats its figure
    assert estimate([("a", 3, d1), ("c", 5, d2), ("c", 5, d2)]) == 5


def test_estimate_tie_goes_to_the_latest_report_then_to_the_own_report():
    from verifier.judge.reconcile import estimate

    d1, d2 = date(2025, 7, 1), date(2025, 7, 2)
    assert estimate([("a", 3, d1), ("b", 5, d2)]) == 5  # an update
    assert estimate([("a", 3, d2), ("b", 5, d2)], own="b") == 5
    assert estimate([("a", 3, d2), ("b", 5, d2)], own="a") == 3
    assert estimate([("a", 3, d2), ("b", 5, d2), ("c", 4, d2)]) == 4  # no own: the median
    assert estimate([]) is None


def test_reconcile_best_estimate_is_the_majority_of_independent_reports():
    reports = [
        Report(
            id=f"m{n}",
            text=f"Residents said {v} militants were killed.",
            outlet=f"O{n}",
            published=date(2025, 7, d),
        )
        for n, (v, d) in enumerate([(30, 1), (30, 1), (45, 2)])
    ]
    (slot,) = reconcile_figures([_assessment([(r, "residents") for r in reports])])
    assert slot.best_estimate == 30  # two reports against one later one
    assert (slot.low, slot.high) == (30, 80)
