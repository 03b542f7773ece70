"""The one ``verifier`` command. Subcommands live in ``verifier.commands`` and load lazily.

Other packages add subcommands through the ``verifier.commands`` entry-point group (the review
app registers ``review`` this way), so the engine never imports them.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
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
}


@click.group(
    cls=LazySubgroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("-v", "--verbose", count=True, help="More log output (repeat for debug).")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="VERIFIER_CONFIG",
    help="Settings file (TOML) [default: config.toml in the config folder; docs/usage.md].",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the default stores [default: $VERIFIER_HOME, else the platform data folder].",
)
@click.version_option(package_name="verifier")
@click.pass_context
def cli(ctx: click.Context, verbose: int, config_file: Path | None, data_dir: Path | None) -> None:
    """Attributed-claim extraction, evidence matching and review for fact-checkers."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    from verifier import settings

    ctx.obj = settings.load(config_file, data_dir=data_dir)


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
