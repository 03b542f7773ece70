"""Event dates resolved against the publication date."""

from __future__ import annotations

import sys
from datetime import date

import pytest

from verifier.figures.events import Gazetteer, compare_events, date_window, resolve_event_date
from verifier.model import EventKey

PUBLISHED = date(2025, 7, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The army said the attack happened on Tuesday.", date(2025, 7, 1)),
        ("Gunmen struck on Wednesday morning.", date(2025, 7, 2)),
        ("Residents said the raid began on Thursday night.", date(2025, 6, 26)),
        ("The convoy was ambushed yesterday.", date(2025, 7, 1)),
        ("Fighting broke out the day before yesterday.", date(2025, 6, 30)),
        ("Officials confirmed the toll today.", date(2025, 7, 2)),
        ("The barracks fell on July 1.", date(2025, 7, 1)),
        ("The barracks fell on 1 July 2025.", date(2025, 7, 1)),
        ("The barracks fell on 2025-07-01.", date(2025, 7, 1)),
        ("The barracks fell on June 29th.", date(2025, 6, 29)),
        ("The village was attacked on Dec. 30.", date(2024, 12, 30)),
    ],
)
def test_events_resolve_relative_and_explicit_dates(text: str, expected: date) -> None:
    assert resolve_event_date(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The army said 80 militants were killed.",
        "Clashes continued last week.",
        "Troops may 5 times have crossed the river.",
    ],
)
def test_events_none_when_no_date_is_mentioned(text: str) -> None:
    assert resolve_event_date(text, PUBLISHED) is None


def test_events_weekday_needs_a_publication_date() -> None:
    assert resolve_event_date("It happened on Tuesday.", None) is None
    assert resolve_event_date("It happened on 1 July 2025.", None) == date(2025, 7, 1)


def test_events_no_dateparser_without_date_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dateparser", None)  # importing it would now fail
    assert resolve_event_date("The attack happened on Tuesday.", PUBLISHED) == date(2025, 7, 1)
    assert resolve_event_date("Eighty militants were killed.", PUBLISHED) is None


def test_events_evidence_date_falls_back_to_the_lead():
    from verifier.figures.events import evidence_event_date
    from verifier.model import Report

    text = "Gunmen attacked a convoy on Friday near the town.\n\nSix soldiers died, the army said."
    report = Report(id="c", text=text, published=date(2025, 7, 5))
    later = report.span(text.index("Six"), len(text))
    assert evidence_event_date(later) == date(2025, 7, 4)
    assert evidence_event_date(report.span(0, 49)) == date(2025, 7, 4)


# --- event keys and the one same-event rule ---------------------------------------------------


DAY = date(2025, 7, 1)


@pytest.mark.parametrize(
    ("a", "b", "same", "why"),
    [
        (
            EventKey(DAY, DAY, ("kayes",)),
            EventKey(DAY, DAY, ("kayes", "mali")),
            True,
            "same place kayes",
        ),
        (
            EventKey(DAY, DAY, ("kayes",)),
            EventKey(date(2025, 7, 5), date(2025, 7, 5), ("kayes",)),
            False,
            "different dates",
        ),
        (EventKey(DAY, DAY, ("kayes",)), EventKey(places=("kayes",)), False, "no date"),
        (EventKey(DAY, DAY, ("texas",)), EventKey(DAY, DAY, ("texas",)), False, "no shared place"),
        (
            EventKey(DAY, DAY, ("mali",), cited=("80 killed",)),
            EventKey(DAY, DAY, (), cited=("80 killed",)),
            True,
            "same figure cited 80 killed",
        ),
        (
            EventKey(DAY, DAY, (), ("jnim",)),
            EventKey(DAY, DAY, (), ("jnim",)),
            True,
            "same actor jnim",
        ),
        (EventKey(places=("gaza",)), EventKey(places=("gaza",)), True, "same place gaza"),
    ],
)
def test_events_same_event_needs_positive_agreement(a, b, same, why):
    match = compare_events(a, b)
    assert match.same is same and why in match.reason
    assert compare_events(b, a).same is same


def test_events_date_window_uses_reporting_lag():
    assert date_window(DAY, None) == (DAY, DAY)
    assert date_window(None, date(2025, 7, 4)) == (DAY, date(2025, 7, 4))
    assert date_window(None, None) == (None, None)


def test_events_gazetteer_finds_whole_names_longest_first():
    g = Gazetteer(["Nioro du Sahel", "Nioro", "Kayes", "lowercase"])
    assert g.find("Attacks hit Nioro du Sahel and Kayes. Nioro too.") == (
        "Nioro du Sahel",
        "Kayes",
        "Nioro",
    )
    assert g.find("Kayesville and lowercase") == ()


