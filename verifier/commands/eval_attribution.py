"""``verifier eval attribution --polnear DIR``: source / cue / content span scores on PolNeAR."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("attribution")
@click.option(
    "--polnear",
    "polnear_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A PolNeAR split folder with text/ and attributions/ (brat .ann).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def attribution(polnear_dir: Path, as_json: bool) -> None:
    """Precision, recall and F1 of the attribution finder, exact and overlap (IoU >= 0.5)."""
    from verifier.attribution.finder import AttributionFinder
    from verifier.evaluate.polnear import ROLES, parse, predict, read_split, score
    from verifier.nlp import load_spacy

    docs = read_split(polnear_dir)
    result = score(docs, predict(parse(docs, load_spacy()), AttributionFinder()))
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(
        f"{result['documents']} documents, {result['gold']} gold, "
        f"{result['predicted']} predicted attributions"
    )
    click.echo(f"{'role':<8} {'match':<8} {'P':>6} {'R':>6} {'F1':>6}")
    for role in ROLES:
        for match in ("exact", "overlap"):
            s = result[role][match]
            click.echo(
                f"{role:<8} {match:<8} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"
            )
