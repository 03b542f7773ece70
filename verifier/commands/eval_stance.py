"""``verifier eval stance``: score the committed stance model on FNC-1 or Emergent files."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from verifier.errors import UserError
from verifier.model import Stance

if TYPE_CHECKING:
    from verifier.judge.stance.model import TrainedStanceModel

_SPLIT = click.Choice(["all", "train", "dev"])
_CHUNK = 4000


def _load_model(weights: Path | None, cache: Path | None, split: str) -> TrainedStanceModel:
    """The committed (or given) model with the real embedder, optionally behind a cache."""
    from verifier.judge.stance.model import load_stance_model
    from verifier.retrieval.embed import Embedder, SentenceTransformerEmbedder

    embedder: Embedder = SentenceTransformerEmbedder()
    if cache is not None:
        from verifier.training.embed_cache import CachedEmbed

        embedder = CachedEmbed(embedder, cache)
    model = load_stance_model(embedder, weights)
    note = held_out_note(model.meta, split)
    if note:
        click.echo(note, err=True)
    return model


def held_out_note(meta: dict, split: str) -> str | None:
    """A warning when dev/train rows are scored with a model trained on every row."""
    if split == "all" or meta.get("split") != "all":
        return None
    return (
        "note: this model was trained on every row of the training files, so its "
        f"{split} numbers are not held out (train with --split train for dev numbers)"
    )


def _predict(
    pairs: Sequence[tuple[str, str]], weights: Path | None, cache: Path | None, split: str
) -> list[dict[Stance, float]]:
    """Model probabilities; pairs sharing a body go in the same chunk."""
    model = _load_model(weights, cache, split)
    order = sorted(range(len(pairs)), key=lambda i: pairs[i][1])
    out: list[dict[Stance, float]] = [{} for _ in pairs]
    for start in range(0, len(order), _CHUNK):
        chunk = order[start : start + _CHUNK]
        for i, probs in zip(chunk, model.predict([pairs[i] for i in chunk]), strict=True):
            out[i] = probs
    return out


def _print(result: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    if "fnc_score" in result:
        click.echo(f"FNC-1 score  {result['fnc_score']:.2f}")
    click.echo(f"pairs        {result['n']}")
    click.echo(f"accuracy     {result['accuracy']:.4f}")
    click.echo(f"macro-F1     {result['macro_f1']:.4f}")
    for label, row in result["per_class"].items():
        click.echo(
            f"  {label:<10} F1 {row['f1']:.3f}  P {row['precision']:.3f}  "
            f"R {row['recall']:.3f}  n {row['support']}"
        )
    if "confusion" in result:
        labels = list(result["confusion"])
        click.echo("confusion (rows gold, columns predicted): " + " ".join(labels))
        for gold in labels:
            click.echo(
                f"  {gold:<10} " + " ".join(f"{result['confusion'][gold][p]:>6}" for p in labels)
            )


@click.command()
@click.option("--fnc1", "fnc", is_flag=True, help="Score FNC-1 (needs --bodies and --stances).")
@click.option("--bodies", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--stances", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--emergent",
    "emergent_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score an Emergent CSV (claimHeadline vs articleHeadline).",
)
@click.option(
    "--split",
    type=_SPLIT,
    default="all",
    show_default=True,
    help="Rows to score: all, or the deterministic train/dev split used in training.",
)
@click.option(
    "--weights",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A stance model file from `verifier train stance --out` (default: the committed one).",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    help="Reuse / fill an embedding cache folder (same vectors, faster reruns).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
def stance(
    fnc: bool,
    bodies: Path | None,
    stances: Path | None,
    emergent_file: Path | None,
    split: str,
    weights: Path | None,
    cache: Path | None,
    as_json: bool,
) -> None:
    """Score the committed stance model (never trains on what it scores)."""
    if fnc == (emergent_file is not None):
        raise UserError("give exactly one of --fnc1 or --emergent FILE")
    if fnc:
        from verifier.evaluate import fnc1

        if bodies is None or stances is None:
            raise UserError("--fnc1 needs --bodies FILE and --stances FILE")
        pairs = fnc1.select_split(fnc1.read_fnc1(bodies, stances), split)
        gold = [p.label for p in pairs]
        if not pairs or any(g is None for g in gold):
            raise UserError(f"{stances}: no rows with a Stance label to score")
        probs = _predict([(p.headline, p.body) for p in pairs], weights, cache, split)
        predicted = [fnc1.FROM_STANCE[max(p, key=p.__getitem__)] for p in probs]
        _print(fnc1.fnc_report([g or "" for g in gold], predicted), as_json)
        return
    from verifier.evaluate import emergent, fnc1

    assert emergent_file is not None
    rows = emergent.select_split(emergent.read_emergent(emergent_file), split)
    if not rows:
        raise UserError(f"{emergent_file}: no rows to score")
    probs = _predict([(r.claim, r.headline) for r in rows], weights, cache, split)
    predicted = [
        emergent.FROM_STANCE[max(emergent.TO_STANCE.values(), key=p.__getitem__)] for p in probs
    ]
    _print(fnc1.label_metrics([r.label for r in rows], predicted, emergent.LABELS), as_json)
