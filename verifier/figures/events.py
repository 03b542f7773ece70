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

Event identity (:func:`compare_events`) is the one same-event rule of the engine: see
docs/verification.md.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from verifier.model import EventKey, Report, Span

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


# --- event identity: one rule for matching, verdicts, reconciliation and the review app -------

# Event dates further apart than this are different events.
MAX_EVENT_GAP_DAYS = 1
# A statement with no event date of its own covers an event at most this long before its
# report's publication date.
MAX_REPORTING_LAG_DAYS = 3
# Names that recur across unrelated events: wire agencies and world bodies are not actors of one.
_NOT_ACTORS = frozenset(
    [
        "reuters",
        "ap",
        "afp",
        "associated",
        "press",
        "agence",
        "france-presse",
        "un",
        "united",
        "nations",
        "bbc",
        "cnn",
    ]
)
_ACTOR_NOISE = frozenset({"the", "of", "a", "an", "and", "'s", "s"})
# A one-word name the corpus also writes this often in lower case is a common word that spaCy
# took for a name ("Police said", "Boy, 3, dies", "Avenue"): it ties no two reports together.
COMMON_WORD_MIN = 3
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*(?![\w'’-])")


def lower_case_words(text: str) -> list[str]:
    """The words of ``text`` written all in lower case (counted to find common words)."""
    return _LOWER_WORD.findall(text)


def date_window(event_date: date | None, published: date | None) -> tuple[date | None, date | None]:
    """The dates an event can have: its own date, else the reporting lag before publication."""
    if event_date is not None:
        return event_date, event_date
    if published is not None:
        return published - timedelta(days=MAX_REPORTING_LAG_DAYS), published
    return None, None


def norm_place(name: str) -> str:
    """A place name for comparison: lower case, no leading article, single spaces."""
    words = name.replace("’", "'").lower().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words).removesuffix("'s")


def norm_actor(name: str) -> str | None:
    """An actor name for comparison, or None for names that are no actor of one event."""
    text = " ".join(w for w in re.findall(r"[\w'-]+", name.lower()) if w not in _ACTOR_NOISE)
    if len(text) < 2 or text in _NOT_ACTORS:
        return None
    return text


_US_STATES = (
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia "
    "hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts "
    "michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon "
    "pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming "
    "new_hampshire new_jersey new_mexico new_york north_carolina north_dakota rhode_island "
    "south_carolina south_dakota west_virginia"
)


# A street word alone ("Avenue", taken from "Lathrop Avenue") names no place.
_STREET_WORDS = frozenset(
    [
        "avenue",
        "street",
        "road",
        "boulevard",
        "drive",
        "lane",
        "highway",
        "court",
        "place",
        "square",
        "park",
    ]
)


@lru_cache(maxsize=1)
def broad_places() -> frozenset[str]:
    """Countries, world regions, US states and bare street words: sharing only one of these is
    no agreement."""
    from babel import Locale

    names = {norm_place(n) for n in Locale("en").territories.values()}
    return frozenset(
        names
        | {w.replace("_", " ") for w in _US_STATES.split()}
        | {"us", "usa", "u.s.", "america", "west africa"}
        | _STREET_WORDS
    )


def _names_meet(a: str, b: str) -> bool:
    """Equal names, or one a whole-word part of the other ("nioro" in "nioro du sahel")."""
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= 4 and f" {short} " in f" {long} "


@dataclass(frozen=True)
class EventMatch:
    """Whether two statements are about the same event, and why (or why not)."""

    same: bool
    reason: str


def _dates(a: EventKey, b: EventKey) -> tuple[bool | None, str]:
    """True / False when both keys have dates (compatible or not); None when either lacks one."""
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return None, "undated"
    gap = timedelta(days=MAX_EVENT_GAP_DAYS)
    if a.first > b.last + gap or b.first > a.last + gap:
        return False, f"different dates ({_span(a)} vs {_span(b)})"
    if a.first == a.last == b.first == b.last:
        return True, f"same date {a.first.isoformat()}"
    if a.first == a.last and b.first == b.last:
        return True, f"dates {_span(a)} and {_span(b)}"
    return True, f"compatible dates ({_span(a)} / {_span(b)})"


def _span(k: EventKey) -> str:
    assert k.first is not None and k.last is not None
    if k.first == k.last:
        return k.first.isoformat()
    return f"{k.first.isoformat()}..{k.last.isoformat()}"


def compare_events(a: EventKey | None, b: EventKey | None) -> EventMatch:
    """The one same-event rule: compatible dates AND a shared place or actor.

    Unknown is not agreement: a dated statement and an undated one are not the same event, nor
    are two statements with no place or actor in common. Only when neither has any date (texts
    with no publication date, like FNC-1 headlines) do places and actors decide alone.
    """
    if a is None or b is None:
        return EventMatch(False, "no event key")
    dated, date_reason = _dates(a, b)
    if dated is False:
        return EventMatch(False, date_reason)
    both_undated = a.first is None and b.first is None
    if dated is None and not both_undated:
        return EventMatch(False, "one side has no date")
    broad = broad_places()
    shared = [p for p in a.places if any(_names_meet(p, q) for q in b.places)]
    places = [p for p in shared if p not in broad]
    actors = [x for x in a.actors if x not in broad and any(_names_meet(x, y) for y in b.actors)]
    cited = [f for f in a.cited if f in b.cited]
    if not places and not actors and not cited:
        return EventMatch(False, "no shared place, actor or distinctive figure")
    parts = [date_reason] if dated else []
    if places:
        parts.append("same place " + ", ".join(places[:3]))
    elif shared:
        parts.append("same country or state " + shared[0])
    if actors:
        parts.append("same actor " + ", ".join(actors[:2]))
    if cited:
        parts.append("same figure cited " + cited[0])
    if a.group and a.group == b.group:
        parts.append(f"same group {a.group}")
    return EventMatch(True, ", ".join(parts))


_NAME_TOKEN = re.compile(r"[\w'’-]+")


class Gazetteer:
    """Names seen as entities anywhere in the corpus, found again in any text by exact match
    (case-sensitive, whole tokens; looked up by first token, so thousands of names stay fast)."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._by_first: dict[str, set[tuple[str, ...]]] = {}
        self.add(names)

    def add(self, names: Iterable[str]) -> None:
        for name in names:
            tokens = tuple(_NAME_TOKEN.findall(name.strip()))
            if tokens and len(" ".join(tokens)) >= 3 and tokens[0][:1].isupper():
                self._by_first.setdefault(tokens[0], set()).add(tokens)

    def names(self) -> frozenset[str]:
        return frozenset(" ".join(t) for group in self._by_first.values() for t in group)

    def find(self, text: str) -> tuple[str, ...]:
        """The gazetteer's names in ``text``, longest match first at each position."""
        tokens = _NAME_TOKEN.findall(text)
        found: dict[str, None] = {}
        for i, token in enumerate(tokens):
            for name in sorted(self._by_first.get(token, ()), key=len, reverse=True):
                if tuple(tokens[i : i + len(name)]) == name:
                    found.setdefault(" ".join(name), None)
                    break
        return tuple(found)
