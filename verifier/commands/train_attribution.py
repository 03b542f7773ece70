"""``verifier train attribution --polnear DIR``: learn the cue model from PolNeAR train."""

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
    help="A PolNeAR training split folder (text/ and attributions/).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the weights (default: verifier/weights/).",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("/tmp/verifier-parse-cache"),
    show_default=True,
    help="Folder for cached spaCy parses (keep it out of the repository).",
)
def train_attribution(polnear_dir: Path, out: Path | None, cache: Path) -> None:
    """Train the attribution cue model and the cue lexicon (writes small JSON weights)."""
    from verifier.attribution.cue_model import WEIGHTS
    from verifier.evaluate.polnear import parse, read_split
    from verifier.nlp import load_spacy
    from verifier.training.attribution import cue_lexicon, train_cue_model, write_weights

    docs = read_split(polnear_dir)
    parsed = parse(docs, load_spacy(), cache)
    model = train_cue_model(docs, parsed)
    paths = write_weights(model, cue_lexicon(docs, parsed), out or WEIGHTS.parent)
    click.echo(json.dumps({"written": [str(p) for p in paths], **model.meta}))
