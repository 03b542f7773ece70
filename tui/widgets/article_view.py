"""A report's text, one paragraph per widget, styled spans, scrolled to the one that matters.

By default only the cleaned article shows (title and body paragraphs, each once, as
``verifier.read.clean`` finds them: no date line, repeated body, related stories or sign-up
text); :meth:`ArticleView.toggle_raw` switches to the raw page and back. Offsets are always into
the raw text, so the marks stay right in both views.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.safe import StyleType, highlighted
from verifier.model import Report

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


def clean_paragraphs(report: Report) -> list[tuple[int, int]]:
    """(start, end) of the title and body paragraphs of ``report``, each once."""
    from verifier.read.clean import body_spans

    return [(s.start, s.end) for s in body_spans(report)]


class ArticleView(VerticalScroll):
    """A report shown as data (never markup), cleaned or raw, with ``marks`` highlighted.

    The text is one Static (a widget per paragraph made opening a claim several times slower);
    :meth:`scroll_to_target` counts the wrapped lines above the paragraph holding ``focus``.
    """

    DEFAULT_CSS = """
    ArticleView { padding: 0 1; }
    ArticleView > #article-text { width: 1fr; }
    """

    def __init__(
        self,
        report: Report,
        marks: Sequence[Mark],
        focus: int | None = None,
        *,
        raw: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.report = report
        self._marks = list(marks)
        self._focus = focus
        self.raw = raw
        self._before: Text | None = None  # the text above the focus paragraph

    def pieces(self) -> list[tuple[int, int]]:
        """The paragraphs shown; the raw page when the focus lies outside the clean body."""
        text = self.report.text
        if self.raw:
            return paragraphs(text)
        body = clean_paragraphs(self.report)
        focus = self._focus
        if not body or (focus is not None and not any(s <= focus < e for s, e in body)):
            self.raw = True
            return paragraphs(text)
        return body

    def render_text(self) -> Text:
        """The paragraphs shown, a blank line apart, with the marks styled."""
        text = self.report.text
        out = Text(end="")
        self._before = None
        for start, end in self.pieces():
            local = [
                (max(s, start) - start, min(e, end) - start, st)
                for s, e, st in self._marks
                if s < end and e > start
            ]
            if out:
                out.append("\n\n")
            if self._focus is not None and start <= self._focus <= end and self._before is None:
                self._before = out.copy()
            out.append_text(highlighted(text[start:end], local, flatten=not self.raw))
        return out

    def compose(self) -> ComposeResult:
        yield Static(self.render_text(), id="article-text")

    def on_mount(self) -> None:
        self.call_after_refresh(self.scroll_to_target)

    def show(self, report: Report, marks: Sequence[Mark], focus: int | None = None) -> None:
        """Show another report (cleaned), scrolled to ``focus``."""
        self.report, self._marks, self._focus, self.raw = report, list(marks), focus, False
        self.query_one("#article-text", Static).update(self.render_text())
        self.call_after_refresh(self.scroll_to_target)

    def toggle_raw(self) -> None:
        """Switch between the cleaned article and the raw page."""
        self.raw = not self.raw
        self.query_one("#article-text", Static).update(self.render_text())
        self.call_after_refresh(self.scroll_to_target)

    def scroll_to_target(self) -> None:
        """Bring the paragraph holding the focus offset to the top."""
        if self._before is None or not self._before:
            self.scroll_home(animate=False)
            return
        width = max(self.query_one("#article-text", Static).content_region.width, 1)
        lines = self._before.wrap(self.app.console, width)
        self.scroll_to(y=len(lines) - 1, animate=False)