def test_events_key_round_trips_through_json():
    key = EventKey(DAY, DAY, ("kayes",), ("jnim",), "militants", "killed", ("80 killed",))
    assert EventKey.from_dict(key.to_dict()) == key
    assert EventKey.from_dict(None) is None


def test_events_bare_street_word_is_no_shared_place():
    a, b = EventKey(DAY, DAY, ("avenue",)), EventKey(DAY, DAY, ("avenue",))
    assert not compare_events(a, b).same


def test_events_one_word_the_corpus_writes_in_lower_case_is_no_name(nlp):
    from verifier.judge.facts import FactFinder
    from verifier.model import Report

    texts = [
        "Police said a man was shot in Dayton on Friday. The police said he survived.",
        "Police in Tulsa said a woman was shot on Friday. Two police officers and police "
        "detectives came.",
    ]
    reports = [Report(id=f"r{n}", text=t, published=date(2025, 7, 5)) for n, t in enumerate(texts)]
    finder = FactFinder(lambda _: [], nlp)
    finder.read_leads(reports)
    finder.places.add(["Police", "Dayton", "Tulsa"])  # as if spaCy took "Police" for a place
    first, second = (finder.evidence(r.span(0, r.text.index(".") + 1)) for r in reports)
    assert "police" not in first.event_key.places and "dayton" in first.event_key.places
    assert not compare_events(first.event_key, second.event_key).same


# --- follow-ups: the time a report places its incident at -------------------------------------

TRIAL_DAY = date(2016, 4, 14)  # a Thursday


@pytest.mark.parametrize(
    ("text", "period"),
    [
        (
            "On Thursday, a man was found guilty of killing two men in Nov. 2015.",
            (date(2015, 11, 1), date(2015, 11, 30)),
        ),
        (
            "He was arrested in a September shooting. It happened on Sept. 27, police said.",
            (date(2015, 9, 27), date(2015, 9, 27)),
        ),
        (
            "Four people were arrested in connection with the March 13 shooting.",
            (date(2016, 3, 13), date(2016, 3, 13)),
        ),
        (
            "Jacob, born June 25, 2001, died on Sept. 26, 2015. His funeral is on Friday.",
            (date(2015, 9, 26), date(2015, 9, 26)),
        ),
    ],
)
def test_events_incident_period_of_a_follow_up(text, period):
    from verifier.figures.events import incident_period
    from verifier.model import Report

    assert incident_period(Report(id=text[:12], text=text, published=TRIAL_DAY)) == period


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen struck on Tuesday, killing three.",  # the report's own news: no earlier time
        # no follow-up: a month of background statistics is not the incident's
        "There were 40 homicides in the city in March. A man was shot on Tuesday.",
        # a follow-up, but its month names no incident
        "A man was sentenced on Thursday. The law dates from March 2010.",
    ],
)
def test_events_incident_period_none_without_a_dated_incident(text):
    from verifier.figures.events import incident_period
    from verifier.model import Report

    assert incident_period(Report(id=text[:12], text=text, published=TRIAL_DAY)) is None


def test_events_follow_up_statement_takes_the_incident_period():
    from verifier.figures.events import statement_window
    from verifier.model import Report

    text = "A man was sentenced on Thursday for the shooting in Nov. 2015.\n\nTwo men died."
    report = Report(id="trial", text=text, published=TRIAL_DAY)
    figure = report.span(text.index("Two"), len(text))
    window = statement_window(figure)
    assert window == (date(2015, 11, 1), date(2015, 11, 30))
    original = EventKey(date(2015, 11, 9), date(2015, 11, 9), ("indianapolis",), ("john doe",))
    trial = EventKey(*window, ("indianapolis",), ("john doe",))
    assert compare_events(original, trial).same
    # the vaguer the date, the more must agree: a month and one shared name are not enough
    assert not compare_events(original, EventKey(*window, ("indianapolis",))).same
    later = EventKey(TRIAL_DAY, TRIAL_DAY, ("indianapolis",), ("john doe",))
    assert not compare_events(original, later).same


def test_events_statement_window_reaches_back_a_few_days_only_to_join_them():
    from verifier.figures.events import statement_window
    from verifier.model import Report

    text = "A man was arrested in the April 12 shooting.\n\nThe victim died on Thursday."
    report = Report(id="died", text=text, published=TRIAL_DAY)
    died = report.span(text.index("The"), len(text))
    assert statement_window(died) == (date(2016, 4, 12), TRIAL_DAY)
    plain = Report(id="plain", text="Two men were shot on Thursday.", published=TRIAL_DAY)
    assert statement_window(plain.span(0, len(plain.text))) == (TRIAL_DAY, TRIAL_DAY)
