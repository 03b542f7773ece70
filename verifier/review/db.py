"""The review store's two backends behind one small interface: SQLite (embedded) and PostgreSQL.

Store code writes SQL once, in SQLite's dialect with ``?`` parameters; the PostgreSQL backend
translates the placeholders. Both give one exclusive write transaction at a time (SQLite:
``BEGIN IMMEDIATE``; PostgreSQL: a transaction advisory lock), so a read-check-write inside
:meth:`Db.write` cannot lose an update, and audit-trail ids commit in increasing order, which
makes the history table a change feed. Errors come out as :class:`UserError` subclasses:
:class:`StoreDamaged` (run ``verifier store check``) and :class:`StoreUnavailable` (the server
went away; nothing of the failed call was saved, retry).
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol

from verifier.errors import UserError
from verifier.store import StoreDamaged, connect, migrate

log = logging.getLogger(__name__)

DSN = re.compile(r"^postgres(ql)?://", re.IGNORECASE)
# SQLite errors that say nothing about the store's content: retry later, nothing is damaged
TRANSIENT = ("locked", "busy", "full", "disk I/O", "readonly", "unable to open")
REQUIRED_TABLES = (
    "review_items",
    "review_assessments",
    "review_reports",
    "review_decisions",
    "review_history",
)


class StoreUnavailable(UserError):
    """The store cannot be used now (server down, disk full, locked too long); the call saved
    nothing and may be retried."""


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Waiter(Protocol):
    """Wakes up when another connection committed (or after ``timeout`` seconds)."""

    def wait(self, timeout: float) -> bool: ...
    def close(self) -> None: ...


class Db(Protocol):
    """One connection to a review store, shared by the threads of one process."""

    dialect: str
    location: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor: ...
    def write(self) -> AbstractContextManager[Db]: ...
    def read(self) -> AbstractContextManager[Db]: ...
    def waiter(self) -> Waiter: ...
    def close(self) -> None: ...


def is_dsn(location: str | Path) -> bool:
    """Whether ``location`` names a PostgreSQL server rather than a SQLite file."""
    return bool(DSN.match(str(location)))


def open_db(location: str | Path, migrations: Sequence[Any]) -> Db:
    """Open the store at ``location`` (a file, ``:memory:`` or a postgresql:// DSN), migrated."""
    if is_dsn(location):
        from verifier.review.postgres import PostgresDb

        return PostgresDb(str(location), migrations)
    return SqliteDb(location, migrations)


class Rows:
    """The rows of one statement, read in full (what :meth:`SqliteDb.execute` returns)."""

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows
        self._next = 0

    def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[Any]:
        rest, self._next = self._rows[self._next :], len(self._rows)
        return rest

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class SqliteDb:
    """The embedded backend: one SQLite file in WAL mode."""

    dialect = "sqlite"

    def __init__(self, path: str | Path, migrations: Sequence[Any]) -> None:
        self.location = str(path)
        self.conn = connect(path, kind="review", version=len(migrations))
        self.lock = threading.RLock()  # one transaction at a time on the shared connection
        try:
            self._migrate(migrations)
            self.conn.isolation_level = None  # explicit transactions only, see write and read
            self.conn.row_factory = None  # plain tuples: items() builds thousands of rows
            self._check_tables()
        except BaseException:
            self.conn.close()  # the last connection: SQLite removes its -wal and -shm files
            raise

    def _migrate(self, migrations: Sequence[Any]) -> None:
        try:
            migrate(self.conn, "review", migrations)
        except (sqlite3.IntegrityError, sqlite3.OperationalError) as exc:
            # Another process applied the same migration first; ours are idempotent: retry.
            log.info("migration raced with another process (%s); retrying", exc)
            self.conn.rollback()
            try:
                migrate(self.conn, "review", migrations)
            except sqlite3.DatabaseError as again:
                raise StoreDamaged(self.location, str(again)) from again
        except sqlite3.DatabaseError as exc:
            raise StoreDamaged(self.location, str(exc)) from exc

    def _check_tables(self) -> None:
        found = {r[0] for r in self.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = [t for t in REQUIRED_TABLES if t not in found]
        if missing:
            raise StoreDamaged(self.location, f"table {missing[0]} is missing")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        """Run ``sql`` and read all its rows now, so a damaged page fails here, mapped."""
        try:
            with self.lock:
                return Rows(self.conn.execute(sql, params).fetchall())
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError):
            raise
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if any(word in text for word in TRANSIENT):
                raise StoreUnavailable(
                    f"store {self.location} cannot be written now ({text}); nothing of this"
                    " change was saved"
                ) from exc
            raise StoreDamaged(self.location, text) from exc
        except sqlite3.DatabaseError as exc:
            raise StoreDamaged(self.location, str(exc)) from exc

    @contextmanager
    def write(self) -> Iterator[SqliteDb]:
        """One immediate (write-locked) transaction, committed before returning."""
        with self.lock:
            self.execute("BEGIN IMMEDIATE")
            try:
                yield self
                self.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[SqliteDb]:
        """One read transaction: a consistent snapshot across several queries."""
        with self.lock:
            self.execute("BEGIN")
            try:
                yield self
                self.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        """End a failed transaction (a failed COMMIT leaves it open); never masks the error."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                log.debug("rollback failed", exc_info=True)

    def waiter(self) -> Waiter:
        return _DataVersion(self.location)

    def close(self) -> None:
        self.conn.close()


class _DataVersion:
    """Polls ``PRAGMA data_version`` on its own connection: it changes on every other commit."""

    def __init__(self, location: str) -> None:
        self._event = threading.Event()
        self._conn: sqlite3.Connection | None = None
        if location != ":memory:":
            self._conn = sqlite3.connect(location, check_same_thread=False)
        self._version = self._read()

    def _read(self) -> int:
        return self._conn.execute("PRAGMA data_version").fetchone()[0] if self._conn else 0

    def wait(self, timeout: float) -> bool:
        step = min(0.1, timeout)
        waited = 0.0
        while waited < timeout:
            if self._event.wait(step):
                return False
            waited += step
            version = self._read()
            if version != self._version:
                self._version = version
                return True
        return False

    def close(self) -> None:
        self._event.set()
        if self._conn is not None:
            self._conn.close()
