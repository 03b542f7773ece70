"""Gun Violence Archive articles: predict killed / injured counts of the reported incident.

The data (cltl/LongTailQATask, SemEval-2018 task 5 pilot) holds ``gva_docs.jsonl`` (one
archived news page per line: incident_uri, doc_id, title, dct, uri, content) and
``gva_incidents.jsonl`` (incident_uri, num_killed, num_injured, ...). GVA counts people shot
and survived as injured, so "four people shot, one fatally" is 1 killed, 3 injured.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verifier.errors import UserError
from verifier.figures.quantities import PLACE_GROUPS, extract_figures
from verifier.model import Quantity, Report

log = logging.getLogger(__name__)

LEAD_CHARS = 1200  # title + the first paragraphs: where the main incident is told
_MIN_PARAGRAPH = 40  # shorter lines are navigation, bylines and other page furniture


@dataclass(frozen=True)
class GvaArticle:
    """One article with the reference counts of the incident it reports."""

    doc_id: str
    incident_uri: str
    title: str
    content: str
    num_killed: int
    num_injured: int


@dataclass(frozen=True)
class Prediction:
    killed: int
    injured: int


def read_gva(folder: str | Path) -> Iterator[GvaArticle]:
    """Articles of ``folder`` joined to their incidents; articles without one are skipped."""
    docs, counts = read_incidents(Path(folder))
    skipped = 0
    for row in read_jsonl(docs):
        uri = str(row.get("incident_uri", ""))
        if uri not in counts:
            skipped += 1
            continue
        killed, injured = counts[uri]
        yield GvaArticle(
            doc_id=str(row.get("doc_id", "")),
            incident_uri=uri,
            title=str(row.get("title") or ""),
            content=str(row.get("content") or ""),
            num_killed=killed,
            num_injured=injured,
        )
    if skipped:
        log.info("skipped %d articles whose incident is not in gva_incidents.jsonl", skipped)


def read_incidents(root: Path) -> tuple[Path, dict[str, tuple[int, int]]]:
    """The articles file of a GVA folder and each incident's (killed, injured) counts."""
    docs, incidents = root / "gva_docs.jsonl", root / "gva_incidents.jsonl"
    for path in (docs, incidents):
        if not path.is_file():
            raise UserError(f"{path} is missing (expected gva_docs.jsonl and gva_incidents.jsonl)")
    counts: dict[str, tuple[int, int]] = {}
    for row in read_jsonl(incidents):
        try:
            counts[str(row["incident_uri"])] = (int(row["num_killed"]), int(row["num_injured"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise UserError(f"{incidents}: incident without valid counts ({exc})") from exc
    return docs, counts


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON Lines file; a bad line is a one-line UserError."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UserError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise UserError(f"{path}:{n}: expected a JSON object")
            yield row


def lead_text(title: str, content: str, limit: int = LEAD_CHARS) -> str:
    """The title and the first substantial paragraphs, without page furniture."""
    title = re.split(r"\s+[|:–-]{1,2}\s+(?=[A-Z0-9])", title.strip())[0] if title else ""
    parts = [title] if title else []
    size = 0
    for para in re.split(r"\n\s*\n|\n", content):
        para = " ".join(para.split())
        if len(para) < _MIN_PARAGRAPH or not re.search(r"[a-z]{3,}[.!?\"”']?$", para):
            continue
        parts.append(para)
        size += len(para)
        if size >= limit:
            break
    return "\n".join(parts)


_FATAL_RE = re.compile(
    r"\b(?:fatal(?:ly)?|homicide|(?<!attempted )murder(?:ed)?|killed|kills?|killings?|obituary"
    r"|bod(?:y|ies) (?:was |were |of [^.,;]{1,40} )?(?:found|discovered|recovered)|slain|died|dies"
    r"|dead|death|deadly shooting|manslaughter|did not survive|could not be saved|succumbed"
    r"|passed away|(?:took|takes|take|taking|claimed|claims) (?:the|his|her|their) (?:own )?"
    r"li(?:fe|ves)|suicide)\b",
    re.IGNORECASE,
)
_SELF_KILLED_RE = re.compile(
    r"\bmurder[- ]suicide\b"
    r"|\b(?:then|and|before) (?:fatally )?"
    r"(?:kill(?:ed|ing)|sho(?:t|oting)|turn(?:ed|ing) the gun on) (?:him|her)self\b"
    r"|\bkill(?:ed|s|ing)\b[^.;\n]{1,60},\s*(?:him|her)?self\b",
    re.IGNORECASE,
)
_LATER_DIED_RE = re.compile(
    r"\b(?:died|succumbed|pronounced dead|did not survive|passed away)\b", re.I
)
HEAD_PARAGRAPHS = 2  # title + this many paragraphs tell the main incident


def predict(title: str, content: str) -> Prediction:
    """Killed and injured counts of the main incident of one article."""
    text = lead_text(title, content)
    paragraphs = text.split("\n")
    head = "\n".join(paragraphs[: HEAD_PARAGRAPHS + (1 if title else 0)])
    report = Report(id="gva", text=text)
    figures = [q for q in extract_figures(report.span(0, len(text))) if q.group not in PLACE_GROUPS]
    head_figures = [q for q in figures if q.span.end <= len(head)]

    def count(*categories: str) -> int | None:
        found = _largest(head_figures, categories)
        return found if found is not None else _largest(figures, categories)

    killed, wounded, shot = count("killed"), count("wounded"), count("shot")
    if killed is None and _FATAL_RE.search(head):
        killed = 1
    killed = killed or 0
    if killed == 1 and _SELF_KILLED_RE.search(head):
        # "kills his daughter, then himself", "a murder-suicide": GVA counts the shooter too.
        killed += 1
    if wounded == 1 and killed == 1 and _LATER_DIED_RE.search(head):
        # "a teen hospitalized after a shooting has died": the one wounded is the one killed.
        wounded = 0
    if not killed and wounded is not None and shot is not None:
        # "a woman was wounded and another was shot": both survived.
        shot = max(shot, count("wounded", "shot") or 0)
    if shot is not None and (wounded is None or not killed):
        # "four shot, one fatally": GVA's injured are the people shot who survived.
        wounded = max(wounded or 0, shot - killed)
    wounded = wounded or 0
    if not wounded and not killed:
        # Every GVA incident has a victim: a shooting with no one killed injured someone.
        wounded = 1
    return Prediction(killed=killed, injured=wounded)


def _largest(figures: list[Quantity], categories: tuple[str, ...]) -> int | None:
    """The largest count of a category; "a man and a 16-year-old boy were hurt" adds up."""
    best: int | None = None
    run, run_end = 0, -1
    for q in figures:
        if q.category not in categories:
            continue
        value = q.best if q.best is not None else q.low if q.low is not None else q.high
        if value is None or value >= 100:
            continue
        between = q.span.report.text[run_end : q.span.start] if run_end >= 0 else ""
        joined = value == 1 and run and _AND_RE.fullmatch(between)
        run = run + 1 if joined else value
        run_end = q.span.end
        best = max(best or 0, run)
    return best


_AND_RE = re.compile(r"\s*(?:,|and|,\s*and)\s*")


HALVES = ("tune", "confirm")


def half_of(incident_uri: str) -> str:
    """The fixed half of the development share an incident belongs to: "tune" when the md5 of
    its URI is even, else "confirm" (every article of one incident falls in the same half);
    rules are tuned on "tune" and confirmed on "confirm"."""
    digest = hashlib.md5(incident_uri.encode("utf-8"), usedforsecurity=False).hexdigest()
    return HALVES[int(digest, 16) % 2]


def evaluate(folder: str | Path, half: str | None = None) -> dict[str, Any]:
    """Accuracy of exact killed / injured counts over the articles of ``folder`` (only those
    of one half of its incidents when ``half`` is "tune" or "confirm")."""
    if half is not None and half not in HALVES:
        raise UserError(f"half must be one of {', '.join(HALVES)}")
    n = killed_ok = injured_ok = 0
    for article in read_gva(folder):
        if half is not None and half_of(article.incident_uri) != half:
            continue
        pred = predict(article.title, article.content)
        n += 1
        killed_ok += pred.killed == article.num_killed
        injured_ok += pred.injured == article.num_injured
    if not n:
        raise UserError(f"no GVA articles with a known incident in {folder}")
    return {
        "killed_accuracy": round(killed_ok / n, 4),
        "injured_accuracy": round(injured_ok / n, 4),
        "articles": n,
        "half": half or "all",
    }
