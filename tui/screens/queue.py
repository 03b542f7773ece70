"""The claim queue: every claim with its status, flag, speaker, figures and verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, Label, ProgressBar, Static

from tui.screens.base import CLAIM_BINDINGS, ClaimScreenBase
from tui.widgets.claim_table import COLUMNS, ClaimTable
from verifier.model import ReviewStatus, SpeakerType
from verifier.review import ReviewItem

STATUS_CYCLE: tuple[ReviewStatus | None, ...] = (None, *ReviewStatus)
SPEAKER_CYCLE: tuple[SpeakerType | None, ...] = (None, *SpeakerType)


def _cycle(values: Sequence[object], current: object) -> object:
    return values[(values.index(current) + 1) % len(values)]


def matches(item: ReviewItem, needle: str) -> bool:
    """Does the search text occur in the claim, its speaker, its content or its note?"""
    claim = item.assessment.claim
    hay = " ".join((claim.text, claim.content.text, claim.speaker_name or "", item.note))
    return needle in hay.casefold()


class QueueScreen(ClaimScreenBase):
    """The queue of claims, filterable and sortable; enter opens a claim."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *CLAIM_BINDINGS,
        Binding("slash", "search", "Search", id="queue.search"),
        Binding("1", "filter_flagged", "Flagged only", id="filter.flagged"),
        Binding("2", "filter_status", "Status filter", id="filter.status"),
        Binding("3", "filter_speaker", "Speaker filter", id="filter.speaker"),
        Binding("0", "clear_filters", "All claims", id="filter.clear"),
        Binding("s", "sort", "Sort", id="queue.sort"),
        Binding("S", "sort_reverse", "Reverse sort", show=False, id="queue.sort_reverse"),
        Binding("o", "open", "Open", id="app.open"),
        Binding("e", "export", "Export", id="app.export"),
        Binding("R", "recheck", "Re-check", show=False, id="app.recheck"),
        Binding("escape", "end_search", "End search", show=False, id="queue.end_search"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_items: list[ReviewItem] = []
        self.flagged_only = False
        self.status_filter: ReviewStatus | None = None
        self.speaker_filter: SpeakerType | None = None
        self.search_text = ""
        self.sort_column: str | None = None
        self.sort_reverse = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="filters")
        yield Input(placeholder="search claims, speakers, notes", id="search")
        yield ClaimTable(id="claims")
        with Horizontal(id="progress"):
            yield Label(id="stage")
            yield ProgressBar(id="bar", show_eta=False)
        yield Footer()

    @property
    def table(self) -> ClaimTable:
        return self.query_one(ClaimTable)

    def on_mount(self) -> None:
        self.query_one("#search").display = False
        self.query_one("#progress").display = False
        self.reload()
        self.table.focus()
        self.review_app.queue_ready()

    # -- data -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read every claim from the store again and show the filtered, sorted view."""
        self.all_items = self.review_app.store.items()
        self.apply_view()

    def passes(self, item: ReviewItem) -> bool:
        """Does ``item`` pass the current filters?"""
        needle = self.search_text.casefold().strip()
        return (
            (not self.flagged_only or item.flagged)
            and (self.status_filter is None or item.status is self.status_filter)
            and (
                self.speaker_filter is None
                or item.assessment.claim.speaker_type is self.speaker_filter
            )
            and (not needle or matches(item, needle))
        )

    def visible_items(self) -> list[ReviewItem]:
        """The claims that pass the filters, in the chosen order."""
        shown = [it for it in self.all_items if self.passes(it)]
        if self.sort_column is not None:
            column = next(c for c in COLUMNS if c.key == self.sort_column)
            shown.sort(key=column.sort_key, reverse=self.sort_reverse)
        return shown

    def apply_view(self) -> None:
        """Refilter and redraw, keeping the cursor on the same claim where it is still shown."""
        selected = self.table.selected
        keep = selected.assessment.claim.id if selected else None
        shown = self.visible_items()
        self.table.set_items(shown, keep=keep)
        self._describe(len(shown))

    def _describe(self, shown: int) -> None:
        parts = []
        if self.flagged_only:
            parts.append("flagged figures")
        if self.status_filter is not None:
            parts.append(f"status: {self.status_filter.value}")
        if self.speaker_filter is not None:
            parts.append(f"speaker: {self.speaker_filter.value}")
        if self.search_text:
            parts.append(f"search: {self.search_text!r}")
        if self.sort_column is not None:
            parts.append(f"sorted by {self.sort_column}{' ↓' if self.sort_reverse else ''}")
        filters = " · ".join(parts) if parts else "all claims"
        text = f"{shown} of {len(self.all_items)} claims · {filters}"
        self.query_one("#filters", Static).update(text)

    def replace_item(self, item: ReviewItem) -> None:
        """A claim changed in the store: update it and re-apply the filters."""
        claim_id = item.assessment.claim.id
        for i, old in enumerate(self.all_items):
            if old.assessment.claim.id == claim_id:
                self.all_items[i] = item
                break
        if self.passes(item) and self.sort_column not in ("status", "flag"):
            self.table.update_item(item)
        else:
            self.apply_view()

    def current_item(self) -> ReviewItem | None:
        return self.table.selected

    # -- progress ---------------------------------------------------------------------------
    def show_progress(self, stage: str, done: int, total: int) -> None:
        """Show the check worker's progress."""
        self.query_one("#progress").display = True
        self.query_one("#stage", Label).update(f"{stage} {done}/{total}")
        self.query_one("#bar", ProgressBar).update(total=max(total, 1), progress=done)

    def hide_progress(self) -> None:
        self.query_one("#progress").display = False

    # -- events and actions -----------------------------------------------------------------
    def on_claim_table_selected(self, event: ClaimTable.Selected) -> None:
        self.review_app.open_claim(event.item)

    def on_claim_table_header_clicked(self, event: ClaimTable.HeaderClicked) -> None:
        if self.sort_column == event.column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = event.column, False
        self.apply_view()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.search_text = event.value
            self.apply_view()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.table.focus()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    def action_end_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus or self.search_text:
            search.value = ""
            self.search_text = ""
            search.display = False
            self.table.focus()
            self.apply_view()

    def action_filter_flagged(self) -> None:
        self.flagged_only = not self.flagged_only
        self.apply_view()

    def action_filter_status(self) -> None:
        self.status_filter = _cycle(STATUS_CYCLE, self.status_filter)  # type: ignore[assignment]
        self.apply_view()

    def action_filter_speaker(self) -> None:
        self.speaker_filter = _cycle(SPEAKER_CYCLE, self.speaker_filter)  # type: ignore[assignment]
        self.apply_view()

    def action_clear_filters(self) -> None:
        self.flagged_only = False
        self.status_filter = self.speaker_filter = None
        self.search_text = ""
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False
        self.apply_view()

    def action_sort(self, reverse: bool = False) -> None:
        keys = [None, *(c.key for c in COLUMNS)]
        self.sort_column = keys[(keys.index(self.sort_column) + 1) % len(keys)]
        self.sort_reverse = reverse
        self.apply_view()

    def action_sort_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self.apply_view()

    def action_open(self) -> None:
        self.review_app.ask_open()

    def action_export(self) -> None:
        self.review_app.ask_export(self.table.items)

    def action_recheck(self) -> None:
        self.review_app.recheck()
