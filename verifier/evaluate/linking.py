"""Linking on FNC-1: every distinct headline a claim without a speaker, every body the corpus.

Over the bodies paired with a headline in the stances file: precision = decided links
(supports / contradicts) to related bodies (agree / disagree / discuss) over all decided links
to paired bodies; recall = agree / disagree bodies with a decided link over all agree /
disagree bodies; stance accuracy = decided stance equals gold (agree = supports, disagree =
contradicts) on the agree / disagree bodies with a decided link.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from verifier.errors import UserError
from verifier.evaluate.fnc1 import FncPair
from verifier.model import Claim, Report, Stance

GOLD = {"agree": Stance.SUPPORTS, "disagree": Stance.CONTRADICTS}


def headline_claim(headline: str, n: int) -> Claim:
    """A headline as a claim without a speaker (no publication date: undated)."""
    report = Report(id=f"headline-{n}", text=headline, title=headline)
    whole = report.span(0, len(headline))
    return Claim(report=report, sentence=whole, content=whole, text=headline)


def body_stances(evidence: Sequence[Any]) -> dict[str, Stance]:
    """Per body, the stance of its best decided evidence (evidence comes best first)."""
    out: dict[str, Stance] = {}
    for e in evidence:
        if e.decided and e.stance in (Stance.SUPPORTS, Stance.CONTRADICTS):
            out.setdefault(e.report.id, e.stance)
    return out


def evaluate(
    pairs: Sequence[FncPair],
    *,
    progress: Callable[[str, int, int], None] | None = None,
    embedder: Any = None,
    stance_model: Any = None,
    store: Path | None = None,
) -> dict[str, Any]:
    """Check every headline against the bodies and score the decided links."""
    from threadpoolctl import threadpool_limits

    from verifier.pipeline import Checker, cached_stance_model
    from verifier.retrieval.embed import load_embedder
    from verifier.retrieval.index import CorpusIndex
    from verifier.settings import MatchSettings

    if not pairs:
        raise UserError("no FNC-1 pairs to score")
    bodies = {p.body_id: p.body for p in pairs}
    reports = [Report(id=f"body-{bid}", text=text) for bid, text in bodies.items() if text.strip()]
    embedder = embedder or load_embedder()
    index = CorpusIndex.open(str(store) if store else ":memory:", embedder)
    index.add_reports(reports, progress=lambda d, t: progress and progress("indexing", d, t))
    model = stance_model or cached_stance_model(embedder)
    checker = Checker(index, model, None, MatchSettings())
    checker.prepare([])
    gold: dict[str, dict[str, str]] = {}
    for p in pairs:
        gold.setdefault(p.headline, {})[f"body-{p.body_id}"] = p.label or "unrelated"
    decided = related = found = correct = 0
    wanted = sum(1 for labels in gold.values() for g in labels.values() if g in GOLD)
    for n, (headline, labels) in enumerate(gold.items()):
        if progress:
            progress("checking", n, len(gold))
        claim = headline_claim(headline, n)
        # One OpenMP thread: one headline's batches are small (see verification.check_articles).
        with threadpool_limits(limits=1, user_api="openmp"):
            (assessment,) = checker.assess(claim.report, [claim])
        for body, stance in body_stances(assessment.evidence).items():
            label = labels.get(body)
            if label is None:
                continue  # not paired with this headline in the file: not scored
            decided += 1
            related += label != "unrelated"
            if label in GOLD:
                found += 1
                correct += stance is GOLD[label]
    return {
        "precision": round(related / decided, 4) if decided else 0.0,
        "recall": round(found / wanted, 4) if wanted else 0.0,
        "stance_accuracy": round(correct / found, 4) if found else 0.0,
        "headlines": len(gold),
        "decided_links": decided,
    }
