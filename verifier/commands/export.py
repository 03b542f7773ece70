"""``verifier export``: a review store as Markdown notes, CSV, JSON or ClaimReview JSON-LD."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from verifier.commands.context import current_settings
from verifier.errors import UserError
from verifier.model import ReviewStatus
from verifier.review.export import FORMATS, write_atomic
from verifier.review.export import export as render
from verifier.review.store import ReviewStore


def _status(ctx: click.Context, param: click.Parameter, value: str | None) -> ReviewStatus | None:
    if value is None:
        return None
    normalised = value.strip().lower().replace("-", " ").replace("_", " ")
    try:
        return ReviewStatus(normalised)
    except ValueError:
        known = ", ".join(s.value for s in ReviewStatus)
        raise click.BadParameter(f"{value!r} is not one of: {known}") from None


@click.command()
@click.option(
    "--store",
    "store_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The review store file.",
)
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS), help="Output format.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (atomically) instead of to stdout.",
)
@click.option(
    "--status",
    callback=_status,
    metavar="STATUS",
    help="Only claims with this status (unstarted, in progress, verified, false, inconclusive).",
)
@click.option("--flagged", is_flag=True, help="Only claims flagged as unverified casualty figures.")
@click.option(
    "--organisation",
    default=None,
    help="Reviewing organisation for ClaimReview "
    "[default: the config file's organisation, $VERIFIER_ORGANISATION, or "
    "'Unnamed fact-checking desk'].",
)
def export(
    store_path: Path,
    fmt: str,
    output: Path | None,
    status: ReviewStatus | None,
    flagged: bool,
    organisation: str | None,
) -> None:
    """Export review notes from a review store (to stdout unless -o is given)."""
    with ReviewStore(store_path, create=False) as store:
        items = store.items(status=status, flagged=True if flagged else None)
        history: dict[str, list[dict[str, Any]]] | None = None
        if fmt == "json":
            wanted = {i.claim_id for i in items}
            history = {}
            for entry in store.history():
                if entry["claim_id"] in wanted:
                    history.setdefault(entry["claim_id"], []).append(entry)
    text = render(
        items, fmt, organisation=organisation or current_settings().organisation, history=history
    )
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            write_atomic(output, text)
        except OSError as exc:
            raise UserError(f"cannot write {output}: {exc.strerror or exc}") from exc
        click.echo(f"wrote {len(items)} claim(s) as {fmt} to {output}", err=True)
