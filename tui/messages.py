"""Messages the background check worker posts to the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class CheckProgress(Message):
    """The check worker reached ``done`` of ``total`` in ``stage``."""

    stage: str
    done: int
    total: int


@dataclass
class CheckDone(Message):
    """The check worker saved ``saved`` assessments of ``claims`` claims into the store."""

    claims: int
    saved: int


@dataclass
class CheckFailed(Message):
    """The check worker stopped with an error (one line, shown to the user)."""

    error: str
