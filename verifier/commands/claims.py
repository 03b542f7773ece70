"""``verifier claims PATH...``: list the attributed claims of articles, as a table or JSON lines."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from verifier.commands._reading import reading_options
from verifier.errors import UserError
from verifier.read.ingest import read_reports
from verifier.read.records import ColumnMapping

if TYPE_CHECKING:
    from rich.table import Table

    from verifier.model import Claim, Report

_CLAIM_WIDTH = 160


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per claim per line.")
@reading_options
def claims(
    paths: tuple[str, ...],
    as_json: bool,
    mapping: ColumnMapping,
    max_bytes: int,
) -> None:
    """Extract attributed claims (speaker, cue, content, figures) from files or folders."""
    reports = read_reports(paths, mapping=mapping, max_bytes=max_bytes)
    first = next(reports, None)  # bad input fails here, before the language model loads
    if first is None:
        raise UserError(f"no readable files in {', '.join(paths)}")
    from verifier.attribution.claims import ClaimExtractor

    results = ClaimExtractor().extract_many(itertools.chain([first], reports))
    if as_json:
        for _, found in results:
            for claim in found:
                click.echo(json.dumps(claim.to_dict(), ensure_ascii=False))
        return
    _print_table(results)


def _print_table(results: Iterable[tuple[Report, list[Claim]]]) -> None:
    from rich.console import Console

    table = _table()
    count = 0
    for report, found in results:
        for claim in found:
            count += 1
            _add_row(table, count, report, claim)
    console = Console()
    if count:
        console.print(table)
    else:
        click.echo("No claims found.", err=True)


def _table() -> Table:
    from rich.table import Table

    table = Table(expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Source", ratio=2, max_width=24)
    table.add_column("Speaker", ratio=2, max_width=30)
    table.add_column("Cue", ratio=1, max_width=20)
    table.add_column("Claim", ratio=6)
    table.add_column("Figures", ratio=2, max_width=30)
    return table


def _add_row(table: Table, number: int, report: Report, claim: Claim) -> None:
    from rich.text import Text

    from verifier.figures.quantities import format_figure
    from verifier.safetext import one_line

    def cell(value: str | None, style: str = "", limit: int | None = 60) -> Text:
        return Text(one_line(value or "", limit), style=style)

    source = report.outlet or (Path(report.path).name if report.path else report.id)
    speaker = claim.speaker_name or (claim.speaker.text if claim.speaker else "")
    speaker_cell = cell(speaker, "bold")
    if speaker:
        speaker_cell.append(f" ({claim.speaker_type.value})", style="dim")
    cue = claim.cue_lemma or (claim.cue.text if claim.cue else "")
    cue_cell = cell(cue)
    if claim.cue_class is not None:
        cue_cell.append(f" ({claim.cue_class.value})", style="dim")
    figures = "; ".join(format_figure(q) for q in claim.figures)
    table.add_row(
        Text(str(number)),
        cell(source, "cyan", 30),
        speaker_cell,
        cue_cell,
        cell(claim.text or claim.content.text, limit=_CLAIM_WIDTH),
        cell(figures, "green"),
    )
