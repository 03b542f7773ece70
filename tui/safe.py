"""Article text is data: every article-derived string shown in the UI goes through here.

Text is cleaned of terminal control and escape sequences (``verifier.safetext``) and wrapped in
``rich.text.Text`` objects, never markup strings, so ``[bold]`` or ``[link=...]`` shows literally.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from verifier.safetext import one_line, terminal_safe

StyleType = str | Style


def safe(text: str | None, style: StyleType = "") -> Text:
    """A Text of ``text`` with control sequences removed; markup is never interpreted."""
    return Text(terminal_safe(text or ""), style=style, end="")


def safe_line(text: str | None, style: StyleType = "", limit: int | None = None) -> Text:
    """Like :func:`safe`, flattened to one line (and shortened to ``limit`` characters)."""
    return Text(one_line(text or "", limit), style=style, end="")


def highlighted(
    text: str, marks: Iterable[tuple[int, int, StyleType]], *, flatten: bool = False
) -> Text:
    """``text`` with the character ranges ``marks`` styled; offsets are into the raw ``text``.

    Each piece between mark boundaries is cleaned separately, so offsets stay right even when
    the raw text holds control characters. Overlapping marks: the later one wins. ``flatten``
    joins hard-wrapped lines (newlines become spaces).
    """
    bounds = {0, len(text)}
    valid = [(s, e, st) for s, e, st in marks if 0 <= s < e <= len(text)]
    for start, end, _ in valid:
        bounds.update((start, end))
    edges = sorted(bounds)
    out = Text(end="")
    for a, b in itertools.pairwise(edges):
        style: StyleType = ""
        for start, end, st in valid:
            if start <= a and b <= end:
                style = st
        piece = terminal_safe(text[a:b])
        out.append(piece.replace("\n", " ") if flatten else piece, style=style or None)
    return out
