"""Emergent reader and its split by claim."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.errors import UserError
from verifier.evaluate.emergent import read_emergent, select_split

HEADER = ",claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId\n"


def test_emergent_reads_rows(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        HEADER + "0,Claim one,Headline A,for,a1,c1\n1,Claim one,Headline B,against,a2,c1\n"
    )
    rows = read_emergent(path)
    assert [(r.label, r.claim_id) for r in rows] == [("for", "c1"), ("against", "c1")]
    assert len(select_split(rows, "dev")) in (0, 2)


def test_emergent_bad_label_is_user_error(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(HEADER + "0,C,H,maybe,a1,c1\n")
    with pytest.raises(UserError, match="unknown stance"):
        read_emergent(path)


def test_emergent_missing_columns_is_user_error(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(UserError, match="expected columns"):
        read_emergent(path)
