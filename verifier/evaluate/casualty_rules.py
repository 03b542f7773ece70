"""Rules that read the killed / injured counts of the main incident from one news article.

The lead (title and first substantial paragraphs) goes through
:func:`verifier.figures.quantities.extract_figures`; counts of people come from the title and
the first two paragraphs when they hold one, else from the whole lead; coordinated figures add
up; a toll over several incidents or a period is left out. GVA counts people shot and survived
as injured and a shooter who killed himself among the killed. See docs/casualties.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verifier.figures.quantities import PEOPLE_GROUPS, extract_figures
from verifier.model import Quantity, Report

LEAD_CHARS = 1200  # title + the first paragraphs: where the main incident is told
HEAD_PARAGRAPHS = 2  # title + this many paragraphs tell the main incident
_MIN_PARAGRAPH = 40  # shorter lines are navigation, bylines and other page furniture
LARGEST_COUNT = 99  # larger figures are tolls of a city or a year, not of one incident

# A paragraph ends like a sentence: 'shot.', 'police said."', 'at (877) 555-0100.'
_SENTENCE_LIKE_END_RE = re.compile(r"(?:[a-z]{3,}|[a-z0-9)][.!?])[.!?\"”'’)]*$")
# Video playlists ("1:08 Goran Dragic says ..."), player and sign-up notices, copyright lines.
_FURNITURE_RE = re.compile(
    r"^\d{1,2}:\d{2}\s|javascript|\bflash\b|your browser|ad block|e-?mail notifications"
    r"|verification (?:e-?mail|message)|\bsign(?:ing)? up\b|\bsubscri|all rights reserved"
    r"|\bcopyright\b|\bcookies?\b",
    re.IGNORECASE,
)


def lead_text(title: str, content: str, limit: int = LEAD_CHARS) -> str:
    """The title and the first substantial paragraphs, without page furniture or repeats."""
    title = re.split(r"\s+[|:–-]{1,2}\s+(?=[A-Z0-9])", title.strip())[0] if title else ""
    parts = [title] if title else []
    size = 0
    for para in re.split(r"\n\s*\n|\n", content):
        para = " ".join(para.split())
        if len(para) < _MIN_PARAGRAPH or not _SENTENCE_LIKE_END_RE.search(para):
            continue
        if para in parts or _FURNITURE_RE.search(para):
            continue
        parts.append(para)
        size += len(para)
        if size >= limit:
            break
    return "\n".join(parts)


@dataclass(frozen=True)
class Lead:
    """The lead of an article and the figures of people in it (tolls of many incidents left
    out); the head (title and first paragraphs) ends at ``head_end``."""

    text: str
    head_end: int
    figures: tuple[Quantity, ...]

    @property
    def head(self) -> str:
        return self.text[: self.head_end]


def read_lead(title: str, content: str) -> Lead:
    """The lead of one article with its figures of people."""
    text = lead_text(title, content)
    paragraphs = text.split("\n")
    head = "\n".join(paragraphs[: HEAD_PARAGRAPHS + (1 if title else 0)])
    report = Report(id="gva", text=text)
    figures = tuple(
        q
        for q in extract_figures(report.span(0, len(text)))
        if (q.group is None or q.group in PEOPLE_GROUPS) and not _cumulative(q)
    )
    return Lead(text, len(head), figures)


@dataclass(frozen=True)
class Prediction:
    """Killed and injured counts of one incident."""

    killed: int
    injured: int


Found = tuple[int, Quantity]  # a count and the figure it starts at


def read_counts(lead: Lead) -> Prediction:
    """Killed and injured counts of the main incident."""
    head_figures = [q for q in lead.figures if q.span.end <= lead.head_end]

    def largest(categories: tuple[str, ...], joined: re.Pattern[str] | None = None) -> Found | None:
        return _largest_count(head_figures, categories, joined) or _largest_count(
            lead.figures, categories, joined
        )

    wounded, shot = largest(("wounded",)), largest(("shot",))
    if wounded and _INCLUDES_DEAD_RE.match(lead.text, wounded[1].span.end):
        # "six people wounded, two mortally": six were hit, two of them died.
        shot = wounded if shot is None or wounded[0] >= shot[0] else shot
        wounded = None
    killed = _killed(lead, largest(("killed",)))
    hurt = largest(("wounded", "shot"), _HURT_AND_RE)
    return Prediction(killed, _injured(lead, killed, wounded, shot, hurt))


def _killed(lead: Lead, found: Found | None) -> int:
    head = lead.head
    said = _NOT_FATAL_RE.sub(" ", head)
    shooter_too = _SHOOTER_TOO_RE.search(head) is not None
    if found is None:
        # No count: one killed when the head says so; a suicide alone is the one killed.
        told = _FATAL_RE.search(said) or _DIED_LATER_RE.search(lead.text)
        killed = 1 if told else 0
        others = _MURDER_SUICIDE_RE.search(said) or _FATAL_RE.search(_SUICIDE_RE.sub(" ", said))
        shooter_too = shooter_too and bool(others)
    else:
        # "killed his two children, then himself" leaves the shooter out of the count;
        # "three dead in a murder-suicide" does not.
        killed, figure = found
        start, end = figure.span.start, figure.span.end
        shooter_too = shooter_too and bool(
            _KILLED_BY_RE.search(lead.text[max(0, start - 40) : start])
            or (_WERE_KILLED_RE.match(lead.text, end) and not _MURDER_SUICIDE_RE.search(head))
        )
    if killed and shooter_too:
        killed += 1  # GVA counts the shooter who killed himself among the killed
    # "a murder-suicide ... a triple murder-suicide": the largest one told.
    for murder_suicide in _MURDER_SUICIDE_RE.finditer(head):
        victims = _MULTIPLE.get((murder_suicide["mult"] or "").lower(), 1)
        killed = max(killed, victims + 1)
    return killed


def _injured(
    lead: Lead, killed: int, wounded: Found | None, shot: Found | None, hurt: Found | None
) -> int:
    injured = wounded[0] if wounded else None
    one_hurt_one_dead = injured == 1 and killed == 1 and wounded and not _another(wounded[1])
    if one_hurt_one_dead and _LATER_DIED_RE.search(lead.head):
        injured = 0  # "a teen hospitalized after a shooting has died": the one killed
    if shot is not None:
        hit = shot[0]
        if not killed and injured is not None and hurt:
            # "a woman was wounded and another was shot", "three shot, a fourth hurt".
            hit = max(hit, hurt[0])
        # "four shot, one fatally": GVA's injured are the people shot who survived; "a man
        # was killed ... a woman was also shot": she is not one of the killed.
        besides = (hit <= killed and _also(shot[1])) or _OTHER_RE.search(shot[1].span.text)
        injured = max(injured or 0, hit if besides else hit - killed)
    if not injured and not killed:
        return 1  # every GVA incident has a victim: with no one killed, someone was hurt
    return injured or 0


def _value_of(q: Quantity) -> int | None:
    """The count a figure gives: its best value, else its low bound, else its high bound."""
    return q.best if q.best is not None else q.low if q.low is not None else q.high


def _largest_count(
    figures: list[Quantity] | tuple[Quantity, ...],
    categories: tuple[str, ...],
    joined: re.Pattern[str] | None = None,
) -> tuple[int, Quantity] | None:
    """The largest count of a category and the figure it starts at; coordinated figures add
    up ("two men and a woman were hurt" is 3) unless they spell out a count before them ("two
    people, a 14-year-old and an 18-year-old, were hurt" is 2)."""
    best: tuple[int, Quantity] | None = None
    run: list[tuple[Quantity, int]] = []
    for q in figures:
        value = _value_of(q)
        if q.category not in categories or value is None or value > LARGEST_COUNT:
            continue
        between = q.span.report.text[run[-1][0].span.end : q.span.start] if run else ""
        others = _OTHERS_RE.match(q.span.report.text, q.span.start) and not _SENTENCE_END_RE.search(
            between
        )
        if run and ((joined or _AND_RE).fullmatch(between) or others):
            run.append((q, value))
        else:
            run = [(q, value)]
        total = _run_total(run)
        if best is None or total > best[0]:
            best = (total, run[0][0])
    return best


def _run_total(run: list[tuple[Quantity, int]]) -> int:
    head, first = run[0]
    if len(run) > 1 and first > 1 and _GENERIC_END_RE.search(head.span.text):
        return first  # "two people, a 14-year-old and an 18-year-old": the two spelled out
    return sum(value for _, value in run)


_AND_RE = re.compile(r"\s*(?:,|and|,\s*and|as well as|&)(?:\s+(?:his|her|their))?\s*", re.I)
# "one man is in critical condition and three others are hurt": four people.
# (Not "he and three others", which counts him already.)
_OTHERS_RE = re.compile(
    r"(?<!\bhe and )(?<!\bshe and )(?<!\bhim and )(?<!\bher and )"
    r"[\w-]+\s+(?:others|other (?:people|persons|victims))\b",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?;\n]")
_HURT_AND_RE = re.compile(
    r"\s*(?:shot|wounded|injured|hurt)?\s*(?:,|and|,\s*and|as well as|&)\s*", re.IGNORECASE
)
# A count of people in general, whose members the figures after it may name one by one.
_GENERIC_END_RE = re.compile(
    r"(?:\b(?:people|persons|victims|others|individuals)|^(?!parents$)\w+(?:-\w+)?)$", re.IGNORECASE
)


def _another(q: Quantity) -> bool:
    """ "another man", "two other people": not the ones counted before."""
    return bool(_ANOTHER_RE.search(q.span.report.text[q.span.start : q.span.end + 25]))


def _also(q: Quantity) -> bool:
    """ "a woman was also shot": someone besides those counted before."""
    return bool(_ALSO_RE.search(q.span.report.text[q.span.end : q.span.end + 45]))


_INCLUDES_DEAD_RE = re.compile(
    r"[^.;\n]{0,40}?(?:,|--|—|–|;)\s*(?:including\s+)?(?:one|two|three|four|five|\d+)"
    r"(?: of them| of whom)? (?:fatally|mortally)\b"
    # "three people were injured, including a teen who later died"
    r"|[^.;\n]{0,40}?\bincluding (?:a|an|one)\b[^.;\n]{0,40}?\bwho (?:later |has |had )?"
    r"(?:died|succumbed|was pronounced dead)\b",
    re.IGNORECASE,
)
_ANOTHER_RE = re.compile(r"\b(?:another|others?|also|second|third|fourth|fifth|too)\b", re.I)
_OTHER_RE = re.compile(r"\bother\b", re.IGNORECASE)  # "two other gunshot victims"
_ALSO_RE = re.compile(r"^[^.;\n]*?\b(?:also|too|as well)\b", re.I)


def _cumulative(q: Quantity) -> bool:
    """A toll over several incidents or a period ("18 shot in a 48-hour span", "four
    separate shootings left 10 people shot"): not the count of one incident."""
    text = q.span.report.text
    start = max(text.rfind(".", 0, q.span.start), text.rfind("\n", 0, q.span.start)) + 1
    ends = (text.find(".", q.span.end), text.find("\n", q.span.end), len(text))
    return bool(_CUMULATIVE_RE.search(text[start : min(i for i in ends if i >= 0)]))


_CUMULATIVE_RE = re.compile(
    r"\b(?:separate|other|several|multiple|different|unrelated|two|three|four|five|\d+)"
    r" (?:separate )?(?:[a-z]+ )?(?:shootings|attacks|incidents|scenes)\b|\bseries of\b"
    r"|\b\d+-hour\b"
    r"|\bhour span\b|\bthis year\b|\bso far\b|\bsince (?:january|the start|the beginning)"
    r"|\byear to date\b|\bacross the city\b|\bcitywide\b|\bthroughout the (?:day|night|weekend)\b"
    r"|\banother violent\b|\bsince \d{1,2}(?::\d\d)? ?[ap]\b"
    r"|\b(?:in|over|during) the (?:past|last) (?:\w+ )?(?:days|weeks|months)\b"
    r"|\b\d{2,} (?:homicides|murders|killings|shootings)\b",
    re.IGNORECASE,
)
_FATAL_RE = re.compile(
    r"\b(?:fatal(?:ly)?|homicide|(?<!attempted )murder(?:ed)?|killed|kills?|killings?|obituary"
    r"|bod(?:y|ies) (?:was |were |of [^.,;]{1,40} )?(?:found|discovered|recovered)|slain|died|dies"
    r"|dead|death|deadly shooting|manslaughter|did not survive|could not be saved|succumbed"
    r"|passed away|(?:took|takes|take|taking|claimed|claims|claiming) (?:the |his |her |their )?"
    r"(?:own )?li(?:fe|ves)|lost (?:his|her|their) li(?:fe|ves)|suicide"
    r"|mourn(?:s|ed|ing)? (?:the )?(?:loss|death))\b",
    re.IGNORECASE,
)
# Words of death that tell of no death: charges, units, what might have been.
_NOT_FATAL_RE = re.compile(
    r"\b(?:intent to (?:kill|murder)|attempt(?:ed|ing)? (?:to (?:kill|murder)"
    r"|(?:(?:first|second)[- ]degree )?(?:murder|homicide))"
    r"|(?:robbery[- ])?homicide (?:unit|detectives?|division|squad|investigators?|bureau"
    r"|sergeant|lieutenant|section)|(?:injury|injuries|harm) or death|threat(?:s|ened)? to kill"
    r"|(?:could|would|might) have (?:been )?killed|(?:nearly|almost) (?:killed|died)"
    r"|(?:no one|nobody|none)(?: (?:was|were))? (?:killed|dead)|non-?fatal|death threats?)\b",
    re.IGNORECASE,
)
# The shooter killed himself after shooting others: GVA counts the shooter among the killed.
_SHOOTER_TOO_RE = re.compile(
    r"\b(?:murders?[- /]suicides?"
    r"|(?:then|before|later)(?: the)?"
    r"(?: (?:gunman|shooter|suspect|man|woman|father|mother|he|she))?"
    r" (?:\w+ing and )?(?:fatally )?(?:kill(?:ed|ing|s)?|sho(?:t|ots|oting)) (?:him|her)?self"
    r"|turn(?:ed|ing|s)? (?:the|a) gun on (?:him|her)self|t(?:ook|aking|akes?) (?:his|her) own life"
    r"|kill(?:ed|s|ing)\b[^.;\n]{1,60},\s*(?:and |then )?(?:him|her)?self)\b",
    re.IGNORECASE,
)
# "a murder-suicide" is two dead at least, "a double murder-suicide" three.
_MURDER_SUICIDE_RE = re.compile(
    r"\b(?:(?P<mult>double|triple|quadruple)[- ])?murders?[- /](?:and )?suicides?\b",
    re.IGNORECASE,
)
_MULTIPLE = {"double": 2, "triple": 3, "quadruple": 4}
# Any self-inflicted death, "a boy accidentally shot and killed himself" included.
_SUICIDE_RE = re.compile(
    rf"{_SHOOTER_TOO_RE.pattern}|\b(?:kill(?:ed|ing|s)?|shot|shoots|shooting) (?:him|her)self\b"
    r"|\bsuicide\b",
    re.IGNORECASE,
)
# A count of victims the shooter killed ("killed his two children"), who leaves himself out.
_KILLED_BY_RE = re.compile(
    r"\b(?:kill(?:ed|s|ing)|shot|shooting|shoots|(?:shot|shooting|shoots) and killed|fatally shot"
    r"|murder(?:ed|s|ing)|gunned down)(?: (?:his|her|their|the|all))?\s*$",
    re.IGNORECASE,
)
# "four people were shot dead ... by a man who later shot himself": the victims only.
_WERE_KILLED_RE = re.compile(
    r"\s*(?:(?:were|was|have been|had been)\s+)?(?:shot (?:dead|to death)|killed|slain|murdered"
    r"|gunned down|fatally shot)\b(?!\s+(?:him|her)?self)",
    re.IGNORECASE,
)
# A death told after the head: "was taken to a hospital, where she later died".
_DIED_LATER_RE = re.compile(
    r"\b(?:(?:later|subsequently|eventually|since) (?:died|succumbed|was pronounced dead)"
    r"|where (?:he|she) died|(?:has|had) died|died (?:at|on) the scene|was pronounced dead"
    r"|(?:not able|unable) to save (?:him|her)|could not save (?:him|her)"
    r"|mortally wound(?:ed|ing))\b",
    re.IGNORECASE,
)
_LATER_DIED_RE = re.compile(
    r"\b(?:died|dies|succumbed|pronounced dead|did not survive|passed away)\b", re.I
)
