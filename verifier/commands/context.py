"""The settings of this run, read once by the ``verifier`` group and shared by subcommands."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import click

from verifier import settings
from verifier.settings import MatchSettings, Settings


def current_settings() -> Settings:
    """The settings the ``verifier`` group loaded (defaults and environment outside the CLI)."""
    ctx = click.get_current_context(silent=True)
    found = ctx.find_object(Settings) if ctx is not None else None
    return found if found is not None else settings.load()


def replace_matching(matching: MatchSettings, **flags: Any) -> MatchSettings:
    """``matching`` with the CLI flags that were given (None: not given)."""
    return replace(matching, **{k: v for k, v in flags.items() if v is not None})
