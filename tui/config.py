"""Where the review app keeps its files, and the user's key remapping (TOML)."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Collection
from pathlib import Path

from verifier.errors import UserError
from verifier.store import home_dir


def verifier_home() -> Path:
    """$VERIFIER_HOME, else ~/.local/share/verifier (the engine's default stores live there)."""
    return home_dir()


def default_store_path() -> Path:
    """The review store used when ``--store`` is not given."""
    return verifier_home() / "review.db"


def keymap_path() -> Path:
    """$VERIFIER_HOME/keys.toml when VERIFIER_HOME is set, else ~/.config/verifier/keys.toml."""
    if os.environ.get("VERIFIER_HOME"):
        return verifier_home() / "keys.toml"
    base = os.environ.get("XDG_CONFIG_HOME")
    root = Path(base).expanduser() if base else Path.home() / ".config"
    return root / "verifier" / "keys.toml"


def load_keymap(path: Path | None = None, known_ids: Collection[str] = ()) -> dict[str, str]:
    """Binding id -> key(s) from a TOML file (top level or a ``[keys]`` table).

    A missing file is an empty keymap; a malformed file or an unknown binding id is a UserError.
    """
    target = path or keymap_path()
    if not target.is_file():
        return {}
    try:
        data = tomllib.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"key file {target} is not valid TOML ({exc})") from exc
    table = data.get("keys", data)
    if not isinstance(table, dict):
        raise UserError(f"key file {target}: [keys] must be a table")
    keymap: dict[str, str] = {}
    for binding_id, key in table.items():
        if not isinstance(key, str) or not key.strip():
            raise UserError(f"key file {target}: {binding_id!r} must map to a key string")
        if known_ids and binding_id not in known_ids:
            raise UserError(f"key file {target}: unknown binding id {binding_id!r}")
        keymap[binding_id] = key.strip()
    return keymap
