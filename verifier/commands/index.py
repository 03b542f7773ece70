"""``verifier index PATH...``: add reports to the corpus store (only what is new is embedded)."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from verifier.commands._reading import reading_options
from verifier.commands.context import current_settings
from verifier.errors import UserError
from verifier.read.ingest import read_reports
from verifier.read.records import ColumnMapping

if TYPE_CHECKING:
    from rich.progress import Progress

    from verifier.retrieval.records import IndexStats


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--store",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Corpus store file [default: corpus.db in the data folder].",
)
@click.option(
    "--model",
    help="Embedding model [default: the store's own model, else all-MiniLM-L6-v2].",
)
@click.option("--no-claims", is_flag=True, help="Index sentences only; skip claim extraction.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this process; ray: a Ray Data pipeline (a local Ray, or --ray-address).",
)
@click.option("--ray-address", help="Run on this Ray cluster (e.g. ray://head:10001).")
@click.option(
    "--ray-shards",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the Parquet shards (shared by all nodes) [default: next to the store].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@reading_options
def index(
    paths: tuple[str, ...],
    store: Path | None,
    model: str | None,
    no_claims: bool,
    engine: str,
    ray_address: str | None,
    ray_shards: Path | None,
    as_json: bool,
    mapping: ColumnMapping,
    max_bytes: int,
) -> None:
    """Index reports (files or folders) for evidence search: sentences, embeddings, claims."""
    from verifier.retrieval.index import CorpusIndex
    from verifier.retrieval.records import stored_model_name

    store = store or current_settings().corpus_store
    stored_model = stored_model_name(store)  # a corrupt store fails here, untouched
    if engine == "ray":
        _index_with_ray(
            paths,
            store,
            model or stored_model,
            no_claims,
            as_json,
            ray_address,
            ray_shards,
            mapping,
            max_bytes,
        )
        return
    if ray_address or ray_shards:
        raise UserError("--ray-address and --ray-shards need --engine ray")
    reports = read_reports(paths, mapping=mapping, max_bytes=max_bytes)
    loaded = list(itertools.islice(reports, 1))
    if not loaded:
        raise UserError(f"no reports found in {', '.join(paths)}")
    loaded.extend(reports)
    from verifier.retrieval.embed import DEFAULT_MODEL, load_embedder

    embedder = load_embedder(model or stored_model or DEFAULT_MODEL)
    started = time.perf_counter()
    with CorpusIndex.open(store, embedder) as corpus, _bar() as bar:
        task = bar.add_task("index", total=len(loaded), rate="reports")

        def progress(done: int, total: int) -> None:
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=done, total=total, rate=f"reports ({rate:.1f}/s)")

        stats = corpus.add_reports(loaded, progress, extract_claims=not no_claims)
        totals = {
            "store": str(store),
            "total_reports": corpus.report_count(),
            "total_sentences": len(corpus),
        }
    _summary(stats, totals, started, no_claims, as_json)


def _bar() -> Progress:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (
        TextColumn("indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
    )
    return Progress(*columns, console=Console(stderr=True))


def _index_with_ray(
    paths: tuple[str, ...],
    store: Path,
    model: str | None,
    no_claims: bool,
    as_json: bool,
    address: str | None,
    shards: Path | None,
    mapping: ColumnMapping,
    max_bytes: int,
) -> None:
    from verifier.retrieval.embed import DEFAULT_MODEL
    from verifier.retrieval.ray_engine import RayOptions, index_with_ray

    started = time.perf_counter()
    click.echo("indexing with Ray: reading, splitting and embedding ...", err=True)
    with _bar() as bar:
        task = bar.add_task("index", total=None, rate="reports")

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        stats, reports, sentences = index_with_ray(
            paths,
            store,
            model or DEFAULT_MODEL,
            options=RayOptions(address=address, shards=shards),
            extract_claims=not no_claims,
            mapping=mapping,
            max_bytes=max_bytes,
            progress=progress,
        )
    totals = {"store": str(store), "total_reports": reports, "total_sentences": sentences}
    _summary(stats, totals, started, no_claims, as_json)


def _summary(
    stats: IndexStats, totals: dict[str, Any], started: float, no_claims: bool, as_json: bool
) -> None:
    summary = {**stats.to_dict(), **totals, "seconds": round(time.perf_counter() - started, 1)}
    if as_json:
        click.echo(json.dumps(summary))
        return
    click.echo(
        f"{stats.reports_added} reports added, {stats.reports_skipped} skipped (already indexed)"
        + (f", {stats.reports_replaced} replaced (text changed)" if stats.reports_replaced else "")
        + f"; {stats.sentences} sentences, {stats.claims} claims"
        + ("" if not no_claims else " (claim extraction off)")
    )
    click.echo(
        f"{summary['store']}: {summary['total_reports']} reports,"
        f" {summary['total_sentences']} sentences ({summary['seconds']} s)"
    )
