"""The attributed-claim splitter: reports in, atomic :class:`Claim` objects out.

Each body paragraph (:func:`verifier.read.clean.body_spans`) is parsed once with spaCy;
:class:`.finder.AttributionFinder` finds source / cue / content in the parse, and
this module turns every attribution into one claim per atomic statement: coordinated clauses
and coordinated counted objects ("over three barracks and dozens of positions") become separate
claims, each with its own figures. Speakers are normalised and typed (:mod:`.sources`),
pronouns resolve to the previous speaker, cues get their class (:mod:`verifier.attribution.cues`). A
headline restating a body claim (same speaker, same figures) is emitted once.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from verifier.attribution.claim_text import (
    Part,
    claim_text,
    short_text,
    split_parts,
)
from verifier.attribution.cues import cue_class, is_hedged, reporting_cue
from verifier.attribution.finder import AttributionFinder
from verifier.attribution.found import Found, doc_text, sentence_of
from verifier.attribution.screen import CueScreen
from verifier.attribution.sources import (
    PRONOUNS,
    government_of_party,
    is_anonymous,
    normalise_speaker,
    party_countries,
    speaker_type,
)
from verifier.attribution.speakers import (
    Mention,
    anonymity_request,
    name_tokens,
    paragraph_mentions,
    person_roles,
    resolve,
    surname,
)
from verifier.figures.events import resolve_event_date
from verifier.figures.quantities import extract_figures
from verifier.model import Claim, CueClass, Quantity, Report, Span, SpeakerType
from verifier.read.clean import BODY_KINDS, segment

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z\-]{1,9})(?:\)|$)")
_COUNTRY_ARMY = re.compile(r"\b([A-Z][a-z]+)(?:'s|’s)\s+(?:army|armed forces|military)\b")
_BY_AGENT = re.compile(
    r"^(?:a|an|the)?\s*(?:\w+\s+)?(?:statement|communiqu\w+|bulletin|video|report|message)"
    r".*?\b(?:by|from|of)\s+(?P<who>.+?)(?:\s+(?:on|in|at|late|earlier)\b.*)?$",
    re.IGNORECASE,
)
_GENERIC_SPEAKERS = frozenset({"group", "statement", "organisation", "organization", "movement"})
_WS = re.compile(r"\s+")
MAX_CHARS = 2000  # longest content a claim keeps (PolNeAR dev: 99.9 % of contents < 800)
_CONTEXT = 300  # characters of a run-on sentence kept either side of the cue and content
_PARSED_TEXT = 800  # longer contents keep their own words (no split, no shortening)


class ClaimExtractor:
    """Splits reports into attributed, atomic claims (one spaCy parse per body paragraph)."""

    def __init__(self, nlp: Language | None = None, finder: AttributionFinder | None = None):
        if nlp is None:
            from verifier.nlp import load_spacy

            nlp = load_spacy()
        self.nlp = nlp
        self.finder = finder or AttributionFinder(rules_first=True)
        self.screen = CueScreen(nlp)
        self.batch_size = 32

    def extract(self, report: Report) -> list[Claim]:
        """The claims of one report, in text order."""
        return next(self.extract_many([report]))[1]

    def extract_many(self, reports: Iterable[Report]) -> Iterator[tuple[Report, list[Claim]]]:
        """Claims of many reports, parsing their paragraphs in batches with ``nlp.pipe``."""
        batch: list[Report] = []
        for report in reports:
            batch.append(report)
            if len(batch) >= self.batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def parse(self, reports: list[Report]) -> list[list[tuple[Span, bool, Doc]]]:
        """Per report: its body paragraphs as (span, is title, parse)."""
        pieces = [_body(report) for report in reports]
        docs = iter(self._docs([span.text for spans in pieces for span, _ in spans]))
        return [[(span, title, next(docs)) for span, title in spans] for spans in pieces]

    def _docs(self, texts: list[str]) -> Iterator[Doc]:
        return iter(self.nlp.pipe(texts, batch_size=64))

    def _parse_one(self, text: str) -> Doc:
        return self.nlp(text)

    def _batch(self, reports: list[Report]) -> Iterator[tuple[Report, list[Claim]]]:
        """Claims of a batch: only paragraphs that may hold a cue are parsed up front; the
        others only when a later speaker needs their mentions (:class:`_State`)."""
        pieces = [
            [(span, title, self.screen.may_hold_claim(span.text)) for span, title in _body(report)]
            for report in reports
        ]
        docs = self._docs([span.text for spans in pieces for span, _, wanted in spans if wanted])
        for report, spans in zip(reports, pieces, strict=True):
            paragraphs = [
                (span, title, next(docs) if wanted else None) for span, title, wanted in spans
            ]
            yield report, self._claims(report, paragraphs)

    def _claims(
        self, report: Report, paragraphs: list[tuple[Span, bool, Doc | None]]
    ) -> list[Claim]:
        claims: list[Claim] = []
        headline: list[Claim] = []
        state = _State(parties=party_countries(report.text), parse=self._parse_one)
        for span, title, doc in paragraphs:
            if doc is None:
                state.skip(span.text)
                continue
            state.here = paragraph_mentions(doc)
            by_cue: dict[tuple[int, int], int] = {}
            target = headline if title else claims
            for found in self.finder.find(doc):
                if not reporting_cue(found.cue_lemma) or anonymity_request(doc, found):
                    continue
                if found.continued and found.cue in by_cue:  # one quotation, one claim
                    i = by_cue[found.cue]
                    target[i] = _join(target[i], report, span.start, found, state.bodies)
                    continue
                found = _object_to_content(doc, found)
                for claim in _build(report, span.start, doc, found, state, claims):
                    by_cue[found.cue] = len(target)
                    target.append(claim)
                    if claim.speaker_name:
                        state.previous = claim.speaker_name
            state.parsed(doc)
        untyped = {surname(c.speaker_name) for c in claims if c.speaker_type is SpeakerType.UNKNOWN}
        roles = state.roles(untyped - {""})
        for i, claim in enumerate(claims):  # "Caddell" typed by "pollster Pat Caddell"
            role = roles.get(surname(claim.speaker_name))
            if claim.speaker_type is SpeakerType.UNKNOWN and role is not None:
                claims[i] = replace(claim, speaker_type=role)
        body_keys = {_restatement_key(c) for c in claims}
        kept = [c for c in headline if _restatement_key(c) not in body_keys or not c.figures]
        seen: set[tuple[int, int]] = set()
        out = []
        for claim in sorted(kept + claims, key=lambda c: (c.content.start, c.content.end)):
            if (claim.content.start, claim.content.end) not in seen:
                seen.add((claim.content.start, claim.content.end))
                out.append(claim)
        return out


@dataclass
class _State:
    """What speakers of a report's later claims may refer back to."""

    parse: Callable[[str], Doc]  # parses a skipped paragraph when its mentions are needed
    previous: str | None = None  # the last claim's speaker
    here: list[tuple[int, Mention]] = field(default_factory=list)  # this paragraph's mentions
    parties: frozenset[str] = frozenset()  # countries whose forces fight in the report
    bodies: dict[str, str] = field(default_factory=dict)  # claim id -> its content's short text
    # earlier paragraphs in order: their parse, or their text when skipped and not yet needed
    past: list[Doc | str] = field(default_factory=list)
    _mentions: dict[int, list[Mention]] = field(default_factory=dict)  # past index -> mentions

    def skip(self, text: str) -> None:
        self.past.append(text)

    def parsed(self, doc: Doc) -> None:
        self.past.append(doc)

    def earlier(self) -> Iterator[list[Mention]]:
        """Mentions of earlier paragraphs, the latest first; a skipped one is parsed when the
        walk reaches it."""
        for i in reversed(range(len(self.past))):
            mentions = self._mentions.get(i)
            if mentions is None:
                mentions = self._mentions[i] = [m for _, m in paragraph_mentions(self._doc(i))]
            yield mentions

    def roles(self, names: set[str]) -> dict[str, SpeakerType]:
        """Surname -> the role the report gives it (the last paragraph that gives one wins);
        skipped paragraphs that hold one of ``names`` are parsed now."""
        out: dict[str, SpeakerType] = {}
        if not names:
            return out
        named = re.compile(
            "|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in sorted(names)), re.IGNORECASE
        )
        for i, item in enumerate(self.past):
            if not isinstance(item, str) or named.search(item):
                out.update(person_roles(self._doc(i)))
        return out

    def _doc(self, i: int) -> Doc:
        item = self.past[i]
        if isinstance(item, str):
            item = self.past[i] = self.parse(item)
        return item


