"""Core data model: reports, spans into their raw text, claims, figures, evidence, verdicts.

A :class:`Span` never stores text of its own: it is a view ``report.text[start:end]``,
validated on construction, so offsets and text cannot drift apart.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class SpeakerType(StrEnum):
    """Who a speaker is relative to the events they talk about."""

    PARTY = "party"  # a party to the conflict: army, ministry of a party, armed group
    OFFICIAL = "official"  # official non-party: UN mission, regional body, foreign government
    INDEPENDENT = "independent"  # residents, witnesses, NGOs, monitors, hospitals
    MEDIA = "media"  # an outlet or journalist (a relay when it repeats a party)
    ANONYMOUS = "anonymous"  # unnamed sources ("officials who asked not to be named")
    UNKNOWN = "unknown"


class CueClass(StrEnum):
    """How the reporting verb or phrase frames the content."""

    NEUTRAL = "neutral"  # said, told, stated, according to
    ASSERTIVE = "assertive"  # claimed, alleged, boasted
    DENIAL = "denial"  # denied, rejected, dismissed
    HEDGED = "hedged"  # reportedly, unconfirmed, could not be verified


class Stance(StrEnum):
    """Stance of an evidence sentence toward a claim."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    DISCUSSES = "discusses"
    UNRELATED = "unrelated"


class Verdict(StrEnum):
    """What the evidence says about a claim as a whole."""

    CORROBORATED = "corroborated"
    CONTRADICTED = "contradicted"
    DISPUTED = "disputed"
    SINGLE_SOURCE = "single-source"
    NO_EVIDENCE = "no evidence"


class ReviewStatus(StrEnum):
    """Review statuses of Meedan Check's core set."""

    UNSTARTED = "unstarted"
    IN_PROGRESS = "in progress"
    VERIFIED = "verified"
    FALSE = "false"
    INCONCLUSIVE = "inconclusive"


