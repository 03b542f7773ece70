"""One settings object, read once at the edge (the CLI, the app) and passed down.

Precedence, lowest first: built-in defaults, the TOML config file, the environment, CLI flags.
Folders come from platformdirs (``~/.local/share/verifier`` and ``~/.config/verifier`` on Linux,
following ``XDG_DATA_HOME`` / ``XDG_CONFIG_HOME``); ``VERIFIER_HOME`` puts every file of the tool,
the config file included, in one folder. The config file (``config.toml`` in the config folder,
or ``--config FILE`` / ``$VERIFIER_CONFIG``)::

    data_dir = "/srv/verifier"          # stores: corpus.db, review.db, sample-corpus.db
    review_store = "postgresql://desk@db.example/newsroom"   # a team's shared store (optional)
    reviewer = "amina"                  # name in the audit trail (default: the OS user)
    organisation = "Desk of Example"    # ClaimReview author

    [matching]
    suggest_threshold = 0.40            # cosine similarity to show evidence as a suggestion
    auto_link_threshold = 0.65          # cosine similarity to link evidence without asking
    candidates = 30                     # sentences retrieved per claim before judging
    max_evidence = 20                   # evidence kept per claim after judging

Engine code never reads the environment for these; it takes a :class:`Settings` (or the one
value it needs) from its caller.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from verifier.errors import UserError

APP_NAME = "verifier"
CONFIG_FILE = "config.toml"
DEFAULT_ORGANISATION = "Unnamed fact-checking desk"


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds of claim matching: suggest, and auto-link, as claim-matching platforms use."""

    suggest_threshold: float = 0.40  # shown to the reviewer as a suggestion
    auto_link_threshold: float = 0.65  # linked without asking
    candidates: int = 30  # retrieved per claim before judging
    max_evidence: int = 20  # kept per claim after judging

    def __post_init__(self) -> None:
        if not 0.0 <= self.suggest_threshold <= self.auto_link_threshold <= 1.0:
            raise UserError(
                "matching thresholds must satisfy 0 <= suggest_threshold <= "
                f"auto_link_threshold <= 1 (got {self.suggest_threshold}, "
                f"{self.auto_link_threshold})"
            )
        if self.candidates < 1 or self.max_evidence < 1:
            raise UserError("matching candidates and max_evidence must be at least 1")


@dataclass(frozen=True)
class Settings:
    """Everything a run of the tool can be configured with."""

    data_dir: Path
    config_dir: Path
    reviewer: str
    organisation: str = DEFAULT_ORGANISATION
    matching: MatchSettings = field(default_factory=MatchSettings)
    config_file: Path | None = None  # the file these settings were read from, if any
    shared_review_store: str | None = None  # a configured store: a file or a postgresql:// URL

    @property
    def review_store(self) -> str | Path:
        """The default review store: the configured one, else review.db in the data folder."""
        if self.shared_review_store:
            return self.shared_review_store
        return self.data_dir / "review.db"

    @property
    def corpus_store(self) -> Path:
        """The default corpus index."""
        return self.data_dir / "corpus.db"

    @property
    def sample_store(self) -> Path:
        """The index of the bundled sample corpus."""
        return self.data_dir / "sample-corpus.db"

    @property
    def keymap_file(self) -> Path:
        """The review app's key remapping."""
        return self.config_dir / "keys.toml"


def load(
    config_file: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Settings from defaults, the config file, ``env`` (default: ``os.environ``), then overrides.

    ``overrides`` are CLI flags: ``data_dir``, ``reviewer``, ``organisation`` or any
    :class:`MatchSettings` field; None values are ignored. A malformed config file, an unknown
    key or a value of the wrong type is a :class:`UserError` naming the file.
    """
    environ = os.environ if env is None else env
    home = environ.get("VERIFIER_HOME", "").strip()
    data_dir = Path(home).expanduser() if home else _platform_dir("data", environ)
    config_dir = Path(home).expanduser() if home else _platform_dir("config", environ)
    explicit = config_file or _env_path(environ.get("VERIFIER_CONFIG"))
    path = explicit or config_dir / CONFIG_FILE
    data = _read_toml(path, required=explicit is not None)
    matching_data = data.pop("matching", {})
    if not isinstance(matching_data, dict):
        raise UserError(f"config {path}: [matching] must be a table")
    base: dict[str, Any] = {
        "data_dir": Path(str(data.pop("data_dir"))).expanduser()
        if "data_dir" in data
        else data_dir,
        "reviewer": str(data.pop("reviewer", "")).strip(),
        "organisation": str(data.pop("organisation", DEFAULT_ORGANISATION)).strip(),
        "shared_review_store": str(data.pop("review_store", "")).strip() or None,
    }
    if data:
        raise UserError(f"config {path}: unknown setting(s) {', '.join(sorted(data))}")
    for key, name in (
        ("reviewer", "VERIFIER_REVIEWER"),
        ("organisation", "VERIFIER_ORGANISATION"),
        ("shared_review_store", "VERIFIER_REVIEW_STORE"),
    ):
        value = environ.get(name, "").strip()
        if value:
            base[key] = value
    if home:
        base["data_dir"] = data_dir
    match_fields = {f.name for f in fields(MatchSettings)}
    given = {k: v for k, v in overrides.items() if v is not None}
    unknown = set(given) - match_fields - {"data_dir", "reviewer", "organisation"}
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    match_values = {**_typed_matching(matching_data, path), **_pick(given, match_fields)}
    base.update({k: v for k, v in given.items() if k not in match_fields})
    if "data_dir" in given:
        base["data_dir"] = Path(given["data_dir"]).expanduser()
    return Settings(
        data_dir=base["data_dir"],
        config_dir=config_dir,
        reviewer=base["reviewer"] or os_user(),
        organisation=base["organisation"] or DEFAULT_ORGANISATION,
        matching=replace(MatchSettings(), **match_values),
        config_file=path if path.is_file() else None,
        shared_review_store=base["shared_review_store"],
    )


def os_user() -> str:
    """The OS user name, else ``"unknown"``."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "unknown"


def _platform_dir(kind: str, environ: Mapping[str, str]) -> Path:
    xdg = environ.get("XDG_DATA_HOME" if kind == "data" else "XDG_CONFIG_HOME", "").strip()
    if xdg:  # platformdirs reads os.environ; an explicit env mapping must win in tests
        return Path(xdg).expanduser() / APP_NAME
    if kind == "data":
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def _env_path(value: str | None) -> Path | None:
    return Path(value).expanduser() if value and value.strip() else None


def _read_toml(path: Path, *, required: bool) -> dict[str, Any]:
    if not path.is_file():
        if required:
            raise UserError(f"config {path}: no such file")
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"config {path} is not valid TOML ({exc})") from None


def _typed_matching(data: dict[str, Any], path: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    types = {f.name: (float if f.type == "float" else int) for f in fields(MatchSettings)}
    for key, value in data.items():
        kind = types.get(key)
        if kind is None:
            raise UserError(f"config {path}: unknown [matching] setting {key!r}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise UserError(f"config {path}: [matching] {key} must be a number")
        if kind is int and not float(value).is_integer():
            raise UserError(f"config {path}: [matching] {key} must be a whole number")
        out[key] = kind(value)
    return out


def _pick(values: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k in keys}
