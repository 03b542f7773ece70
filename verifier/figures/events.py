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

A follow-up report (a charge, a trial, a funeral, months later) dates its own news, but its
casualty statements are about the incident its lead dates ("the March 13 shooting", "in Nov.
2015"): :func:`statement_window` gives them that incident's date (:func:`incident_period`).

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
    return resolve_event_date(_lead(report), report.published)


def _lead(report: Report) -> str:
    """The title and first paragraph (600 characters): where news says when."""
    from verifier.read.clean import body_spans

    return " ".join(span.text for span in body_spans(report)[:2])[:600]


# --- follow-ups: when the incident happened, as the report's lead says -----------------------

_MONTH_NUMBERS = {
    name: n
    for n, names in enumerate(
        [
            (),
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for name in names
}
_CAP_MONTH = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_YEAR = r"(?:19|20)\d\d"
# "in October", "in early Nov. 2015", "a September shooting", "March 2014": a month.
_MONTH_PERIOD = re.compile(
    rf"\b(?:in|during|of|a|an|the|last)\s+(?:(?:early|late|mid)-?\s*)?({_CAP_MONTH})\.?"
    rf"(?:,?\s+({_YEAR}))?(?![\w.]*\s*\d)"
    rf"|\b({_CAP_MONTH})\.?,?\s+({_YEAR})\b"
)
_LAST_PERIOD = re.compile(r"\blast (month|week)\b", re.IGNORECASE)
# A date names the incident when an incident word is next to it in the same sentence: "the
# March 13 shooting", "killed in November", "shot to death on Dec. 27".
_INCIDENT_WORD = re.compile(
    r"\b(?:shoot\w*|shot|kill\w*|slay\w*|slain|death|died|dead|murder\w*|homicide|wound\w*"
    r"|injur\w*|attack\w*|stabb\w*|gunfire|fatal\w*|massacre|ambush\w*|bomb\w*)\b",
    re.IGNORECASE,
)
_NEAR = 60  # characters either side of a date that an incident word must be within
# What makes a report a follow-up of an earlier incident: its news is a step of the case or a
# remembrance, not the incident itself.
_FOLLOW_UP = re.compile(
    r"\b(?:charg(?:ed|es|ing)|sentenc\w*|guilty|trials?|arraign\w*|arrest\w*|indict\w*"
    r"|convict\w*|plea\w*|pled|court|hearing|jury|jurors|verdict|lawsuit|sue[ds]?"
    r"|extradit\w*|bond|bail|anniversary|memorial|vigil|funeral|remember\w*)\b",
    re.IGNORECASE,
)
_BORN = re.compile(r"\bborn\b[^.;]{0,20}$", re.IGNORECASE)


def incident_period(report: Report) -> tuple[date, date] | None:
    """When the incident of a follow-up happened, as the report's lead (title and first
    paragraph) names it. A follow-up (its lead tells of a charge, an arrest, a trial, a
    funeral, an anniversary) reports its own news "on Tuesday" but names when the incident
    happened: the first date or month of the lead next to an incident word ("charged in the
    March 13 shooting", "found guilty of murdering two men in Nov. 2015"), narrowed to a date
    inside it that the lead also gives. None for a report that is no follow-up."""
    if report.published is None:
        return None
    return _incident_period(report)


@lru_cache(maxsize=4096)
def _incident_period(report: Report) -> tuple[date, date] | None:
    published = report.published
    assert published is not None
    lead = _lead(report)
    if not _FOLLOW_UP.search(lead):
        return None
    periods = [(at, p) for at, p in _periods(lead, published) if p[0] <= published]
    named = [(at, p) for at, p in periods if _names_incident(lead, at)]
    if not named:
        return None
    first = min(named)[1]
    inside = [p for _, p in periods if first[0] <= p[0] and p[1] <= first[1]]
    return min(inside, key=lambda p: p[1] - p[0])


def _names_incident(text: str, at: tuple[int, int]) -> bool:
    """Whether an incident word is within ``_NEAR`` characters of ``text[at]``, same sentence."""
    start, end = at
    before = re.split(r"[.!?]\s", text[max(0, start - _NEAR) : start])[-1]
    after = re.split(r"[.!?]\s", text[end : end + _NEAR])[0]
    return bool(_INCIDENT_WORD.search(before) or _INCIDENT_WORD.search(after))


def _periods(text: str, published: date) -> list[tuple[tuple[int, int], tuple[date, date]]]:
    """Dates and months of the past that ``text`` names: where, and their first and last day."""
    out: list[tuple[tuple[int, int], tuple[date, date]]] = []
    for m in _EXPLICIT_RE.finditer(text):
        if not m.group(0).startswith(_VERB_MONTHS) and not _BORN.search(text, 0, m.start()):
            parsed = _parse_explicit(m.group(0), published)
            out += [(m.span(), (parsed, parsed))] if parsed else []
    for m in _MONTH_PERIOD.finditer(text):
        name, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        out.append((m.span(), _month(_MONTH_NUMBERS[name.lower()], year, published)))
    for m in _LAST_PERIOD.finditer(text):
        out.append((m.span(), _last(m.group(1).lower(), published)))
    return out


def _month(month: int, year: str | None, published: date) -> tuple[date, date]:
    """The days of ``month`` (of ``year``, else its latest one not after publication)."""
    y = int(year) if year else published.year - (month > published.month)
    start = date(y, month, 1)
    return start, (start + timedelta(days=31)).replace(day=1) - timedelta(days=1)


def _last(unit: str, published: date) -> tuple[date, date]:
    """Last month, or last week (Monday to Sunday)."""
    if unit == "month":
        end = published.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    monday = published - timedelta(days=published.weekday() + 7)
    return monday, monday + timedelta(days=6)


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


def statement_window(sentence: Span, own: date | None = None) -> tuple[date | None, date | None]:
    """The dates a statement's event can have: its own date (``own``, else its date words, else
    its report's lead date, else the reporting lag before publication), and the incident's time
    its report gives (:func:`incident_period`). When that ends more than the reporting lag
    before, the report is a follow-up and the statement is about the incident ("the victim
    died", in a trial report of March, is about the shooting "last September"); when it is a
    few days before ("Friday's shooting" in a Sunday report), the window reaches back to it."""
    report = sentence.report
    first, last = date_window(own or evidence_event_date(sentence), report.published)
    incident = incident_period(report)
    if first is None or last is None or incident is None or incident[0] >= first:
        return first, last
    if incident[1] < first - timedelta(days=MAX_REPORTING_LAG_DAYS):
        return incident  # a follow-up: the statement's own day is the follow-up's news
    return incident[0], last


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


def _vague(k: EventKey) -> bool:
    """A date window wider than the reporting lag (a follow-up's "in November"): the vaguer
    the date, the more else must agree."""
    if k.first is None or k.last is None:
        return False
    return (k.last - k.first).days > MAX_REPORTING_LAG_DAYS + MAX_EVENT_GAP_DAYS


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
    if (_vague(a) or _vague(b)) and len(places) + len(actors) + len(cited) < 2:
        return EventMatch(False, "a month-wide date and only one shared name")
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
