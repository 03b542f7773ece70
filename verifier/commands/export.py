"""``verifier export``: a review store as Markdown notes, CSV, JSON or ClaimReview JSON-LD."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from verifier.commands.context import current_settings
from verifier.errors import UserError
from verifier.model import ReviewStatus
from verifier.review.db import is_dsn
from verifier.review.export import FORMATS, awaiting_signoff
from verifier.review.export import export as render
from verifier.review.files import TargetExists, check_target, write_atomic
from verifier.review.store import ReviewStore
from verifier.safetext import for_terminal


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
    help="The review store: a file or a postgresql:// URL [default: settings, else review.db "
    "in the data folder].",
)
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS), help="Output format.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write this regular file (atomically) instead of stdout.",
)
@click.option("--force", is_flag=True, help="Replace the -o file if it exists.")
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
    store_path: str | None,
    fmt: str,
    output: Path | None,
    force: bool,
    status: ReviewStatus | None,
    flagged: bool,
    organisation: str | None,
) -> None:
    """Export review notes from a review store (to stdout unless -o is given).

    Where the store requires a second reviewer's sign-off, verdicts not yet signed off are
    marked "awaiting sign-off" and left out of ClaimReview.
    """
    settings = current_settings()
    location = store_path or settings.review_store
    protect = [] if is_dsn(location) else [location]
    if output is not None:  # refuse a bad target before reading the store
        _check_output(output, force, protect)
    with ReviewStore(location, create=False) as store:
        items = store.items(status=status, flagged=True if flagged else None)
        require_signoff = store.require_signoff
        history: dict[str, list[dict[str, Any]]] | None = None
        if fmt == "json":
            wanted = {i.claim_id for i in items}
            history = {}
            for entry in store.history():
                if entry["claim_id"] in wanted:
                    history.setdefault(entry["claim_id"], []).append(entry)
    text = render(
        items,
        fmt,
        organisation=organisation or settings.organisation,
        history=history,
        require_signoff=require_signoff,
    )
    held = awaiting_signoff(items, require_signoff)
    if held:
        how = "left out" if fmt == "claimreview" else "marked as such"
        click.echo(f"{held} verdict(s) awaiting a second reviewer's sign-off: {how}", err=True)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text, overwrite=force, protect=protect)
    except TargetExists as exc:
        raise UserError(f"{exc}; add --force to replace it") from None
    except OSError as exc:
        shown = for_terminal(str(output))
        raise UserError(f"cannot write {shown}: {exc.strerror or exc}") from exc
    click.echo(f"wrote {len(items)} claim(s) as {fmt} to {for_terminal(str(output))}", err=True)


def _check_output(output: Path, force: bool, protect: list[str | Path]) -> None:
    try:
        check_target(output, overwrite=force, protect=protect)
    except TargetExists as exc:
        raise UserError(f"{exc}; add --force to replace it") from None
