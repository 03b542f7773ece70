"""What the finder found (:class:`Found`) and the quotation ranges that extend or continue it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

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


def quote_regions(text: str) -> list[Range]:
    """Character ranges of quotations, quote marks included (straight quotes pair up in turn)."""
    return quotations(text)[0]


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


def extend_to_quotes(found: Found, quotes: list[Range], text: str) -> Found:
    """Content that starts or ends inside a quotation runs to the quotation's ends; a quotation
    resumed right after a trailing cue ("'A,' she said, 'B.'") joins the content."""
    content = []
    cue_inside = any(q_start <= found.cue[0] < q_end for q_start, q_end in quotes)
    for start, end in found.content:
        for q_start, q_end in quotes:
            if not cue_inside and (q_start <= start < q_end or q_start < end <= q_end):
                start, end = min(start, q_start + 1), max(end, q_end - 1)
        content.append((start, end))
    if not cue_inside and content and content[-1][1] <= found.cue[0]:
        after = max(found.cue[1], found.source[1] if found.source else 0)
        for q_start, q_end in quotes:
            if q_start >= after and not text[after:q_start].strip(" ,"):
                content.append((q_start + 1, q_end - 1))
                break
    if tuple(content) == found.content:
        return found
    return replace(found, content=tuple(content))


def quotes_content(found: Found, quotes: list[Range]) -> bool:
    """Most of the content lies in quotations (the speaker a following quote continues)."""
    inside = sum(
        max(0, min(b, q_end) - max(a, q_start))
        for a, b in found.content
        for q_start, q_end in quotes
    )
    return 2 * inside >= sum(b - a for a, b in found.content)


def covered(found: Found, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in found.content)


def inside_quotes(cue: Range, quotes: list[Range]) -> bool:
    return any(q_start < cue[0] and cue[1] < q_end for q_start, q_end in quotes)


def in_quotes(sent: Span, quotes: list[Range]) -> bool:
    """The sentence opens a quotation or lies inside one."""
    start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
    return any(q_start <= start < q_end - 1 for q_start, q_end in quotes)
