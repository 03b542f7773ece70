"""Casualty reconciliation: every source's low / best / high for an event, and the lowest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from tui.safe import safe_line
from verifier.judge.reconcile import Reconciliation


def _n(value: int | None) -> str:
    return "—" if value is None else str(value)


class ReconcileScreen(Screen[None]):
    """One table per event slot (category, victim group, event), rows in publication order (the
    timeline of updates); ★ marks the most conservative; the title gives the best estimate and
    the range, and why the claims joined are one event (the engine's one rule)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, claim_text: str, reconciliations: Sequence[Reconciliation]) -> None:
        super().__init__()
        self.claim_text = claim_text
        self.reconciliations = list(reconciliations)

    def compose(self) -> ComposeResult:
        yield Header()
        title = Text("Figures for: ", style="bold")
        title.append_text(safe_line(self.claim_text, limit=200))
        yield Static(title, id="reconcile-header")
        with VerticalScroll(id="reconciliations"):
            if not self.reconciliations:
                yield Label("This claim carries no casualty figure.")
            for i, rec in enumerate(self.reconciliations):
                yield Label(self._title(rec), classes="pane-title")
                if rec.same_event:
                    yield Label(safe_line("same event: " + rec.same_event, limit=200))
                yield DataTable(id=f"slot-{i}", cursor_type="row", zebra_stripes=True)
        yield Footer()

    @staticmethod
    def _title(rec: Reconciliation) -> Text:
        out = safe_line(rec.title, style="bold")
        best = rec.most_conservative
        if best is not None:
            out.append("  most conservative: ")
            out.append_text(safe_line(best.text, style="bold green"))
            out.append(" (")
            out.append_text(safe_line(best.speaker))
            out.append(")")
        if rec.best_estimate is not None:
            out.append(f"  best estimate: {rec.best_estimate}")
        if rec.low is not None and rec.high is not None:
            out.append(f"  range: {rec.low}–{rec.high}")
        return out

    def on_mount(self) -> None:
        for i, rec in enumerate(self.reconciliations):
            table = self.query_one(f"#slot-{i}", DataTable)
            table.add_columns(
                "", "Speaker", "Type", "Outlet", "Date", "Low", "Best", "High", "Figure", "Indep."
            )
            for row in rec.timeline:
                lowest = row is rec.most_conservative
                table.add_row(
                    Text("★", style="bold green") if lowest else "",
                    safe_line(row.speaker, limit=30),
                    row.speaker_type.value,
                    safe_line(row.outlet or "—", limit=24),
                    row.published.isoformat() if row.published else "—",
                    _n(row.low),
                    _n(row.best),
                    _n(row.high),
                    safe_line(row.text, limit=40),
                    "yes" if row.independent else "no",
                )
            table.styles.height = len(rec.rows) + 1
        tables = self.query(DataTable)
        if tables:
            tables.first().focus()

    def action_back(self) -> None:
        self.dismiss()
