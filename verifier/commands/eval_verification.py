"""``verifier eval verification``: linking and reconciliation on GVA multi-outlet reporting."""

from __future__ import annotations

import json
import time
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
@click.option("--limit", type=click.IntRange(1), help="Check only the first N articles.")
@click.option(
    "--store",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Corpus index file to build once and reuse (default: in memory).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def verification(folder: Path, limit: int | None, store: Path | None, as_json: bool) -> None:
    """Index every article of FOLDER, check each against the rest, score links and figures."""
    from verifier.evaluate.verification import evaluate

    started = time.monotonic()
    last = [0.0]

    def show(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 5 or done == total:
            last[0] = now
            click.echo(f"{stage}: {done}/{total} ({now - started:.0f} s)", err=True)

    scores = evaluate(folder, limit=limit, progress=show, store=store)
    scores["seconds"] = round(time.monotonic() - started, 1)
    if as_json:
        click.echo(json.dumps(scores))
        return
    link, rec, one = scores["linking"], scores["reconciled"], scores["single_article"]
    click.echo(f"articles                      {scores['articles']}")
    click.echo(f"linking precision / recall    {link['precision']:.4f} / {link['recall']:.4f}")
    click.echo(f"cross-incident contradictions {scores['cross_incident_contradictions']:.4f}")
    click.echo(
        f"reconciled killed / injured   {rec['killed_accuracy']:.4f} / "
        f"{rec['injured_accuracy']:.4f} ({rec['incidents']} incidents)"
    )
    click.echo(
        f"single-article killed / inj.  {one['killed_accuracy']:.4f} / "
        f"{one['injured_accuracy']:.4f}"
    )
