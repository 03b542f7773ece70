"""Default store folder: $VERIFIER_HOME, else $XDG_DATA_HOME/verifier, else ~/.local/share."""

from pathlib import Path

from verifier.index import default_store_path
from verifier.store import home_dir


def test_store_home_dir_prefers_verifier_home(monkeypatch, tmp_path):
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path / "vh"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert home_dir() == tmp_path / "vh"
    assert default_store_path() == tmp_path / "vh" / "corpus.db"


def test_store_home_dir_follows_xdg_then_home(monkeypatch, tmp_path):
    monkeypatch.delenv("VERIFIER_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert home_dir() == tmp_path / "xdg" / "verifier"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert home_dir() == Path.home() / ".local" / "share" / "verifier"
