"""``verifier store`` team commands: bulk, undo, sign-off and the audit CSV from the shell."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.cli import run_cli as run
from tests.factory import make_assessments, make_store
from verifier.model import ReviewStatus
from verifier.review.store import ReviewStore


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("VERIFIER_REVIEWER", "ann")
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path / "home"))
    return str(make_store(tmp_path / "review.db"))


def ids() -> list[str]:
    return [a.claim.id for a in make_assessments()]


def test_store_cli_bulk_by_ids_and_by_status(store: str, capsys):
    code, out, err = run(["store", "bulk", "--store", store, "--assign", "bob", *ids()[:2]], capsys)
    assert (code, out.strip()) == (0, "changed 2 of 2 claims"), err
    args = ["store", "bulk", "--store", store, "--status", "false", "--all-with-status"]
    code, out, _ = run([*args, "unstarted"], capsys)
    assert (code, out.strip()) == (0, "changed 3 of 3 claims")
    with ReviewStore(store) as s:
        assert [i.assignee for i in s.items()] == ["bob", "bob", None]
        assert {i.status for i in s.items()} == {ReviewStatus.FALSE}
    code, _, err = run(["store", "bulk", "--store", store, "--flag", "nope", ids()[0]], capsys)
    assert code == 2 and "claim nope is not in the store" in err
    code, _, err = run(["store", "bulk", "--store", store, "--status", "maybe", ids()[0]], capsys)
    assert code == 2 and "unknown review status" in err


def test_store_cli_undo_sign_off_and_audit(store: str, capsys, monkeypatch: pytest.MonkeyPatch):
    assert run(["store", "undo", "--store", store], capsys)[1].strip() == "nothing to undo"
    run(["store", "bulk", "--store", store, "--status", "verified", ids()[2]], capsys)
    run(["store", "require-signoff", "--store", store, "on"], capsys)
    code, _, err = run(["store", "sign-off", "--store", store, ids()[2]], capsys)
    assert code == 2 and "second reviewer" in err
    monkeypatch.setenv("VERIFIER_REVIEWER", "bob")
    assert run(["store", "sign-off", "--store", store, ids()[2]], capsys)[0] == 0
    code, out, _ = run(["store", "undo", "--store", store], capsys)
    assert out.strip() == f"undone: signoff of claim {ids()[2]}"
    out_file = Path(store).parent / "audit.csv"
    assert run(["store", "audit", "--store", store, "-o", str(out_file)], capsys)[0] == 0
    rows = list(csv.DictReader(io.StringIO(out_file.read_text())))
    assert [(r["who"], r["action"]) for r in rows[3:]] == [
        ("ann", "status"),
        ("ann", "setting"),
        ("bob", "signoff"),
        ("bob", "undo"),
    ]
    code, _, err = run(["store", "audit", "--store", store, "-o", str(out_file)], capsys)
    assert code == 2 and "exists" in err  # never overwritten without --force
    code, _, err = run(["store", "audit", "--store", store, "-o", store, "--force"], capsys)
    assert code == 2  # the store itself is never a target
    with ReviewStore(store) as s:
        assert len(s.items()) == 3
