"""A click group whose subcommands are imported only when run."""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

import click

PLUGIN_GROUP = "verifier.commands"


class LazySubgroup(click.Group):
    """Subcommands given as ``{name: "module:attribute"}`` in ``lazy_commands``.

    Commands that other installed packages register in the ``verifier.commands`` entry-point
    group are listed too; like the built-in ones, they are imported only when run.
    """

    def __init__(self, *args: object, lazy_commands: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands = lazy_commands

    def _targets(self) -> dict[str, str]:
        plugins = {ep.name: ep.value for ep in entry_points(group=PLUGIN_GROUP)}
        return {**plugins, **self.lazy_commands}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self._targets())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self._targets().get(cmd_name)
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
