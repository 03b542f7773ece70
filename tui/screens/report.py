"""A report from the corpus with one evidence sentence highlighted."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from tui.labels import report_label
from tui.safe import safe_line
from tui.widgets.article_view import EVIDENCE, ArticleView
from tui.widgets.key_bar import KeyBar
from verifier.model import Evidence


class ReportScreen(Screen[None]):
    """The evidence sentence in its report (cleaned; ``t`` shows the raw page), scrolled to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "toggle_raw", "Raw or clean page", id="source.raw"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, evidence: Evidence) -> None:
        super().__init__()
        self.evidence = evidence

    def compose(self) -> ComposeResult:
        e = self.evidence
        yield Header()
        yield Static(id="report-header")
        marks = [(e.sentence.start, e.sentence.end, EVIDENCE)]
        yield ArticleView(e.report, marks, e.sentence.start, id="report")
        yield KeyBar()

    def _head(self) -> Text:
        e, r = self.evidence, self.evidence.report
        head = Text(end="")
        head.append_text(safe_line(r.title or report_label(r), style="bold"))
        head.append("\n")
        head.append_text(safe_line(report_label(r) if r.outlet else "outlet not given"))
        head.append(f" · {r.published.isoformat() if r.published else 'no date'} · ")
        head.append(f"{e.stance.value} · ")
        head.append_text(safe_line(e.reason, style="dim"))
        raw = self.query_one(ArticleView).raw
        head.append("\nraw page (t: clean article)" if raw else "\nclean article (t: raw page)")
        return head

    def on_mount(self) -> None:
        self.query_one("#report-header", Static).update(self._head())
        self.query_one(ArticleView).focus()

    def action_toggle_raw(self) -> None:
        self.query_one(ArticleView).toggle_raw()
        self.query_one("#report-header", Static).update(self._head())

    def action_back(self) -> None:
        self.dismiss()
