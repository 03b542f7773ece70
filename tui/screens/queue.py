"""The claim queue: every claim with its status, flag, article, speaker, figures and verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, Input, Label, ProgressBar, Static

from tui import messages as msg
from tui.screens.base import CLAIM_BINDINGS, ClaimScreenBase
from tui.search import SearchIndex
from tui.widgets.claim_table import COLUMNS, ClaimTable
from tui.widgets.key_bar import KeyBar
from verifier.model import ReviewStatus, SpeakerType
from verifier.review.items import ReviewItem

STATUS_CYCLE: tuple[ReviewStatus | None, ...] = (None, *ReviewStatus)
SPEAKER_CYCLE: tuple[SpeakerType | None, ...] = (None, *SpeakerType)
SEARCH_DELAY = 0.15  # seconds of no typing before the search runs


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
        Binding("s", "sort", "Sort by next column", show=False, id="queue.sort"),
        Binding("S", "sort_reverse", "Reverse sort", show=False, id="queue.sort_reverse"),
        Binding("o", "open", "Open article", show=False, id="app.open"),
        Binding("e", "export", "Export", id="app.export"),
        Binding("R", "recheck", "Check again", show=False, id="app.recheck"),
        Binding("escape", "end_search", "End search", show=False, id="queue.end_search"),
    ]

    class Ready(Message):
        """The queue is on screen: the app fills it."""

    def __init__(self) -> None:
        super().__init__()
        self.all_items: list[ReviewItem] = []
        self._position: dict[str, int] = {}
        self.search = SearchIndex()
        self.pending: set[str] = set()  # claims whose evidence is being matched
        self.unsaved: set[str] = set()  # of those, the ones not in the store yet
        self.flagged_only = False
        self.status_filter: ReviewStatus | None = None
        self.speaker_filter: SpeakerType | None = None
        self.search_text = ""
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._search_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="filters")
        yield Input(placeholder="search claims, speakers, articles, notes", id="search")
        yield ClaimTable(id="claims", pending=self.pending)
        with Horizontal(id="progress"):
            yield Label(id="stage")
            yield ProgressBar(id="bar", show_eta=False, show_percentage=False)
        yield KeyBar()

    @property
    def table(self) -> ClaimTable:
        return self.query_one(ClaimTable)

    def on_mount(self) -> None:
        self.query_one("#search").display = False
        self.query_one("#progress").display = False
        self.table.focus()
        self.post_message(self.Ready())

    # -- data -------------------------------------------------------------------------------
    def show_items(self, items: Sequence[ReviewItem]) -> None:
        """Show ``items`` (the store's claims) through the current filters and sort."""
        self.all_items = list(items)
        self._position = {it.claim_id: i for i, it in enumerate(self.all_items)}
        self.pending.clear()
        self.unsaved.clear()
        self.search.build(self.all_items)
        self.apply_view()

    def add_pending(self, items: Sequence[ReviewItem]) -> None:
        """Claims just extracted: shown at once, their evidence marked as still being matched."""
        for item in items:
            self.pending.add(item.claim_id)
            if item.claim_id in self._position:
                continue
            self.unsaved.add(item.claim_id)
            self._position[item.claim_id] = len(self.all_items)
            self.all_items.append(item)
            self.search.add(item)
        self.table.forget_rendered()
        self.apply_view()

    def assessed(self, item: ReviewItem) -> None:
        """A claim's evidence is in: show its stored version."""
        self.pending.discard(item.claim_id)
        self.unsaved.discard(item.claim_id)
        self.replace_item(item, force=True)

    def settle(self) -> None:
        """The check ended with every claim saved: nothing is matching any more."""
        self.pending.clear()
        self.table.forget_rendered()
        self._describe(len(self.table.items))

    def passes(self, item: ReviewItem) -> bool:
        """Does ``item`` pass the current filters?"""
        return bool(self._filter([item]))

    def _filter(self, items: list[ReviewItem]) -> list[ReviewItem]:
        shown = items
        if self.search_text.strip():
            hits = self.search.matching(self.search_text)
            shown = [it for it in shown if it.claim_id in hits]
        if self.flagged_only:
            shown = [it for it in shown if it.flagged]
        if self.status_filter is not None:
            status = self.status_filter
            shown = [it for it in shown if it.status is status]
        if self.speaker_filter is not None:
            kind = self.speaker_filter
            shown = [it for it in shown if it.assessment.claim.speaker_type is kind]
        return shown

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
        if self.pending:
            text += f" · {len(self.pending)} still matching evidence"
        self.query_one("#filters", Static).update(text)

    def replace_item(self, item: ReviewItem, force: bool = False) -> None:
        """A claim changed in the store: update it and re-apply the filters."""
        index = self._position.get(item.claim_id)
        if index is not None:
            self.all_items[index] = item
        self.search.add(item)
        shown = self.table.update_item(item)
        resort = self.sort_column in ("status", "flag", "note", "verdict", "support", "contra")
        if force or not shown or not self.passes(item) or resort:
            self.apply_view()

    def current_item(self) -> ReviewItem | None:
        return self.table.selected

    # -- progress ---------------------------------------------------------------------------
    def show_progress(self, text: str, done: int, total: int) -> None:
        """Show the check's progress: stage, counts, rate and time left."""
        self.query_one("#progress").display = True
        self.query_one("#stage", Label).update(text)
        self.query_one("#bar", ProgressBar).update(total=max(total, 1), progress=done)

    def hide_progress(self) -> None:
        self.query_one("#progress").display = False
        self._describe(len(self.table.items))

    # -- events and actions -----------------------------------------------------------------
    def on_claim_table_selected(self, event: ClaimTable.Selected) -> None:
        self.post_message(msg.OpenClaim(event.item))

    def on_claim_table_header_clicked(self, event: ClaimTable.HeaderClicked) -> None:
        if self.sort_column == event.column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = event.column, False
        self.apply_view()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing only restarts a short timer; the search runs when typing pauses."""
        if event.input.id == "search":
            self.search_text = event.value
            if self._search_timer is not None:
                self._search_timer.stop()
            self._search_timer = self.set_timer(SEARCH_DELAY, self._run_search)

    def _run_search(self) -> None:
        self._search_timer = None
        self.apply_view()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            if self._search_timer is not None:
                self._search_timer.stop()
                self._run_search()
            self.table.focus()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    def action_end_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus or self.search_text:
            if self._search_timer is not None:
                self._search_timer.stop()
                self._search_timer = None
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
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
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
        self.post_message(msg.AskOpen())

    def action_export(self) -> None:
        self.post_message(msg.AskExport(list(self.table.items)))

    def action_recheck(self) -> None:
        self.post_message(msg.Recheck())
