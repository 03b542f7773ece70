"""Fast rule-based sentence splitting with character offsets, for indexing.

The corpus index must split far faster than the embedder can encode, so this is a regular
expression over the body text, not a parser: a sentence ends at ``.``, ``!`` or ``?`` (with any
closing quotes or brackets) followed by white space and an opening capital, digit or quote,
unless the word before the stop is a known abbreviation or a single initial. A blank line always
ends a sentence; a single line break does not (hard-wrapped paragraphs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from verifier.model import Report, Span

# Words that end in a full stop without ending a sentence (compared lower-cased, without the dot).
_ABBREVIATIONS = """
    mr mrs ms dr prof sen rep gov gen col lt maj capt sgt cpl pte adm brig cmdr insp supt
    st mt ft jr sr rev hon pres vs etc al approx est no nos vol fig inc ltd co corp bros dept
    univ assn jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m"""
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())

# A candidate boundary: terminal punctuation, optional closers, then white space.
_BOUNDARY = re.compile(r"""[.!?]+['"’”)\]]*(?=\s+['"‘“(\[]?[A-Z0-9À-Ý])""")
_BLOCK = re.compile(r"\S(?:[^\n]|\n(?![ \t\r\f\v]*\n))*")  # text up to a blank line
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop ending at ``stop`` closes an abbreviation or an initial."""
    if text[stop - 1] != ".":
        return False
    match = _WORD_BEFORE.search(text, max(0, stop - 20), stop)
    if not match:
        return False
    word = match.group(1).lower()
    return (len(word) == 1 and word.isalpha()) or word in ABBREVIATIONS


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_offsets(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Offsets ``(start, end)`` of the sentences of ``text[start:end]``, stripped, non-empty."""
    end = len(text) if end is None else end
    for line in _BLOCK.finditer(text, start, end):
        begin = line.start()
        for boundary in _BOUNDARY.finditer(text, line.start(), line.end()):
            if _is_abbreviation(text, boundary.start() + 1):
                continue
            s, e = _strip(text, begin, boundary.end())
            if s < e:
                yield s, e
            begin = boundary.end()
        s, e = _strip(text, begin, line.end())
        if s < e:
            yield s, e


def split_spans(spans: list[Span]) -> list[Span]:
    """The sentences inside each span, in order, as spans of the same report."""
    out: list[Span] = []
    for span in spans:
        report = span.report
        out.extend(report.span(s, e) for s, e in split_offsets(report.text, span.start, span.end))
    return out


def body_sentences(report: Report) -> list[Span]:
    """Sentences of the report's body text (title and body paragraphs, boilerplate left out)."""
    from verifier.read.clean import body_spans

    return split_spans(body_spans(report))
