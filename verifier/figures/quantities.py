"""Casualty and event figures in text: value range, category (killed, wounded...) and group.

A fast regex path over the span text, no parser needed: a figure is a number (digits, number
words, vague terms), its qualifier ("at least", "up to", "between A and B"), the noun it counts
("militants", "barracks") and the category cue nearest to it in the same clause ("were killed",
"took control of"). Years, dates, times, ages, money, percentages, addresses, phone numbers and
calibres are skipped. Vague terms follow ACLED (see :mod:`verifier.figures.numbers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verifier.figures.numbers import (
    DIGIT_NUMBER,
    FIXED,
    FIXED_TERM,
    NUMBER,
    SCALES,
    TENS,
    UNITS,
    VAGUE,
    VAGUE_TERM,
    WORD_NUMBER,
    parse_number,
    vague_value,
)
from verifier.model import Quantity, Span

_GROUP_LEXICON = {
    "militants": "militant militants jihadist jihadists terrorist terrorists extremist extremists "
    "gunman gunmen assailant assailants attacker attackers bandit bandits",
    "insurgents": "insurgent insurgents rebel rebels",
    "fighters": "fighter fighters combatant combatants",
    "soldiers": "soldier soldiers troops troop servicemen serviceman personnel",
    "civilians": "civilian civilians villagers villager",
    "police": "police policeman policemen officer officers gendarmes gendarme deputy deputies "
    "trooper troopers",
    "people": "people persons person individuals individual men man women woman victims victim "
    "residents resident adults adult bystanders bystander worshippers passengers students "
    "student workers families relatives daughters daughter sons son sisters sister brothers "
    "brother father mother husband wife girlfriend boyfriend fiancee fiance grandmother "
    "grandfather grandson granddaughter stepfather stepson stepdaughter uncle aunt nephew niece "
    "cousin neighbor neighbour male males female females patrons patron customers customer "
    "partygoers partygoer party-goers guests guest protesters protester pedestrians pedestrian "
    "occupants passenger shoppers spectators classmates classmate employees employee clerk "
    "motorists motorist drivers driver",
    "children": "children child kids kid boys boy girls girl teens teen teenagers teenager "
    "toddler toddlers infant infants baby babies juveniles juvenile",
    "suspects": "suspect suspects",
    "barracks": "barracks",
    "positions": "position positions post posts outpost outposts",
    "bases": "base bases camp camps",
    "towns": "town towns village villages city cities localities locality communes commune "
    "districts district locations location",
    "vehicles": "vehicle vehicles",
}
# Group nouns -> the group they count. People groups compare with each other through "people".
GROUP_WORDS: dict[str, str] = {
    word: group for group, words in _GROUP_LEXICON.items() for word in words.split()
}
PEOPLE_GROUPS = frozenset(
    {"militants", "insurgents", "fighters", "soldiers", "civilians", "police", "people"}
    | {"children", "suspects"}
)
PLACE_GROUPS = frozenset({"barracks", "positions", "bases", "towns"})
_SINGULAR_PEOPLE = (
    "man woman person boy girl child teen teenager toddler infant baby juvenile student "
    "soldier officer policeman civilian resident bystander victim worker deputy trooper "
    "father mother husband wife son daughter brother sister girlfriend boyfriend fiancee fiance "
    "grandmother grandfather grandson granddaughter stepfather stepson stepdaughter uncle aunt "
    "nephew niece cousin neighbor neighbour male female patron customer partygoer guest "
    "protester pedestrian passenger classmate employee clerk motorist driver"
)
SINGULAR_PEOPLE = _SINGULAR_PEOPLE.split()

# Category cues, longest first; the first group that matches names the category.
_CUES: list[tuple[str, str]] = [
    ("killed", r"shot (?:dead|to death)|(?:shot|struck|hit) and killed"
     r"|(?:suffer|sustain)(?:ed|ing|s)? (?:a |an )?fatal(?: [\w-]+)? (?:injur(?:y|ies)|wounds?)"
     r"|fatally (?:shot|wounded|injured|stabbed)"
     r"|to death|mortally wounded|lost their lives|lost his life|lost her life|pronounced dead"
     r"|killed|kills?|killing|dead|died|dies|die|slain|murdered|massacred|perished|fatally"
     r"|mortally"
     r"|deaths?|death toll|homicides?|bodies|fatalities"),
    ("wounded", r"shot and (?:wounded|injured)|non-?fatal|wounded|wounding|injur(?:ed|es?|ing)"
     r"|(?:suffer|sustain|receiv)(?:ed|ing|es|s)? (?:from )?(?:(?!gunshot|bullet)[\w-]+ ){0,3}?"
     r"(?:injur(?:y|ies)|wounds?)"
     r"|treated (?:and released|for (?:(?!gunshot|bullet)[\w-]+ ){0,2}?(?:injur(?:y|ies)|wounds?))"
     r"|in (?:critical|serious|stable|fair|good|grave|satisfactory|guarded)(?:,? but stable)?"
     r" condition"
     r"|injur(?:y|ies)|wounds|hurt|hospitali[sz]ed|grazed"
     r"|(?:taken|transported|rushed|flown|airlifted) to (?:an? |the )?(?:area |local )?hospitals?"
     r"|in (?:the |a |an )?(?:area |local |nearby )?hospital\b"
     r"(?! (?:parking|lot|emergency room|waiting))"),
    ("controlled", r"t(?:ook|aken|ake|aking) (?:full )?control(?: of)?|t(?:ook|aken) over"
     r"|overr?an|overrun|seized|seizing|captured|capturing|controlled"),
    ("abducted", r"abducted|abducting|kidnapped|kidnapping|taken hostage|held hostage|hostages?"),
    ("captured", r"taken prisoner|taken captive|prisoners"),
    ("missing", r"missing|unaccounted for"),
    ("displaced", r"displaced|forced to flee|fled their homes|made homeless|uprooted"),
    ("arrested", r"arrested|arresting|detained|detaining|apprehended|taken into custody"),
    ("shot", r"(?:struck|hit|wounded) by (?:gunfire|bullets?|(?:a )?stray bullets?|shots|a shot)"
     r"|(?:(?:suffer|sustain|receiv)(?:ed|ing|es|s)?(?: from)?|with) (?:[\w-]+ ){0,2}?"
     r"(?:gunshot|bullet) wounds?"
     r"|(?:was|were|been|got) (?:also |then |later )?(?:hit|struck)"
     r"(?! by (?:a |an |the )?(?:car|vehicle|truck|van|suv|train)\b)"
     r"|shot|shoots?|shooting|shootings|gunshots?|gunshot wounds?|hitting|striking"),
    ("attacked", r"attacked|attacking|attacks?|raided|raids?|targeted|struck|took place"),
]  # fmt: skip
_BARE = "|".join(SINGULAR_PEOPLE)
CUE_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name}>{rx})" for name, rx in _CUES) + r")\b", re.IGNORECASE
)

_QUALIFIERS = (
    r"at least|no fewer than|not less than|a minimum of|more than|over|upwards of|in excess of"
    r"|up to|as many as|at most|no more than|about|around|approximately|nearly|almost"
    r"|some|roughly|an estimated|estimated|close to|a total of|a further|another"
)
_QUALIFIER_RX = _QUALIFIERS.replace(" ", r"\s+")
_LOW = {"at least", "no fewer than", "not less than", "a minimum of"}
_ABOVE = {"more than", "over", "upwards of", "in excess of"}
_HIGH = {"up to", "as many as", "at most", "no more than"}
_GROUP_WORD = "|".join(sorted(GROUP_WORDS, key=len, reverse=True))
# "a 17-year-old" (a person, noun left out), "and 20-year-old man".
_AGE = (
    r"(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)[-\s](?:year|month|week)s?[-\s]old"
    rf"(?:\s+(?:[\w-]+\s+){{0,2}}?(?:{_BARE}))?"
)

FIGURE_RE = re.compile(
    rf"""
    (?:\b(?P<qual>{_QUALIFIER_RX})\s+(?:a\s+(?=\d))?)?
    (?:
        \bbetween\s+(?P<b_lo>{NUMBER})\s+(?:and|to|-|–)\s+(?P<b_hi>{NUMBER})\b
      | (?<![\w.$£€#:/-])(?P<r_lo>{DIGIT_NUMBER})\s*(?:-|–|to)\s*(?P<r_hi>{DIGIT_NUMBER})
        (?![\w%:/]|-\d)
      | \b(?P<mult>double|triple|quadruple)(?:\s+|-)(?P<mult_what>homicides?|murders?|killings?
            |fatal\s+shooting|shooting|stabbing)\b
      | \b(?P<fixed>{FIXED_TERM})\b
      | \b(?P<vague>{VAGUE_TERM})\b(?:\s+of)?
      | (?<![\w.$£€#:/,-])(?P<num>{DIGIT_NUMBER})(?![\w%:/]|,\d|-\d|\.\d)
      | \b(?P<word>{WORD_NUMBER})\b
      | \b(?P<another>another|a\s+(?:second|third|fourth|fifth))\b(?!\s+\d)
      | \b(?P<parents>(?:(?:his|her|their|both)\s+)?parents)\b
      | \b(?P<bare>{_BARE})\b
        (?=\s*,?\s*(?:was|is|were|are|has\s+been|had\s+been|\w+ed\b)|\s*(?:,|&|and\b))
      | \b(?P<one>a|an|one|his|her|their)\s+(?P<sing>(?:[\w-]+\s+){{0,2}}?(?:{_BARE}))\b
      | (?:\b(?:a|an)\s+|(?<=\band\s))(?P<aged>{_AGE})\b
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Every figure holds a digit or one of these words (a cheap test before FIGURE_RE).
_FIGURE_WORDS = frozenset(
    [
        *" ".join([*UNITS, *TENS, *SCALES, *VAGUE, *FIXED, *SINGULAR_PEOPLE]).split(),
        *("another", "second", "third", "fourth", "fifth", "double", "triple", "quadruple"),
        "parents",
    ]
) - {"a", "an", "of"}
_WORDS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


def _may_hold_figure(text: str) -> bool:
    if _DIGIT.search(text):
        return True
    return not _FIGURE_WORDS.isdisjoint(_WORDS.findall(text.lower()))


# Words that end the phrase of a number: "7 hurt when gunman opens fire" counts no gunmen.
_NOT_BEFORE_GROUP = (
    r"(?:the|a|an|this|that|and|or|were|was|are|is|have|had|has|in|on|at|by|who|when|while|after"
    r"|before|as|during"
    r"|since|for|with|from|to|dead|hurt|injured|wounded|killed|shot|died|dies|slain)"
)
GROUP_AFTER_RE = re.compile(
    rf"^(?:[^\S\n]+of)?(?:[^\S\n]+(?:the|them|those|these|their))?(?:[^\S\n]+\d+)?"
    rf"(?:[^\S\n]+(?!{_NOT_BEFORE_GROUP}\b|\d+(?![\w-])|{WORD_NUMBER}\b)[\w-]+){{0,3}}?"
    rf"[^\S\n]+(?P<group>{_GROUP_WORD})\b",
    re.IGNORECASE,
)
_PASSIVE_AFTER_RE = re.compile(
    r"^\s*,?\s*(?:(?:who|that|which|were|was|are|is|have|has|had|been|being|got|reportedly"
    r"|allegedly|also|all|later|now|each|confirmed|said to be|believed|to have|to be|found"
    r"|others?|more|people|of them|in all|in total|left|went|gone|remains?|remained|\w+ly"
    r"|sitting|standing|walking|riding|driving|playing|waiting|inside|nearby"
    r"|(?:in|at|on|inside|outside|near) (?:the |a |an |his |her |their )?"
    r"(?!(?:the|a|an|his|her|their)\b)[\w-]+)\s+)*$",
    re.IGNORECASE,
)
_ADJACENT_BEFORE_RE = re.compile(
    r"(?:\s+(?:of|the|a|total|some|another|further|an|also|including|them|reportedly))*\s*$",
    re.IGNORECASE,
)
_NOT_A_COUNT_AFTER = re.compile(
    r"^(?:\s*(?:,|and|or|to)\s*\d{1,3})*(?:-|\s)*(?:years?|yrs?|months?|weeks?|days?|hours?"
    r"|minutes?|seconds?|percent|per cent"
    r"|%|a\.?m\b|p\.?m\b|o'clock|block|mm\b|millimet|caliber|calibre|gauge|dollars|euros"
    r"|pounds|cfa|francs|km|kilomet|miles?|mph|feet|foot|ft\b|yards?|metres?|meters?|st\b"
    r"|nd\b|rd\b|th\b|times\b|shots\b|rounds?\b|bullets?\b|cases?\b|counts?\b"
    r"|gunshot(?!s?\s+victims?\b)|wounds\b|injuries\b)",
    re.IGNORECASE,
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Before a number that counts no one: a month ("July 4"), an age ("aged 20", "ages 14 and
# 28"), children of a victim ("father of 5"), a picture ("Image 7 of 12"), money, a number.
_DATE_BEFORE = re.compile(
    rf"(?:\b(?:{_MONTHS})\.?|\b(?:father|mother|parent|dad|mom|mum)\s+of"
    r"|\b(?:image|photo|slide|page|video)(?:\s+\d+\s+of\s*/?)?"
    r"|\b(?:younger|older)\s+than|\bunder(?:\s+the\s+age\s+of)?"
    r"|\b(?:aged?|ages)(?:\s+of)?(?:\s+(?:between\s+)?\d{1,3}\s*(?:,|and|to|-|–))*"
    r"|\b(?:news|channel|fox|abc|nbc|cbs)|\bno\.|#|\$|£|€)\s*$",
    re.I,
)
_DATE_AFTER = re.compile(rf"^\s*(?:{_MONTHS})\b", re.IGNORECASE)
# "Smith, 23,", "a boy, 6, shot himself", "leaves child, 2" (end of a title): an age.
_AGE_APPOSITION = re.compile(
    r"\b[^\W\d_][\w'-]*\.?,[^\S\n]*(?:(?:both|all|each|aged?|also)[^\S\n]+)?$"
    r"|\b(?:one|the other)[^\S\n]+$",
    re.IGNORECASE,
)
_NUMBER_SIGN_AFTER = re.compile(r"\.?[^\S\n]*\d")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|this|that)\s+$", re.IGNORECASE)
_APPOSITION_AFTER = re.compile(r"^,\s*(?:a|an|the)\s", re.IGNORECASE)
_FATES = ("killed", "wounded")
_SHOT_VICTIMS_RE = re.compile(r"\b(?:shooting|gunshot)s?\s+victims?\b", re.IGNORECASE)
_HE_AND_BEFORE = re.compile(r"\b(?:he|she|him|her)\s+and\s+$", re.IGNORECASE)
_OTHERS_AFTER = re.compile(r"\s+others?\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;!?\n]\s|[;!?\n]|\.$")


@dataclass(frozen=True)
class _Mention:
    start: int  # offsets into the span text
    end: int
    low: int | None
    best: int | None
    high: int | None
    group: str | None
    group_end: int  # end of the counted noun (or of the number when there is none)
    implicit: bool  # "one", "a man": kept only with a cue right next to it
    category: str | None = None  # set by the mention itself ("a double homicide")


def extract_figures(span: Span, doc: object | None = None) -> list[Quantity]:
    """Figures inside ``span.text`` with offsets into ``span.report.text``.

    ``doc`` (a spaCy Doc of the span) is accepted for callers that have one; the regex path
    does not need it.
    """
    del doc
    text = span.text
    mentions = _mentions(text)
    found: list[tuple[str, bool] | None] = []
    for i, m in enumerate(mentions):
        prev_end = mentions[i - 1].group_end if i else 0
        next_start = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        cue = _category(text, m, prev_end, next_start)
        if m.category and not (m.category == "shot" and cue and cue[1] and cue[0] in _FATES):
            cue = (m.category, True)  # "two shooting victims died": killed, else shot
        found.append(cue)
    # "3 men and a woman were wounded": a figure takes the cue of the one it is joined to.
    for i in range(len(mentions) - 2, -1, -1):
        nxt = found[i + 1]
        here = found[i]
        strong_here = here is not None and here[1]
        if nxt and nxt[1] and not strong_here and _joined(text, mentions[i], mentions[i + 1]):
            found[i] = nxt
    out: list[Quantity] = []
    previous: tuple[_Mention, str, str | None] | None = None
    for m, cue in zip(mentions, found, strict=True):
        if cue is None and previous is not None and _joined(text, previous[0], m):
            cue = (previous[1], True)
        if cue is None or (not cue[1] and (m.group is None or m.implicit)):
            continue
        group = m.group
        if group is None and previous is not None and _same_clause(text, previous[0].end, m.start):
            group = previous[2]
        if group is None and m.implicit and not (cue[1] and previous is not None):
            continue  # a bare "one" counts people only after a figure: "three dead, one hurt"
        if out and span.start + m.start < out[-1].span.end:
            continue  # the noun of the figure before ("one woman": not "woman" again)
        category = _refine(cue[0], group)
        out.append(
            Quantity(
                span=span.report.span(span.start + m.start, span.start + m.group_end),
                category=category,
                group=group,
                low=m.low,
                best=m.best,
                high=m.high,
            )
        )
        previous = (m, category, group)
    return out


def _mentions(text: str) -> list[_Mention]:
    if not _may_hold_figure(text):
        return []  # cheap test first: most contents hold no number at all
    out: list[_Mention] = []
    for match in FIGURE_RE.finditer(text):
        mention = _mention(text, match)
        if mention is not None and not (out and mention.start < out[-1].group_end):
            out.append(mention)  # not the noun of the figure before ("one man": not "man")
    return out


def _mention(text: str, match: re.Match[str]) -> _Mention | None:
    g = match.groupdict()
    start, end = match.start(), match.end()
    before, after = text[max(0, start - 30) : start], text[end : end + 30]
    qual = " ".join((g["qual"] or "").lower().split())
    implicit = False
    low: int | None
    best: int | None
    high: int | None
    if g["b_lo"] or g["r_lo"]:
        lo = parse_number(g["b_lo"] or g["r_lo"])
        hi = parse_number(g["b_hi"] or g["r_hi"])
        if lo is None or hi is None or lo >= hi or _skip_number(text, match, after, before):
            return None
        low, best, high = lo, None, hi
    elif g["mult"]:
        n = {"double": 2, "triple": 3, "quadruple": 4}[g["mult"].lower()]
        what = g["mult_what"].lower()
        category = "shot" if what.startswith(("shooting", "stabbing")) else "killed"
        return _Mention(start, end, n, n, n, "people", end, False, category)
    elif g["vague"]:
        value = vague_value(" ".join(g["vague"].split()).removesuffix(" of"))
        if value is None or _NOT_A_COUNT_AFTER.match(after):
            return None
        low, best, high = value, None, None
    elif g["fixed"]:
        value = parse_number(g["fixed"])
        if _NOT_A_COUNT_AFTER.match(after):
            return None  # "fired a dozen shots"
        low = best = high = value
    elif g["parents"]:
        return _Mention(start, end, 2, 2, 2, "people", end, True)  # "his parents were shot"
    elif g["bare"]:
        if g["bare"].islower() and (
            _APPOSITION_AFTER.match(after)
            or (after.startswith(",") and _DETERMINER_BEFORE.search(before))
        ):
            # "the boy, an Oakland resident, was shot", "the fourth victim, a woman, died": one
            # person named twice (not a list: "killed his wife, two children")
            return None
        return _Mention(
            start, end, 1, 1, 1, GROUP_WORDS.get(g["bare"].lower(), "people"), end, True
        )
    elif g["another"]:
        group_match = GROUP_AFTER_RE.match(text[end : end + 60])
        group = GROUP_WORDS[group_match["group"].lower()] if group_match else None
        group_end = end + group_match.end() if group_match else end
        return _Mention(start, end, 1, 1, 1, group, group_end, True)
    elif g["one"] or g["aged"]:
        sing = (g["sing"] or g["aged"]).split()[-1].lower()
        return _Mention(start, end, 1, 1, 1, GROUP_WORDS.get(sing, "people"), end, True)
    else:
        raw = g["num"] or g["word"]
        value = parse_number(raw)
        if value is None or _skip_number(text, match, after, before):
            return None
        if raw.lower() == "no" and _NUMBER_SIGN_AFTER.match(after):
            return None  # "Homicide No. 75"
        if g["word"] and raw.lower() in ("one", "single", "lone", "no", "both", "double"):
            implicit = True
        low = best = high = value
    if qual:
        low, best, high = _qualify(qual, low, best, high)
    if _HE_AND_BEFORE.search(before) and _OTHERS_AFTER.match(after):
        # "he and three others were shot": four people.
        low, best, high = (None if v is None else v + 1 for v in (low, best, high))
    group_match = GROUP_AFTER_RE.match(text[end : end + 60])
    group = GROUP_WORDS[group_match["group"].lower()] if group_match else None
    group_end = end + group_match.end() if group_match else end
    # "three shooting victims", "4 gunshot victims": people hit by gunfire.
    shot = group == "people" and _SHOT_VICTIMS_RE.search(text[end:group_end]) is not None
    return _Mention(
        start, end, low, best, high, group, group_end, implicit, "shot" if shot else None
    )


def _qualify(
    qual: str, low: int | None, best: int | None, high: int | None
) -> tuple[int | None, int | None, int | None]:
    value = low if low is not None else high
    if value is None:
        return low, best, high
    if qual in _LOW:
        return value, None, None
    if qual in _ABOVE:
        return value + 1, None, None
    if qual in _HIGH:
        return None, None, value
    if qual in ("about", "around", "approximately", "nearly", "almost", "some", "roughly"):
        return None, value, None
    if qual in ("an estimated", "estimated", "close to"):
        return None, value, None
    return low, best, high


def _skip_number(text: str, match: re.Match[str], after: str, before: str) -> bool:
    """Years, dates, times, ages, money, percentages, addresses, phone numbers, calibres."""
    raw = match.group(0)
    digits = re.sub(r"\D", "", raw)
    if _NOT_A_COUNT_AFTER.match(after) or _DATE_BEFORE.search(before):
        return True
    if _DATE_AFTER.match(after) or re.match(r"^\s*(?:\(|-)?\d{3}", after):
        return True
    if digits and len(digits) == 4 and 1800 <= int(digits) <= 2100 and "," not in raw:
        return True
    return bool(
        digits
        and _AGE_APPOSITION.search(before)
        and re.match(r"^[^\S\n]*(?:,|and\b|\)|\n|$|(?:was|were|is|has|had)\b)", after)
        and int(digits) < 120
    )


def _clause_start(text: str, pos: int) -> int:
    starts = [m.end() for m in _CLAUSE_END.finditer(text, 0, pos)]
    return starts[-1] if starts else 0


def _clause_end(text: str, pos: int) -> int:
    m = _CLAUSE_END.search(text, pos)
    return m.start() if m else len(text)


def _same_clause(text: str, a: int, b: int) -> bool:
    return _clause_end(text, a) >= b


def _joined(text: str, a: _Mention, b: _Mention) -> bool:
    """``b`` follows ``a`` in a coordination: "three barracks and dozens of positions"."""
    between = text[a.group_end : b.start]
    return bool(_JOIN_RE.fullmatch(between))


# "three barracks and dozens of positions", "a man and his two children"
_JOIN_RE = re.compile(
    r"(?:\s+others)?\s*(?:,|and|,\s*and|as well as|&|,?\s*including)(?:\s+(?:his|her|their))?\s*",
    re.I,
)


def _category(text: str, m: _Mention, prev_end: int, next_start: int) -> tuple[str, bool] | None:
    """The category cue of a mention, and whether it is right next to it (strong)."""
    if _sent_to_hospital(text, m):
        return "wounded", True  # "the shooting sent four people to the hospital"
    clause_start = _clause_start(text, m.start)
    clause_end = _clause_end(text, m.group_end)
    after = text[m.group_end : min(next_start, clause_end, m.group_end + 80)]
    first_after = next(CUE_RE.finditer(after), None)
    if (
        first_after
        and m.group is not None
        and _agent(text, after[: first_after.start()], m.group_end + first_after.end())
    ):
        first_after = None  # "two gunmen killed a man": the figure counts who did it
    if first_after and _NEGATED_RE.search(after[: first_after.start()]):
        return None  # "three other children were home but were not hurt"
    before = text[max(clause_start, m.start - 120) : m.start]
    cues = list(CUE_RE.finditer(before))
    adjacent = bool(cues) and bool(_ADJACENT_BEFORE_RE.fullmatch(before[cues[-1].end() :]))
    # "80 militants were killed", "two dead", "three others injured"; not "kills three,
    # injures one", where the verb before the figure is its own.
    if (
        first_after
        and _PASSIVE_AFTER_RE.match(after[: first_after.start()])
        and not _ACTIVE_ING_RE.fullmatch(first_after.group(0))
        and not (adjacent and "," in after[: first_after.start()])
    ):
        return _cue_name(first_after), True
    # "killed 80 militants", "took control of over three barracks"
    if adjacent:
        return _cue_name(cues[-1]), True
    # "four people on a porch were shot": a later cue, with no other verb in between.
    if (
        first_after
        and not _OTHER_VERB_RE.search(after[: first_after.start()])
        and not _NOMINAL_CUE_RE.fullmatch(first_after.group(0))
    ):
        return _cue_name(first_after), False
    if (
        cues
        and (m.group in PLACE_GROUPS or cues[-1].start() >= prev_end - (m.start - len(before)))
        and not _NOMINAL_CUE_RE.fullmatch(cues[-1].group(0))
        and not _OWN_VERB_RE.match(after)
    ):
        # "killed one man and wounded three others"; not "homicide detectives said 50 people
        # were outside", not "one was killed and three people were hospitalised".
        return _cue_name(cues[-1]), False
    return None


def _sent_to_hospital(text: str, m: _Mention) -> bool:
    """ "the shooting sent four people to the hospital", "put three women in the hospital"."""
    before = text[max(0, m.start - 12) : m.start]
    return bool(_SENT_BEFORE_RE.search(before) and _TO_HOSPITAL_RE.match(text, m.group_end))


def _agent(text: str, gap: str, cue_end: int) -> bool:
    """ "two gunmen killed a man": the figure counts who did it (an active verb, an object)."""
    return not _AUXILIARY_RE.search(gap) and bool(
        _OBJECT_AFTER_RE.match(text[cue_end : cue_end + 40])
    )


_SENT_BEFORE_RE = re.compile(r"\b(?:sen(?:t|ds?|ding)|put(?:s|ting)?)[^\S\n]+$", re.I)
_TO_HOSPITAL_RE = re.compile(
    r"[^\S\n]+(?:to|into|in)[^\S\n]+(?:(?:an?|the|area|local)[^\S\n]+){0,2}hospitals?\b", re.I
)
_NEGATED_RE = re.compile(r"(?:\bnot|\bnever|n't)(?:\s+(?:been|be|seriously|physically))?\s*$", re.I)
_AUXILIARY_RE = re.compile(r"\b(?:were|was|are|is|been|being|got|be)\b", re.IGNORECASE)
_OBJECT_AFTER_RE = re.compile(
    rf"[^\S\n]+(?:a|an|the|his|her|their|its|two|three|four|five|six|seven|eight|nine|ten|\d+"
    rf"|several|dozens|scores|hundreds|many|{_BARE})\b",
    re.IGNORECASE,
)
# "two men were shooting at cars": the people counted do the shooting, they are not shot.
_ACTIVE_ING_RE = re.compile(r"(?!missing)\w+ing", re.IGNORECASE)
# Event nouns name what happened, not what befell the people counted ("two men questioned in
# the shooting"); they type a figure only right next to it.
_NOMINAL_CUE_RE = re.compile(
    r"(?!missing)\w+ing|shootings|attacks?|raids?|deaths?|homicides?|injur(?:y|ies)|gunshots?|hostages?",
    re.IGNORECASE,
)
_OWN_VERB_RE = re.compile(r"\s*(?:were|was|are|is|have|has|had)\b", re.IGNORECASE)
_OTHER_VERB_RE = re.compile(r"\b(?:\w+ed|who|that|which|after|for|of|said|says|say)\b", re.I)


def _cue_name(cue: re.Match[str]) -> str:
    return next(name for name, _ in _CUES if cue.group(name))


def _refine(category: str, group: str | None) -> str:
    """Place groups are controlled or attacked; people are captured, not "controlled"."""
    if group in PEOPLE_GROUPS and category == "controlled":
        return "captured"
    if group in PLACE_GROUPS and category in ("killed", "wounded", "shot"):
        return "attacked"
    return category
