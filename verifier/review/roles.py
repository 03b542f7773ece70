"""Roles of a shared PostgreSQL review store: reviewers write decisions, readers only read.

``verifier_reviewer`` may read and change claims and add audit-trail entries, but never change
or delete one (the trigger forbids it for everyone; the grants say it twice);
``verifier_reader`` (exports, dashboards) may only read. Both are group roles without login:
a desk gives each person a login role in one of them.
"""

from __future__ import annotations

from psycopg import sql

from verifier.review.postgres import PostgresDb
from verifier.review.schema import MIGRATIONS

REVIEWER, READER = "verifier_reviewer", "verifier_reader"
WRITABLE = ("review_items", "review_assessments", "review_reports", "review_decisions")


def init_server(dsn: str) -> str:
    """Create the tables (migrations) and both roles on the database at ``dsn``; idempotent.

    Returns the database's address without its password.
    """
    db = PostgresDb(dsn, MIGRATIONS)
    try:
        create_roles(db)
    finally:
        db.close()
    return db.location


def create_roles(db: PostgresDb) -> None:
    """Create (or update) both group roles and their grants; idempotent."""
    with db.write(notify=False):
        (schema,) = db.execute("SELECT current_schema()").fetchone() or ("public",)
        for role in (REVIEWER, READER):
            if db.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,)).fetchone() is None:
                db.execute(f"CREATE ROLE {role} NOLOGIN")
        conn = db.pg.conn
        ident = sql.Identifier(schema).as_string(conn)
        tables = ", ".join(sql.Identifier(t).as_string(conn) for t in WRITABLE)
        for statement in (
            f"GRANT USAGE ON SCHEMA {ident} TO {REVIEWER}, {READER}",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA {ident} TO {REVIEWER}, {READER}",
            f"GRANT INSERT, UPDATE, DELETE ON {tables}, review_settings TO {REVIEWER}",
            f"GRANT INSERT ON review_history TO {REVIEWER}",
            f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {ident} TO {REVIEWER}",
        ):
            db.execute(statement)