def _join(claim: Claim, report: Report, offset: int, found: Found, bodies: dict[str, str]) -> Claim:
    """A quoted sentence that continues a claim's quotation joins its content and figures."""
    start, end = found.content[-1][0] + offset, found.content[-1][1] + offset
    if start <= claim.content.end or start - claim.content.end > MAX_CHARS:
        return claim
    more = report.span(start, end)
    body = f"{bodies.pop(claim.id, claim.content.text)} {more.text}"
    joined = replace(
        claim,
        content=report.span(claim.content.start, end),
        figures=claim.figures + tuple(extract_figures(more)),
        text=claim_text(
            claim.speaker_name, claim.cue_lemma, body, claim.cue.text if claim.cue else None
        ),
    )
    bodies[joined.id] = body
    return joined


def _object_to_content(doc: Doc, found: Found) -> Found:
    """A cue that holds its verb's object ("claimed responsibility for", PolNeAR's extent)
    gives the object back to the content that follows: the claim is what was claimed."""
    verb = doc[found.cue_token]
    obj = next(
        (c for c in verb.children if c.dep_ == "dobj" and found.cue[0] < c.idx < found.cue[1]),
        None,
    )
    if (
        obj is None
        or obj.left_edge.idx <= found.cue[0]
        or not found.content
        or found.content[0][0] < found.cue[1]
    ):
        return found
    before = doc[obj.left_edge.i - 1]
    content = ((obj.left_edge.idx, found.content[0][1]), *found.content[1:])
    return replace(found, cue=(found.cue[0], before.idx + len(before)), content=content)


