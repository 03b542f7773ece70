"""The embedded SQLite store: one file, WAL mode, append-only migrations per component.

Each component (the corpus index, the review store) owns an append-only list of migration
functions; ``migrate`` applies the ones a file has not seen yet, so an older store opens in a
newer version. A store marks itself with ``PRAGMA application_id`` (which component) and
``PRAGMA user_version`` (how many of its migrations ran). Before anything is written, a file
that is not a SQLite database, a foreign SQLite file, another component's store or a store of a
newer schema is refused with one line (:class:`UserError`), never changed; a damaged store gives
:class:`StoreDamaged`, which names ``verifier store check``.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from verifier.errors import UserError

log = logging.getLogger(__name__)

Migration = Callable[[sqlite3.Connection], None]

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id of each component's store: "VREV" and "VCOR" in ASCII.
APPLICATION_IDS = {"review": 0x56524556, "corpus": 0x56434F52}
NAMES = {"review": "review store", "corpus": "corpus index store"}


class StoreDamaged(UserError):
    """A store whose pages, rows or tables cannot be read as written."""

    def __init__(self, location: str | Path, detail: str) -> None:
        self.location = str(location)
        super().__init__(
            f"store {location} is damaged ({detail}); run `verifier store check {location}`"
        )


@dataclass(frozen=True)
class StoreInfo:
    """What a SQLite file says about itself, read without writing to it."""

    application_id: int = 0
    user_version: int = 0
    tables: frozenset[str] = frozenset()
    components: dict[str, set[str]] = field(default_factory=dict)  # component -> migrations

    @property
    def kind(self) -> str | None:
        """The component this file belongs to (marker first, then its migrations), if any."""
        for kind, app_id in APPLICATION_IDS.items():
            if self.application_id == app_id:
                return kind
        if self.application_id == 0 and len(self.components) == 1:
            return next(iter(self.components))
        return None


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection that creates no -wal/-shm files when the store has none."""
    target = Path(path).expanduser().resolve()
    wal = target.with_name(target.name + "-wal").exists()
    uri = f"{target.as_uri()}?mode=ro" + ("" if wal else "&immutable=1")
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def inspect(path: str | Path) -> StoreInfo | None:
    """The markers of an existing non-empty file (None: absent or empty); reads only.

    Raises UserError for a file that is not a SQLite database and :class:`StoreDamaged` for one
    whose schema cannot be read.
    """
    target = Path(path).expanduser()
    if target.is_dir():
        raise UserError(f"store {target} is a directory, not a file")
    if not target.exists() or target.stat().st_size == 0:
        return None
    try:
        with target.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UserError(f"store {target} cannot be read ({exc.strerror})") from exc
    if header != SQLITE_HEADER:
        raise UserError(f"store {target} is not a SQLite database")
    try:
        conn = open_readonly(target)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = frozenset(
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            )
            components: dict[str, set[str]] = {}
            if "_migrations" in tables:
                for component, name in conn.execute("SELECT component, name FROM _migrations"):
                    components.setdefault(component, set()).add(name)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreDamaged(target, str(exc)) from exc
    return StoreInfo(app_id, version, tables, components)


def check_kind(path: str | Path, kind: str | None, version: int | None = None) -> None:
    """Raise UserError unless ``path`` is absent, empty, or a store ``kind`` can open.

    ``kind=None`` accepts any verifier store; ``version`` is the number of migrations this
    version knows (a store marked higher was written by a newer verifier).
    """
    info = inspect(path)
    if info is None or (info.tables <= {"_migrations", "sqlite_sequence"} and not info.components):
        return  # new, or another process is creating it right now
    found = info.kind
    if found is None:
        raise UserError(f"{path} is a SQLite database but not a verifier store; it was left as is")
    if kind is not None and found != kind:
        raise UserError(f"{path} is a {NAMES.get(found, found)}, not a {NAMES[kind]}")
    if version is not None and info.user_version > version:
        raise UserError(
            f"{path} was written by a newer verifier (schema {info.user_version}, this version"
            f" knows {version}); upgrade verifier to open it"
        )


