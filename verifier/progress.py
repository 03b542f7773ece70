"""Typed events that long engine jobs yield to whoever runs them (the CLI, the app's workers).

A job is a generator: the consumer iterates it, shows each :class:`Progress`, uses each result
event as it arrives, and stops the job by no longer iterating (closing the generator).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from verifier.model import Assessment, Claim, Report


@dataclass(frozen=True)
class Progress:
    """How far a long job is: ``done`` of ``total`` items in ``stage``."""

    stage: str
    done: int
    total: int


@dataclass(frozen=True)
class ClaimsFound:
    """The claims of one article, extracted before any evidence is matched."""

    article: Report
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Assessed:
    """One claim with its evidence, stances and verdict."""

    assessment: Assessment


CheckEvent = Progress | ClaimsFound | Assessed
ProgressCallback = Callable[[Progress], None]
