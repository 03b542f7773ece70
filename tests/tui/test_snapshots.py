"""Snapshots of every screen at a pinned terminal size (pytest-textual-snapshot)."""

from __future__ import annotations

from pathlib import Path

import pytest

import tui.exporting
from tests.factory import make_store
from tui.app import ReviewApp

SIZE = (120, 36)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewApp:
    fixed = Path("/home/reviewer/exports/claims-2024-05-02-0930.md")
    monkeypatch.setattr(tui.exporting, "default_export_path", lambda folder, fmt: fixed)
    return ReviewApp(make_store(tmp_path / "review.db"), reviewer="tester")


@pytest.mark.parametrize(
    ("name", "press"),
    [
        ("queue", ["j", "1", "1"]),
        ("detail", ["enter"]),
        ("detail_raw", ["enter", "down", "t"]),
        ("reconciliation", ["c"]),
        ("help", ["question_mark"]),
        ("glossary", ["f2"]),
        ("note_editor", ["n", *"needs a second source"]),
        ("export", ["e"]),
        ("queue_marked", ["space", "shift+down"]),
        ("assign", ["A"]),
    ],
)
def test_snapshots_screen(snap_compare, app: ReviewApp, name: str, press: list[str]) -> None:
    assert snap_compare(app, press=press, terminal_size=SIZE)