def _body(report: Report) -> list[tuple[Span, bool]]:
    return [(b.span, b.kind == "title") for b in segment(report) if b.kind in BODY_KINDS]


def _restatement_key(claim: Claim) -> tuple[object, ...]:
    figures = sorted(
        (str(q.category), str(q.group), _num(q.low), _num(q.best), _num(q.high))
        for q in claim.figures
    )
    return ((claim.speaker_name or "").lower(), tuple(figures))


def _num(value: float | None) -> float:
    """A figure bound that sorts: an open bound (None) is -1."""
    return -1.0 if value is None else float(value)


def _build(
    report: Report,
    offset: int,
    doc: Doc,
    found: Found,
    state: _State,
    earlier: list[Claim],
) -> Iterator[Claim]:
    speaker_span = None
    name: str | None = None
    kind = SpeakerType.UNKNOWN
    plural = False
    if found.source is not None:
        speaker_span = report.span(found.source[0] + offset, found.source[1] + offset)
        name = _speaker_name(doc, found, speaker_span.text, state, earlier, report.text)
        kind = _speaker_kind(doc, found, name, speaker_span.text, state.parties)
        token = doc[found.source_token] if found.source_token is not None else None
        plural = token is not None and (token.tag_ in ("NNS", "NNPS") or token.lower_ == "they")
    lemma = found.cue_lemma
    cue_span = report.span(found.cue[0] + offset, found.cue[1] + offset)
    cls = cue_class(lemma) or cue_class(cue_span.text) or CueClass.NEUTRAL
    parent = doc[found.cue_token].head
    parent_cls = cue_class(parent.lemma_)
    if (
        cls is CueClass.NEUTRAL
        and doc[found.cue_token].dep_ in ("advcl", "conj", "xcomp")
        and parent_cls in (CueClass.ASSERTIVE, CueClass.DENIAL)
    ):
        lemma, cls = parent.lemma_.lower(), parent_cls
        cue_span = report.span(parent.idx + offset, parent.idx + len(parent) + offset)
    text = doc_text(doc)
    content = _strip(text, *_cap(text, *max(found.content, key=lambda r: r[1] - r[0])))
    sent_start, sent_end = _sentence_range(doc, found)
    near = min(content[0], found.cue[0]) - _CONTEXT, max(content[1], found.cue[1]) + _CONTEXT
    sent_start, sent_end = max(sent_start, near[0]), min(sent_end, near[1])
    sentence = report.span(sent_start + offset, sent_end + offset)
    if cls is CueClass.NEUTRAL and is_hedged(sentence.text):
        cls = CueClass.HEDGED
    places = _places(doc, sent_start, sent_end)
    event_date = resolve_event_date(sentence.text, report.published)
    content_span = report.span(content[0] + offset, content[1] + offset)
    figures = extract_figures(content_span)
    head = doc[found.content_token] if found.content_token is not None else None
    if content[1] - content[0] > _PARSED_TEXT:
        head = None
    parts = split_parts(doc, head, content) if head is not None else []
    if len(parts) < 2:
        parts = [Part(content[0], content[1], (content,), short_text(doc, head, content))]
    for part in parts:
        own = [(a + offset, b + offset) for a, b in part.own]
        part_figures = tuple(q for q in figures if _inside(q, own))
        part_span = report.span(part.start + offset, part.end + offset)
        if len(parts) > 1 and not part_figures:
            part_figures = tuple(q for q in extract_figures(part_span) if _inside(q, own))
        state.bodies[f"{report.id}:{part_span.start}-{part_span.end}"] = part.text
        yield Claim(
            report=report,
            sentence=sentence,
            content=part_span,
            speaker=speaker_span,
            speaker_name=name,
            speaker_type=kind,
            cue=cue_span,
            cue_lemma=lemma,
            cue_class=cls,
            text=claim_text(name, lemma, part.text, cue_span.text, plural),
            figures=part_figures,
            places=places,
            event_date=event_date,
        )


