"""Article text is data: make it safe to show in a terminal.

Terminal control and escape sequences (ANSI CSI/OSC, other C0/C1 controls) are removed; newlines
and tabs stay. Markup safety is the renderer's job: build ``rich.text.Text`` objects from this
output, never markup strings.
"""

from __future__ import annotations

import re

# ESC-introduced sequences (CSI, OSC terminated by BEL or ST, two-byte escapes), then any other
# C0 control except tab and newline, DEL, and the C1 range.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[@-Z\\-_]"  # two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def terminal_safe(text: str) -> str:
    """``text`` without terminal control or escape sequences (carriage returns become spaces)."""
    return _ESCAPES.sub("", text.replace("\r\n", "\n").replace("\r", " "))


def one_line(text: str, limit: int | None = None) -> str:
    """Terminal-safe text on one line, optionally shortened with an ellipsis."""
    flat = " ".join(terminal_safe(text).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat
