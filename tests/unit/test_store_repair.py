"""Damaged stores: one line naming ``verifier store check``; check finds it, repair salvages."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from tests.cli import run_cli as run
from tests.factory import ARTICLE, make_assessments
from verifier.model import ReviewStatus
from verifier.review.store import ReviewStore
from verifier.store import StoreDamaged

ARTICLES = 60  # 180 claims: enough pages that damage can hit data, not the schema


def big_store(path: Path) -> list[str]:
    """A store of many claims, each with a status decision; returns the claim ids."""
    ids = []
    with ReviewStore(path, reviewer="ann") as s:
        for n in range(ARTICLES):
            assessments = make_assessments(ARTICLE, report_id=f"art{n}")
            s.save_assessments(assessments)
            for a in assessments:
                s.set_status(a.claim.id, "verified" if n % 2 else "false")
                ids.append(a.claim.id)
    return ids


def damage_pages(path: Path, seed: int = 7) -> None:
    """Overwrite three pages in the second half of the file with random bytes."""
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    rng = random.Random(seed)
    for page in rng.sample(range(pages // 2, pages), 3):
        data[page * 4096 : (page + 1) * 4096] = rng.randbytes(4096)
    path.write_bytes(bytes(data))


def bad_json(path: Path, claim_id: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE review_assessments SET data = '{\"oops' WHERE claim_id = ?", (claim_id,)
        )


def drop_table(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DROP TABLE review_decisions")


@pytest.mark.parametrize("damage", ["pages", "json", "table"])
def test_store_repair_damaged_store_gives_one_line(tmp_path: Path, capsys, damage: str):
    path = tmp_path / "review.db"
    ids = big_store(path)
    {"pages": damage_pages, "json": lambda p: bad_json(p, ids[4]), "table": drop_table}[damage](
        path
    )
    code, out, err = run(["export", "--store", str(path), "--format", "csv"], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert f"verifier store check {path}" in err and "Traceback" not in err
    with pytest.raises(StoreDamaged), ReviewStore(path) as s:
        s.items()
    code, out, err = run(["store", "check", str(path)], capsys)
    assert code == 2 and "damaged" in err and "verifier store repair" in err
    assert out.strip()  # the problems, one per line


def test_store_repair_check_passes_a_healthy_store(tmp_path: Path, capsys):
    path = tmp_path / "review.db"
    big_store(path)
    code, out, _ = run(["store", "check", str(path)], capsys)
    assert code == 0 and out.strip().endswith("(62 reports, 180 claims, 360 history)")


def test_store_repair_salvages_every_readable_decision(tmp_path: Path, capsys):
    path, fixed = tmp_path / "review.db", tmp_path / "fixed.db"
    ids = big_store(path)
    bad_json(path, ids[4])
    code, out, err = run(["store", "repair", str(path), "--out", str(fixed)], capsys)
    assert code == 0, err
    assert f"claim {ids[4]}: unreadable" in out
    with ReviewStore(fixed, reviewer="lead") as s:
        items = {i.claim_id: i for i in s.items()}
        assert set(items) == set(ids) - {ids[4]}
        for n, cid in enumerate(ids):
            if cid in items:
                expected = ReviewStatus.VERIFIED if (n // 3) % 2 else ReviewStatus.FALSE
                assert items[cid].status is expected
        assert len([h for h in s.history() if h["claim_id"] == ids[4]]) == 2  # kept
    assert run(["store", "check", str(fixed)], capsys)[0] == 0
    code, _, err = run(["store", "repair", str(path), "--out", str(fixed)], capsys)
    assert code == 2 and "already exists" in err


def test_store_repair_salvages_around_damaged_pages(tmp_path: Path, capsys):
    path, fixed = tmp_path / "review.db", tmp_path / "fixed.db"
    ids = big_store(path)
    damage_pages(path)
    code, _out, err = run(["store", "repair", str(path), "--out", str(fixed)], capsys)
    assert code == 0, err
    with ReviewStore(fixed, reviewer="lead") as s:
        kept = s.items()  # everything copied is readable
        assert 0 < len(kept) < len(ids) or len(s.history()) < 2 * len(ids)
        assert all(i.status is not ReviewStatus.UNSTARTED for i in kept)
    assert run(["store", "check", str(fixed)], capsys)[0] == 0


def test_store_repair_refuses_foreign_files_and_missing_ones(tmp_path: Path, capsys):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    for source in (other, tmp_path / "missing.db"):
        code, _, err = run(
            ["store", "repair", str(source), "--out", str(tmp_path / "n.db")], capsys
        )
        assert code == 2 and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "n.db").exists()
