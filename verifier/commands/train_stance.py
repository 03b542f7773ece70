"""``verifier train stance``: reproduce the committed stance model from ../shared/eval."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from verifier.judge.stance.model import WEIGHTS_DIR


@click.command()
@click.option(
    "--data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="The shared eval folder (fnc1/, emergent/, fever_symmetric/).",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=WEIGHTS_DIR)
@click.option(
    "--split",
    type=click.Choice(["all", "train"]),
    default="all",
    show_default=True,
    help="all (the committed model): every row; train: FNC-1/Emergent dev topics left out, "
    "for dev numbers (use with --out).",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("/tmp/stance_cache"),
    show_default=True,
    help="Embedding cache folder (reused between runs).",
)
def train_stance(data: Path, out: Path, split: str, cache: Path) -> None:
    """Train the stance classifier (minutes on CPU; deterministic seeds)."""
    from verifier.retrieval.embed import SentenceTransformerEmbedder
    from verifier.training.stance import train_stance_model

    logging.getLogger("verifier").setLevel(logging.INFO)
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(asctime)s %(message)s")
    path = train_stance_model(data, out, SentenceTransformerEmbedder(), cache, split)
    click.echo(f"wrote {path}")
