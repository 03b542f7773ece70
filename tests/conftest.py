"""Shared fixtures: the third-party data folder (skipped when absent), the real models, and the
review store backends (a SQLite file; a real PostgreSQL server started for the session)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VERIFIER_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (third-party text, never committed); tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    return SHARED


@pytest.fixture(scope="session")
def seed_article(shared_dir: Path) -> Path:
    """The user's example article."""
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("no seed article in ../shared/seeds")
    return seeds[0]


@pytest.fixture(scope="session")
def real_embedder():
    """The real small embedding model, loaded once per session (offline, from its package)."""
    from verifier.retrieval.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once per session."""
    from verifier.nlp import load_spacy

    return load_spacy()


# --- review store backends: SQLite (a file) and a real PostgreSQL server -----------------------


def _pg_bindir() -> Path | None:
    """The folder of pg_ctl/initdb: on PATH, else Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3])
    )
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_user() -> tuple[int, int] | None:
    """The (uid, gid) to run postgres as: it refuses to run as root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return entry.pw_uid, entry.pw_gid
    raise RuntimeError("running as root and neither a postgres nor a nobody user exists")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server on a free loopback port; yields the DSN of its database.

    Fails (never skips) without the server binaries: CI installs them (``make postgres``).
    """
    bindir = _pg_bindir()
    if bindir is None:
        pytest.fail("PostgreSQL server binaries not found; install them with `make postgres`")
    root = Path(tempfile.mkdtemp(prefix="verifier-pg-"))
    owner = _server_user()
    if owner is not None:
        os.chown(root, *owner)

    def demote() -> None:
        if owner is not None:
            os.setgid(owner[1])
            os.setuid(owner[0])

    def run(*args: str) -> None:
        done = subprocess.run(
            args,
            preexec_fn=demote,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=root,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
        )
        if done.returncode:
            log = (root / "server.log").read_text() if (root / "server.log").exists() else ""
            pytest.fail(f"{args[0]} failed: {done.stderr or done.stdout}\n{log}")

    data, port = root / "data", _free_port()
    run(str(bindir / "initdb"), "-D", str(data), "-U", "verifier", "--auth=trust", "-E", "UTF8")
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    ctl = str(bindir / "pg_ctl")
    run(
        ctl,
        "-D",
        str(data),
        "-l",
        str(root / "server.log"),
        "-o",
        options,
        "-w",
        "-t",
        "60",
        "start",
    )
    try:
        yield f"postgresql://verifier@127.0.0.1:{port}/postgres"
    finally:
        run(ctl, "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_dsn(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the test server."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield postgres_server.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a review store lives, once per backend: a SQLite file, a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "review.db")
    return str(request.getfixturevalue("pg_dsn"))
