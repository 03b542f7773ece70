"""Figures: numbers, qualifiers, vague terms, categories, groups, skipped numbers, helpers."""

from __future__ import annotations

import pytest

from verifier.figures.numbers import parse_number, vague_value
from verifier.figures.quantities import extract_figures
from verifier.figures.slots import format_figure, most_conservative, ranges_disjoint, same_slot
from verifier.model import Quantity, Report


def figures(text: str) -> list[tuple[str, str | None, int | None, int | None, int | None]]:
    report = Report(id="r", text=text)
    return [
        (q.category, q.group, q.low, q.best, q.high)
        for q in extract_figures(report.span(0, len(text)))
    ]


def q(category: str, group: str | None, low: int | None, best: int | None, high: int | None):
    report = Report(id="q", text="x")
    return Quantity(report.span(0, 1), category, group, low, best, high)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("80", 80),
        ("1,200", 1200),
        ("eighty", 80),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("two hundred", 200),
        ("a hundred", 100),
        ("one hundred and twenty", 120),
        ("three thousand", 3000),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("seventeen", 17),
        ("no one", 0),
        ("lots", None),
    ],
)
def test_numbers_parse_number_words_and_digits(text: str, value: int | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("term", "value"),
    [("tens", 10), ("dozens", 12), ("hundreds", 100), ("scores", 20), ("several", 3), ("a few", 3)],
)
def test_numbers_vague_terms_follow_acled(term: str, value: int) -> None:
    assert vague_value(term) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops killed 80 militants near the border.", ("killed", "militants", 80, 80, 80)),
        ("At least 4 soldiers died in the ambush.", ("killed", "soldiers", 4, None, None)),
        ("More than 20 civilians were wounded.", ("wounded", "civilians", 21, None, None)),
        ("Over 30 people fled their homes.", ("displaced", "people", 31, None, None)),
        ("Up to 15 fighters were captured.", ("captured", "fighters", None, None, 15)),
        ("They may have killed up to 30 villagers.", ("killed", "civilians", None, None, 30)),
        ("Over a 1000 troops were killed.", ("killed", "soldiers", 1001, None, None)),
        ("As many as 9 police were abducted.", ("abducted", "police", None, None, 9)),
        ("About 40 insurgents were arrested.", ("arrested", "insurgents", None, 40, None)),
        ("Nearly 12 residents are missing.", ("missing", "people", None, 12, None)),
        ("Around 7 children were hurt.", ("wounded", "children", None, 7, None)),
        ("Some 300 villagers were displaced.", ("displaced", "civilians", None, 300, None)),
        ("Between 10 and 30 civilians were killed.", ("killed", "civilians", 10, None, 30)),
        ("Officials said 10 to 30 civilians were killed.", ("killed", "civilians", 10, None, 30)),
        ("Medics counted 10-30 civilians killed.", ("killed", "civilians", 10, None, 30)),
        ("Eighty militants were killed.", ("killed", "militants", 80, 80, 80)),
        ("Twenty-five soldiers were wounded.", ("wounded", "soldiers", 25, 25, 25)),
        ("A dozen police were kidnapped.", ("abducted", "police", 12, 12, 12)),
        ("Two hundred people were arrested.", ("arrested", "people", 200, 200, 200)),
        ("Tens of civilians were killed.", ("killed", "civilians", 10, None, None)),
        ("Dozens of soldiers were wounded.", ("wounded", "soldiers", 12, None, None)),
        ("Hundreds of families were displaced.", ("displaced", "people", 100, None, None)),
        ("Scores of worshippers were killed.", ("killed", "people", 20, None, None)),
        ("Several villagers were abducted.", ("abducted", "civilians", 3, None, None)),
        ("A few students went missing.", ("missing", "people", 3, None, None)),
        ("A man was shot dead on the road.", ("killed", "people", 1, 1, 1)),
        ("A teenager was shot near the school.", ("shot", "children", 1, 1, 1)),
        ("Two people were wounded.", ("wounded", "people", 2, 2, 2)),
        ("The raids took place in seven towns.", ("attacked", "towns", 7, 7, 7)),
        ("Rebels attacked 5 positions overnight.", ("attacked", "positions", 5, 5, 5)),
        ("Police detained 14 suspects.", ("arrested", "suspects", 14, 14, 14)),
        ("It was a double homicide.", ("killed", "people", 2, 2, 2)),
        ("No one was injured in the blast.", ("wounded", None, 0, 0, 0)),
        ("He is accused of shooting three relatives to death.", ("killed", "people", 3, 3, 3)),
        (
            "Two men were shooting at cans; a boy was struck by gunfire.",
            ("shot", "children", 1, 1, 1),
        ),
    ],
)
def test_quantities_extract_qualifier_number_category_group(text: str, expected: tuple) -> None:
    assert figures(text)[0] == expected


