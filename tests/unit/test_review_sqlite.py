"""The review store's SQLite backend: one WAL file, migrations of older files, indexes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.factory import make_assessments, make_store
from verifier.errors import UserError
from verifier.model import ReviewStatus
from verifier.review import schema
from verifier.review.db import StoreUnavailable
from verifier.review.items import ReviewItem
from verifier.review.store import ReviewStore
from verifier.store import APPLICATION_IDS, connect, migrate


def ids() -> list[str]:
    return [a.claim.id for a in make_assessments()]


def test_review_store_is_wal_marked_and_one_file(tmp_path: Path):
    path = make_store(tmp_path / "r.db")
    with ReviewStore(path) as s:
        conn = s._db.conn  # type: ignore[attr-defined]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_IDS["review"]
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
    assert [p.name for p in tmp_path.iterdir()] == ["r.db"]


def test_review_closed_store_refuses_reads(tmp_path: Path):
    s = ReviewStore(make_store(tmp_path / "r.db"))
    s.close()
    with pytest.raises(sqlite3.ProgrammingError):
        s.items()


def test_review_older_store_migrates_and_keeps_data(tmp_path: Path):
    """A store written with only the first migration opens in this version, search filled in."""
    path = tmp_path / "old.db"
    conn = connect(path)
    migrate(conn, "review", schema.MIGRATIONS[:1])
    conn.execute("PRAGMA application_id = 0")  # as stores were before markers
    conn.execute("PRAGMA user_version = 0")
    a = make_assessments()[1]
    conn.execute(
        "INSERT INTO review_reports (id, data, digest) VALUES (?, ?, ?)",
        ("art1", schema.dumps(a.claim.report.to_dict()), "x"),
    )
    conn.execute(
        "INSERT INTO review_items (claim_id, report_id, speaker_type, digest, status, note,"
        " created_at) VALUES (?, 'art1', 'party', 'd', 'false', 'old', 't')",
        (a.claim.id,),
    )
    conn.execute(
        "INSERT INTO review_assessments (claim_id, data) VALUES (?, ?)",
        (a.claim.id, schema.dumps(a.to_dict())),
    )
    conn.commit()
    conn.close()
    assert "search_text" not in schema._columns(sqlite3.connect(path), "review_items")
    with ReviewStore(path, reviewer="ann") as s:
        item = s.item(a.claim.id)
        assert (item.status, item.note, item.assessment) == (ReviewStatus.FALSE, "old", a)
        assert [i.claim_id for i in s.items(search="BARRACKS")] == [a.claim.id]
        conn = s._db.conn  # type: ignore[attr-defined]
        applied = [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY name")]
        assert applied == [m.__name__ for m in schema.MIGRATIONS]
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_IDS["review"]
        s.set_note(a.claim.id, "new")
        assert s.undo() is not None and s.item(a.claim.id).note == "old"


def test_review_migrations_are_idempotent(tmp_path: Path):
    conn = connect(tmp_path / "r.db")
    for migration in schema.MIGRATIONS:
        migration(conn)
        migration(conn)  # a second process racing to apply it must not fail


def test_review_open_existing_rejects_missing_and_foreign_files(tmp_path: Path):
    with pytest.raises(UserError, match="does not exist"):
        ReviewStore(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 10)
    with pytest.raises(UserError, match="not a SQLite database"):
        ReviewStore(junk, create=False)
    assert junk.read_bytes() == b"not a database at all" * 10
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(UserError, match="not a review store"):
        ReviewStore(other, create=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk.db", "other.db"]


def test_review_item_defaults_allow_building_by_hand():
    item = ReviewItem(make_assessments()[0])
    assert (item.status, item.flagged, item.note, item.evidence_decisions, item.rev) == (
        ReviewStatus.UNSTARTED,
        False,
        "",
        {},
        0,
    )
    assert item.claim_id == ids()[0]
    assert not item.published()


def test_review_in_memory_store_and_len():
    with ReviewStore(":memory:", reviewer="ann") as s:
        assert len(s) == 0
        assert s.save_assessments(make_assessments()) == 3
        assert len(s) == 3
        s.set_status(ids()[0], ReviewStatus.FALSE)
        assert s.items(status="false")[0].claim_id == ids()[0]
        assert [c.action for c in s.changes_since(0)] == ["added"] * 3 + ["status"]


@pytest.mark.parametrize(
    "where, index",
    [
        ("status = 'verified'", "review_items_status"),
        ("flagged = 1", "review_items_flagged"),
        ("speaker_type = 'party'", "review_items_speaker_type"),
        ("assignee = 'ann'", "review_items_assignee"),
    ],
)
def test_review_filters_use_indexes(tmp_path: Path, where: str, index: str):
    with ReviewStore(make_store(tmp_path / "r.db")) as s:
        plan = s._db.conn.execute(  # type: ignore[attr-defined]
            f"EXPLAIN QUERY PLAN SELECT claim_id, rev FROM review_items WHERE {where} ORDER BY seq"
        ).fetchall()
    text = " ".join(str(row[-1]) for row in plan)
    assert index in text


def test_review_full_disk_is_one_line_and_the_store_recovers(tmp_path: Path):
    with ReviewStore(make_store(tmp_path / "r.db"), reviewer="ann") as s:
        conn = s._db.conn  # type: ignore[attr-defined]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # as a full disk would
        with pytest.raises(StoreUnavailable, match=r"full.*nothing of this change was saved"):
            s.set_note(ids()[0], "x" * 200_000)
        assert s.item(ids()[0]).note == ""
        conn.execute("PRAGMA max_page_count = 1073741823")  # space again: the store works
        s.set_note(ids()[0], "saved after all")
        assert s.item(ids()[0]).note == "saved after all"


def test_review_apps_creating_one_new_store_together_all_open_it(tmp_path: Path):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "new.db"

    def open_store(n: int) -> int:
        with ReviewStore(path, reviewer=f"r{n}") as s:
            return len(s)

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(open_store, range(6))) == [0] * 6
    with ReviewStore(path) as s:
        conn = s._db.conn  # type: ignore[attr-defined]
        assert conn.execute("SELECT count(*) FROM _migrations").fetchone()[0] == 3
