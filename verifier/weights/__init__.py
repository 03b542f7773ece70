"""Committed model weights (see docs/attribution.md and docs/stance.md); ``DIR`` is this folder."""

from pathlib import Path

DIR = Path(__file__).resolve().parent
