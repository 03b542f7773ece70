"""A report's text, one paragraph per widget, styled spans, scrolled to the one that matters."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.style import Style
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.safe import StyleType, highlighted

Mark = tuple[int, int, StyleType]

SENTENCE = Style(bgcolor="grey23")
CONTENT = Style(color="yellow", bold=True, bgcolor="grey23")
SPEAKER = Style(color="cyan", bold=True, underline=True, bgcolor="grey23")
CUE = Style(color="magenta", italic=True, underline=True, bgcolor="grey23")
EVIDENCE = Style(color="black", bgcolor="yellow")

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the paragraphs of ``text`` (blank-line separated, non-empty)."""
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


class ArticleView(VerticalScroll):
    """The raw text of a report, shown as data (never markup), with ``marks`` highlighted."""

    DEFAULT_CSS = """
    ArticleView { padding: 0 1; }
    ArticleView > .paragraph { margin-bottom: 1; }
    """

    def __init__(
        self, text: str, marks: Sequence[Mark], focus: int | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._text = text
        self._marks = list(marks)
        self._focus = focus
        self.target: Static | None = None

    def compose(self) -> ComposeResult:
        for start, end in paragraphs(self._text):
            local = [
                (max(s, start) - start, min(e, end) - start, st)
                for s, e, st in self._marks
                if s < end and e > start
            ]
            para = Static(highlighted(self._text[start:end], local), classes="paragraph")
            if self._focus is not None and start <= self._focus <= end and self.target is None:
                self.target = para
            yield para

    def on_mount(self) -> None:
        self.call_after_refresh(self.scroll_to_target)

    def scroll_to_target(self) -> None:
        """Bring the paragraph holding the focus offset to the top."""
        if self.target is not None:
            self.scroll_to_widget(self.target, animate=False, top=True)
