"""Human names for what the app shows: reports, articles, store errors."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import PurePath

from verifier.model import Report


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