@dataclass(frozen=True)
class Report:
    """One document: an article, a statement, a wire story. ``text`` is the raw text."""

    id: str
    text: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: date | None = None
    path: str | None = None
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @staticmethod
    def make_id(text: str, hint: str = "") -> str:
        """A stable id from the text (and an optional hint such as a path or URL)."""
        digest = hashlib.sha1((hint + "\0" + text).encode("utf-8")).hexdigest()
        return digest[:16]

    def span(self, start: int, end: int) -> Span:
        return Span(self, start, end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "outlet": self.outlet,
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "path": self.path,
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        published = data.get("published")
        return cls(
            id=data["id"],
            text=data["text"],
            outlet=data.get("outlet"),
            url=data.get("url"),
            title=data.get("title"),
            published=date.fromisoformat(published) if published else None,
            path=data.get("path"),
            meta=dict(data.get("meta") or {}),
        )


@dataclass(frozen=True)
class Span:
    """A view into ``report.text[start:end]``; offsets are validated on construction."""

    report: Report = field(repr=False, compare=False, hash=False)
    start: int
    end: int

    def __post_init__(self) -> None:
        n = len(self.report.text)
        if not (isinstance(self.start, int) and isinstance(self.end, int)):
            raise TypeError("span offsets must be integers")
        if not 0 <= self.start <= self.end <= n:
            raise ValueError(f"invalid span [{self.start}, {self.end}) for text of length {n}")

    @property
    def text(self) -> str:
        return self.report.text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Quantity:
    """A casualty or other event figure as a low / best / high range.

    ``low`` or ``high`` is None when the text leaves that side open ("at least 5" has no high).
    """

    span: Span
    category: str  # killed, wounded, captured, abducted, missing, displaced, controlled, ...
    group: str | None  # militants, soldiers, civilians, police, barracks, positions, ...
    low: int | None
    best: int | None
    high: int | None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], report: Report) -> Quantity:
        return cls(
            span=report.span(data["start"], data["end"]),
            category=data["category"],
            group=data.get("group"),
            low=data.get("low"),
            best=data.get("best"),
            high=data.get("high"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "group": self.group,
            "low": self.low,
            "best": self.best,
            "high": self.high,
            **self.span.to_dict(),
        }


@dataclass(frozen=True)
class EventKey:
    """What identifies the event a statement is about (see :mod:`verifier.figures.events`).

    ``first`` / ``last`` bound the event date (None: no date at all); places and actors are
    normalised names; ``group`` / ``category`` come from the statement's key casualty figure.
    """

    first: date | None = None
    last: date | None = None
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    group: str | None = None
    category: str | None = None
    cited: tuple[str, ...] = ()  # distinctive figures its report states or quotes: "80 killed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "places": list(self.places),
            "actors": list(self.actors),
            "group": self.group,
            "category": self.category,
            "cited": list(self.cited),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> EventKey | None:
        if not data:
            return None
        first, last = data.get("first"), data.get("last")
        return cls(
            first=date.fromisoformat(first) if first else None,
            last=date.fromisoformat(last) if last else None,
            places=tuple(data.get("places") or ()),
            actors=tuple(data.get("actors") or ()),
            group=data.get("group"),
            category=data.get("category"),
            cited=tuple(data.get("cited") or ()),
        )


@dataclass(frozen=True)
class Claim:
    """An attributed statement: ``speaker`` said ``content`` (with ``cue``), in ``sentence``."""

    report: Report = field(repr=False)
    sentence: Span
    content: Span
    speaker: Span | None = None
    speaker_name: str | None = None
    speaker_type: SpeakerType = SpeakerType.UNKNOWN
    cue: Span | None = None
    cue_lemma: str | None = None
    cue_class: CueClass | None = None
    text: str = ""  # a short, readable claim text: "Mali army says 80 militants killed"
    figures: tuple[Quantity, ...] = ()
    places: tuple[str, ...] = ()
    event_date: date | None = None

    @property
    def id(self) -> str:
        return f"{self.report.id}:{self.content.start}-{self.content.end}"

    def to_dict(self) -> dict[str, Any]:
        speaker = None
        if self.speaker is not None:
            speaker = {
                **self.speaker.to_dict(),
                "name": self.speaker_name,
                "type": self.speaker_type.value,
            }
        cue = None
        if self.cue is not None:
            cue = {
                **self.cue.to_dict(),
                "lemma": self.cue_lemma,
                "class": self.cue_class.value if self.cue_class else None,
            }
        published = self.report.published
        return {
            "id": self.id,
            "report_id": self.report.id,
            "text": self.text,
            "sentence": self.sentence.to_dict(),
            "speaker": speaker,
            "speaker_name": self.speaker_name,
            "speaker_type": self.speaker_type.value,
            "cue": cue,
            "content": self.content.to_dict(),
            "figures": [q.to_dict() for q in self.figures],
            "places": list(self.places),
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "published": published.isoformat() if published else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], report: Report) -> Claim:
        """Rebuild a claim of ``report`` from :meth:`to_dict` output (offsets are re-validated)."""

        def span(d: Mapping[str, Any] | None) -> Span | None:
            return report.span(d["start"], d["end"]) if d else None

        speaker, cue = data.get("speaker"), data.get("cue")
        event_date = data.get("event_date")
        return cls(
            report=report,
            sentence=report.span(data["sentence"]["start"], data["sentence"]["end"]),
            content=report.span(data["content"]["start"], data["content"]["end"]),
            speaker=span(speaker),
            speaker_name=data.get("speaker_name"),
            speaker_type=SpeakerType(data.get("speaker_type") or "unknown"),
            cue=span(cue),
            cue_lemma=cue.get("lemma") if cue else None,
            cue_class=CueClass(cue["class"]) if cue and cue.get("class") else None,
            text=data.get("text", ""),
            figures=tuple(Quantity.from_dict(q, report) for q in data.get("figures", ())),
            places=tuple(data.get("places", ())),
            event_date=date.fromisoformat(event_date) if event_date else None,
        )


