"""The review store's schema: append-only migrations, the same list for SQLite and PostgreSQL.

A migration receives a ``sqlite3.Connection`` or the PostgreSQL backend's connection (which has
``dialect = "postgresql"`` and takes ``?`` parameters too) and must stay idempotent: two
processes may race to apply it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from verifier.errors import UserError
from verifier.store import StoreDamaged, inspect

# Types that differ between the dialects; everything else is written once.
_TYPES = {
    "sqlite": {"ID": "INTEGER PRIMARY KEY AUTOINCREMENT", "SEQ": "INTEGER PRIMARY KEY"},
    "postgresql": {"ID": "BIGSERIAL PRIMARY KEY", "SEQ": "BIGINT PRIMARY KEY"},
}


def _dialect(conn: Any) -> str:
    return "sqlite" if isinstance(conn, sqlite3.Connection) else str(conn.dialect)


def _script(conn: Any, sql: str) -> None:
    types = _TYPES[_dialect(conn)]
    for statement in sql.format(**types).split(";"):
        if statement.strip():
            conn.execute(statement)


def _columns(conn: Any, table: str) -> set[str]:
    if _dialect(conn) == "sqlite":
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ?",
        (table,),
    )
    return {r[0] for r in rows}


def m001_initial(conn: Any) -> None:
    _script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS review_reports (
            id TEXT PRIMARY KEY, data TEXT NOT NULL, digest TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS review_items (
            seq {SEQ},
            claim_id TEXT NOT NULL UNIQUE,
            rev INTEGER NOT NULL DEFAULT 0,
            report_id TEXT NOT NULL,
            speaker_type TEXT NOT NULL,
            digest TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'unstarted',
            flagged INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT '',
            reviewer TEXT,
            updated_at TEXT,
            created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS review_assessments (
            claim_id TEXT PRIMARY KEY REFERENCES review_items (claim_id), data TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS review_items_status ON review_items (status);
        CREATE INDEX IF NOT EXISTS review_items_flagged ON review_items (flagged);
        CREATE INDEX IF NOT EXISTS review_items_speaker_type ON review_items (speaker_type);
        CREATE TABLE IF NOT EXISTS review_decisions (
            claim_id TEXT NOT NULL REFERENCES review_items (claim_id),
            evidence_key TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            reviewer TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (claim_id, evidence_key));
        CREATE TABLE IF NOT EXISTS review_history (
            id {ID},
            claim_id TEXT NOT NULL,
            action TEXT NOT NULL,
            value TEXT,
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS review_history_claim ON review_history (claim_id, id)
        """,
    )
    if _dialect(conn) == "sqlite":
        conn.executescript(
            """
            CREATE TRIGGER IF NOT EXISTS review_history_no_update BEFORE UPDATE ON review_history
            BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS review_history_no_delete BEFORE DELETE ON review_history
            BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
            """
        )
    else:
        conn.execute(
            "CREATE OR REPLACE FUNCTION review_history_append_only() RETURNS trigger"
            " LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'review history is append-only';"
            " END $$"
        )
        conn.execute(
            "CREATE OR REPLACE TRIGGER review_history_append_only BEFORE UPDATE OR DELETE"
            " OR TRUNCATE ON review_history EXECUTE FUNCTION review_history_append_only()"
        )
        # instr() as in SQLite, so the search filter is written once
        conn.execute(
            "CREATE OR REPLACE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS INTEGER"
            " LANGUAGE sql IMMUTABLE AS 'SELECT strpos(haystack, needle)'"
        )


def m002_search_text(conn: Any) -> None:
    """A case-folded search column (claim text, speaker, content), filled for existing rows."""
    if "search_text" not in _columns(conn, "review_items"):
        conn.execute("ALTER TABLE review_items ADD COLUMN search_text TEXT NOT NULL DEFAULT ''")
    rows = conn.execute(
        "SELECT i.claim_id, a.data FROM review_items i JOIN review_assessments a USING (claim_id)"
        " WHERE i.search_text = ''"
    )
    updates = []
    for claim_id, data in rows.fetchall():
        d = json.loads(data)
        speaker = d.get("speaker_name") or (d.get("speaker") or {}).get("text") or ""
        text = "\n".join((d.get("text", ""), speaker, d["content"]["text"])).casefold()
        updates.append((text, claim_id))
    for update in updates:
        conn.execute("UPDATE review_items SET search_text = ? WHERE claim_id = ?", update)


def m003_team(conn: Any) -> None:
    """Team review: assignee, who set the status, a second reviewer's sign-off; undo data."""
    columns = _columns(conn, "review_items")
    for column in ("assignee", "status_by", "signed_off_by", "signed_off_at"):
        if column not in columns:
            conn.execute(f"ALTER TABLE review_items ADD COLUMN {column} TEXT")
    history = _columns(conn, "review_history")
    for column, kind in (("old_value", "TEXT"), ("rev", "INTEGER"), ("undoes", "INTEGER")):
        if column not in history:
            conn.execute(f"ALTER TABLE review_history ADD COLUMN {column} {kind}")
    _script(
        conn,
        """
        CREATE INDEX IF NOT EXISTS review_items_assignee ON review_items (assignee);
        CREATE INDEX IF NOT EXISTS review_history_reviewer ON review_history (reviewer, id);
        CREATE TABLE IF NOT EXISTS review_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)
        """,
    )


MIGRATIONS = [m001_initial, m002_search_text, m003_team]


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def check_review_store(path: str | Path) -> None:
    """Raise UserError unless ``path`` is an existing review store (reads only, writes nothing)."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise UserError(f"review store {target} is a directory, not a file")
    if not target.is_file():
        raise UserError(f"review store {target} does not exist")
    try:
        info = inspect(target)
    except StoreDamaged:
        raise
    except UserError as exc:
        raise UserError(str(exc).replace("store ", "review store ", 1)) from None
    if info is None:
        raise UserError(f"review store {target} is empty")
    if info.kind != "review":
        raise UserError(f"{target} is a SQLite database but not a review store")
