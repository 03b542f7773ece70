"""Every source's figure per event slot, and the most conservative one."""

from datetime import date

from verifier.judge.reconcile import reconcile_figures
from verifier.model import (
    Assessment,
    Claim,
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
        )
        for r, name in evidence_reports
    )
    return Assessment(claim, evidence, Verdict.CONTRADICTED, 0, 1, True)


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
