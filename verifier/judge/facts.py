"""The facts about a claim or an evidence sentence, worked out once: event key, speaker, figures.

Places and actors come from spaCy entities (claims carry their sentence's places; report leads
are read once per report) and from a gazetteer of the names seen anywhere in the corpus, found
again by exact match in sentences spaCy was never run on. A figure belongs to whoever asserts
it: "JNIM dismissed the army's toll of 80" gives JNIM no figure of 80; the 80 is *rejected*.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from verifier.figures.events import (
    COMMON_WORD_MIN,
    Gazetteer,
    lower_case_words,
    norm_actor,
    norm_place,
    statement_window,
)
from verifier.figures.quantities import extract_figures
from verifier.judge.verdict import CASUALTY_CATEGORIES
from verifier.model import Claim, CueClass, EventKey, Quantity, Report, Span, SpeakerType

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ACTOR_LABELS = frozenset({"PERSON", "ORG"})
LEAD_CHARS = 1500
DISTINCTIVE = 10  # a casualty figure this large, cited by two reports, ties them to one event
# "the army's toll of", "the Malian army's claim that": the figure that follows is theirs.
_OWNED_BEFORE = re.compile(
    r"(?:'s|’s)\s+(?:[\w-]+\s+){0,3}?(?:toll|figures?|claims?|counts?|tally|numbers?|estimates?"
    r"|reports?|statements?)\s+(?:of|that)\s+(?:the\s+|some\s+|about\s+)?$",
    re.IGNORECASE,
)
_DENIAL_VERB = re.compile(
    r"\b(?:den(?:y|ied|ies|ying)|dismiss(?:ed|es|ing)?|reject(?:ed|s|ing)?|refut(?:ed|es|ing)"
    r"|disput(?:ed|es|ing)|played down|downplayed)\b",
    re.IGNORECASE,
)
# Where the denied object ends and the speaker's own statement begins.
_OWN_CLAUSE = re.compile(r",\s*(?:saying|adding|and said|but said|while)\b|;|\bsaying\b", re.I)


@dataclass(frozen=True)
class Facts:
    """What an evidence sentence says besides its text, and who says it."""

    sentence: Span
    speaker: str | None
    speaker_type: SpeakerType
    cue_class: CueClass | None
    figures: tuple[Quantity, ...]  # asserted by the speaker
    rejected: tuple[Quantity, ...]  # quoted from someone else or denied
    event_key: EventKey
    report_speakers: tuple[str | None, ...]

    @property
    def who(self) -> str:
        outlet = self.sentence.report.outlet
        if self.speaker and outlet and self.speaker.lower() != outlet.lower():
            return f"{self.speaker} ({outlet})"
        return self.speaker or outlet or "unattributed report"


def split_figures(
    sentence: Span, figures: Iterable[Quantity], cue_class: CueClass | None
) -> tuple[tuple[Quantity, ...], tuple[Quantity, ...]]:
    """(asserted, rejected): figures owned by someone named before them, or inside the object
    of a denial, are not the speaker's."""
    text = sentence.report.text
    asserted: list[Quantity] = []
    rejected: list[Quantity] = []
    for q in figures:
        before = text[max(sentence.start, q.span.start - 80) : q.span.start]
        owned = bool(_OWNED_BEFORE.search(before))
        denied = False
        if cue_class is CueClass.DENIAL:
            verbs = list(_DENIAL_VERB.finditer(text, sentence.start, q.span.start))
            if verbs:
                between = text[verbs[-1].end() : q.span.start]
                denied = not _OWN_CLAUSE.search(between)
        (rejected if owned or denied else asserted).append(q)
    return tuple(asserted), tuple(rejected)


def key_figures(figures: Sequence[Quantity]) -> tuple[Quantity, ...]:
    """The figures a statement stands on: its casualty figures when it has any, else all."""
    casualties = tuple(q for q in figures if q.category in CASUALTY_CATEGORIES)
    return casualties or tuple(figures)


@dataclass(frozen=True)
class CorpusFacts:
    """What :meth:`FactFinder.read_leads` learned from a corpus, to seed another finder for
    the same corpus without reading its leads again (:meth:`FactFinder.adopt`)."""

    leads: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    outlets: frozenset[str]
    lower: Counter[str]
    places: frozenset[str]
    actors: frozenset[str]


