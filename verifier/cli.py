"""The one ``verifier`` command. Subcommands live in ``verifier.commands`` and load lazily."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from verifier.commands._lazy import LazySubgroup
from verifier.errors import UserError

# name -> "module:attribute"; each module owns its command and its options.
COMMANDS = {
    "claims": "verifier.commands.claims:claims",
    "index": "verifier.commands.index:index",
    "check": "verifier.commands.check:check",
    "eval": "verifier.commands.evaluate:evaluate",
    "train": "verifier.commands.train:train",
    "export": "verifier.commands.export:export",
    "review": "verifier.commands.review:review",
}


@click.group(
    cls=LazySubgroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("-v", "--verbose", count=True, help="More log output (repeat for debug).")
@click.version_option(package_name="verifier")
def cli(verbose: int) -> None:
    """Attributed-claim extraction, evidence matching and review for fact-checkers."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def main(argv: list[str] | None = None) -> Any:
    """Entry point: user errors become one line on stderr and exit status 2."""
    try:
        return cli.main(args=argv, prog_name="verifier", standalone_mode=False)
    except UserError as exc:
        click.echo(f"verifier: error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("verifier: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"verifier: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("verifier: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
