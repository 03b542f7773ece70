"""``verifier store``: check, repair and set up review stores; team actions from the shell.

STORE is a SQLite file or a ``postgresql://`` address; the reviewer is the settings' reviewer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from verifier.commands.context import current_settings
from verifier.errors import UserError
from verifier.safetext import for_terminal

if TYPE_CHECKING:
    from verifier.review.store import ReviewStore


def _open(store: str | None) -> ReviewStore:
    """An existing review store (never creates one), as the settings' reviewer."""
    from verifier.review.store import ReviewStore

    settings = current_settings()
    return ReviewStore(store or settings.review_store, settings.reviewer, create=False)


store_option = click.option(
    "--store", "store", metavar="STORE", help="Review store [default: the settings' one]."
)


@click.group()
def store() -> None:
    """Check, repair and share review stores."""


@store.command()
@click.argument("location", metavar="STORE")
def check(location: str) -> None:
    """Check a review store: integrity, markers, tables, every stored row (writes nothing)."""
    from verifier.review.repair import check as run_check

    found = run_check(location)
    shown = for_terminal(location)
    counts = ", ".join(f"{n} {what}" for what, n in found.counts.items())
    for problem in found.problems:
        click.echo(f"{shown}: {for_terminal(problem)}")
    if not found.ok:
        raise UserError(
            f"store {shown} is damaged ({len(found.problems)} problems); salvage it with"
            f" `verifier store repair {shown} --out NEW.db`"
        )
    click.echo(f"{shown}: ok ({counts})")


@store.command()
@click.argument("location", metavar="FILE")
@click.option("--out", required=True, metavar="NEW", help="The new store file (must not exist).")
def repair(location: str, out: str) -> None:
    """Copy every readable decision of a damaged SQLite store into a new store file."""
    from verifier.review.repair import repair as run_repair

    found = run_repair(location, out)
    for problem in found.problems:
        click.echo(f"{for_terminal(location)}: {for_terminal(problem)}")
    copied = ", ".join(f"{n} {t.removeprefix('review_')}" for t, n in found.counts.items())
    click.echo(f"wrote {for_terminal(out)}: {copied}")


@store.command("init-postgres")
@click.argument("dsn", metavar="ADDRESS")
def init_postgres(dsn: str) -> None:
    """Create the review tables and the verifier_reviewer / verifier_reader roles on a server.

    Run it once as the database owner; then give each reviewer a login in a role, e.g.
    ``CREATE ROLE ann LOGIN PASSWORD '...' IN ROLE verifier_reviewer``.
    """
    from verifier.review.db import is_dsn
    from verifier.review.roles import init_server

    if not is_dsn(dsn):
        raise UserError("give a postgresql:// address")
    location = init_server(dsn)
    click.echo(f"review store ready at {location} (roles verifier_reviewer, verifier_reader)")


@store.command()
@store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing output file.")
def audit(store: str | None, output: Path | None, force: bool) -> None:
    """The audit trail (every change, who, when, the value it replaced) as CSV."""
    from verifier.review.audit import audit_csv
    from verifier.review.files import write_atomic

    with _open(store) as opened:
        text = audit_csv(opened.history())
        protect = [opened.path] if opened.path else []
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text, overwrite=force, protect=protect)


@store.command()
@store_option
@click.option("--status", help="New status of every claim given.")
@click.option("--assign", "assignee", help="Assign every claim given to this reviewer.")
@click.option("--unassign", is_flag=True, help="Remove the assignee of every claim given.")
@click.option("--flag/--unflag", "flagged", default=None, help="Set or clear the flag.")
@click.option("--all-with-status", "where", help="Act on every claim with this status.")
@click.argument("claim_ids", nargs=-1)
def bulk(
    store: str | None,
    status: str | None,
    assignee: str | None,
    unassign: bool,
    flagged: bool | None,
    where: str | None,
    claim_ids: Sequence[str],
) -> None:
    """Set status, assignee or flag of many claims in one transaction (all or nothing)."""
    from verifier.review.team import KEEP

    with _open(store) as opened:
        ids = list(claim_ids) + ([i.claim_id for i in opened.items(status=where)] if where else [])
        if not ids:
            raise UserError("no claims given (claim ids or --all-with-status)")
        try:
            n = opened.bulk_update(
                ids, status=status, flagged=flagged, assignee=None if unassign else assignee or KEEP
            )
        except KeyError as exc:
            raise UserError(f"claim {for_terminal(str(exc.args[0]))} is not in the store") from None
    click.echo(f"changed {n} of {len(ids)} claims")


@store.command()
@store_option
@click.option("--force", is_flag=True, help="Undo even if someone changed the claim since.")
def undo(store: str | None, force: bool) -> None:
    """Undo your last decision (logged in the audit trail)."""
    with _open(store) as opened:
        change = opened.undo(force=force)
    if change is None:
        click.echo("nothing to undo")
    else:
        click.echo(f"undone: {change.action} of claim {for_terminal(change.claim_id)}")


@store.command("sign-off")
@store_option
@click.argument("claim_ids", nargs=-1, required=True)
def sign_off(store: str | None, claim_ids: Sequence[str]) -> None:
    """Sign off other reviewers' verdicts as the second reviewer."""
    with _open(store) as opened:
        for claim_id in claim_ids:
            try:
                opened.sign_off(claim_id)
            except KeyError:
                raise UserError(f"claim {for_terminal(claim_id)} is not in the store") from None
    click.echo(f"signed off {len(claim_ids)} claims")


@store.command("require-signoff")
@store_option
@click.argument("state", type=click.Choice(["on", "off"]))
def require_signoff(store: str | None, state: str) -> None:
    """Whether verdicts need a second reviewer's sign-off before exports publish them."""
    with _open(store) as opened:
        opened.set_require_signoff(state == "on")
    click.echo(f"second-reviewer sign-off {state}")