def test_quantities_shared_verb_covers_coordinated_figures() -> None:
    text = "The group said it had taken control of over three barracks and dozens of positions."
    assert figures(text) == [
        ("controlled", "barracks", 4, None, None),
        ("controlled", "positions", 12, None, None),
    ]


def test_quantities_each_verb_keeps_its_own_figure() -> None:
    assert figures("Troops killed 80 militants and wounded 20 others in the raid.") == [
        ("killed", "militants", 80, 80, 80),
        ("wounded", "militants", 20, 20, 20),
    ]


def test_quantities_fate_after_a_count_of_people_shot() -> None:
    assert figures("Four people were shot on the porch, one fatally.") == [
        ("shot", "people", 4, 4, 4),
        ("killed", "people", 1, 1, 1),
    ]


def test_quantities_lone_one_takes_the_group_before_it() -> None:
    assert figures("Gunfire killed two people and left one seriously injured.") == [
        ("killed", "people", 2, 2, 2),
        ("wounded", "people", 1, 1, 1),
    ]
    assert figures("One of them was seriously injured.") == []


def test_quantities_seized_people_are_captured_not_controlled() -> None:
    assert figures("The gunmen seized 6 soldiers at the checkpoint.") == [
        ("captured", "soldiers", 6, 6, 6)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "A 12-year-old was playing outside in 2019.",
        "The shooting happened at 6 p.m. on July 4 in the 4800 block of Elm Road.",
        "The reward is $5,000 and turnout fell 12 percent.",
        "Call 555-123-4567 with tips.",
        "He fired 9mm rounds and ten shots from a .45 calibre pistol.",
        "Jane Doe, 23, and her sister, 19, spoke to reporters.",
        "Nothing happened here.",
    ],
)
def test_quantities_ignore_years_dates_times_ages_money_addresses(text: str) -> None:
    assert figures(text) == []


def test_quantities_age_is_a_person_not_a_count() -> None:
    assert figures("A 12-year-old boy was killed in the crossfire.") == [
        ("killed", "children", 1, 1, 1)
    ]


def test_quantities_offsets_point_into_report_text() -> None:
    text = "Intro line.\nThe army said 80 militants were killed on Tuesday."
    report = Report(id="r", text=text)
    body = report.span(12, len(text))
    (fig,) = extract_figures(body)
    assert report.text[fig.span.start : fig.span.end] == "80 militants"
    assert body.start <= fig.span.start < fig.span.end <= body.end


def test_quantities_same_slot_matches_category_and_group() -> None:
    assert same_slot(q("killed", "civilians", 1, 1, 1), q("killed", "people", 5, 5, 5))
    assert same_slot(q("killed", None, 1, 1, 1), q("killed", "soldiers", 5, 5, 5))
    assert not same_slot(q("killed", "civilians", 1, 1, 1), q("wounded", "civilians", 1, 1, 1))
    assert not same_slot(q("killed", "civilians", 1, 1, 1), q("killed", "soldiers", 1, 1, 1))
    assert not same_slot(q("controlled", "barracks", 3, 3, 3), q("controlled", "towns", 3, 3, 3))


