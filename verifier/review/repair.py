"""``verifier store check`` and ``repair``: find what is damaged, salvage what is readable.

:func:`check` reads a store without writing to it: SQLite's integrity check, the markers, the
tables, and every stored JSON row. :func:`repair` copies every readable row of a damaged SQLite
store into a new file: rows are read by table scan, and where a scan breaks on a damaged page,
one rowid at a time, so only the rows on damaged pages are lost. A claim whose assessment cannot
be read is left out of the queue, but its decisions stay in the copied audit trail.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verifier.errors import UserError
from verifier.model import Assessment, Report, ReviewStatus
from verifier.review.db import REQUIRED_TABLES, is_dsn
from verifier.store import StoreDamaged, inspect, open_readonly

log = logging.getLogger(__name__)

Query = Callable[[str], list[Any]]
_STATUSES = {s.value for s in ReviewStatus}
# Tables copied by repair, parents first, with the column that orders them.
COPIED = (
    ("review_reports", "rowid"),
    ("review_items", "seq"),
    ("review_assessments", "rowid"),
    ("review_decisions", "rowid"),
    ("review_history", "id"),
    ("review_settings", "rowid"),
)
MISSES = 10_000  # consecutive absent rowids after which a rowid probe stops


@dataclass
class Findings:
    """What :func:`check` or :func:`repair` found: problems, and counts of what was read."""

    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(location: str | Path) -> Findings:
    """Check a review store (a SQLite file or a postgresql:// address); writes nothing."""
    found = Findings()
    if is_dsn(location):
        from verifier.review.postgres import PostgresDb
        from verifier.review.schema import MIGRATIONS

        db = PostgresDb(str(location), MIGRATIONS)
        try:
            _check_rows(lambda sql: db.execute(sql).fetchall(), found)
        finally:
            db.close()
        return found
    path = Path(location).expanduser()
    if not path.is_file():
        raise UserError(f"store {path} does not exist")
    try:
        info = inspect(path)
    except StoreDamaged as exc:
        found.problems.append(f"the schema cannot be read: {exc.__cause__}")
        return found
    if info is None or info.kind != "review":
        raise UserError(f"{path} is not a review store")
    conn = open_readonly(path)
    try:
        try:
            lines = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
        except sqlite3.DatabaseError as exc:
            lines = [str(exc)]
        found.problems += [f"integrity: {line}" for line in lines if line != "ok"]
        missing = [t for t in REQUIRED_TABLES if t not in info.tables]
        found.problems += [f"table {t} is missing" for t in missing]
        if not missing:
            _check_rows(lambda sql: _scan(conn, sql), found)
    finally:
        conn.close()
    return found


def _scan(conn: sqlite3.Connection, sql: str) -> list[Any]:
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.DatabaseError as exc:
        raise _Unreadable(str(exc)) from exc


class _Unreadable(Exception):
    pass


def _check_rows(query: Query, found: Findings) -> None:
    """Every report, item and assessment row parses; counts what was read."""
    try:
        reports: dict[str, Report] = {}
        for rid, data in query("SELECT id, data FROM review_reports"):
            try:
                reports[rid] = Report.from_dict(json.loads(data))
            except (ValueError, KeyError, TypeError) as exc:
                found.problems.append(f"report {rid}: unreadable JSON ({exc})")
        found.counts["reports"] = len(reports)
        items = dict(query("SELECT claim_id, status FROM review_items"))
        found.problems += [
            f"claim {cid}: unknown status {status!r}"
            for cid, status in items.items()
            if status not in _STATUSES
        ]
        assessments = dict(query("SELECT claim_id, data FROM review_assessments"))
        for cid in items:
            try:
                Assessment.from_dict(json.loads(assessments[cid]), reports)
            except KeyError as exc:
                found.problems.append(f"claim {cid}: assessment or report {exc} is missing")
            except (ValueError, TypeError) as exc:
                found.problems.append(f"claim {cid}: unreadable assessment ({exc})")
        found.counts["claims"] = len(items)
        found.counts["history"] = len(query("SELECT id FROM review_history"))
    except _Unreadable as exc:
        found.problems.append(f"rows cannot be read: {exc}")


def repair(source: str | Path, out: str | Path) -> Findings:
    """Copy every readable row of the SQLite store ``source`` into a new store ``out``."""
    from verifier.review.store import ReviewStore

    src, dst = Path(source).expanduser(), Path(out).expanduser()
    if is_dsn(source) or is_dsn(out):
        raise UserError("repair works on SQLite files; back up a server with pg_dump")
    if not src.is_file():
        raise UserError(f"store {src} does not exist")
    if dst.exists() or dst.resolve() == src.resolve():
        raise UserError(f"{dst} already exists; give a new file for the repaired store")
    try:
        info = inspect(src)
    except StoreDamaged:
        info = None  # the schema itself is damaged: salvage what the tables still give
    if info is not None and info.kind != "review":
        raise UserError(f"{src} is not a review store")
    found = Findings()
    conn = open_readonly(src)
    try:
        tables = _tables(conn)
        rows = {t: _salvage(conn, t, key, found) for t, key in COPIED if t in tables}
    finally:
        conn.close()
    for t, _ in COPIED:
        if t not in rows and t != "review_settings":
            found.problems.append(f"table {t} is missing or unreadable")
    with ReviewStore(dst, reviewer="repair") as store:
        _write(store._db.conn, rows, found)  # type: ignore[attr-defined]
    return found


def _tables(conn: sqlite3.Connection) -> set[str]:
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        return {t for t, _ in COPIED}  # the schema page is damaged: try every table


def _salvage(
    conn: sqlite3.Connection, table: str, key: str, found: Findings
) -> list[dict[str, Any]]:
    """Every readable row of ``table`` as a dict; a table scan, else rowid by rowid."""
    try:
        cur = conn.execute(f"SELECT * FROM {table} ORDER BY {key}")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    except sqlite3.DatabaseError as exc:
        log.info("scan of %s failed (%s); reading row by row", table, exc)
    out: list[dict[str, Any]] = []
    lost = misses = 0
    rowid = 0
    while misses < MISSES:
        rowid += 1
        try:
            cur = conn.execute(f"SELECT * FROM {table} WHERE rowid = ?", (rowid,))
            row = cur.fetchone()
        except sqlite3.DatabaseError:
            lost += 1
            misses += 1
            continue
        if row is None:
            misses += 1
            continue
        misses = 0
        out.append(dict(zip([d[0] for d in cur.description], row, strict=True)))
    if lost:
        found.problems.append(f"{table}: {lost} rows on damaged pages could not be read")
    return out


def _write(
    conn: sqlite3.Connection, rows: dict[str, list[dict[str, Any]]], found: Findings
) -> None:
    """Insert the salvaged rows whose data parses into the new store, in one transaction."""
    reports = {}
    for r in rows.get("review_reports", []):
        try:
            reports[r["id"]] = Report.from_dict(json.loads(r["data"]))
        except (ValueError, KeyError, TypeError):
            found.problems.append(f"report {r.get('id')}: unreadable, left out")
    assessments = {r["claim_id"]: r["data"] for r in rows.get("review_assessments", [])}
    kept = set()
    for item in rows.get("review_items", []):
        cid = item.get("claim_id")
        try:
            Assessment.from_dict(json.loads(assessments[cid]), reports)
            if item["status"] not in _STATUSES:
                raise ValueError(item["status"])
            kept.add(cid)
        except (ValueError, KeyError, TypeError):
            found.problems.append(f"claim {cid}: unreadable, left out (its history is kept)")
    allowed = {
        "review_reports": lambda r: r["id"] in reports,
        "review_items": lambda r: r["claim_id"] in kept,
        "review_assessments": lambda r: r["claim_id"] in kept,
        "review_decisions": lambda r: r["claim_id"] in kept,
    }
    conn.execute("BEGIN IMMEDIATE")
    for table, _ in COPIED:
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        keep = allowed.get(table, lambda r: True)
        copied = 0
        for row in rows.get(table, []):
            if not keep(row):
                continue
            names = [c for c in row if c in columns]
            marks = ",".join("?" * len(names))
            conn.execute(
                f"INSERT OR IGNORE INTO {table} ({','.join(names)}) VALUES ({marks})",
                [row[c] for c in names],
            )
            copied += 1
        found.counts[table] = copied
    conn.execute("COMMIT")
