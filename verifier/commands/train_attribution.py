"""``verifier train attribution --polnear DIR``: learn the cue model and the attribution tagger."""

from __future__ import annotations

import json
import tempfile
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
    help="Where to write the weights (default: verifier/weights/; with --heldout a temporary "
    "folder).",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("/tmp/verifier-parse-cache"),
    show_default=True,
    help="Folder for cached spaCy parses (keep it out of the repository).",
)
@click.option(
    "--heldout",
    is_flag=True,
    help="Train on four fifths of the texts and print the scores of the tree rules and of the "
    "tagger on the other fifth (every fifth text), instead of training on all of them.",
)
def train_attribution(polnear_dir: Path, out: Path | None, cache: Path, heldout: bool) -> None:
    """Train the cue model, the cue lexicon and the attribution tagger's CRFs."""
    from verifier.attribution.cue_model import WEIGHTS
    from verifier.evaluate.polnear import parse, read_split
    from verifier.nlp import load_spacy
    from verifier.training.attribution import cue_lexicon, train_cue_model, write_weights
    from verifier.training.attribution_tagger import heldout_split, train_tagger

    docs = read_split(polnear_dir)
    parsed = parse(docs, load_spacy(), cache)
    if heldout:
        with tempfile.TemporaryDirectory() as temporary:
            directory = out or Path(temporary)
            train, held = heldout_split(len(docs))
            click.echo(json.dumps(_heldout(docs, parsed, train, held, directory), indent=1))
        return
    directory = out or WEIGHTS.parent
    model = train_cue_model(docs, parsed)
    paths = write_weights(model, cue_lexicon(docs, parsed), directory)
    meta = train_tagger(docs, parsed, directory)
    click.echo(json.dumps({"written": [str(p) for p in paths], "cue_model": model.meta, **meta}))


def _heldout(docs: list, parsed: list, train: list[int], held: list[int], directory: Path) -> dict:
    from verifier.attribution.finder import AttributionFinder
    from verifier.attribution.tagger import load_tagger
    from verifier.evaluate.polnear import predict, score
    from verifier.training.attribution import train_cue_model
    from verifier.training.attribution_tagger import train_tagger

    train_docs, train_parsed = [docs[i] for i in train], [parsed[i] for i in train]
    held_docs, held_parsed = [docs[i] for i in held], [parsed[i] for i in held]
    model = train_cue_model(train_docs, train_parsed)
    train_tagger(train_docs, train_parsed, directory)
    tagger = load_tagger(directory)
    rules = score(held_docs, predict(held_parsed, AttributionFinder(model)))
    tagged = score(held_docs, predict(held_parsed, AttributionFinder(model, tagger)))
    return {"train_texts": len(train), "heldout_texts": len(held), "rules": rules, "tagger": tagged}
