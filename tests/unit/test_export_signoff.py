"""Exports where the store requires a second reviewer's sign-off before a verdict counts as
published: ClaimReview leaves the others out, the other formats say "awaiting sign-off"."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli import run_cli
from tests.factory import make_assessments
from verifier.model import ReviewStatus
from verifier.review.export import AWAITING_SIGNOFF, export, from_json, publication
from verifier.review.items import ReviewItem
from verifier.review.store import ReviewStore


def items() -> list[ReviewItem]:
    """A verdict signed off by a second reviewer, one awaiting sign-off, one in progress."""
    a = make_assessments()
    return [
        ReviewItem(a[0], ReviewStatus.VERIFIED, status_by="ann", signed_off_by="bob"),
        ReviewItem(a[1], ReviewStatus.FALSE, status_by="ann", assignee="ann"),
        ReviewItem(a[2], ReviewStatus.IN_PROGRESS, status_by="ann"),
    ]


@pytest.mark.parametrize(
    ("required", "expected"),
    [
        (True, ["published", AWAITING_SIGNOFF, "no verdict"]),
        (False, ["published"] * 2 + ["no verdict"]),
    ],
    ids=["required", "not-required"],
)
def test_export_signoff_publication_of_each_claim(required: bool, expected: list[str]) -> None:
    assert [publication(it, required) for it in items()] == expected


def test_export_signoff_claimreview_publishes_only_signed_verdicts() -> None:
    required = json.loads(export(items(), "claimreview", require_signoff=True))
    assert [d["reviewRating"]["alternateName"] for d in required] == ["verified"]
    free = json.loads(export(items(), "claimreview"))
    assert [d["reviewRating"]["alternateName"] for d in free] == ["verified", "false"]


def test_export_signoff_markdown_says_awaiting() -> None:
    md = export(items(), "md", require_signoff=True)
    assert "1 published, 1 awaiting sign-off" in md
    first, second = md.split("## 2.")[0], md.split("## 2.")[1].split("## 3.")[0]
    assert "**Status:** verified (by ann), signed off by bob" in first
    assert "**Status:** false (by ann), **awaiting sign-off** (not published)" in second
    assert "**Assigned to:** ann" in second
    assert "awaiting" not in export(items(), "md")  # without the rule nothing is held back


def test_export_signoff_csv_and_json_carry_the_team_fields() -> None:
    rows = list(csv.DictReader(io.StringIO(export(items(), "csv", require_signoff=True))))
    assert [r["publication"] for r in rows] == ["published", AWAITING_SIGNOFF, "no verdict"]
    assert rows[0]["signed_off_by"] == "bob" and rows[1]["assignee"] == "ann"
    text = export(items(), "json", require_signoff=True)
    doc = json.loads(text)
    assert doc["require_signoff"] is True
    assert doc["items"][1]["publication"] == AWAITING_SIGNOFF
    assert from_json(text) == items()  # lossless, team fields included
    old = json.loads(text)
    for item in old["items"]:  # an export from before the team fields still reads
        for key in ("assignee", "status_by", "signed_off_by", "publication"):
            del item[key]
    assert [it.assignee for it in from_json(json.dumps(old))] == [None, None, None]


def test_export_signoff_command_says_how_many_are_held_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "review.db"
    ids = [a.claim.id for a in make_assessments()]
    with ReviewStore(path, reviewer="ann") as ann:
        ann.save_assessments(make_assessments())
        ann.set_require_signoff(True)
        ann.bulk_update(ids[:2], status="verified")
    with ReviewStore(path, reviewer="bob") as bob:
        bob.sign_off(ids[0])
    code, out, err = run_cli(["export", "--store", str(path), "--format", "claimreview"], capsys)
    assert code == 0 and len(json.loads(out)) == 1
    assert "1 verdict(s) awaiting a second reviewer's sign-off: left out" in err
    code, out, err = run_cli(["export", "--store", str(path), "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["publication"] for r in rows] == ["published", AWAITING_SIGNOFF, "no verdict"]
    assert "marked as such" in err
