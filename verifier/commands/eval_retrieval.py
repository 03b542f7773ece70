"""``verifier eval retrieval --checkthat``: MAP@k of verified-claim retrieval (CheckThat! 2A)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from verifier.errors import UserError

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command()
@click.option(
    "--checkthat", is_flag=True, help="CheckThat! 2022 task 2A files (the supported format)."
)
@click.option("--vclaims", type=_FILE, required=True, help="vclaims.jsonl (verified claims).")
@click.option("--queries", type=_FILE, required=True, help="Queries TSV: id<TAB>tweet text.")
@click.option("--qrels", type=_FILE, required=True, help="Qrels TSV: query_id 0 vclaim_id 1.")
@click.option(
    "--model",
    default="sentence-transformers/all-MiniLM-L6-v2",
    show_default=True,
    help="Embedding model.",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to keep embeddings in between runs (e.g. under /tmp).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
def retrieval(
    checkthat: bool,
    vclaims: Path,
    queries: Path,
    qrels: Path,
    model: str,
    cache: Path | None,
    as_json: bool,
) -> None:
    """Rank verified claims per query: MAP@1/3/5 and recall@5 (queries without qrels skipped)."""
    if not checkthat:
        raise UserError("name the dataset format: --checkthat (CheckThat! 2022 task 2A)")
    from verifier.evaluate.checkthat import evaluate
    from verifier.retrieval.embed import load_embedder

    def progress(message: str) -> None:
        click.echo(message, err=True)

    result = evaluate(vclaims, queries, qrels, load_embedder(model), cache=cache, progress=progress)
    if as_json:
        click.echo(json.dumps({k: round(v, 4) for k, v in result.items()}))
        return
    for key, value in result.items():
        click.echo(f"{key.upper():<9} {value:.4f}")
