"""A report from the corpus with one evidence sentence highlighted."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tui.safe import safe_line
from tui.widgets.article_view import EVIDENCE, ArticleView
from verifier.model import Evidence


class ReportScreen(Screen[None]):
    """The evidence sentence in its report, scrolled to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, evidence: Evidence) -> None:
        super().__init__()
        self.evidence = evidence

    def compose(self) -> ComposeResult:
        e, r = self.evidence, self.evidence.report
        head = Text(end="")
        head.append_text(safe_line(r.title or r.id, style="bold"))
        head.append("\n")
        head.append_text(safe_line(r.outlet or "unknown outlet"))
        head.append(f" · {r.published.isoformat() if r.published else 'no date'} · ")
        head.append(f"{e.stance.value} · ")
        head.append_text(safe_line(e.reason, style="dim"))
        yield Header()
        yield Static(head, id="report-header")
        marks = [(e.sentence.start, e.sentence.end, EVIDENCE)]
        yield ArticleView(r.text, marks, e.sentence.start, id="report")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleView).focus()

    def action_back(self) -> None:
        self.dismiss()
