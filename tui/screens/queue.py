"""The claim queue: every claim with its status, flag, assignee, article, speaker, figures and
verdict; marked claims take an action together."""

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
from tui.safe import safe_line
from tui.screens.base import CLAIM_BINDINGS, ClaimScreenBase
from tui.view import QueueView
from tui.widgets.claim_table import SORT_KEYS, ClaimTable
from tui.widgets.key_bar import KeyBar
from verifier.model import ReviewStatus, SpeakerType
from verifier.review.items import ReviewItem

STATUS_CYCLE: tuple[ReviewStatus | None, ...] = (None, *ReviewStatus)
SPEAKER_CYCLE: tuple[SpeakerType | None, ...] = (None, *SpeakerType)
SEARCH_DELAY = 0.15  # seconds of no typing before the search runs
# sorted by one of these columns, a change of the claim may move it
RESORT = frozenset(
    {"status", "signoff", "flag", "note", "assignee", "verdict", "support", "contra"}
)


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
        Binding("m", "filter_mine", "Mine only", show=False, id="filter.mine"),
        Binding("0", "clear_filters", "All claims", show=False, id="filter.clear"),
        Binding("s", "sort", "Sort by next column", show=False, id="queue.sort"),
        Binding("S", "sort_reverse", "Reverse sort", show=False, id="queue.sort_reverse"),
        Binding("o", "open", "Open article", show=False, id="app.open"),
        Binding("e", "export", "Export", id="app.export"),
        Binding("R", "recheck", "Check again", show=False, id="app.recheck"),
        Binding("escape", "end_search", "End search or unmark", show=False, id="queue.end_search"),
    ]

    class Ready(Message):
        """The queue is on screen: the app fills it."""

    def __init__(self, me: str = "") -> None:
        super().__init__()
        self.view = QueueView(me)
        self.pending: set[str] = set()  # claims whose evidence is being matched
        self.unsaved: set[str] = set()  # of those, the ones not in the store yet
        self._search_timer: Timer | None = None
        self._table = ClaimTable(id="claims", pending=self.pending)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="filters")
        yield Input(placeholder="search claims, speakers, articles, notes", id="search")
        yield self._table
        with Horizontal(id="progress"):
            yield Label(id="stage")
            yield ProgressBar(id="bar", show_eta=False, show_percentage=False)
        yield KeyBar()

    @property
    def table(self) -> ClaimTable:
        return self._table

    @property
    def all_items(self) -> list[ReviewItem]:
        """Every claim of the queue, shown or not, in store order."""
        return self.view.items

    @property
    def search_text(self) -> str:
        return self.view.search_text

    @search_text.setter
    def search_text(self, value: str) -> None:
        self.view.search_text = value

    @property
    def status_filter(self) -> ReviewStatus | None:
        return self.view.status

    @property
    def speaker_filter(self) -> SpeakerType | None:
        return self.view.speaker

    def on_mount(self) -> None:
        self.query_one("#search").display = False
        self.query_one("#progress").display = False
        self.table.focus()
        self.post_message(self.Ready())

    # -- data -------------------------------------------------------------------------------
    def show_items(self, items: Sequence[ReviewItem]) -> None:
        """Show ``items`` (the store's claims) through the current filters and sort."""
        self.view.load(items)
        self.pending.clear()
        self.unsaved.clear()
        self.apply_view()

    def add_pending(self, items: Sequence[ReviewItem]) -> None:
        """Claims just extracted: shown at once, their evidence marked as still being matched."""
        for item in items:
            claim_id = item.claim_id
            self.pending.add(claim_id)
            if claim_id not in self.view.position:
                self.unsaved.add(claim_id)
                self.view.add(item, claim_id)
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
        self._describe()

    def apply_view(self) -> None:
        """Refilter and redraw, keeping the cursor on the same claim where it is still shown."""
        view = self.view
        shown = view.visible()
        items, ids = view.items, view.ids
        self.table.set_items(
            [items[p] for p in shown], keep=self.table.selected, ids=[ids[p] for p in shown]
        )
        self._describe()

    def _describe(self) -> None:
        text = f"{len(self.table.items)} of {len(self.all_items)} claims · {self.view.describe()}"
        if self.pending:
            text += f" · {len(self.pending)} still matching evidence"
        if marked := len(self.table.marked):
            text += f" · {marked} marked: the next action applies to all (escape unmarks)"
        self.query_one("#filters", Static).update(safe_line(text, limit=400), layout=False)

    def replace_item(self, item: ReviewItem, force: bool = False) -> None:
        """A claim changed in the store: update it and re-apply the filters."""
        self.replace_items([item], force=force)

    def replace_items(self, items: Sequence[ReviewItem], force: bool = False) -> None:
        """Claims changed in the store: update their rows; re-apply the filters and the sort
        only when one of them enters or leaves the view or the sort depends on what changed."""
        view, table = self.view, self.table
        redo = force or view.sort_column in RESORT
        for item in items:
            claim_id = item.claim_id
            if view.replace(item, claim_id) is None:
                continue
            shown = table.update_item(item, claim_id, redraw=len(items) == 1)
            redo = redo or shown != view.passes(claim_id)
        if redo:
            self.apply_view()
        elif len(items) > 1:
            table.refresh()  # once, not row by row

    def known(self, item: ReviewItem) -> bool:
        """Whether the queue already shows this very version of the claim."""
        position = self.view.position.get(item.claim_id)
        return position is not None and self.all_items[position] is item

    def shows(self, claim_id: str, rev: int | None) -> bool:
        """Whether the queue already shows ``claim_id`` at revision ``rev`` or later."""
        position = self.view.position.get(claim_id)
        return rev is not None and position is not None and self.all_items[position].rev >= rev

    def current_item(self) -> ReviewItem | None:
        return self.table.selected

    def targets(self) -> tuple[list[ReviewItem], bool]:
        """The marked claims (in queue order), else the one under the cursor; True: marked."""
        marked = self.table.marked
        if marked:
            position = self.view.position
            at = sorted(position[c] for c in marked if c in position)
            return [self.all_items[i] for i in at], True
        return super().targets()

    # -- progress ---------------------------------------------------------------------------
    def show_progress(self, text: str, done: int, total: int) -> None:
        """Show the check's progress: stage, counts, rate and time left."""
        self.query_one("#progress").display = True
        self.query_one("#stage", Label).update(text, layout=False)
        self.query_one("#bar", ProgressBar).update(total=max(total, 1), progress=done)

    def hide_progress(self) -> None:
        self.query_one("#progress").display = False
        self._describe()

    # -- events and actions -----------------------------------------------------------------
    def on_claim_table_selected(self, event: ClaimTable.Selected) -> None:
        self.post_message(msg.OpenClaim(event.item))

    def on_claim_table_marks_changed(self, event: ClaimTable.MarksChanged) -> None:
        self._describe()

    def on_claim_table_header_clicked(self, event: ClaimTable.HeaderClicked) -> None:
        view = self.view
        if view.sort_column == event.column:
            view.sort_reverse = not view.sort_reverse
        else:
            view.sort_column, view.sort_reverse = event.column, False
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
        """End the search; with none, unmark the marked claims."""
        search = self.query_one("#search", Input)
        if not (search.has_focus or self.search_text) and self.table.marked:
            self.table.set_marks(set())
            return
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
        self.view.flagged_only = not self.view.flagged_only
        self.apply_view()

    def action_filter_mine(self) -> None:
        self.view.mine_only = not self.view.mine_only
        self.apply_view()

    def action_filter_status(self) -> None:
        self.view.status = _cycle(STATUS_CYCLE, self.view.status)  # type: ignore[assignment]
        self.apply_view()

    def action_filter_speaker(self) -> None:
        self.view.speaker = _cycle(SPEAKER_CYCLE, self.view.speaker)  # type: ignore[assignment]
        self.apply_view()

    def action_clear_filters(self) -> None:
        view = self.view
        view.flagged_only = view.mine_only = False
        view.status = view.speaker = None
        view.search_text = ""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False
        self.apply_view()

    def action_sort(self, reverse: bool = False) -> None:
        keys = [None, *SORT_KEYS]
        view = self.view
        view.sort_column = keys[(keys.index(view.sort_column) + 1) % len(keys)]
        view.sort_reverse = reverse
        self.apply_view()

    def action_sort_reverse(self) -> None:
        self.view.sort_reverse = not self.view.sort_reverse
        self.apply_view()

    def action_open(self) -> None:
        self.post_message(msg.AskOpen())

    def action_export(self) -> None:
        items, marked = self.targets()
        if marked:
            self.post_message(msg.AskExport(items, f"the {len(items)} marked claims"))
        else:
            self.post_message(msg.AskExport(list(self.table.items)))

    def action_recheck(self) -> None:
        self.post_message(msg.Recheck())
