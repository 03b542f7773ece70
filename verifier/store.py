"""The embedded SQLite store: one file, WAL mode, append-only migrations per component.

Each component (the corpus index, the review store) owns an append-only list of migration
functions; ``migrate`` applies the ones a file has not seen yet, so an older store opens in a
newer version. A file that is not a SQLite database is reported, never overwritten.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from verifier.errors import UserError

log = logging.getLogger(__name__)

Migration = Callable[[sqlite3.Connection], None]


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (or create) a store file in WAL mode; a corrupt or foreign file is a UserError."""
    target = Path(path).expanduser()
    if str(path) != ":memory:":
        if target.is_dir():
            raise UserError(f"store {target} is a directory, not a file")
        if readonly and not target.exists():
            raise UserError(f"store {target} does not exist")
        if not readonly:
            target.parent.mkdir(parents=True, exist_ok=True)
    uri = f"file:{target}?mode=ro" if readonly else str(target)
    try:
        conn = sqlite3.connect(uri, uri=readonly, timeout=30.0, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly and str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"store {target} is not a readable SQLite database ({exc})") from exc
    return conn


def migrate(conn: sqlite3.Connection, component: str, migrations: Sequence[Migration]) -> int:
    """Apply the migrations of ``component`` not yet applied; returns how many ran."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations ("
        " component TEXT NOT NULL, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (datetime('now')),"
        " PRIMARY KEY (component, name))"
    )
    done = {
        row[0]
        for row in conn.execute("SELECT name FROM _migrations WHERE component = ?", (component,))
    }
    ran = 0
    for migration in migrations:
        if migration.__name__ in done:
            continue
        log.info("applying migration %s.%s", component, migration.__name__)
        with conn:  # one transaction per migration
            migration(conn)
            conn.execute(
                "INSERT INTO _migrations (component, name) VALUES (?, ?)",
                (component, migration.__name__),
            )
        ran += 1
    return ran