def _cap(text: str, start: int, end: int, limit: int = MAX_CHARS) -> tuple[int, int]:
    """At most ``limit`` characters from ``start``, cut at a space: a run-on "sentence" of a
    whole page would make every claim in it as long as the page (quadratic work)."""
    if end - start <= limit:
        return start, end
    cut = text.rfind(" ", start, start + limit)
    return start, cut if cut > start else start + limit


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """A range without white space, quote marks and trailing commas or colons at its edges."""
    while start < end and (text[start].isspace() or text[start] in "\"'“”‘’«»„"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"'“”‘’«»„,;:"):
        end -= 1
    return start, end


def _sentence_range(doc: Doc, found: Found) -> tuple[int, int]:
    """Characters of the sentence(s) holding the cue and the content."""
    sents = [sentence_of(doc[found.cue_token])]
    for start, end in found.content:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            sents += [sentence_of(span[0]), sentence_of(span[-1])]
    first, last = doc[min(a for a, _ in sents)], doc[max(b for _, b in sents) - 1]
    return first.idx, last.idx + len(last)


def _inside(q: Quantity, own: list[tuple[int, int]]) -> bool:
    return any(a <= q.span.start and q.span.end <= b for a, b in own)


def _speaker_kind(
    doc: Doc, found: Found, name: str | None, mention: str, parties: frozenset[str]
) -> SpeakerType:
    """The speaker's type; an unnamed source ("officials who asked not to be named") is
    anonymous, by its own words or, for a common noun, the anonymity phrase of its sentence,
    unless it speaks for a party ("a senior security official, speaking on condition of
    anonymity"): independence of evidence turns on party or not."""
    token = doc[found.source_token] if found.source_token is not None else None
    kind = speaker_type(name) if name else SpeakerType.UNKNOWN
    if kind is SpeakerType.UNKNOWN and token is not None:
        appos = next((c for c in token.children if c.dep_ == "appos"), None)
        role = doc[slice(*name_tokens(doc, appos))].text if appos is not None else mention
        kind = speaker_type(role)
    if kind is SpeakerType.OFFICIAL and government_of_party(name or mention, parties):
        kind = SpeakerType.PARTY
    if kind is not SpeakerType.PARTY and token is not None and token.lower_ not in PRONOUNS:
        whole = doc[token.left_edge.i : token.right_edge.i + 1].text
        start = min(found.source[0] if found.source else found.cue[0], found.cue[0])
        context = doc_text(doc)[start : found.cue[1] + 40] if token.pos_ != "PROPN" else ""
        if is_anonymous(whole, context):
            return SpeakerType.ANONYMOUS
    return kind


