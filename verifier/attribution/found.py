"""What the finder found (:class:`Found`) and the quotation ranges that extend or continue it."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Range = tuple[int, int]


@dataclass(frozen=True)
class Found:
    """One attribution in a Doc: character ranges and the tokens they were built from."""

    cue: Range
    content: tuple[Range, ...]  # fragments, in order; usually one
    source: Range | None
    cue_lemma: str
    cue_token: int
    source_token: int | None  # the head token of the source, for speaker normalisation
    content_token: int | None  # the head token of the content clause
    continued: bool = False  # a quote continuing a previous speaker, without a cue of its own


_QUOTE_MARK = re.compile("''|[\"“”«»„]")
MAX_CONTENT = 2000  # characters; PolNeAR dev: 99.9 % of gold contents are under 800
_TEXT = "verifier.text"
_SENTS = "verifier.sents"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token on each access)."""
    text: str | None = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def sentence_of(token: Token) -> tuple[int, int]:
    """Token range [start, end) of the token's sentence, from an index built once per Doc."""
    doc = token.doc
    bounds: tuple[list[int], list[int]] | None = doc.user_data.get(_SENTS)
    if bounds is None:
        sents = list(doc.sents)
        bounds = doc.user_data[_SENTS] = ([s.start for s in sents], [s.end for s in sents])
    i = bisect_right(bounds[0], token.i) - 1
    return bounds[0][i], bounds[1][i]


class Ranges:
    """Character ranges, asked in log time whether any overlaps a given range."""

    def __init__(self, ranges: Iterable[Range]) -> None:
        ordered = sorted(ranges)
        self._starts = [a for a, _ in ordered]
        self._reach = list(accumulate((b for _, b in ordered), max))  # furthest end so far

    def overlaps(self, item: Range) -> bool:
        i = bisect_left(self._starts, item[1])  # ranges [:i] start before the item ends
        return i > 0 and self._reach[i - 1] > item[0]


class Quotes(list[Range]):
    """Quotation ranges in text order (never overlapping), with lookups in log time."""

    def __init__(self, regions: list[Range]) -> None:
        super().__init__(regions)
        self._starts = [a for a, _ in regions]
        self._ends = [b for _, b in regions]
        self._lengths = [0, *accumulate(b - a for a, b in regions)]

    def around(self, start: int, end: int) -> list[Range]:
        """Quotations that overlap or touch [start, end]."""
        return self[bisect_left(self._ends, start) : bisect_right(self._starts, end)]

    def inside(self, position: int) -> bool:
        """``position`` lies in a quotation (quote marks included)."""
        i = bisect_right(self._starts, position) - 1
        return i >= 0 and position < self._ends[i]

    def quoted_chars(self, start: int, end: int) -> int:
        """How many characters of [start, end) lie in quotations."""
        first, last = bisect_right(self._ends, start), bisect_left(self._starts, end)
        if first >= last:
            return 0
        total = self._lengths[last] - self._lengths[first]
        return total - max(0, start - self._starts[first]) - max(0, self._ends[last - 1] - end)


def quote_regions(text: str) -> Quotes:
    """Character ranges of quotations, quote marks included (straight quotes pair up in turn)."""
    return Quotes(quotations(text)[0])


def quotations(text: str) -> tuple[list[Range], int | None]:
    """Quotation ranges (quote marks included; straight quotes pair up in turn) and the start of
    a quotation left open at the end (a quote running on into the next paragraph)."""
    regions: list[Range] = []
    opened: int | None = None
    for mark in _QUOTE_MARK.finditer(text):
        ch = mark.group()
        if ch in "“«„":
            if opened is None:
                opened = mark.start()
        elif ch in "”»":
            if opened is not None:
                regions.append((opened, mark.end()))
                opened = None
        elif opened is None:
            opened = mark.start()
        else:
            regions.append((opened, mark.end()))
            opened = None
    return regions, opened


def extend_to_quotes(found: Found, quotes: Quotes, text: str) -> Found:
    """Content that starts or ends inside a quotation runs to the quotation's ends; a quotation
    resumed right after a trailing cue ("'A,' she said, 'B.'") joins the content."""
    content = []
    cue_inside = any(a <= found.cue[0] < b for a, b in quotes.around(*found.cue))
    for start, end in found.content:
        if not cue_inside:  # only the quotations holding either end of the content count
            edges = {*quotes.around(start, start), *quotes.around(end, end)}
            for q_start, q_end in sorted(edges):
                if q_start <= start < q_end or q_start < end <= q_end:
                    start, end = min(start, q_start + 1), max(end, q_end - 1)
        content.append((start, end))
    if not cue_inside and content and content[-1][1] <= found.cue[0]:
        after = max(found.cue[1], found.source[1] if found.source else 0)
        later = quotes[bisect_left(quotes._starts, after) :][:1]
        for q_start, q_end in later:
            if not text[after:q_start].strip(" ,"):
                content.append((q_start + 1, q_end - 1))
    if tuple(content) == found.content:
        return found
    return replace(found, content=tuple(content))


def capped(found: Found) -> Found:
    """Content fragments of at most :data:`MAX_CONTENT` characters, the part nearest the cue
    kept: a run-on "sentence" of a whole page must not make every content the whole page."""
    content = tuple(
        (a, b)
        if b - a <= MAX_CONTENT
        else ((b - MAX_CONTENT, b) if b <= found.cue[0] else (a, a + MAX_CONTENT))
        for a, b in found.content
    )
    return found if content == found.content else replace(found, content=content)


def quotes_content(found: Found, quotes: Quotes) -> bool:
    """Most of the content lies in quotations (the speaker a following quote continues)."""
    inside = sum(quotes.quoted_chars(a, b) for a, b in found.content)
    return 2 * inside >= sum(b - a for a, b in found.content)


def covered(found: Found, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in found.content)


def inside_quotes(cue: Range, quotes: Quotes) -> bool:
    return any(q_start < cue[0] and cue[1] < q_end for q_start, q_end in quotes.around(*cue))


def in_quotes(sent: Span, quotes: Quotes) -> bool:
    """The sentence opens a quotation or lies inside one."""
    start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
    return any(q_start <= start < q_end - 1 for q_start, q_end in quotes.around(start, start))
