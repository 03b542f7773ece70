"""``verifier eval casualties``: killed / injured counts on Gun Violence Archive articles."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.option(
    "--gva",
    "folder",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder with gva_docs.jsonl and gva_incidents.jsonl.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option(
    "--half",
    type=click.Choice(["tune", "confirm"]),
    default=None,
    help="Score one fixed half of the incidents (rules are tuned on 'tune' only).",
)
def casualties(folder: Path, as_json: bool, half: str | None) -> None:
    """Predict killed and injured counts per article and score them against GVA's counts."""
    from verifier.evaluate.gva import evaluate

    scores = evaluate(folder, half)
    if as_json:
        click.echo(json.dumps(scores))
        return
    click.echo(f"articles          {scores['articles']}")
    click.echo(f"killed accuracy   {scores['killed_accuracy']:.4f}")
    click.echo(f"injured accuracy  {scores['injured_accuracy']:.4f}")
