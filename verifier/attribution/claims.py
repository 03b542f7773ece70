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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from verifier.attribution.cues import cue_class, cue_probability, is_hedged
from verifier.attribution.finder import AttributionFinder
from verifier.attribution.found import Found
from verifier.attribution.sources import PRONOUNS, normalise_speaker, speaker_type
from verifier.figures.events import resolve_event_date
from verifier.figures.quantities import extract_figures
from verifier.model import Claim, CueClass, Quantity, Report, Span, SpeakerType
from verifier.read.clean import BODY_KINDS, segment

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_COUNT_WORDS = frozenset(
    ["dozens", "dozen", "scores", "hundreds", "thousands", "tens", "several", "many", "few"]
)
_DROP_IN_TEXT = frozenset({"mark", "auxpass", "punct", "advcl", "npadvmod", "parataxis"})
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z\-]{1,9})(?:\)|$)")
_COUNTRY_ARMY = re.compile(r"\b([A-Z][a-z]+)(?:'s|’s)\s+(?:army|armed forces|military)\b")
_TEMPORAL = frozenset(["after", "before", "following", "amid", "during", "since", "despite", "as"])
_BY_AGENT = re.compile(
    r"^(?:a|an|the)?\s*(?:\w+\s+)?(?:statement|communiqu\w+|bulletin|video|report|message)"
    r".*?\b(?:by|from|of)\s+(?P<who>.+?)(?:\s+(?:on|in|at|late|earlier)\b.*)?$",
    re.IGNORECASE,
)
_ACTS = frozenset(
    {"attack", "kill", "capture", "seize", "take", "strike", "target", "ambush", "hit", "raid"}
)
_GENERIC_SPEAKERS = frozenset({"group", "statement", "organisation", "organization", "movement"})
_PRESENT = {"say": "says", "according to": "says", "tell": "tells"}
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class _Part:
    """One atomic statement of a content: its span hull, the ranges it owns, a readable text."""

    start: int
    end: int
    own: tuple[tuple[int, int], ...]
    text: str


class ClaimExtractor:
    """Splits reports into attributed, atomic claims (one spaCy parse per body paragraph)."""

    def __init__(self, nlp: Language | None = None, finder: AttributionFinder | None = None):
        if nlp is None:
            from verifier.nlp import load_spacy

            nlp = load_spacy()
        self.nlp = nlp
        self.finder = finder or AttributionFinder()
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
        flat = [(span.text, None) for spans in pieces for span, _ in spans]
        docs = iter(doc for doc, _ in self.nlp.pipe(flat, as_tuples=True, batch_size=64))
        return [[(span, title, next(docs)) for span, title in spans] for spans in pieces]

    def _batch(self, reports: list[Report]) -> Iterator[tuple[Report, list[Claim]]]:
        for report, paragraphs in zip(reports, self.parse(reports), strict=True):
            yield report, self._claims(report, paragraphs)

    def _claims(self, report: Report, paragraphs: list[tuple[Span, bool, Doc]]) -> list[Claim]:
        claims: list[Claim] = []
        headline: list[Claim] = []
        previous_speaker: str | None = None
        for span, title, doc in paragraphs:
            for found in self.finder.find(doc):
                if not _reporting_cue(found.cue_lemma):
                    continue
                for claim in _build(report, span.start, doc, found, previous_speaker, claims):
                    (headline if title else claims).append(claim)
                    if claim.speaker_name:
                        previous_speaker = claim.speaker_name
        body_keys = {_restatement_key(c) for c in claims}
        kept = [c for c in headline if _restatement_key(c) not in body_keys or not c.figures]
        seen: set[tuple[int, int]] = set()
        out = []
        for claim in sorted(kept + claims, key=lambda c: (c.content.start, c.content.end)):
            if (claim.content.start, claim.content.end) not in seen:
                seen.add((claim.content.start, claim.content.end))
                out.append(claim)
        return out


def _reporting_cue(lemma: str) -> bool:
    """Cues that report speech in news: curated, or learned as mostly cues, never an act of war.

    PolNeAR (political news) counts "attacked" or "backed" as attribution; in conflict reporting
    they are events, so claims keep only curated cues and those cues in over half their uses.
    """
    if lemma in _ACTS:
        return False
    return cue_class(lemma) is not None or cue_probability(lemma) >= 0.5


