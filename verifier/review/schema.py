"""The review store's schema: append-only migrations and the check that a file is a store."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from verifier.errors import UserError

SQLITE_HEADER = b"SQLite format 3\x00"


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def m001_initial(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE IF NOT EXISTS review_reports (
            id TEXT PRIMARY KEY,
            data TEXT NOT NULL,
            digest TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS review_items (
            seq INTEGER PRIMARY KEY,
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
            created_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS review_assessments (
            claim_id TEXT PRIMARY KEY REFERENCES review_items (claim_id),
            data TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS review_items_status ON review_items (status);
        CREATE INDEX IF NOT EXISTS review_items_flagged ON review_items (flagged);
        CREATE INDEX IF NOT EXISTS review_items_speaker_type ON review_items (speaker_type);
        CREATE TABLE IF NOT EXISTS review_decisions (
            claim_id TEXT NOT NULL REFERENCES review_items (claim_id),
            evidence_key TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            reviewer TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (claim_id, evidence_key)
        );
        CREATE TABLE IF NOT EXISTS review_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            claim_id TEXT NOT NULL,
            action TEXT NOT NULL,
            value TEXT,
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS review_history_claim ON review_history (claim_id, id);
        CREATE TRIGGER IF NOT EXISTS review_history_no_update BEFORE UPDATE ON review_history
        BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS review_history_no_delete BEFORE DELETE ON review_history
        BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
        """
    )


def m002_search_text(conn: sqlite3.Connection) -> None:
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
    conn.executemany("UPDATE review_items SET search_text = ? WHERE claim_id = ?", updates)


MIGRATIONS = [m001_initial, m002_search_text]


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
        with target.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UserError(f"review store {target} cannot be read ({exc.strerror})") from exc
    if header != SQLITE_HEADER:
        raise UserError(f"review store {target} is not a SQLite database")
    # Without a -wal file everything is in the main file: read it as immutable, which creates
    # no -wal/-shm files next to a store that may turn out not to be ours.
    wal = target.with_name(target.name + "-wal").exists()
    uri = f"{target.resolve().as_uri()}?mode=ro" + ("" if wal else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            found = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
            ).fetchone()[0]
            ours = (
                found
                and conn.execute(
                    "SELECT count(*) FROM _migrations WHERE component = 'review'"
                ).fetchone()[0]
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"review store {target} is not a readable SQLite database ({exc})") from exc
    if not ours:
        raise UserError(f"{target} is a SQLite database but not a review store")
