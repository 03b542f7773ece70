"""``verifier eval linking``: headline-to-body linking and stance on FNC-1."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click


@click.command()
@click.option("--fnc1", "fnc1", is_flag=True, required=True, help="The files are FNC-1 CSVs.")
@click.option(
    "--bodies", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--stances", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--split",
    type=click.Choice(["all", "dev"]),
    default="all",
    show_default=True,
    help="dev: only the topic-disjoint dev part (for a model trained with --split train).",
)
@click.option(
    "--weights",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Stance model file [default: the committed one].",
)
@click.option(
    "--store",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Corpus index file to build once and reuse (default: in memory).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def linking(
    fnc1: bool,
    bodies: Path,
    stances: Path,
    split: str,
    weights: Path | None,
    store: Path | None,
    as_json: bool,
) -> None:
    """Every headline of STANCES is a claim; every body of BODIES is the corpus."""
    from verifier.evaluate.fnc1 import read_fnc1, select_split
    from verifier.evaluate.linking import evaluate
    from verifier.judge.stance.model import load_stance_model
    from verifier.retrieval.embed import load_embedder

    del fnc1
    started = time.monotonic()
    last = [0.0]

    def show(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 5 or done == total:
            last[0] = now
            click.echo(f"{stage}: {done}/{total} ({now - started:.0f} s)", err=True)

    pairs = select_split(read_fnc1(bodies, stances), split)
    embedder = load_embedder()
    model = load_stance_model(embedder, weights) if weights else None
    scores = evaluate(pairs, progress=show, embedder=embedder, stance_model=model, store=store)
    scores["seconds"] = round(time.monotonic() - started, 1)
    if as_json:
        click.echo(json.dumps(scores))
        return
    click.echo(f"headlines        {scores['headlines']}")
    click.echo(f"precision        {scores['precision']:.4f}")
    click.echo(f"recall           {scores['recall']:.4f}")
    click.echo(f"stance accuracy  {scores['stance_accuracy']:.4f}")
