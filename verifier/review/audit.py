"""The audit trail as CSV: every change of a review store, oldest first, one row each.

Cells are cleaned like the claims CSV export: terminal control and invisible format characters
removed (:func:`verifier.safetext.terminal_safe`), and formula-like text gets a leading
apostrophe (:func:`verifier.review.export.csv_cell`), so a spreadsheet shows it as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from verifier.review.export import csv_cell
from verifier.safetext import terminal_safe

AUDIT_COLUMNS = ("id", "when", "who", "claim_id", "action", "value", "old_value", "undoes")


def audit_csv(history: Iterable[Mapping[str, Any]]) -> str:
    """CSV of :meth:`ReviewStore.history` entries, with a header row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(AUDIT_COLUMNS)
    for h in history:
        keys = ("id", "when", "who", "claim_id", "action", "value", "old", "undoes")
        writer.writerow([_cell(h[k]) for k in keys])
    return buf.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return csv_cell(terminal_safe(value)) if isinstance(value, str) else value