def _body(report: Report) -> list[tuple[Span, bool]]:
    return [(b.span, b.kind == "title") for b in segment(report) if b.kind in BODY_KINDS]


def _restatement_key(claim: Claim) -> tuple[object, ...]:
    figures = sorted((q.category, q.group, q.low, q.best, q.high) for q in claim.figures)
    return ((claim.speaker_name or "").lower(), tuple(figures))


def _build(
    report: Report,
    offset: int,
    doc: Doc,
    found: Found,
    previous_speaker: str | None,
    earlier: list[Claim],
) -> Iterator[Claim]:
    speaker_span = None
    name: str | None = None
    if found.source is not None:
        speaker_span = report.span(found.source[0] + offset, found.source[1] + offset)
        name = _speaker_name(doc, found, speaker_span.text, previous_speaker, earlier, report.text)
    kind = speaker_type(name) if name else SpeakerType.UNKNOWN
    if kind is SpeakerType.UNKNOWN and speaker_span is not None:
        kind = speaker_type(speaker_span.text)
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
    sent_start, sent_end = _sentence_range(doc, found)
    sentence = report.span(sent_start + offset, sent_end + offset)
    if cls is CueClass.NEUTRAL and is_hedged(sentence.text):
        cls = CueClass.HEDGED
    places = _places(doc, sent_start, sent_end)
    event_date = resolve_event_date(sentence.text, report.published)
    content = _strip(doc.text, *max(found.content, key=lambda r: r[1] - r[0]))
    content_span = report.span(content[0] + offset, content[1] + offset)
    figures = extract_figures(content_span)
    head = doc[found.content_token] if found.content_token is not None else None
    parts = _parts(doc, head, content) if head is not None else []
    if len(parts) < 2:
        parts = [_Part(content[0], content[1], (content,), _short(doc, head, content))]
    for part in parts:
        own = [(a + offset, b + offset) for a, b in part.own]
        part_figures = tuple(q for q in figures if _inside(q, own))
        part_span = report.span(part.start + offset, part.end + offset)
        if len(parts) > 1 and not part_figures:
            part_figures = tuple(q for q in extract_figures(part_span) if _inside(q, own))
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
            text=_claim_text(name, lemma, part.text),
            figures=part_figures,
            places=places,
            event_date=event_date,
        )


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """A range without white space, quote marks and trailing commas or colons at its edges."""
    while start < end and (text[start].isspace() or text[start] in "\"'“”‘’«»„"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"'“”‘’«»„,;:"):
        end -= 1
    return start, end


def _sentence_range(doc: Doc, found: Found) -> tuple[int, int]:
    """Characters of the sentence(s) holding the cue and the content."""
    sents = [doc[found.cue_token].sent]
    for start, end in found.content:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            sents += [span[0].sent, span[-1].sent]
    return min(s.start_char for s in sents), max(s.end_char for s in sents)


def _inside(q: Quantity, own: list[tuple[int, int]]) -> bool:
    return any(a <= q.span.start and q.span.end <= b for a, b in own)


def _speaker_name(
    doc: Doc,
    found: Found,
    mention: str,
    previous: str | None,
    earlier: list[Claim],
    report_text: str,
) -> str:
    """Normalised speaker: bracketed acronym, appositive role, agent of a statement, pronoun."""
    token = doc[found.source_token] if found.source_token is not None else None
    if token is not None and token.lower_ in PRONOUNS and token.right_edge.i == token.i:
        return previous or token.text
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
    if name.lower() == "army":
        qualified = next(
            (c.speaker_name for c in reversed(earlier) if (c.speaker_name or "").endswith(" army")),
            None,
        ) or (previous if previous and previous.endswith(" army") else None)
        country = _COUNTRY_ARMY.search(doc.text) or _COUNTRY_ARMY.search(report_text)
        if qualified or country:
            return qualified or f"{country.group(1) if country else ''} army".strip()
    return name


