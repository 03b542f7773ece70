"""``verifier claims PATH...``: the attributed claims of articles as a table, TSV, Markdown or JSON.

The table uses the terminal's width (also when the output is piped: the width of the terminal
the command runs in, else wide); ``--format tsv`` and ``--format md`` write every cell in full,
for files and spreadsheets.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from verifier.commands._reading import reading_options
from verifier.errors import UserError
from verifier.read.ingest import read_reports
from verifier.read.records import ColumnMapping
from verifier.safetext import json_text

if TYPE_CHECKING:
    from rich.table import Table

    from verifier.model import Claim, Report

FORMATS = ("table", "tsv", "md", "json")
HEADERS = ("#", "Source", "Speaker", "Speaker type", "Cue", "Cue class", "Claim", "Figures")
PIPED_WIDTH = 200  # the table's width when no terminal can be asked
_CLAIM_WIDTH = 400


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table (for reading), tsv or md (every cell in full, for files), json (one per line).",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@reading_options
def claims(
    paths: tuple[str, ...],
    fmt: str,
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
    fmt = "json" if as_json else fmt
    if fmt == "json":
        for _, found in results:
            for claim in found:
                click.echo(json_text(claim.to_dict()))
    elif fmt == "table":
        _print_table(results)
    else:
        lines = _tsv(results) if fmt == "tsv" else _markdown(results)
        for line in lines:
            click.echo(line)


def row(report: Report, claim: Claim) -> tuple[str, ...]:
    """The cells of one claim, each on one line with control characters removed."""
    from verifier.figures.slots import format_figure
    from verifier.safetext import one_line

    speaker = claim.speaker_name or (claim.speaker.text if claim.speaker else "")
    cells = (
        report.outlet or (Path(report.path).name if report.path else report.id),
        speaker,
        claim.speaker_type.value if speaker else "",
        claim.cue_lemma or (claim.cue.text if claim.cue else ""),
        claim.cue_class.value if claim.cue_class is not None else "",
        claim.text or claim.content.text,
        "; ".join(format_figure(q) for q in claim.figures),
    )
    return tuple(one_line(c or "") for c in cells)


def _numbered(results: Iterable[tuple[Report, list[Claim]]]) -> Iterator[tuple[str, ...]]:
    number = itertools.count(1)
    for report, found in results:
        for claim in found:
            yield (str(next(number)), *row(report, claim))


def _tsv(results: Iterable[tuple[Report, list[Claim]]]) -> Iterator[str]:
    yield "\t".join(HEADERS)
    for cells in _numbered(results):
        yield "\t".join(c.replace("\t", " ") for c in cells)


def _markdown(results: Iterable[tuple[Report, list[Claim]]]) -> Iterator[str]:
    from verifier.review.export import md_escape

    yield "| " + " | ".join(HEADERS) + " |"
    yield "|" + "|".join("---:" if h == "#" else "---" for h in HEADERS) + "|"
    for cells in _numbered(results):
        yield "| " + " | ".join(md_escape(c) for c in cells) + " |"


def terminal_width() -> int:
    """The width to lay the table out in: ``$COLUMNS``, else the terminal of stdout, stderr or
    the controlling terminal, else :data:`PIPED_WIDTH` (never the 80-column default)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (sys.__stdout__, sys.__stderr__):
        try:
            return os.get_terminal_size(stream.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            continue
    try:
        with open("/dev/tty") as tty:
            return os.get_terminal_size(tty.fileno()).columns
    except OSError:
        return shutil.get_terminal_size((PIPED_WIDTH, 24)).columns


def _print_table(results: Iterable[tuple[Report, list[Claim]]]) -> None:
    from rich.console import Console
    from rich.text import Text

    table = _table()
    count = 0
    for cells in _numbered(results):
        count += 1
        number, source, speaker, kind, cue, cue_class, text, figures = cells
        speaker_cell = Text(speaker, style="bold")
        if kind:
            speaker_cell.append(f" ({kind})", style="dim")
        cue_cell = Text(cue)
        if cue_class:
            cue_cell.append(f" ({cue_class})", style="dim")
        table.add_row(
            Text(number),
            Text(source, style="cyan"),
            speaker_cell,
            cue_cell,
            Text(text[:_CLAIM_WIDTH]),
            Text(figures, style="green"),
        )
    console = Console(width=terminal_width())
    if count:
        console.print(table)
    else:
        click.echo("No claims found.", err=True)


def _table() -> Table:
    from rich.table import Table

    table = Table(expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Source", ratio=2, min_width=10, max_width=30)
    table.add_column("Speaker", ratio=2, min_width=12, max_width=36)
    table.add_column("Cue", ratio=1, min_width=8, max_width=24)
    table.add_column("Claim", ratio=6, min_width=30)
    table.add_column("Figures", ratio=2, min_width=10, max_width=36)
    return table
