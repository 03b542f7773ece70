"""The date of the event a sentence reports, resolved against the publication date.

Rules (first match wins):
- "today" / "tonight" / "this morning" -> the publication date; "yesterday" -> the day before;
  "the day before yesterday" -> two days before.
- A weekday ("on Tuesday", "Tuesday night") -> the most recent such day on or before the
  publication date (news reports past events, so "Tuesday" in a Wednesday story is yesterday).
- "last week" / "last month" are too vague to be an event date: None.
- Explicit dates ("July 1", "1 July 2025", "2025-07-01", "July 1st") -> dateparser, with the
  publication date as the relative base and past dates preferred.
dateparser is only called when the text has a month name or an ISO / numeric date in it.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from verifier.model import Report, Span

log = logging.getLogger(__name__)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_EXPLICIT_RE = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH})\.?(?:,?\s+\d{{4}})?\b"
    rf"|\b(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?"
    rf"|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b",
    re.IGNORECASE,
)
_VERB_MONTHS = ("may", "march")
_RELATIVE = (
    (re.compile(r"\bthe day before yesterday\b", re.I), 2),
    (re.compile(r"\byesterday\b", re.I), 1),
    (re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I), 0),
)


def resolve_event_date(text: str, published: date | None) -> date | None:
    """The event date mentioned in ``text``, or None when it mentions none we can resolve."""
    for explicit in _EXPLICIT_RE.finditer(text):
        phrase = explicit.group(0)
        if not phrase.startswith(_VERB_MONTHS):  # "troops may 5 times", "march 10 miles"
            return _parse_explicit(phrase, published)
    if published is None:
        return None
    for pattern, days in _RELATIVE:
        if pattern.search(text):
            return published - timedelta(days=days)
    weekday = _WEEKDAY_RE.search(text)
    if weekday:
        target = _WEEKDAYS.index(weekday.group(1).lower())
        return published - timedelta(days=(published.weekday() - target) % 7)
    return None


def _parse_explicit(phrase: str, published: date | None) -> date | None:
    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "STRICT_PARSING": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    cleaned = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", phrase)
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        log.debug("could not parse date %r", phrase)
        return None
    return parsed.date()


def evidence_event_date(sentence: Span) -> date | None:
    """The event date of a sentence: its own date words, else those of its report's lead.

    News leads say when ("on Friday", "on 4 July"); a later sentence of the same report usually
    does not repeat it.
    """
    report = sentence.report
    own = resolve_event_date(sentence.text, report.published)
    if own is not None:
        return own
    return _lead_event_date(report)


@lru_cache(maxsize=4096)
def _lead_event_date(report: Report) -> date | None:
    from verifier.read.clean import body_spans

    lead = " ".join(span.text for span in body_spans(report)[:2])[:600]
    return resolve_event_date(lead, report.published)
