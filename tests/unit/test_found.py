"""Quotation lookups and content caps of the attribution finder's results."""

from __future__ import annotations

import pytest

from verifier.attribution.found import MAX_CONTENT, Found, Quotes, capped, quote_regions


def _found(content, cue=(0, 4)):
    return Found(cue, content, None, "say", 0, None, None)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(0, 1, [(0, 5)]), (6, 9, []), (4, 12, [(0, 5), (10, 15)]), (30, 40, [(20, 25)])],
)
def test_found_quotes_around_finds_overlapping_quotations(start, end, expected):
    quotes = Quotes([(0, 5), (10, 15), (20, 25)])
    assert quotes.around(start, end) == [q for q in expected if q[0] <= end and q[1] >= start]


def test_found_quote_regions_pair_straight_and_curly_quotes():
    text = '"a" said “b” and "c'
    assert list(quote_regions(text)) == [(0, 3), (9, 12)]


def test_found_capped_keeps_the_part_nearest_the_cue():
    long_after = _found(((10, 10 + 3 * MAX_CONTENT),), cue=(0, 4))
    assert capped(long_after).content == ((10, 10 + MAX_CONTENT),)
    long_before = _found(((0, 3 * MAX_CONTENT),), cue=(3 * MAX_CONTENT + 5, 3 * MAX_CONTENT + 9))
    assert capped(long_before).content == ((2 * MAX_CONTENT, 3 * MAX_CONTENT),)
    short = _found(((10, 20),))
    assert capped(short) is short