def _speaker_name(
    doc: Doc,
    found: Found,
    mention: str,
    state: _State,
    earlier: list[Claim],
    report_text: str,
) -> str:
    """Normalised speaker: bracketed acronym, appositive role, agent of a statement, pronoun
    (the nearest compatible antecedent); never a clause."""
    previous = state.previous
    token = doc[found.source_token] if found.source_token is not None else None
    if token is not None and token.lower_ in PRONOUNS and token.right_edge.i == token.i:
        return resolve(doc, token, state.here, state.earlier()) or previous or token.text
    if previous and _WS.sub(" ", mention).strip().lower().split()[-1] in _GENERIC_SPEAKERS:
        return previous
    acronym = _ACRONYM.search(mention)
    if acronym:
        return acronym.group(1)
    appositive = None
    if token is not None:
        appos = next((c for c in token.children if c.dep_ == "appos"), None)
        if appos is not None:
            appositive = doc[appos.left_edge.i : appos.right_edge.i + 1].text
    by = _BY_AGENT.match(_WS.sub(" ", mention).strip())
    name = normalise_speaker(by.group("who") if by else mention, appositive)
    if token is not None and ("," in name or len(name.split()) > 5):  # a clause, not a name
        name = normalise_speaker(doc[slice(*name_tokens(doc, token))].text)
    if name.lower() == "army":
        qualified = next(
            (c.speaker_name for c in reversed(earlier) if (c.speaker_name or "").endswith(" army")),
            None,
        ) or (previous if previous and previous.endswith(" army") else None)
        country = _COUNTRY_ARMY.search(doc_text(doc)) or _COUNTRY_ARMY.search(report_text)
        if qualified or country:
            return qualified or f"{country.group(1) if country else ''} army".strip()
    return name


def _places(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    places: list[tuple[int, int, str]] | None = doc.user_data.get("verifier.places")
    if places is None:
        places = doc.user_data["verifier.places"] = [
            (e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ in PLACE_LABELS
        ]
    seen: dict[str, None] = {}
    for a, b, text in places[bisect_left(places, (start, -1, "")) :]:
        if a >= end:
            break
        if b <= end:
            seen.setdefault(text, None)
    return tuple(seen)


@lru_cache(maxsize=1)
def _default_extractor() -> ClaimExtractor:
    return ClaimExtractor()


def extract_claims(report: Report) -> list[Claim]:
    """The claims of ``report`` with the default extractor (real spaCy model, trained cues)."""
    return _default_extractor().extract(report)


def sentence_spans(report: Report, nlp: Any = None) -> list[Span]:
    """Sentences of the report's body paragraphs (spaCy sentences), as spans of the raw text."""
    extractor = _default_extractor() if nlp is None else ClaimExtractor(nlp)
    out: list[Span] = []
    for span, _, doc in extractor.parse([report])[0]:
        for sent in doc.sents:
            text = sent.text
            start = sent.start_char + len(text) - len(text.lstrip())
            end = sent.end_char - (len(text) - len(text.rstrip()))
            if start < end:
                out.append(report.span(span.start + start, span.start + end))
    return out
