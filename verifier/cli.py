"""The one ``verifier`` command. Subcommands live in ``verifier.commands`` and load lazily."""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import click

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


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return None
        command: click.Command = getattr(module, attr)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
