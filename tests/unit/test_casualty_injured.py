"""Casualty figures of news reports: the rules added for people hurt, shot and killed.

Every sentence here is invented for the test.
"""

from __future__ import annotations

import pytest

from verifier.evaluate.casualty_rules import lead_text
from verifier.evaluate.gva import predict
from verifier.figures.quantities import extract_figures
from verifier.model import Report

FILLER = "Detectives asked anyone who saw the grey sedan to call the tip line."


def figures(text: str) -> list[tuple[str, str | None, int | None]]:
    report = Report(id="r", text=text)
    return [(q.category, q.group, q.best) for q in extract_figures(report.span(0, len(text)))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A cue that is denied counts no one.
        ("Two other children were in the house but were not hurt.", []),
        ("Three neighbours weren't injured in the blast.", []),
        # A verb before the figure is its own, not the next clause's.
        ("Gunman kills two, wounds one at bar", [("killed", None, 2), ("wounded", None, 1)]),
        # More nouns for people.
        ("Five protesters were shot near the plaza.", [("shot", "people", 5)]),
        ("Two patrons were wounded inside the lounge.", [("wounded", "people", 2)]),
        # "sent N people to the hospital" tells people hurt.
        ("The brawl sent three people to the hospital.", [("wounded", "people", 3)]),
        ("Gunfire put two teens in the hospital.", [("wounded", "children", 2)]),
        # Shots, ages and station names are no counts of people.
        ("The gunman fired a dozen shots at the porch.", []),
        ("A boy younger than 10 was shot in the arm.", []),
        ("Four children under 12 were shot in the city last year.", [("shot", "children", 4)]),
        ("Another teen, also 16, was wounded.", []),
        ("Two teens, one 15 and the other 17, were hurt.", []),
        ("A spokesman told News 4 the victim was shot.", [("shot", "people", 1)]),
        ("Officers opened Homicide No. 12 of the year.", []),
        # People hit by gunfire.
        ("A 30-year-old woman sitting in the car was also hit.", [("shot", "people", 1)]),
        # A list of victims after a verb, and a person named twice.
        ("Man kills wife, her sister, then himself", [("killed", "people", 1)] * 2),
        ("The fourth victim, a woman, died later.", [("killed", "people", 1)]),
        # "parents" are two people; "one" after a figure counts a person.
        ("His parents were shot in their kitchen.", [("shot", "people", 2)]),
        ("Three killed, one injured in late shooting", [("killed", None, 3), ("wounded", None, 1)]),
        ("Victims named in rural double-shooting", [("shot", "people", 2)]),
        # "N others, including ..." takes the cue of what it includes.
        (
            "One man died and four others, including a girl, were injured.",
            [("killed", "people", 1), ("wounded", "people", 4), ("wounded", "children", 1)],
        ),
    ],
)
def test_injured_figures_of_news_wording(text: str, expected: list) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("title", "content", "killed", "injured"),
    [
        # A death told after the head: the one shot is the one killed.
        (
            "Girl shot at apartment",
            "A girl was shot in the chest at an apartment on Ash Lane on Sunday.\n\n"
            f"{FILLER}\n\n{FILLER} Again.\n\n"
            "She was taken to a hospital, where she later died.",
            1,
            0,
        ),
        (
            "Hunter hurt near creek",
            "A hunter was shot near the creek, mortally wounding him in the chest.",
            1,
            0,
        ),
        # A victim on life support is not counted dead: the tool reads what the text says.
        ("Teen shot in yard", "A teen shot in his yard on Friday remains on life support.", 0, 1),
        # "sent N people to the hospital".
        ("Fair shooting", "A shooting at the county fair sent four people to the hospital.", 0, 4),
        # Tolls of a day or of several incidents are not the incident's count.
        (
            "Man wounded on Oak Street",
            "A man was shot in the leg on Oak Street on Friday.\n\n"
            "Eleven people were shot throughout the day across the county.",
            0,
            1,
        ),
        (
            "Boy hurt in accident",
            "Two boys were hurt in separate accidental shootings on Sunday.\n\n"
            "A boy was shot in the foot at a home on Elm Street.",
            0,
            1,
        ),
        (
            "Woman killed in her car",
            "A woman was shot dead in her car on Pine Road on Tuesday.\n\n"
            "The county saw 38 homicides in the spring, up from 27 killed a year before.",
            1,
            0,
        ),
        (
            "12 shot since 9 p.m., including 3 at a block party",
            "Three people were shot at a block party on the west side on Saturday night.",
            0,
            3,
        ),
        # People shot besides the killed ("two other gunshot victims").
        (
            "Two men killed outside bar",
            "Two men were shot and killed outside a bar on Fifth Street on Saturday.\n\n"
            "Two other gunshot victims drove themselves to the hospital.",
            2,
            2,
        ),
        # A count of the hurt that holds one who died.
        (
            "Shooting at skate park",
            "Three people were injured, including a teen who later died at the hospital.",
            1,
            2,
        ),
        # The largest murder-suicide the head tells.
        (
            "Murder-suicide in quiet town",
            "Deputies said it was a triple murder-suicide at a farmhouse on Monday.",
            4,
            0,
        ),
    ],
)
def test_injured_counts_of_one_article(title: str, content: str, killed: int, injured: int) -> None:
    prediction = predict(title, content)
    assert (prediction.killed, prediction.injured) == (killed, injured)


def test_injured_lead_keeps_paragraphs_ending_in_quotes_or_numbers() -> None:
    quoted = 'A neighbour said, "We heard four shots and then the sirens."'
    numbered = "Anyone with information should call detectives at (555) 010-0199."
    text = lead_text("Title", f"{quoted}\n\n{numbered}")
    assert quoted in text
    assert numbered in text