def test_quantities_ranges_disjoint_handles_open_ends() -> None:
    at_least_4 = q("controlled", "barracks", 4, None, None)
    assert ranges_disjoint(at_least_4, q("controlled", "barracks", 3, 3, 3))
    assert not ranges_disjoint(at_least_4, q("controlled", "barracks", 10, 10, 10))
    up_to_15 = q("killed", None, None, None, 15)
    assert not ranges_disjoint(up_to_15, q("killed", None, 3, 3, 3))
    assert ranges_disjoint(up_to_15, q("killed", None, 16, None, None))
    assert ranges_disjoint(q("killed", None, 10, None, 30), q("killed", None, 80, 80, 80))
    assert not ranges_disjoint(q("killed", None, None, 30, None), q("killed", None, 30, 30, 30))


def test_quantities_format_figure_reads_naturally() -> None:
    assert format_figure(q("killed", "militants", 80, 80, 80)) == "80 militants killed"
    assert format_figure(q("controlled", "barracks", 4, None, None)) == (
        "at least 4 barracks controlled"
    )
    assert format_figure(q("killed", "civilians", 10, None, 30)) == "10-30 civilians killed"
    assert format_figure(q("wounded", None, None, None, 9)) == "up to 9 wounded"
    assert format_figure(q("killed", "people", None, 30, None)) == "about 30 people killed"


def test_quantities_most_conservative_is_the_lowest() -> None:
    army = q("killed", "militants", 80, 80, 80)
    residents = q("killed", "militants", None, 30, None)
    monitors = q("killed", "militants", 40, None, None)
    assert most_conservative([army, residents, monitors]) is residents
    assert most_conservative([]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a person without a count: an age, a kinship noun, "he and N others"
        ("A 17 year old is wounded.", [("wounded", "people", 1, 1, 1)]),
        ("Police shot her 8-year-old daughter.", [("shot", "people", 1, 1, 1)]),
        ("He and three others were shot on a court.", [("shot", None, 4, 4, 4)]),
        # "shooting victims", survivors' injuries, condition reports
        ("Officers found 4 gunshot victims.", [("shot", "people", 4, 4, 4)]),
        ("Two of the gunshot victims died.", [("killed", "people", 2, 2, 2)]),
        ("Two men suffered non-life threatening injuries.", [("wounded", "people", 2, 2, 2)]),
        ("They found three people suffering from gunshot wounds.", [("shot", "people", 3, 3, 3)]),
        (
            "Three people are dead and two are in critical condition.",
            [("killed", "people", 3, 3, 3), ("wounded", "people", 2, 2, 2)],
        ),
        (
            "Six people were wounded -- two mortally.",
            [("wounded", "people", 6, 6, 6), ("killed", "people", 2, 2, 2)],
        ),
        # the agent of an active verb is not its victim
        ("Two gunmen killed a man.", [("killed", "people", 1, 1, 1)]),
        # "between A to B" is a range; "up to N" an upper bound, "as many as N" too
        ("Between 50 to 60 people were hurt.", [("wounded", "people", 50, None, 60)]),
        ("As many as seven others were injured.", [("wounded", None, None, None, 7)]),
        # titles list people without articles
        (
            "Man, toddler killed, pregnant woman injured",
            [
                ("killed", "people", 1, 1, 1),
                ("killed", "children", 1, 1, 1),
                ("wounded", "people", 1, 1, 1),
            ],
        ),
        (
            "A man and his two kids were found dead.",
            [("killed", "people", 1, 1, 1), ("killed", "children", 2, 2, 2)],
        ),
    ],
)
def test_quantities_casualty_phrases_of_news_reports(text: str, expected: list[tuple]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Calvin Williams, 24 was shot in the chest.",  # an age after a name
        "Both victims, ages 14 and 28, were shot.",  # a list of ages
        "The boy, 6, shot himself in the hand.",  # an age after a noun
        "A father of 5 was shot.",  # his children
        "Image 7 of 12",  # a photo caption
        "He fired few shots.",  # "few" alone is no count
    ],
)
def test_quantities_numbers_that_count_no_casualties(text: str) -> None:
    assert [f for f in figures(text) if f[2] not in (1, None)] == []


def test_quantities_text_without_numbers_is_skipped_quickly() -> None:
    text = '"a" said "b" ' * 2000
    assert figures(text) == []
