"""The user's key remapping for the review app (TOML; where it lives: ``Settings.keymap_file``)."""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from pathlib import Path

from verifier.errors import UserError


def load_keymap(path: Path, known_ids: Collection[str] = ()) -> dict[str, str]:
    """Binding id -> key(s) from a TOML file (top level or a ``[keys]`` table).

    A missing file is an empty keymap; a malformed file or an unknown binding id is a UserError.
    """
    target = path
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
