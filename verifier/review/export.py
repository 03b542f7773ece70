"""Review exports: Markdown notes, CSV, lossless JSON and schema.org ClaimReview JSON-LD.

Article text is data in every format: control, escape and invisible format characters are
removed (:mod:`verifier.safetext`), Markdown-active characters are escaped, CSV cells a
spreadsheet would run as formulas get a leading apostrophe, JSON escapes invisible characters
(and, for ClaimReview, ``<``, ``>`` and ``&`` so a ``<script>`` block cannot be closed), and
only http(s) URLs become links. Files are written by :mod:`verifier.review.files`.

Where the store requires a second reviewer (``require_signoff``), a verdict counts as published
only once someone other than its author signed it off: ClaimReview leaves the others out, and
the other formats mark them ``awaiting sign-off`` (:func:`publication`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from verifier.errors import UserError
from verifier.model import Assessment, Report, ReviewStatus, SpeakerType
from verifier.review.files import write_atomic
from verifier.review.items import VERDICTS, ReviewItem, evidence_key
from verifier.safetext import json_text, terminal_safe, web_url
from verifier.settings import DEFAULT_ORGANISATION

__all__ = [
    "FORMATS",
    "awaiting_signoff",
    "export",
    "from_json",
    "publication",
    "to_claimreview",
    "to_csv",
    "to_json",
    "to_markdown",
    "write_atomic",
]

Format = Literal["md", "csv", "json", "claimreview"]
FORMATS: tuple[str, ...] = ("md", "csv", "json", "claimreview")
JSON_SCHEMA_VERSION = 1

# ClaimReview: only published verdicts, rated on a 1 (false) to 5 (verified) scale.
RATING_VALUE = {ReviewStatus.FALSE: 1, ReviewStatus.INCONCLUSIVE: 3, ReviewStatus.VERIFIED: 5}

CSV_COLUMNS = (
    "claim_id",
    "claim",
    "speaker",
    "speaker_type",
    "cue",
    "content",
    "status",
    "flagged",
    "verdict",
    "independent_support",
    "independent_contradiction",
    "evidence_count",
    "evidence",
    "note",
    "reviewer",
    "updated_at",
    "article_id",
    "outlet",
    "url",
    "published",
    "assignee",
    "status_by",
    "signed_off_by",
    "publication",
)
# What an export says about a claim's verdict (:func:`publication`).
PUBLISHED, AWAITING_SIGNOFF, NO_VERDICT = "published", "awaiting sign-off", "no verdict"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ORGANISATION_WORDS = re.compile(
    r"\b(army|armed|forces?|ministry|government|group|mission|agency|council|office|police"
    r"|committee|union|organi[sz]ation|press|news|media|agence|reuters|associated|network"
    r"|command|junta|authorit(y|ies)|department|coalition|nations|front|movement|brigade"
    r"|battalion|militia|hospital|monitor|observatory|ngo|red cross|watch)\b",
    re.IGNORECASE,
)


def export(
    items: Sequence[ReviewItem],
    fmt: str,
    *,
    organisation: str | None = None,
    history: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    require_signoff: bool = False,
) -> str:
    """Render ``items`` as ``md``, ``csv``, ``json`` or ``claimreview`` text.

    ``organisation`` (the reviewing desk, for ClaimReview and Markdown) defaults to
    :data:`verifier.settings.DEFAULT_ORGANISATION`; ``history`` (claim id -> audit entries) goes
    into JSON; ``require_signoff`` (the store's :attr:`~ReviewStore.require_signoff`) holds back
    verdicts no second reviewer has signed off.
    """
    org = organisation or DEFAULT_ORGANISATION
    signoff = require_signoff
    renderers: dict[str, Callable[[], str]] = {
        "md": lambda: to_markdown(items, organisation=org, require_signoff=signoff),
        "csv": lambda: to_csv(items, require_signoff=signoff),
        "json": lambda: to_json(items, history=history, require_signoff=signoff),
        "claimreview": lambda: to_claimreview(items, organisation=org, require_signoff=signoff),
    }
    if fmt not in renderers:
        raise UserError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    return renderers[fmt]()


def publication(item: ReviewItem, require_signoff: bool = False) -> str:
    """``published`` (a verdict, signed off where required), ``awaiting sign-off`` (a verdict
    that still needs a second reviewer) or ``no verdict`` (unstarted, in progress)."""
    if item.status not in VERDICTS:
        return NO_VERDICT
    return PUBLISHED if item.published(require_signoff) else AWAITING_SIGNOFF


def awaiting_signoff(items: Sequence[ReviewItem], require_signoff: bool) -> int:
    """How many of ``items`` are verdicts held back for a second reviewer's sign-off."""
    return sum(publication(it, require_signoff) == AWAITING_SIGNOFF for it in items)


# --- Markdown ---

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&$#])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """One line of Markdown showing ``text`` literally (whitespace runs become one space)."""
    line = " ".join(terminal_safe(text).split())
    line = _MD_INLINE.sub(r"\\\1", line)
    # Block syntax only acts at the start of a line: headings, quotes, lists, setext rules.
    match = _MD_LINE_START.match(line)
    if match:
        lead, token = match.groups()
        if token.isdigit():  # "1. text" would start an ordered list: escape the dot
            rest = line[match.end() :]
            line = f"{lead}{token}\\{rest}"
        else:
            line = f"{lead}\\{line[match.start(2) :]}"
    return line


def md_block(text: str, indent: str) -> str:
    """Several lines of data as one Markdown paragraph with hard line breaks."""
    lines = [md_escape(line) for line in terminal_safe(text).split("\n") if line.strip()]
    return ("\\\n" + indent).join(lines)


def md_link(url: str | None) -> str:
    """An autolink for an http(s) URL; anything else is shown as escaped text."""
    if not url:
        return ""
    safe = web_url(url)
    if safe and not re.search(r"[<>]", safe):
        return f"<{safe}>"
    return md_escape(url)


def _speaker(a: Assessment) -> str | None:
    c = a.claim
    return c.speaker_name or (c.speaker.text if c.speaker else None)


def to_markdown(
    items: Sequence[ReviewItem], *, organisation: str, require_signoff: bool = False
) -> str:
    """Review notes for an editor: one section per claim with its evidence and decisions."""
    out = [
        "# Review notes",
        "",
        f"{md_escape(organisation)}, exported {_now()}; {len(items)} claim(s).",
        "",
    ]
    if require_signoff:
        published = sum(publication(it, True) == PUBLISHED for it in items)
        out[-1:] = [
            "",
            "Verdicts count as published only after a second reviewer's sign-off:"
            f" {published} published, {awaiting_signoff(items, True)} awaiting sign-off.",
            "",
        ]
    for n, item in enumerate(items, 1):
        a = item.assessment
        c = a.claim
        article = c.report
        speaker = _speaker(a)
        out.append(f"## {n}. {md_escape(c.text or c.content.text)}")
        out.append("")
        fields = [
            ("Speaker", f"{md_escape(speaker or 'unknown')} ({c.speaker_type.value})"),
            ("Said", md_escape(c.sentence.text)),
            (
                "Cue",
                md_escape(f"{c.cue_lemma or ''} ({c.cue_class.value if c.cue_class else '-'})"),
            ),
            ("Article", _md_report(article)),
            ("Status", _md_status(item, require_signoff)),
            ("Unverified casualty figure", "yes" if item.flagged else "no"),
            (
                "Verdict",
                f"{a.verdict.value} (independent support {a.independent_support},"
                f" independent contradiction {a.independent_contradiction})",
            ),
        ]
        out.extend(f"- **{label}:** {value}" for label, value in fields)
        if a.evidence:
            out.append("- **Evidence:**")
            for e in a.evidence:
                decision = item.evidence_decisions.get(evidence_key(e), "undecided")
                source = _md_report(e.report)
                who = (
                    f"{md_escape(e.speaker_name)} ({e.speaker_type.value}), "
                    if e.speaker_name
                    else ""
                )
                independence = "independent" if e.independent else "not independent"
                out.append(
                    f"  - {e.stance.value} ({e.stance_score:.2f}), {who}{independence},"
                    f" {decision}: {source}"
                )
                out.append(f"    - Quote: {md_escape(e.sentence.text)}")
                out.append(f"    - Reason: {md_escape(e.reason)}")
        else:
            out.append("- **Evidence:** none found")
        note = md_block(item.note, "  ") if item.note.strip() else "-"
        out.append(f"- **Note:** {note}")
        if item.assignee:
            out.append(f"- **Assigned to:** {md_escape(item.assignee)}")
        out.append(f"- **Reviewer:** {md_escape(item.reviewer) if item.reviewer else '-'}")
        out.append(f"- **Updated:** {md_escape(item.updated_at) if item.updated_at else '-'}")
        out.append("")
    return "\n".join(out)


def _md_status(item: ReviewItem, require_signoff: bool) -> str:
    """The status, who set it and who signed it off; a verdict still held back says so."""
    text = item.status.value
    if item.status_by and item.status in VERDICTS:
        text += f" (by {md_escape(item.status_by)})"
    if item.signed_off_by:
        text += f", signed off by {md_escape(item.signed_off_by)}"
    elif publication(item, require_signoff) == AWAITING_SIGNOFF:
        text += ", **awaiting sign-off** (not published)"
    return text


def _md_report(r: Report) -> str:
    parts = [md_escape(r.outlet or "unknown outlet")]
    if r.title:
        parts.append(f"“{md_escape(r.title)}”")
    if r.published:
        parts.append(r.published.isoformat())
    link = md_link(r.url)
    if link:
        parts.append(link)
    return ", ".join(parts)


# --- CSV ---


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: controls and invisible characters removed
    (:func:`~verifier.safetext.terminal_safe`), formula-like strings get a leading apostrophe."""
    if not isinstance(value, str):
        return value
    value = terminal_safe(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def to_csv(items: Sequence[ReviewItem], *, require_signoff: bool = False) -> str:
    """One row per claim; evidence summarised in one cell (``stance, outlet, url``; ``|``)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        a = item.assessment
        c = a.claim
        r = c.report
        evidence = " | ".join(
            f"{e.stance.value}: {e.report.outlet or e.report.id}"
            f" ({item.evidence_decisions.get(evidence_key(e), 'undecided')})"
            + (f" {e.report.url}" if e.report.url else "")
            for e in a.evidence
        )
        row = (
            c.id,
            c.text,
            _speaker(a) or "",
            c.speaker_type.value,
            c.cue_lemma or "",
            c.content.text,
            item.status.value,
            "yes" if item.flagged else "no",
            a.verdict.value,
            a.independent_support,
            a.independent_contradiction,
            len(a.evidence),
            evidence,
            item.note,
            item.reviewer or "",
            item.updated_at or "",
            r.id,
            r.outlet or "",
            r.url or "",
            r.published.isoformat() if r.published else "",
            item.assignee or "",
            item.status_by or "",
            item.signed_off_by or "",
            publication(item, require_signoff),
        )
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue()


# --- JSON ---


def to_json(
    items: Sequence[ReviewItem],
    *,
    history: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    require_signoff: bool = False,
) -> str:
    """Every stored field: reports by id, items with assessment and decisions (see docs)."""
    reports: dict[str, Report] = {}
    for item in items:
        a = item.assessment
        reports.setdefault(a.claim.report.id, a.claim.report)
        for e in a.evidence:
            reports.setdefault(e.report.id, e.report)
    doc: dict[str, Any] = {
        "schema_version": JSON_SCHEMA_VERSION,
        "exported_at": _now(),
        "require_signoff": require_signoff,
        "reports": {rid: reports[rid].to_dict() for rid in sorted(reports)},
        "items": [
            {
                "claim_id": item.claim_id,
                "status": item.status.value,
                "flagged": item.flagged,
                "note": item.note,
                "reviewer": item.reviewer,
                "updated_at": item.updated_at,
                "assignee": item.assignee,
                "status_by": item.status_by,
                "signed_off_by": item.signed_off_by,
                "publication": publication(item, require_signoff),
                "evidence_decisions": dict(sorted(item.evidence_decisions.items())),
                "assessment": item.assessment.to_dict(),
                **(
                    {"history": [dict(h) for h in history.get(item.claim_id, ())]}
                    if history is not None
                    else {}
                ),
            }
            for item in items
        ],
    }
    return dumps(doc)


def dumps(doc: Any, *, script: bool = False) -> str:
    """Indented JSON, safe for terminals and HTML pages (:func:`verifier.safetext.json_text`)."""
    return json_text(doc, indent=2, script=script) + "\n"


def from_json(text: str) -> list[ReviewItem]:
    """Rebuild the items of a :func:`to_json` export (the inverse, for round trips and imports)."""
    try:
        doc = json.loads(text)
        version = doc["schema_version"]
        if version != JSON_SCHEMA_VERSION:
            raise UserError(f"unsupported review export schema_version {version!r}")
        reports = {rid: Report.from_dict(r) for rid, r in doc["reports"].items()}
        return [
            ReviewItem(
                assessment=Assessment.from_dict(d["assessment"], reports),
                status=ReviewStatus(d["status"]),
                flagged=bool(d["flagged"]),
                note=d["note"],
                reviewer=d["reviewer"],
                updated_at=d["updated_at"],
                evidence_decisions=dict(d["evidence_decisions"]),
                assignee=d.get("assignee"),
                status_by=d.get("status_by"),
                signed_off_by=d.get("signed_off_by"),
            )
            for d in doc["items"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise UserError(f"not a review JSON export ({exc.__class__.__name__}: {exc})") from exc


# --- schema.org ClaimReview ---


def speaker_schema_type(name: str, speaker_type: SpeakerType) -> str:
    """``Organization`` for parties, officials, outlets and organisation-like names, else Person."""
    if speaker_type in (SpeakerType.PARTY, SpeakerType.OFFICIAL, SpeakerType.MEDIA):
        return "Organization"
    if ORGANISATION_WORDS.search(name) or re.fullmatch(r"[A-Z0-9&.\-]{2,}", name.strip()):
        return "Organization"
    return "Person"


def claim_review(item: ReviewItem, *, organisation: str) -> dict[str, Any]:
    """One ClaimReview JSON-LD object for a reviewed item."""
    a = item.assessment
    c = a.claim
    article = c.report
    url = web_url(article.url)
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if url:
        appearance["url"] = url
    if article.title:
        appearance["headline"] = _clean(article.title)
    if article.published:
        appearance["datePublished"] = article.published.isoformat()
    if article.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": _clean(article.outlet)}
    claim: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    speaker = _clean(_speaker(a) or "")
    if speaker:
        claim["author"] = {"@type": speaker_schema_type(speaker, c.speaker_type), "name": speaker}
    if article.published:
        claim["datePublished"] = article.published.isoformat()
    reviewed = (item.updated_at or _now())[:10]
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": _clean(c.text or c.content.text),
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": item.status.value,
            "ratingValue": RATING_VALUE[item.status],
            "bestRating": 5,
            "worstRating": 1,
        },
        "author": {"@type": "Organization", "name": _clean(organisation)},
        "datePublished": reviewed,
    }
    if url:
        doc["url"] = url
    return doc


def _clean(text: str) -> str:
    """Published text: one line, without control or invisible characters."""
    return " ".join(terminal_safe(text).split())


def to_claimreview(
    items: Sequence[ReviewItem], *, organisation: str, require_signoff: bool = False
) -> str:
    """A JSON array of ClaimReview objects for the published verdicts (verified, false or
    inconclusive; signed off by a second reviewer where the store requires it)."""
    docs = [
        claim_review(i, organisation=organisation) for i in items if i.published(require_signoff)
    ]
    return dumps(docs, script=True)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
