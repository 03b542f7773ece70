"""The one test-data factory: hand-built reports, claims and assessments (no models).

Text written for these tests. Used by the unit, TUI and benchmark code that needs assessments.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from verifier.model import (
    Assessment,
    Claim,
    CueClass,
    EventKey,
    Evidence,
    Quantity,
    Report,
    SpeakerType,
    Stance,
    Verdict,
)
from verifier.review.store import ReviewStore

ARTICLE = (
    "Army reports heavy militant losses near Mopti\n\n"
    "Mali's army said on Tuesday that 80 militants were killed in fighting near Mopti.\n\n"
    "JNIM claimed it had seized three barracks in the area.\n\n"
    "Residents of the town told our reporter that about 30 people died, civilians among them.\n\n"
    "None of these figures could be checked independently."
)
WIRE = "Townspeople in Mopti put the toll from Tuesday's fighting at about 30 dead."
RELAY = "A statement from the army repeated that 80 militants were killed on Tuesday."


def _span(report: Report, text: str, after: int = 0) -> tuple[int, int]:
    start = report.text.index(text, after)
    return start, start + len(text)


def _claim(
    report: Report,
    sentence: str,
    speaker: str,
    cue: str,
    content: str,
    kind: SpeakerType,
    cue_class: CueClass,
    figure: tuple[str, str, str | None, int] | None = None,
) -> Claim:
    s0, s1 = _span(report, sentence)
    figures: tuple[Quantity, ...] = ()
    if figure is not None:
        text, category, group, value = figure
        f0, f1 = _span(report, text, s0)
        figures = (Quantity(report.span(f0, f1), category, group, value, value, value),)
    return Claim(
        report=report,
        sentence=report.span(s0, s1),
        content=report.span(*_span(report, content, s0)),
        speaker=report.span(*_span(report, speaker, s0)),
        speaker_name=speaker,
        speaker_type=kind,
        cue=report.span(*_span(report, cue, s0)),
        cue_lemma=cue,
        cue_class=cue_class,
        text=f"{speaker} {cue}: {content}",
        figures=figures,
        event_date=date(2024, 4, 30),
    )


def _evidence(claim: Claim, report: Report, stance: Stance, independent: bool) -> Evidence:
    return Evidence(
        claim_id=claim.id,
        sentence=report.span(0, len(report.text)),
        similarity=0.71 if stance is Stance.SUPPORTS else 0.64,
        stance=stance,
        stance_score=0.9,
        reason=f"{report.outlet}: {stance.value}",
        independent=independent,
        speaker_type=SpeakerType.INDEPENDENT if independent else SpeakerType.PARTY,
    )


def make_assessments(article: str = ARTICLE, report_id: str = "art1") -> list[Assessment]:
    """Three claims of one article: a party figure, a party claim, a residents' figure."""
    published = date(2024, 5, 2)
    art = Report(
        report_id, article, outlet="Sahel Daily", title="Mopti fighting", published=published
    )
    wire = Report("wire1", WIRE, outlet="Wire Agency", published=published)
    relay = Report("relay1", RELAY, outlet="Bamako Post", published=published)
    army = _claim(
        art,
        "Mali's army said on Tuesday that 80 militants were killed in fighting near Mopti.",
        "Mali's army",
        "said",
        "80 militants were killed in fighting near Mopti",
        SpeakerType.PARTY,
        CueClass.NEUTRAL,
        ("80 militants were killed", "killed", "militants", 80),
    )
    jnim = _claim(
        art,
        "JNIM claimed it had seized three barracks in the area.",
        "JNIM",
        "claimed",
        "it had seized three barracks in the area",
        SpeakerType.PARTY,
        CueClass.ASSERTIVE,
    )
    residents = _claim(
        art,
        "Residents of the town told our reporter that about 30 people died, civilians among them.",
        "Residents of the town",
        "told",
        "about 30 people died, civilians among them",
        SpeakerType.INDEPENDENT,
        CueClass.NEUTRAL,
        ("about 30 people died", "killed", None, 30),
    )
    # The event as the pipeline keys it: the date and the article's place (its lead names Mopti).
    mopti = EventKey(first=date(2024, 4, 30), last=date(2024, 4, 30), places=("mopti",))
    return [
        Assessment(
            army,
            (
                _evidence(army, wire, Stance.CONTRADICTS, True),
                _evidence(army, relay, Stance.SUPPORTS, False),
            ),
            Verdict.DISPUTED,
            0,
            1,
            True,
            event_key=mopti,
        ),
        Assessment(jnim, (), Verdict.SINGLE_SOURCE, 0, 0, False, event_key=mopti),
        Assessment(
            residents,
            (_evidence(residents, wire, Stance.SUPPORTS, True),),
            Verdict.CORROBORATED,
            1,
            0,
            False,
            event_key=mopti,
        ),
    ]


