"""Human names for what the app shows: reports, articles, store errors."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Sequence
from pathlib import PurePath

from verifier.errors import UserError
from verifier.model import Report
from verifier.review.items import Change
from verifier.safetext import one_line

# What a store write can raise that the app shows instead of crashing.
WRITE_ERRORS = (OSError, sqlite3.Error, UserError)


def report_label(report: Report) -> str:
    """Outlet, else title, else file name; a short id only when nothing else is known."""
    if report.outlet:
        return report.outlet
    if report.title:
        return report.title
    if report.path:
        return PurePath(report.path).name
    return f"report {report.id[:8]}"


def article_label(report: Report) -> str:
    """Which article a claim comes from: title (or file name), then outlet."""
    name = report.title or (PurePath(report.path).name if report.path else None)
    if report.outlet and name:
        return f"{name} · {report.outlet}"
    return report.outlet or name or f"report {report.id[:8]}"


def write_error(exc: BaseException) -> str:
    """One line for a failed write: a full disk, a read-only or damaged store."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "the disk is full"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    text = str(exc)
    if isinstance(exc, sqlite3.Error) and "full" in text:
        return "the disk is full"
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return f"the review store is damaged ({text}); `verifier store check` can repair it"
    return text or type(exc).__name__


def describe_changes(changes: Sequence[Change]) -> str:
    """Who changed what, for a toast: "alice: status verified; bob: note" (at most 3 shown)."""
    shown = []
    for c in changes[:3]:
        value = f" {one_line(c.value, 30)}" if c.value and c.action in ("status", "flag") else ""
        shown.append(f"{one_line(c.who, 30)}: {c.action}{value}")
    more = f" and {len(changes) - 3} more" if len(changes) > 3 else ""
    return "; ".join(shown) + more
