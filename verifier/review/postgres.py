"""The PostgreSQL backend of the review store (psycopg 3), for a desk sharing one server.

Same migrations in the same order as SQLite, tracked in the same ``_migrations`` table and
applied in one transaction under an advisory lock, so several apps starting at once agree.
Writers serialise on a transaction advisory lock and send ``NOTIFY verifier_review`` on commit;
:class:`_Listener` wakes the live feed on it. A lost connection raises :class:`StoreUnavailable`
and the next call reconnects.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import conninfo, errors

from verifier.errors import UserError
from verifier.review.db import REQUIRED_TABLES, StoreUnavailable
from verifier.store import StoreDamaged

log = logging.getLogger(__name__)

CHANNEL = "verifier_review"
WRITE_LOCK = 0x76657269  # advisory lock keys: one for writes, one for migrations
MIGRATE_LOCK = 0x76657270


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """SQLite-style ``?`` placeholders as psycopg's ``%s`` (our SQL has no literal ? or %)."""
    return sql.replace("?", "%s")


def describe(dsn: str) -> str:
    """The DSN without its password, for messages and logs."""
    try:
        info = conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as exc:
        raise UserError(f"invalid PostgreSQL address ({exc})") from None
    user = f"{info['user']}@" if info.get("user") else ""
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{user}{info.get('host', 'localhost')}{port}/{info.get('dbname', '')}"


class PgConn:
    """A psycopg connection speaking the store's SQL (what migrations receive)."""

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        return self.conn.execute(translate(sql), params)


def _connect(dsn: str, location: str) -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(dsn, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else "no answer"
        raise StoreUnavailable(f"review server {location} cannot be reached ({detail})") from exc


class PostgresDb:
    """A review store on a PostgreSQL server."""

    dialect = "postgresql"

    def __init__(self, dsn: str, migrations: Sequence[Any]) -> None:
        self.dsn = dsn
        self.location = describe(dsn)
        self.lock = threading.RLock()
        self._in_transaction = False
        self.pg = PgConn(_connect(dsn, self.location))
        try:
            self._migrate(migrations)
        except BaseException:
            self.close()
            raise

    def _migrate(self, migrations: Sequence[Any]) -> None:
        known = {m.__name__ for m in migrations}
        with self.write(lock=MIGRATE_LOCK, notify=False):
            tables = {
                r[0]
                for r in self.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                )
            }
            if tables and "_migrations" not in tables:
                raise UserError(f"database {self.location} has tables but is not a review store")
            if "_migrations" not in tables:  # a reviewer role may not create tables
                self.execute(
                    "CREATE TABLE _migrations (component TEXT NOT NULL, name TEXT NOT NULL,"
                    " applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (component, name))"
                )
            rows = self.execute("SELECT component, name FROM _migrations").fetchall()
            if rows and "review" not in {c for c, _ in rows}:
                raise UserError(f"database {self.location} is not a review store")
            done = {n for c, n in rows if c == "review"}
            if done - known:
                raise UserError(
                    f"review store {self.location} was written by a newer verifier (schema"
                    f" {len(done)}, this version knows {len(known)}); upgrade verifier to open it"
                )
            for migration in migrations:
                if migration.__name__ not in done:
                    log.info("applying migration review.%s", migration.__name__)
                    migration(self.pg)
                    self.execute(
                        "INSERT INTO _migrations (component, name) VALUES ('review', ?)",
                        (migration.__name__,),
                    )
            found = {
                r[0]
                for r in self.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                )
            }
            missing = [t for t in REQUIRED_TABLES if t not in found]
            if missing:
                raise StoreDamaged(self.location, f"table {missing[0]} is missing")

    def _alive(self) -> None:
        if self.pg.conn.closed or self.pg.conn.broken:
            log.info("reconnecting to %s", self.location)
            self.pg = PgConn(_connect(self.dsn, self.location))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        with self.lock, _errors(self.location):
            if not self._in_transaction:  # never reconnect inside one: its work would be lost
                self._alive()
            return self.pg.execute(sql, params)

    @contextmanager
    def write(self, *, lock: int = WRITE_LOCK, notify: bool = True) -> Iterator[PostgresDb]:
        """One transaction holding the store's write lock; listeners are told on commit."""
        with self.lock:
            self.execute("BEGIN")
            self._in_transaction = True
            try:
                self.execute("SELECT pg_advisory_xact_lock(?)", (lock,))
                yield self
                if notify:
                    self.execute("SELECT pg_notify(?, '')", (CHANNEL,))
                self.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            finally:
                self._in_transaction = False

    @contextmanager
    def read(self) -> Iterator[PostgresDb]:
        """One repeatable-read snapshot across several queries."""
        with self.lock:
            self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            self._in_transaction = True
            try:
                yield self
                self.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            finally:
                self._in_transaction = False

    def _rollback(self) -> None:
        if not (self.pg.conn.closed or self.pg.conn.broken):
            try:
                self.pg.conn.execute("ROLLBACK")
            except psycopg.Error:
                log.debug("rollback failed", exc_info=True)

    def waiter(self) -> _Listener:
        return _Listener(self.dsn, self.location)

    def close(self) -> None:
        self.pg.conn.close()


@contextmanager
def _errors(location: str) -> Iterator[None]:
    """psycopg errors as the store's: unreachable server, damaged tables, else unchanged."""
    try:
        yield
    except psycopg.OperationalError as exc:
        first = (str(exc).strip().splitlines() or ["connection lost"])[0]
        raise StoreUnavailable(
            f"review server {location} went away ({first}); nothing of this change was saved,"
            " retry when it is back"
        ) from exc
    except errors.InsufficientPrivilege as exc:
        first = str(exc).splitlines()[0]
        raise UserError(
            f"review server {location} refused: {first} (ask the desk's admin)"
        ) from exc
    except (errors.UndefinedTable, errors.UndefinedColumn) as exc:
        raise StoreDamaged(location, str(exc).splitlines()[0]) from exc


class _Listener:
    """``LISTEN verifier_review`` on a connection of its own."""

    def __init__(self, dsn: str, location: str) -> None:
        self.dsn, self.location = dsn, location
        self.conn: psycopg.Connection[Any] | None = None

    def wait(self, timeout: float) -> bool:
        try:
            if self.conn is None or self.conn.closed or self.conn.broken:
                self.conn = _connect(self.dsn, self.location)
                self.conn.execute(f"LISTEN {CHANNEL}")
            return any(True for _ in self.conn.notifies(timeout=timeout, stop_after=1))
        except (psycopg.OperationalError, StoreUnavailable):
            log.info("live updates: %s unreachable, retrying", self.location)
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            threading.Event().wait(timeout)
            return True  # the caller re-reads (and reports the outage if it persists)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
