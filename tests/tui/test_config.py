"""The key remapping file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import binding_ids
from tui.config import load_keymap
from verifier.errors import UserError


def test_config_keymap_reads_table(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"status.verified" = "V"\n"claim.flag" = "ctrl+f"\n')
    keymap = load_keymap(path, known_ids=binding_ids())
    assert keymap == {"status.verified": "V", "claim.flag": "ctrl+f"}


def test_config_keymap_missing_file_is_empty(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "none.toml") == {}


@pytest.mark.parametrize(
    "body", ['"status.verified" = 3', '"no.such.binding" = "z"', "not toml = = ="]
)
def test_config_keymap_rejects_bad_files(tmp_path: Path, body: str) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(body)
    with pytest.raises(UserError):
        load_keymap(path, known_ids=binding_ids())


def test_config_binding_ids_cover_every_action() -> None:
    ids = binding_ids()
    for wanted in (
        "status.verified",
        "status.false",
        "status.inconclusive",
        "status.in_progress",
        "status.unstarted",
        "claim.flag",
        "claim.note",
        "claim.reconcile",
        "queue.search",
        "filter.flagged",
        "app.open",
        "app.export",
        "app.quit",
        "app.help",
        "evidence.accept",
        "evidence.reject",
        "screen.back",
        "cursor.down",
    ):
        assert wanted in ids