def connect(
    path: str | Path,
    *,
    readonly: bool = False,
    kind: str | None = None,
    version: int | None = None,
) -> sqlite3.Connection:
    """Open (or create) a store file in WAL mode, after :func:`check_kind` passes."""
    target = Path(path).expanduser()
    if str(path) != ":memory:":
        if target.is_dir():
            raise UserError(f"store {target} is a directory, not a file")
        if readonly and not target.exists():
            raise UserError(f"store {target} does not exist")
        check_kind(target, kind, version)
        if not readonly:
            target.parent.mkdir(parents=True, exist_ok=True)
    uri = f"file:{target}?mode=ro" if readonly else str(target)
    try:
        conn = sqlite3.connect(uri, uri=readonly, timeout=30.0, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly and str(path) != ":memory:":
            _write_ahead_log(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"store {target} is not a readable SQLite database ({exc})") from exc
    return conn


def _write_ahead_log(conn: sqlite3.Connection, wait_s: float = 30.0) -> None:
    """Switch a new file to WAL mode. The switch needs a lock that SQLite's busy timeout does
    not wait for, so while other processes create the same file it is retried."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _check_markers(conn: sqlite3.Connection, component: str, known: set[str]) -> None:
    """Refuse another component's store or a newer schema before ``migrate`` writes anything."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    expected = APPLICATION_IDS.get(component)
    others = {k for k, v in APPLICATION_IDS.items() if v == app_id and k != component}
    rows = conn.execute("SELECT name FROM sqlite_master WHERE name = '_migrations'").fetchall()
    comps: dict[str, set[str]] = {}
    if rows:
        for comp, name in conn.execute("SELECT component, name FROM _migrations"):
            comps.setdefault(comp, set()).add(name)
    if others or (app_id == 0 and comps and component not in comps):
        found = next(iter(others or comps))
        raise UserError(f"this file is a {NAMES.get(found, found)}, not a {NAMES[component]}")
    if app_id not in (0, expected):
        raise UserError(f"this SQLite file is not a {NAMES.get(component, component)}")
    unknown = comps.get(component, set()) - known
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if unknown or version > len(known):
        raise UserError(
            f"this {NAMES.get(component, component)} was written by a newer verifier"
            f" (schema {max(version, len(known) + len(unknown))}, this version knows"
            f" {len(known)}); upgrade verifier to open it"
        )


def _mark(conn: sqlite3.Connection, component: str, version: int) -> None:
    if component in APPLICATION_IDS:
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute(f"PRAGMA application_id = {APPLICATION_IDS[component]}")
        conn.execute(f"PRAGMA user_version = {max(version, current)}")


def _mark_if_missing(conn: sqlite3.Connection, component: str, version: int) -> None:
    if component not in APPLICATION_IDS:
        return
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_IDS[component] or current < version:
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            _mark(conn, component, version)


def migrate(conn: sqlite3.Connection, component: str, migrations: Sequence[Migration]) -> int:
    """Apply the migrations of ``component`` not yet applied and mark the file; returns how many.

    Refuses (UserError, nothing written) another component's store and a newer schema.
    """
    _check_markers(conn, component, {m.__name__ for m in migrations})
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
    for number, migration in enumerate(migrations, 1):
        if migration.__name__ in done:
            continue
        with conn:  # one write-locked transaction per migration, its markers included
            conn.execute("BEGIN IMMEDIATE")
            applied = conn.execute(
                "SELECT 1 FROM _migrations WHERE component = ? AND name = ?",
                (component, migration.__name__),
            ).fetchone()
            if applied is None:  # another process may have applied it while we waited
                log.info("applying migration %s.%s", component, migration.__name__)
                migration(conn)
                conn.execute(
                    "INSERT INTO _migrations (component, name) VALUES (?, ?)",
                    (component, migration.__name__),
                )
                ran += 1
            _mark(conn, component, number)  # a reader never sees tables without the marker
    _mark_if_missing(conn, component, len(migrations))  # stores from before the markers
    return ran
