"""Stores know what they are: foreign SQLite files and newer schemas are refused untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.cli import run_cli as run
from tests.factory import make_store
from verifier.errors import UserError
from verifier.review.schema import MIGRATIONS
from verifier.review.store import ReviewStore
from verifier.store import APPLICATION_IDS, inspect


def snapshot(folder: Path) -> dict[str, str]:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def foreign(folder: Path) -> Path:
    path = folder / "accounts.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts (name TEXT, balance INTEGER)")
    conn.execute("INSERT INTO accounts VALUES ('desk', 100)")
    conn.commit()
    conn.close()
    return path


def corpus_args(store: Path, tmp_path: Path) -> list[str]:
    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir(exist_ok=True)
    article.write_text("Army says 80 militants killed.\n\nResidents said 30 died.\n")
    return ["index", str(article), "--store", str(store), "--model", "hashing", "--no-claims"]


def test_store_markers_review_and_corpus_stores_are_marked(tmp_path: Path, capsys):
    review = make_store(tmp_path / "review.db")
    corpus = tmp_path / "corpus.db"
    code, _, err = run(corpus_args(corpus, tmp_path), capsys)
    assert code == 0, err
    for path, kind in ((review, "review"), (corpus, "corpus")):
        info = inspect(path)
        assert info is not None and info.application_id == APPLICATION_IDS[kind]
        assert info.kind == kind and info.user_version > 0
    assert inspect(review).user_version == len(MIGRATIONS)  # type: ignore[union-attr]


@pytest.mark.parametrize("opener", ["review", "export", "index"])
def test_store_markers_foreign_sqlite_file_is_refused_untouched(
    tmp_path: Path, capsys, opener: str
):
    path = foreign(tmp_path / "")
    before = snapshot(tmp_path)
    if opener == "review":
        with pytest.raises(UserError, match="not a verifier store"):
            ReviewStore(path)
    else:
        args = {
            "export": ["export", "--store", str(path), "--format", "csv"],
            "index": corpus_args(path, tmp_path),
        }[opener]
        code, out, err = run(args, capsys)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and "not a" in err
    assert snapshot(tmp_path) == before  # unchanged, and no -wal or -shm beside it
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["accounts"]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_store_markers_other_components_store_is_refused(tmp_path: Path, capsys):
    review = make_store(tmp_path / "review.db")
    code, _, err = run(corpus_args(review, tmp_path), capsys)
    assert code == 2 and "is a review store, not a corpus index store" in err
    corpus = tmp_path / "corpus.db"
    assert run(corpus_args(corpus, tmp_path), capsys)[0] == 0
    with pytest.raises(UserError, match="is a corpus index store, not a review store"):
        ReviewStore(corpus)
    assert "review_items" not in inspect(corpus).tables  # type: ignore[union-attr]


@pytest.mark.parametrize("how", ["user_version", "migration"])
def test_store_markers_newer_schema_is_refused_untouched(tmp_path: Path, capsys, how: str):
    path = make_store(tmp_path / "review.db")
    conn = sqlite3.connect(path)
    if how == "user_version":
        conn.execute("PRAGMA user_version = 99")
    else:
        conn.execute("INSERT INTO _migrations (component, name) VALUES ('review', 'm999_future')")
    conn.commit()
    conn.close()
    before = snapshot(tmp_path)
    with pytest.raises(UserError, match="newer verifier"):
        ReviewStore(path)
    code, _, err = run(["export", "--store", str(path), "--format", "json"], capsys)
    assert code == 2 and "newer verifier" in err and len(err.splitlines()) == 1
    assert snapshot(tmp_path) == before


def test_store_markers_legacy_unmarked_store_is_adopted(tmp_path: Path):
    path = make_store(tmp_path / "review.db")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 0")
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    with ReviewStore(path) as s:
        assert len(s.items()) == 3
    assert inspect(path).application_id == APPLICATION_IDS["review"]  # type: ignore[union-attr]