class FactFinder:
    """Event keys and evidence facts, with per-report caches (one per check run)."""

    def __init__(
        self,
        claims_of: Callable[[str], list[Claim]],
        nlp: Any | None = None,
    ) -> None:
        self._claims_of = claims_of
        self._nlp = nlp
        self._leads: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._cited: dict[str, tuple[str, ...]] = {}
        self._facts: dict[tuple[str, int, int], Facts] = {}
        self._outlets: set[str] = set()
        self._lower: Counter[str] = Counter()  # lower-case word counts of the reports read
        self.places = Gazetteer()
        self.actors = Gazetteer()

    def read_leads(self, reports: Sequence[Report]) -> None:
        """Entities of the reports' leads (spaCy NER, batched); they feed the gazetteers."""
        todo = [r for r in reports if r.id not in self._leads]
        if not todo:
            return
        if self._nlp is None:
            from verifier.nlp import load_spacy

            self._nlp = load_spacy()
        nlp = self._nlp
        self._outlets |= {norm_place(r.outlet) for r in todo if r.outlet}
        for report in todo:
            self._lower.update(lower_case_words(report.text))
        for report in todo:
            for claim in self._claims_of(report.id):
                self.places.add(claim.places)
        texts = [_lead(r) for r in todo]
        enable = [p for p in ("tok2vec", "ner") if p in nlp.pipe_names]
        with nlp.select_pipes(enable=enable):
            docs = list(nlp.pipe(texts, batch_size=64))
        for doc in docs:
            self.places.add(e.text for e in doc.ents if e.label_ in PLACE_LABELS)
        for report, doc in zip(todo, docs, strict=True):
            places = [e.text for e in doc.ents if e.label_ in PLACE_LABELS]
            # "Malian", "Nigerien": the country of a nationality adjective, when it is known.
            places += [p for e in doc.ents if e.label_ == "NORP" for p in self._country_of(e.text)]
            actors = [e.text for e in doc.ents if e.label_ in ACTOR_LABELS]
            self._leads[report.id] = (tuple(dict.fromkeys(places)), tuple(dict.fromkeys(actors)))
            self.actors.add(a for a in actors if norm_actor(a))

    def snapshot(self) -> CorpusFacts:
        """A copy of what the leads read so far taught this finder."""
        return CorpusFacts(
            dict(self._leads),
            frozenset(self._outlets),
            Counter(self._lower),
            self.places.names(),
            self.actors.names(),
        )

    def adopt(self, facts: CorpusFacts) -> None:
        """Take in what another finder learned from the leads of the same corpus."""
        self._leads.update(facts.leads)
        self._outlets |= facts.outlets
        self._lower.update(facts.lower)
        self.places.add(facts.places)
        self.actors.add(facts.actors)

    def _country_of(self, adjective: str) -> list[str]:
        word = adjective.lower()
        found = [p for p in self.places.names() if len(p) >= 4 and word.startswith(p.lower())]
        return sorted(found, key=len)[-1:]

    def cited(self, report: Report) -> tuple[str, ...]:
        """Distinctive casualty figures anywhere in a report (stated or quoted)."""
        if report.id not in self._cited:
            figures = extract_figures(report.span(0, len(report.text)))
            self._cited[report.id] = _distinctive(figures)
        return self._cited[report.id]

    def _key(
        self,
        sentence: Span,
        when: date | None,
        places: Iterable[str],
        figures: Sequence[Quantity],
        cited: tuple[str, ...],
    ) -> EventKey:
        report = sentence.report
        self.read_leads([report])
        lead_places, lead_actors = self._leads[report.id]
        first, last = statement_window(sentence, when)
        all_places = [*places, *self.places.find(sentence.text), *lead_places]
        all_actors = [*self.actors.find(sentence.text), *lead_actors]
        main = key_figures(figures)
        return EventKey(
            first=first,
            last=last,
            places=tuple(
                dict.fromkeys(p for p in map(norm_place, all_places) if p and self._named(p))
            ),
            actors=tuple(
                dict.fromkeys(a for a in map(norm_actor, all_actors) if a and self._named(a))
            ),
            group=main[0].group if main else None,
            category=main[0].category if main else None,
            cited=cited,
        )

    def _named(self, name: str) -> bool:
        """A name that can tie reports to one event: not an outlet, and not one common word."""
        if name in self._outlets:
            return False
        return " " in name or self._lower[name] < COMMON_WORD_MIN

    def claim_key(self, claim: Claim) -> EventKey:
        """The event of a claim: its dates (:func:`statement_window`), places and actors."""
        return self._key(
            claim.sentence,
            claim.event_date,
            claim.places,
            claim.figures,
            _distinctive(claim.figures),
        )

    def evidence(self, sentence: Span) -> Facts:
        """Speaker, cue, owned figures and event key of one corpus sentence (worked out once)."""
        at = (sentence.report.id, sentence.start, sentence.end)
        if at not in self._facts:
            self._facts[at] = self._evidence(sentence)
        return self._facts[at]

    def _evidence(self, sentence: Span) -> Facts:
        report_claims = self._claims_of(sentence.report.id)
        overlapping = [
            c
            for c in report_claims
            if c.sentence.start < sentence.end and sentence.start < c.sentence.end
        ]
        own = max(overlapping, key=lambda c: len(c.content), default=None)
        cue = own.cue_class if own else None
        asserted, rejected = split_figures(sentence, extract_figures(sentence), cue)
        when = own.event_date if own else None
        places = [p for c in overlapping for p in c.places]
        return Facts(
            sentence=sentence,
            speaker=own.speaker_name if own else None,
            speaker_type=own.speaker_type if own and own.speaker_name else SpeakerType.MEDIA,
            cue_class=cue,
            figures=asserted,
            rejected=rejected,
            event_key=self._key(
                sentence, when, places, asserted or rejected, self.cited(sentence.report)
            ),
            report_speakers=tuple(c.speaker_name for c in report_claims),
        )


def _distinctive(figures: Iterable[Quantity]) -> tuple[str, ...]:
    out = []
    for q in figures:
        value = q.best if q.best is not None else q.low if q.low is not None else q.high
        if q.category in CASUALTY_CATEGORIES and value is not None and value >= DISTINCTIVE:
            out.append(f"{value} {q.category}")
    return tuple(dict.fromkeys(out))


def _lead(report: Report) -> str:
    from verifier.read.clean import body_spans

    spans = body_spans(report)[:3]
    body = " ".join(s.text for s in spans) if spans else report.text
    return " ".join(filter(None, [report.title, body]))[:LEAD_CHARS]
