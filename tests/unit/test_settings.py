"""One settings object: defaults, config file, environment, flags, in that order."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.cli import main
from verifier.errors import UserError
from verifier.settings import MatchSettings, load


def test_settings_verifier_home_holds_every_file(tmp_path: Path) -> None:
    s = load(env={"VERIFIER_HOME": str(tmp_path / "vh"), "XDG_DATA_HOME": str(tmp_path / "x")})
    assert s.data_dir == tmp_path / "vh"
    assert s.corpus_store == tmp_path / "vh" / "corpus.db"
    assert s.review_store == tmp_path / "vh" / "review.db"
    assert s.keymap_file == tmp_path / "vh" / "keys.toml"


def test_settings_follow_xdg_folders(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "conf")}
    s = load(env=env)
    assert s.data_dir == tmp_path / "data" / "verifier"
    assert s.keymap_file == tmp_path / "conf" / "verifier" / "keys.toml"


def test_settings_precedence_file_then_env_then_flags(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        'reviewer = "filed"\norganisation = "Desk A"\n'
        "[matching]\nsuggest_threshold = 0.5\nauto_link_threshold = 0.7\n"
    )
    env = {"VERIFIER_HOME": str(tmp_path), "VERIFIER_REVIEWER": "from-env"}
    s = load(env=env)
    assert (s.reviewer, s.organisation) == ("from-env", "Desk A")
    assert s.matching == MatchSettings(suggest_threshold=0.5, auto_link_threshold=0.7)
    assert s.config_file == tmp_path / "config.toml"
    flagged = load(env=env, reviewer="flag", auto_link_threshold=0.9)
    assert flagged.reviewer == "flag"
    assert flagged.matching.auto_link_threshold == 0.9
    assert flagged.matching.suggest_threshold == 0.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reviewer = ", "not valid TOML"),
        ("colour = 'red'", "unknown setting"),
        ("[matching]\nsuggest = 0.3", "unknown .matching. setting"),
        ("[matching]\ncandidates = 'ten'", "must be a number"),
        ("[matching]\ncandidates = 2.5", "whole number"),
        ("[matching]\nsuggest_threshold = 0.9", "suggest_threshold <="),
    ],
)
def test_settings_bad_config_is_one_user_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(UserError, match=message) as exc:
        load(path, env={"VERIFIER_HOME": str(tmp_path)})
    assert "\n" not in str(exc.value)


def test_settings_cli_config_errors_are_one_line(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path))
    bad = tmp_path / "bad.toml"
    bad.write_text("[matching]\nauto_link_threshold = 2")
    with pytest.raises(SystemExit) as exc:
        main(["--config", str(bad), "claims", str(tmp_path / "none.txt")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "auto_link_threshold" in err
    with pytest.raises(SystemExit):
        main(["--config", str(tmp_path / "missing.toml"), "claims", "x"])
    assert "no such file" in capsys.readouterr().err
