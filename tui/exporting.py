"""Where the app's exports go: a default folder and file name, and the audit trail for JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from verifier.review.items import ReviewItem
from verifier.review.store import ReviewStore

SUFFIX = {"md": "md", "csv": "csv", "json": "json", "claimreview": "jsonld"}


def default_export_path(folder: Path, fmt: str, now: datetime | None = None) -> Path:
    """``folder/claims-YYYY-MM-DD-HHMM.<suffix>``: a new name each minute, sorted by time."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d-%H%M")
    return folder / f"claims-{stamp}.{SUFFIX[fmt]}"


def resolve_target(value: str, folder: Path) -> Path:
    """The absolute path the user means: ``~`` expanded, a relative path inside ``folder``."""
    path = Path(value.strip()).expanduser()
    return (path if path.is_absolute() else folder / path).absolute()


def history_for(store: ReviewStore, items: Sequence[ReviewItem]) -> dict[str, list[dict[str, Any]]]:
    """The audit trail of ``items``, by claim id, oldest first."""
    wanted = {it.claim_id for it in items}
    history: dict[str, list[dict[str, Any]]] = {}
    for entry in store.history():
        if entry["claim_id"] in wanted:
            history.setdefault(entry["claim_id"], []).append(entry)
    return history
