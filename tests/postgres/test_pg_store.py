"""The PostgreSQL backend against a real server: outages, roles, foreign and newer databases."""

from __future__ import annotations

import threading

import psycopg
import pytest

from tests.cli import run_cli as run
from tests.factory import make_assessments
from verifier.errors import UserError
from verifier.model import ReviewStatus
from verifier.review.db import StoreUnavailable
from verifier.review.store import ReviewStore

pytestmark = pytest.mark.postgres


def as_user(dsn: str, user: str) -> str:
    return dsn.replace("://verifier@", f"://{user}@")


@pytest.fixture
def store(pg_dsn: str):
    s = ReviewStore(pg_dsn, reviewer="ann")
    s.save_assessments(make_assessments())
    yield s
    s.close()


def kill_connections(dsn: str) -> None:
    """What a server restart does to every open session of the test database."""
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid != pg_backend_pid()"
        )


def test_pg_server_gone_mid_review_is_one_clear_error_then_reconnects(
    store: ReviewStore, pg_dsn: str
):
    cid = make_assessments()[0].claim.id
    before = len(store.history())
    kill_connections(pg_dsn)
    with pytest.raises(StoreUnavailable, match=r"went away.*nothing of this change was saved"):
        store.set_note(cid, "typed while the server restarted")
    assert len(store.history()) == before  # the next call reconnected; nothing half-written
    store.set_note(cid, "typed while the server restarted")  # the retry succeeds
    assert store.item(cid).note == "typed while the server restarted"


def test_pg_unreachable_server_is_one_line(capsys):
    dsn = "postgresql://someone:secret@127.0.0.1:1/review"
    with pytest.raises(StoreUnavailable, match="cannot be reached") as info:
        ReviewStore(dsn)
    assert "secret" not in str(info.value) and "127.0.0.1:1" in str(info.value)
    code, out, err = run(["store", "check", dsn], capsys)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_pg_foreign_and_newer_databases_are_refused(pg_dsn: str):
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE payroll (name TEXT)")
    with pytest.raises(UserError, match="not a review store"):
        ReviewStore(pg_dsn)
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE payroll")
    ReviewStore(pg_dsn).close()
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO _migrations (component, name) VALUES ('review', 'm999_next')")
    with pytest.raises(UserError, match="newer verifier"):
        ReviewStore(pg_dsn)


def test_pg_apps_starting_together_migrate_once(pg_dsn: str):
    errors: list[BaseException] = []

    def open_store() -> None:
        try:
            ReviewStore(pg_dsn, reviewer="x").close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(pg_dsn) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == ["m001_initial", "m002_search_text", "m003_team"]


def test_pg_roles_reviewers_write_readers_read(pg_dsn: str, capsys):
    code, out, err = run(["store", "init-postgres", pg_dsn], capsys)
    assert code == 0, err
    assert "verifier_reviewer" in out
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("CREATE ROLE ann LOGIN IN ROLE verifier_reviewer")
        conn.execute("CREATE ROLE rita LOGIN IN ROLE verifier_reader")
    with ReviewStore(pg_dsn, reviewer="setup") as s:
        s.save_assessments(make_assessments())
    cid = make_assessments()[0].claim.id
    with ReviewStore(as_user(pg_dsn, "ann"), reviewer="ann") as ann:
        ann.set_status(cid, "false")
        ann.undo()
        ann.set_status(cid, "verified")
    with (
        psycopg.connect(as_user(pg_dsn, "ann"), autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("DELETE FROM review_history")
    with ReviewStore(as_user(pg_dsn, "rita"), reviewer="rita") as rita:
        assert rita.item(cid).status is ReviewStatus.VERIFIED
        with pytest.raises(UserError, match="refused: permission denied"):
            rita.set_note(cid, "readers cannot write")
    assert run(["store", "init-postgres", pg_dsn], capsys)[0] == 0  # idempotent


def test_pg_check_and_audit_from_the_cli(store: ReviewStore, pg_dsn: str, capsys):
    store.set_status(make_assessments()[1].claim.id, "false")
    code, out, _ = run(["store", "check", pg_dsn], capsys)
    assert code == 0 and "ok (3 reports, 3 claims, 4 history)" in out
    code, out, _ = run(["store", "audit", "--store", pg_dsn], capsys)
    assert code == 0 and out.splitlines()[-1].split(",")[4:6] == ["status", "false"]