def _places(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS and start <= ent.start_char and ent.end_char <= end:
            seen.setdefault(ent.text, None)
    return tuple(seen)


def _counted(token: Token) -> bool:
    """Whether a noun carries a count ("three barracks", "dozens of positions")."""
    if token.lower_ in _COUNT_WORDS or token.like_num:
        return True
    return any(c.dep_ == "nummod" or c.like_num for c in token.children)


def _own_range(doc: Doc, token: Token) -> tuple[int, int]:
    """A conjunct's subtree without its own conjuncts and coordinators."""
    end = token.right_edge.i
    for child in token.children:
        if child.dep_ in ("conj", "cc") and child.i > token.i:
            end = min(end, child.left_edge.i - 1)
    while end > token.i and (doc[end].is_punct or doc[end].dep_ == "cc"):
        end -= 1
    left = doc[token.left_edge.i]
    return left.idx, doc[end].idx + len(doc[end])


def _conjuncts(token: Token) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(_conjuncts(child))
    return out


def _parts(doc: Doc, head: Token, content: tuple[int, int]) -> list[_Part]:
    """Atomic statements of a content: coordinated clauses, else coordinated counted objects."""
    lo, hi = content

    def within(t: Token) -> bool:
        return lo <= t.idx and t.idx + len(t) <= hi

    clauses = [t for t in _conjuncts(head) if t.pos_ in ("VERB", "AUX") and within(t)]
    if len(clauses) > 1:
        out = []
        for clause in clauses:
            start, end = (
                _own_range(doc, clause) if clause is not head else (lo, _own_range(doc, clause)[1])
            )
            out.append(_Part(start, end, ((start, end),), _clean(doc.text[start:end])))
        return out
    for token in doc[head.left_edge.i : head.right_edge.i + 1]:
        if not within(token) or token.dep_ == "conj":
            continue
        group = [t for t in _conjuncts(token) if within(t)]
        if len(group) > 1 and sum(_counted(t) for t in group) >= 2:
            first = _own_range(doc, group[0])
            prefix = (lo, first[0])
            out = []
            for conj in group:
                own = _own_range(doc, conj)
                text = _clean(doc.text[prefix[0] : prefix[1]] + " " + doc.text[own[0] : own[1]])
                out.append(_Part(lo, own[1], (prefix, own), text))
            return out
    return []


def _short(doc: Doc, head: Token | None, content: tuple[int, int]) -> str:
    """The content without its complementiser, passive auxiliary and trailing adjuncts of time
    and cause ("80 militants killed after attacks on its posts" -> "80 militants killed")."""
    lo, hi = content
    if head is None or not (lo <= head.idx < hi):
        return _clean(doc.text[lo:hi])
    dropped: set[int] = set()
    for child in head.children:
        adjunct = (
            child.dep_ == "prep"
            and child.i > head.i
            and (child.lower_ in _TEMPORAL or any(c.lower_ == "response" for c in child.children))
        )
        if (
            child.dep_ in _DROP_IN_TEXT
            or adjunct
            or (child.dep_ == "aux" and child.lower_ in ("have", "has", "had"))
        ):
            dropped.update(range(child.left_edge.i, child.right_edge.i + 1))
    out: list[str] = []
    last = -2
    for t in doc[head.left_edge.i : head.right_edge.i + 1]:
        if t.i in dropped or not lo <= t.idx < hi:
            continue
        if out and t.i != last + 1 and not out[-1][-1:].isspace():
            out.append(" ")  # a dropped token took the space with it
        out.append(t.text_with_ws)
        last = t.i
    return _clean("".join(out)) or _clean(doc.text[lo:hi])


def _clean(text: str) -> str:
    text = _WS.sub(" ", text).strip(" ,;:.\"'“”‘’")
    return re.sub(r"^that\s+", "", text)


def _present(lemma: str) -> str:
    """Third person present of a cue lemma ("claim" -> "claims", "deny" -> "denies")."""
    if lemma in _PRESENT:
        return _PRESENT[lemma]
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "es" if lemma.endswith(("s", "sh", "ch", "x")) else lemma + "s"


def _claim_text(speaker: str | None, lemma: str, content: str, limit: int = 140) -> str:
    """ "Mali army says 80 militants killed"; a hedge adverb goes last: "...: X (reportedly)"."""
    who = speaker or "unattributed"
    if lemma.endswith("ly"):
        text = f"{who}: {content} ({lemma})"
    else:
        text = f"{who} {_present(lemma)} {content}"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
