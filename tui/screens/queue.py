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
from verifier.review.items import ReviewItem

STATUS_CYCLE: tuple[ReviewStatus | None, ...] = (None, *ReviewStatus)
SPEAKER_CYCLE: tuple[SpeakerType | None, ...] = (None, *SpeakerType)


def _cycle(values: Sequence[object], current: object) -> object:
    return values[(values.index(current) + 1) % len(values)]


class QueueScreen(ClaimScreenBase):
    """The queue of claims, filterable and sortable; enter opens a claim."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *CLAIM_BINDINGS,
        Binding("slash", "search", "Search", id="queue.search"),
        Binding("1", "filter_flagged", "Flagged only", id="filter.flagged"),
        Binding("2", "filter_status", "Status filter", show=False, id="filter.status"),
        Binding("3", "filter_speaker", "Speaker filter", show=False, id="filter.speaker"),
        Binding("0", "clear_filters", "All claims", show=False, id="filter.clear"),
        Binding("s", "sort", "Sort", show=False, id="queue.sort"),
        Binding("S", "sort_reverse", "Reverse sort", show=False, id="queue.sort_reverse"),
        Binding("o", "open", "Open", show=False, id="app.open"),
        Binding("e", "export", "Export", id="app.export"),
        Binding("R", "recheck", "Re-check", show=False, id="app.recheck"),
        Binding("escape", "end_search", "End search", show=False, id="queue.end_search"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_items: list[ReviewItem] = []
        self._position: dict[str, int] = {}
        self._hay: dict[tuple[int, str], tuple[object, str]] = {}
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
        self._position = {it.claim_id: i for i, it in enumerate(self.all_items)}
        self.apply_view()

    def passes(self, item: ReviewItem) -> bool:
        """Does ``item`` pass the current filters?"""
        return bool(self._filter([item]))

    def _filter(self, items: list[ReviewItem]) -> list[ReviewItem]:
        shown = items
        if self.flagged_only:
            shown = [it for it in shown if it.flagged]
        if self.status_filter is not None:
            status = self.status_filter
            shown = [it for it in shown if it.status is status]
        if self.speaker_filter is not None:
            kind = self.speaker_filter
            shown = [it for it in shown if it.assessment.claim.speaker_type is kind]
        needle = self.search_text.casefold().strip()
        if needle:
            hay = self._haystack
            shown = [it for it in shown if needle in hay(it)]
        return shown

    def _haystack(self, item: ReviewItem) -> str:
        """What search looks in (cached per assessment): claim, content, speaker, note."""
        key = (id(item.assessment), item.note)
        cached = self._hay.get(key)
        if cached is None or cached[0] is not item.assessment:
            claim = item.assessment.claim
            text = " ".join((claim.text, claim.content.text, claim.speaker_name or "", item.note))
            cached = self._hay[key] = (item.assessment, text.casefold())
        return cached[1]

    def visible_items(self) -> list[ReviewItem]:
        """The claims that pass the filters, in the chosen order."""
        shown = self._filter(self.all_items)
        if self.sort_column is not None:
            column = next(c for c in COLUMNS if c.key == self.sort_column)
            shown = sorted(shown, key=column.sort_key, reverse=self.sort_reverse)
        return shown

    def apply_view(self) -> None:
        """Refilter and redraw, keeping the cursor on the same claim where it is still shown."""
        shown = self.visible_items()
        self.table.set_items(shown, keep=self.table.selected)
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
        index = self._position.get(item.claim_id)
        if index is not None:
            self.all_items[index] = item
        self.table.update_item(item)
        if not self.passes(item) or self.sort_column in ("status", "flag", "note"):
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
