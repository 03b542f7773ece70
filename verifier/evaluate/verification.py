"""Verification on real multi-outlet reporting: GVA articles checked against each other.

Every article of the folder is indexed as the corpus (its title and lead paragraphs,
:func:`verifier.evaluate.gva.lead_text`, without page furniture); each article of a known
incident is checked against the rest. Scores (docs/verification.md):
- linking precision: decided evidence (supports / contradicts) from an article of the same
  incident, over all decided evidence; linking recall: pairs of one incident's articles that
  both report a casualty figure, linked by decided evidence in either direction;
- cross-incident contradictions: checked claims with a "contradicts" from another incident;
- reconciled killed / injured accuracy: per checked article, the estimate after reconciling it
  with the reports it linked, beside the single-article accuracy of ``eval casualties``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from verifier.errors import UserError
from verifier.evaluate.gva import Prediction, lead_text, predict, read_incidents, read_jsonl
from verifier.judge.reconcile import estimate
from verifier.judge.verdict import CASUALTY_CATEGORIES, has_casualty_figure
from verifier.model import Report, Stance

log = logging.getLogger(__name__)
TEXT_CHARS = 1500


def read_folder(folder: Path) -> tuple[list[Report], dict[str, str], dict[str, tuple[int, int]]]:
    """Reports of every article, each article's incident, and each incident's counts."""
    docs, counts = read_incidents(folder)
    reports: list[Report] = []
    incident_of: dict[str, str] = {}
    seen: set[str] = set()
    for row in read_jsonl(docs):
        doc_id = str(row.get("doc_id") or "")
        text = lead_text(str(row.get("title") or ""), str(row.get("content") or ""), TEXT_CHARS)
        if not doc_id or doc_id in seen or not text.strip():
            continue
        seen.add(doc_id)
        try:
            published = date.fromisoformat(str(row.get("dct") or "")[:10])
        except ValueError:
            published = None
        host = urlparse(str(row.get("uri") or "")).netloc.split("/")[-1]
        reports.append(
            Report(
                id=doc_id,
                text=text,
                title=str(row.get("title") or "") or None,
                published=published,
                outlet=host or None,
                meta={"content": str(row.get("content") or "")},
            )
        )
        uri = str(row.get("incident_uri") or "")
        if uri in counts:
            incident_of[doc_id] = uri
    return reports, incident_of, counts


def reconciled(own: Report, linked: Sequence[Report], single: dict[str, Prediction]) -> Prediction:
    """The engine's best estimate (:func:`verifier.judge.reconcile.estimate`: the count most
    reports give, a tie to the latest report, then to the article's own) over the article and
    the reports it linked, each with its single-article counts."""
    group = [own, *linked]

    def pick(field: str) -> int:
        counts = ((r.id, getattr(single[r.id], field), r.published) for r in group)
        return int(estimate(counts, own=own.id) or 0)

    return Prediction(killed=pick("killed"), injured=pick("injured"))


@dataclass(frozen=True)
class Link:
    """One piece of evidence an article's claims got from another article of the folder."""

    report_id: str
    stance: Stance
    decided: bool
    figure: bool  # the evidence's speaker asserts a casualty figure


@dataclass(frozen=True)
class Checked:
    """What checking one article found: its claims' count and every link."""

    article_id: str
    claims: int
    links: tuple[Link, ...]
    contradicted_by: tuple[tuple[str, ...], ...]  # per claim, the reports contradicting it


def reconciling(result: Checked) -> list[str]:
    """The reports whose counts join the article's own: those it has decided links to."""
    return list(
        dict.fromkeys(
            link.report_id
            for link in result.links
            if link.decided and link.stance in (Stance.SUPPORTS, Stance.CONTRADICTS)
        )
    )


