"""The bundled, illustrative sample corpus and its loader.

Every text under ``corpora/sample/`` was written for this project: the outlets and private
people in it are fictional. ``sample_articles()`` are the example articles to review;
``sample_corpus()`` are the other reports that evidence is drawn from.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "ILLUSTRATIVE_MARKER",
    "sample_articles",
    "sample_corpus",
    "sample_dir",
    "sample_manifest",
]

#: Phrase present in every sample file (in its metadata where the format allows).
ILLUSTRATIVE_MARKER = "illustrative"

_DATA_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv", ".tsv"})


def sample_dir() -> Path:
    """The folder holding ``articles/``, ``corpus/`` and the README (works when installed)."""
    path = Path(str(resources.files(__name__) / "sample"))
    if not path.is_dir():
        raise FileNotFoundError(f"sample corpus folder missing: {path}")
    return path


def _data_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in _DATA_SUFFIXES
    )


def sample_articles() -> list[Path]:
    """The example articles for the reviewer, sorted by name."""
    return _data_files(sample_dir() / "articles")


def sample_corpus() -> list[Path]:
    """The other reports (statements, relays, independent reports, unrelated news), sorted."""
    return _data_files(sample_dir() / "corpus")


def sample_manifest() -> dict[str, Any]:
    """Each sample report's role, speaker and figures, and the intended outcomes per claim.

    ``reports``: one entry per file (``record`` names the row of a JSONL or CSV file);
    ``expected``: the verdict and unverified-figure flag intended for the main article claims.
    """
    with (sample_dir() / "manifest.json").open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data