@dataclass(frozen=True)
class Evidence:
    """A sentence of another report, linked to a claim with a stance and a readable reason."""

    claim_id: str
    sentence: Span
    similarity: float
    stance: Stance
    stance_score: float
    reason: str
    independent: bool
    auto_linked: bool = False  # above the auto-link threshold, not only suggested
    speaker_name: str | None = None
    speaker_type: SpeakerType = SpeakerType.UNKNOWN
    # Facts worked out once, in the pipeline; verdicts, reconciliation and the UI read them.
    cue_class: CueClass | None = None
    figures: tuple[Quantity, ...] = ()  # figures the speaker asserts
    rejected: tuple[Quantity, ...] = ()  # figures the sentence quotes or denies (someone else's)
    event_key: EventKey | None = None
    same_event: str = ""  # why it is the same event: "same date 2025-07-01, same place Kayes"
    decided: bool = True  # a confident stance that counts toward the verdict

    @property
    def report(self) -> Report:
        return self.sentence.report

    def to_dict(self) -> dict[str, Any]:
        r = self.report
        return {
            "report_id": r.id,
            "outlet": r.outlet,
            "url": r.url,
            "published": r.published.isoformat() if r.published else None,
            "sentence": self.sentence.text,
            "start": self.sentence.start,
            "end": self.sentence.end,
            "similarity": round(self.similarity, 4),
            "stance": self.stance.value,
            "stance_score": round(self.stance_score, 4),
            "reason": self.reason,
            "independent": self.independent,
            "auto_linked": self.auto_linked,
            "speaker_name": self.speaker_name,
            "speaker_type": self.speaker_type.value,
            "cue_class": self.cue_class.value if self.cue_class else None,
            "figures": [q.to_dict() for q in self.figures],
            "rejected": [q.to_dict() for q in self.rejected],
            "event_key": self.event_key.to_dict() if self.event_key else None,
            "same_event": self.same_event,
            "decided": self.decided,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], claim_id: str, report: Report) -> Evidence:
        stance = Stance(data["stance"])
        decided = data.get("decided")
        cue = data.get("cue_class")
        return cls(
            claim_id=claim_id,
            sentence=report.span(data["start"], data["end"]),
            similarity=float(data["similarity"]),
            stance=stance,
            stance_score=float(data["stance_score"]),
            reason=data["reason"],
            independent=bool(data["independent"]),
            auto_linked=bool(data.get("auto_linked", False)),
            speaker_name=data.get("speaker_name"),
            speaker_type=SpeakerType(data.get("speaker_type") or "unknown"),
            cue_class=CueClass(cue) if cue else None,
            figures=tuple(Quantity.from_dict(q, report) for q in data.get("figures", ())),
            rejected=tuple(Quantity.from_dict(q, report) for q in data.get("rejected", ())),
            event_key=EventKey.from_dict(data.get("event_key")),
            same_event=data.get("same_event") or "",
            # Stored before this field: supports / contradicts were decided, the rest not.
            decided=bool(decided)
            if decided is not None
            else stance in (Stance.SUPPORTS, Stance.CONTRADICTS),
        )


@dataclass(frozen=True)
class Assessment:
    """A claim with its evidence and the verdict drawn from it."""

    claim: Claim
    evidence: tuple[Evidence, ...]
    verdict: Verdict
    independent_support: int
    independent_contradiction: int
    unverified_figure: bool
    event_key: EventKey | None = None  # the claim's event

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.claim.to_dict(),
            "event_key": self.event_key.to_dict() if self.event_key else None,
            "evidence": [e.to_dict() for e in self.evidence],
            "verdict": self.verdict.value,
            "independent_support": self.independent_support,
            "independent_contradiction": self.independent_contradiction,
            "unverified_figure": self.unverified_figure,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], reports: Mapping[str, Report]) -> Assessment:
        """Rebuild from :meth:`to_dict` output, given the reports it refers to by id."""
        claim = Claim.from_dict(data, reports[data["report_id"]])
        evidence = tuple(
            Evidence.from_dict(e, claim.id, reports[e["report_id"]]) for e in data["evidence"]
        )
        return cls(
            claim=claim,
            evidence=evidence,
            verdict=Verdict(data["verdict"]),
            independent_support=int(data["independent_support"]),
            independent_contradiction=int(data["independent_contradiction"]),
            unverified_figure=bool(data["unverified_figure"]),
            event_key=EventKey.from_dict(data.get("event_key")),
        )