# --- many claims, for benchmarks and load tests ---

SPEAKERS = (
    ("the army", SpeakerType.PARTY),
    ("a UN mission spokesperson", SpeakerType.OFFICIAL),
    ("local residents", SpeakerType.INDEPENDENT),
    ("a news agency", SpeakerType.MEDIA),
)
PER_REPORT = 10  # claims per synthetic report


def synthetic_assessments(n: int) -> list[Assessment]:
    """``n`` claims, ten per synthetic report, each with two evidence sentences (for load
    tests and benchmarks: 10,000 of them build in about a second)."""
    out: list[Assessment] = []
    reports: list[Report] = []
    sentences: list[list[tuple[int, int, int]]] = []
    for r in range((n + PER_REPORT - 1) // PER_REPORT):
        parts, offsets, pos = [], [], 0
        for k in range(PER_REPORT):
            speaker, _ = SPEAKERS[(r + k) % len(SPEAKERS)]
            value = 5 + (r * 7 + k * 3) % 90
            line = f"{speaker.capitalize()} said {value} people were killed in town {r}-{k}."
            offsets.append((pos, pos + len(line), value))
            parts.append(line)
            pos += len(line) + 2
        reports.append(
            Report(
                f"r{r:05d}",
                "\n\n".join(parts),
                outlet=f"Outlet {r % 37}",
                title=f"Fighting in district {r}",
                published=date(2024, 5, 2),
            )
        )
        sentences.append(offsets)
    for i in range(n):
        r, k = divmod(i, PER_REPORT)
        report, (s0, s1, value) = reports[r], sentences[r][k]
        speaker, kind = SPEAKERS[(r + k) % len(SPEAKERS)]
        text = report.text
        c0 = text.index(" said ", s0) + len(" said ")
        f1 = text.index(" killed", c0) + len(" killed")
        claim = Claim(
            report=report,
            sentence=report.span(s0, s1),
            content=report.span(c0, s1 - 1),
            speaker=report.span(s0, s0 + len(speaker)),
            speaker_name=speaker,
            speaker_type=kind,
            cue=report.span(c0 - 5, c0 - 1),
            cue_lemma="say",
            cue_class=CueClass.NEUTRAL,
            text=f"{speaker} says {value} killed in town {r}-{k}",
            figures=(Quantity(report.span(c0, f1), "killed", None, value, value, value),),
        )
        evidence = []
        for j, stance in ((1, Stance.SUPPORTS), (2, Stance.CONTRADICTS)):
            other = reports[(r + j) % len(reports)]
            o0, o1, _ = sentences[(r + j) % len(reports)][k]
            evidence.append(
                Evidence(claim.id, other.span(o0, o1), 0.7, stance, 0.8, "synthetic", j == 1)
            )
        verdict = (Verdict.DISPUTED, Verdict.SINGLE_SOURCE, Verdict.CORROBORATED)[i % 3]
        unverified = kind is SpeakerType.PARTY
        out.append(Assessment(claim, tuple(evidence), verdict, 1, 1, unverified))
    return out


def make_store(path: Path, article: str = ARTICLE) -> Path:
    """A review store at ``path`` holding :func:`make_assessments`."""
    with ReviewStore(path, reviewer="tester") as store:
        store.save_assessments(make_assessments(article))
    return path


# Pieces of hostile news text (quotes, cues, figures, escapes, bidi, markup, page furniture),
# joined at random by the fuzz tests and the soak benchmark.
HOSTILE_PIECES = [
    '"',
    "“",
    "”",
    "'",
    "‘",
    " said ",
    " told reporters ",
    "according to ",
    " claimed that ",
    "Police",
    "the army",
    "Mali's ministry",
    "80",
    "three",
    "1,200",
    "at least 5",
    " killed",
    " wounded",
    ". ",
    "? ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "  ",
    "\t",
    "(",
    ")",
    "—",
    " - ",
    "Mr. ",
    "U.S. ",
    "\x1b[31m",
    "\x1b]0;t\x07",
    "\x9b2J",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "\u2028",
    "é",
    "日本",
    "🙂",
    "# ",
    "> ",
    "* ",
    "1. ",
    "<p>",
    "</p>",
    "READ MORE",
    "Advertisement",
    "Photo: AP",
    "http://x.y/z",
    "a",
    "the",
    "and then",
    "Army Says 80 Killed Near Town",
    "date 2025-01-01 ",
    "---\ntitle: T\n---\n",
    "\x00",
]
