"""Options shared by the commands that read reports: column mapping and the size limit."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from verifier.read.ingest import DEFAULT_MAX_MB
from verifier.read.records import ColumnMapping

_OPTIONS = (
    click.option("--text-column", help="Column holding the article text (JSON, CSV, tables)."),
    click.option("--id-column", help="Column holding a report id (default: a hash of the text)."),
    click.option("--outlet-column", help="Column holding the outlet name."),
    click.option("--url-column", help="Column holding the article URL."),
    click.option("--title-column", help="Column holding the headline."),
    click.option("--date-column", help="Column holding the publication date."),
    click.option(
        "--max-mb",
        type=click.FloatRange(min=0, min_open=True),
        default=DEFAULT_MAX_MB,
        show_default=True,
        help="Refuse files larger than this many megabytes.",
    ),
)


def reading_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the reading options; the command receives ``mapping`` and ``max_bytes`` instead."""

    @functools.wraps(command)
    def wrapper(
        *args: Any,
        text_column: str | None,
        id_column: str | None,
        outlet_column: str | None,
        url_column: str | None,
        title_column: str | None,
        date_column: str | None,
        max_mb: float,
        **kwargs: Any,
    ) -> Any:
        mapping = ColumnMapping(
            text=text_column,
            id=id_column,
            outlet=outlet_column,
            url=url_column,
            title=title_column,
            published=date_column,
        )
        return command(*args, mapping=mapping, max_bytes=int(max_mb * 1024 * 1024), **kwargs)

    for option in reversed(_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