def check_articles(
    checker: Any,
    checked: Sequence[Report],
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Checked]:
    """Assess every claim of each article against the rest of the index.

    OpenMP runs on one thread here: each article's batches (its claims, their candidates) are
    small, and on busy cores every OpenMP region of the encoders waits for its second thread
    (7 claims embedded in 1.1 s instead of 2.9-5.7 s at a load average of 13, 2 cores).
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="openmp"):
        return _check_articles(checker, checked, progress)


def _check_articles(
    checker: Any,
    checked: Sequence[Report],
    progress: Callable[[str, int, int], None] | None,
) -> list[Checked]:
    out = []
    for n, article in enumerate(checked):
        if progress:
            progress("checking", n, len(checked))
        links: list[Link] = []
        contradicted: list[tuple[str, ...]] = []
        assessments = checker.assess(article, checker.claims_for(article))
        for a in assessments:
            contradicted.append(
                tuple(
                    e.report.id for e in a.evidence if e.decided and e.stance is Stance.CONTRADICTS
                )
            )
            links += [
                Link(
                    e.report.id,
                    e.stance,
                    e.decided,
                    any(q.category in CASUALTY_CATEGORIES for q in e.figures),
                )
                for e in a.evidence
            ]
        out.append(Checked(article.id, len(assessments), tuple(links), tuple(contradicted)))
    if progress:
        progress("checking", len(checked), len(checked))
    return out


def evaluate(
    folder: Path,
    *,
    limit: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    embedder: Any = None,
    stance_model: Any = None,
    store: Path | None = None,
) -> dict[str, Any]:
    """Index the folder (into ``store`` when given, reused by later runs), check its articles
    against each other, and score the links."""
    from verifier.pipeline import Checker, cached_stance_model
    from verifier.retrieval.embed import load_embedder
    from verifier.retrieval.index import CorpusIndex

    reports, incident_of, counts = read_folder(folder)
    checked = [r for r in reports if r.id in incident_of][:limit]
    if not checked:
        raise UserError(f"no GVA articles with a known incident in {folder}")
    embedder = embedder or load_embedder()
    index = CorpusIndex.open(str(store) if store else ":memory:", embedder)
    index.add_reports(reports, progress=lambda d, t: progress and progress("indexing", d, t))
    checker = Checker(index, stance_model or cached_stance_model(embedder), None)
    checker.prepare([])
    results = check_articles(checker, checked, progress)
    with_figure = {r.id for r in checked if any(map(has_casualty_figure, checker.claims_for(r)))}
    index.close()
    return score(reports, incident_of, counts, results, with_figure)


def score(
    reports: Sequence[Report],
    incident_of: dict[str, str],
    counts: dict[str, tuple[int, int]],
    results: Sequence[Checked],
    with_figure: set[str],
) -> dict[str, Any]:
    """Linking, cross-incident contradictions and reconciled accuracy of checked articles."""
    by_id = {r.id: r for r in reports}
    single = {r.id: predict(r.title or "", r.meta.get("content", r.text)) for r in reports}
    decided = same = claims_n = cross = 0
    linked_pairs: set[frozenset[str]] = set()
    kill_ok = inj_ok = s_kill = s_inj = 0
    for result in results:
        mine = incident_of[result.article_id]
        claims_n += result.claims
        cross += sum(
            any(incident_of.get(rid) != mine for rid in against)
            for against in result.contradicted_by
        )
        for link in result.links:
            if not link.decided or link.stance not in (Stance.SUPPORTS, Stance.CONTRADICTS):
                continue
            decided += 1
            same += incident_of.get(link.report_id) == mine
            linked_pairs.add(frozenset((result.article_id, link.report_id)))
        truth = counts[mine]
        own = by_id[result.article_id]
        est = reconciled(own, [by_id[rid] for rid in reconciling(result)], single)
        kill_ok += est.killed == truth[0]
        inj_ok += est.injured == truth[1]
        s_kill += single[own.id].killed == truth[0]
        s_inj += single[own.id].injured == truth[1]
    recall_pairs = _figure_pairs([by_id[r.article_id] for r in results], incident_of, with_figure)
    found = sum(p in linked_pairs for p in recall_pairs)
    total = len(results)
    return {
        "linking": {
            "precision": round(same / decided, 4) if decided else 0.0,
            "recall": round(found / len(recall_pairs), 4) if recall_pairs else 0.0,
        },
        "cross_incident_contradictions": round(cross / claims_n, 4) if claims_n else 0.0,
        "reconciled": {
            "killed_accuracy": round(kill_ok / total, 4),
            "injured_accuracy": round(inj_ok / total, 4),
            "incidents": len({incident_of[r.article_id] for r in results}),
        },
        "single_article": {
            "killed_accuracy": round(s_kill / total, 4),
            "injured_accuracy": round(s_inj / total, 4),
        },
        "articles": total,
        "decided_links": decided,
        "checked_claims": claims_n,
    }


def _figure_pairs(
    checked: Sequence[Report], incident_of: dict[str, str], with_figure: set[str]
) -> list[frozenset[str]]:
    """Pairs of checked articles of one incident whose claims both carry a casualty figure."""
    ids_of: dict[str, list[str]] = {}
    for r in checked:
        if r.id in with_figure:
            ids_of.setdefault(incident_of[r.id], []).append(r.id)
    return [
        frozenset((a, b))
        for ids in ids_of.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    ]
