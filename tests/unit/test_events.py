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
