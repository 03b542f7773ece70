"""The one ``verifier`` command. Subcommands live in ``verifier.commands`` and load lazily.

Other packages add subcommands through the ``verifier.commands`` entry-point group (the review
app registers ``review`` this way), so the engine never imports them.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import click

from verifier.commands._lazy import LazySubgroup
from verifier.errors import UserError
from verifier.safetext import for_terminal

# name -> "module:attribute"; each module owns its command and its options.
COMMANDS = {
    "claims": "verifier.commands.claims:claims",
    "index": "verifier.commands.index:index",
    "check": "verifier.commands.check:check",
    "eval": "verifier.commands.evaluate:evaluate",
    "train": "verifier.commands.train:train",
    "export": "verifier.commands.export:export",
    "store": "verifier.commands.store:store",
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
    if not verbose:
        quiet_libraries()
    from verifier import settings

    ctx.obj = settings.load(config_file, data_dir=data_dir)


# Switches the model libraries read when first imported: no progress bars, no advice.
_QUIET_ENV = {
    "TQDM_DISABLE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}
_NOISY_LOGGERS = ("transformers", "sentence_transformers", "huggingface_hub", "datasets", "torch")


def quiet_libraries() -> None:
    """Hide third-party progress bars, warnings and info logs (``-v`` shows them again).

    Set before the libraries are imported (they are imported lazily, inside commands); a user's
    own setting of these variables wins.
    """
    for key, value in _QUIET_ENV.items():
        os.environ.setdefault(key, value)
    warnings.filterwarnings("ignore")
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def _output_failed(exc: OSError) -> None:
    """Output cannot be written (a closed pipe, a full disk): one line, exit 1."""
    reason = "the output pipe was closed" if exc.errno == errno.EPIPE else exc.strerror or exc
    try:  # nothing more may reach the broken stream, not even at interpreter exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    with contextlib.suppress(OSError):
        click.echo(f"verifier: error: write failed: {reason}", err=True)
    sys.exit(1)


def main(argv: list[str] | None = None) -> Any:
    """Entry point: user errors become one line on stderr and exit status 2."""
    try:
        result = cli.main(args=argv, prog_name="verifier", standalone_mode=False)
        sys.stdout.flush()  # a full disk shows here, not as a traceback at exit
        return result
    except OSError as exc:
        if exc.errno not in (errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG):
            raise
        _output_failed(exc)
    except UserError as exc:
        click.echo(f"verifier: error: {for_terminal(str(exc))}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("verifier: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"verifier: error: {for_terminal(exc.format_message())}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("verifier: interrupted", err=True)
        sys.exit(130)
