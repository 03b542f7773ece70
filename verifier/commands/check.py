"""``verifier check``: claims of articles with their evidence, stances, reasons and verdicts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from verifier.commands.context import current_settings, replace_matching
from verifier.judge.reconcile import Reconciliation, reconcile_figures
from verifier.model import Assessment, Stance
from verifier.safetext import one_line


@click.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Corpus file or folder to match against (repeatable).",
)
@click.option(
    "--store",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Corpus index store (built by `verifier index`; --corpus adds to it).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per claim per line.")
@click.option("--model", default=None, help="Embedding model name or path.")
@click.option(
    "--suggest-threshold",
    type=click.FloatRange(0, 1),
    help="Cosine similarity to show evidence as a suggestion [default: settings, 0.40].",
)
@click.option(
    "--auto-link-threshold",
    type=click.FloatRange(0, 1),
    help="Cosine similarity to link evidence without asking [default: settings, 0.65].",
)
def check(
    articles: tuple[Path, ...],
    corpus: tuple[Path, ...],
    store: Path | None,
    as_json: bool,
    model: str | None,
    suggest_threshold: float | None,
    auto_link_threshold: float | None,
) -> None:
    """Match the claims of ARTICLES against a corpus (default: the bundled sample corpus)."""
    from verifier.pipeline import run_check
    from verifier.progress import Progress
    from verifier.retrieval.embed import load_embedder

    def show(p: Progress) -> None:
        if sys.stderr.isatty():
            click.echo(f"\r{p.stage}: {p.done}/{p.total}   ", err=True, nl=False)

    matching = replace_matching(
        current_settings().matching,
        suggest_threshold=suggest_threshold,
        auto_link_threshold=auto_link_threshold,
    )
    embedder = load_embedder(model) if model else None
    assessments = run_check(
        list(articles),
        corpus_paths=list(corpus) or None,
        store_path=store,
        progress=show,
        embedder=embedder,
        matching=matching,
        sample_store=current_settings().sample_store,
    )
    if sys.stderr.isatty():
        click.echo("", err=True)
    if as_json:
        for a in assessments:
            click.echo(json.dumps(a.to_dict(), ensure_ascii=False))
        return
    for a in assessments:
        click.echo(_render(a))
    for slot in reconcile_figures(assessments):
        click.echo(_render_slot(slot))


def _render_slot(slot: Reconciliation) -> str:
    """Every source's figure for one event slot, the most conservative marked with ★."""
    lines = [f"▣ casualty figures: {one_line(slot.title)}"]
    if slot.same_event:
        lines.append(f"  same event: {one_line(slot.same_event, 160)}")
    summary = [f"best estimate {slot.best_estimate}"] if slot.best_estimate is not None else []
    if slot.low is not None and slot.high is not None:
        summary.append(f"range {slot.low}–{slot.high}")
    if summary:
        lines.append("  " + ", ".join(summary) + " (★ most conservative)")
    for row in slot.rows:
        star = "★" if row is slot.most_conservative else " "
        where = f" ({one_line(row.outlet, 30)})" if row.outlet else ""
        span = "/".join("–" if v is None else str(v) for v in (row.low, row.best, row.high))
        lines.append(
            f"  {star} {one_line(row.speaker, 40)}{where} [{row.speaker_type.value}]: "
            f"{one_line(row.text)} (low/best/high {span})"
        )
    return "\n".join(lines)


def _render(a: Assessment) -> str:
    claim = a.claim
    who = f"{claim.speaker_name or 'unattributed'} [{claim.speaker_type.value}]"
    flag = "  ⚑ unverified casualty figure" if a.unverified_figure else ""
    lines = [
        f"● {one_line(claim.text or claim.content.text, 110)}",
        f"  speaker: {one_line(who)}   verdict: {a.verdict.value}   "
        f"independent support {a.independent_support}, "
        f"contradiction {a.independent_contradiction}{flag}",
    ]
    marks = {Stance.SUPPORTS: "+", Stance.CONTRADICTS: "−", Stance.DISCUSSES: "~"}
    for e in a.evidence:
        outlet = e.report.outlet or e.report.id
        independence = "independent" if e.independent else "not independent"
        mark = marks.get(e.stance, "?") if e.decided else "?"
        lines.append(
            f"    {mark} {one_line(outlet, 30)} ({e.similarity:.2f}, "
            f"{independence}): {one_line(e.reason, 160)}"
        )
        if e.same_event:
            lines.append(f"        same event: {one_line(e.same_event, 150)}")
    return "\n".join(lines)
