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
        "filter.mine",
        "claim.assign",
        "claim.sign_off",
        "mark.toggle",
        "mark.up",
        "mark.down",
        "mark.all",
        "app.undo",
    ):
        assert wanted in ids


def test_config_every_binding_has_an_id_and_a_human_name() -> None:
    """Every binding the app declares (not the library's own) can be remapped and is shown
    by a human name in the help and the palette."""
    from textual.binding import Binding

    from tui.app import ReviewApp

    for section, cls in ReviewApp.help_sections().items():
        ours = [k for k in cls.__mro__ if k.__module__.startswith("tui.")]
        for klass in ours:
            for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", [])):
                assert binding.id, (section, binding.key)
                name = binding.description
                assert name and name[0].isupper() and "_" not in name, (section, binding.key)
