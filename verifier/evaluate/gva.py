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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verifier.errors import UserError
from verifier.evaluate.casualty_rules import Prediction, lead_text, read_counts, read_lead

__all__ = [
    "GvaArticle",
    "Prediction",
    "evaluate",
    "half_of",
    "lead_text",
    "predict",
    "read_gva",
    "read_incidents",
    "read_jsonl",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GvaArticle:
    """One article with the reference counts of the incident it reports."""

    doc_id: str
    incident_uri: str
    title: str
    content: str
    num_killed: int
    num_injured: int


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


def predict(title: str, content: str) -> Prediction:
    """Killed and injured counts of the main incident of one article."""
    return read_counts(read_lead(title, content))


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
