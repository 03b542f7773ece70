"""A virtualised claim table: only the visible rows are ever rendered, so 10,000 claims are cheap.

Textual's DataTable measures every cell of every row when rows are added (about 1.5 s for
10,000 rows here); this widget renders lines on demand with the Line API instead. Claims can be
marked (space, shift+up/down, ctrl+a) for an action on all of them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.labels import article_label
from tui.safe import safe_line
from verifier.figures.slots import format_figure
from verifier.model import ReviewStatus, Verdict
from verifier.review.items import ReviewItem

STATUS_ORDER = {s: i for i, s in enumerate(ReviewStatus)}
MARK = "●"  # a marked claim: the next action applies to every marked claim
SIGNED = "✔"  # a verdict signed off by a second reviewer
VERDICT_ORDER = {v: i for i, v in enumerate(Verdict)}


@dataclass(frozen=True)
class Column:
    """One column: ``width`` None takes the remaining width; no ``sort_key``: not sortable."""

    key: str
    label: str
    width: int | None
    sort_key: Callable[[ReviewItem], Any] | None


def _figures(item: ReviewItem) -> str:
    return ", ".join(format_figure(q) for q in item.assessment.claim.figures)


COLUMNS: tuple[Column, ...] = (
    Column("mark", MARK, 1, None),
    Column("status", "Status", 12, lambda it: STATUS_ORDER[it.status]),
    Column("signoff", SIGNED, 1, lambda it: it.signed_off_by is None),
    Column("flag", "⚑", 1, lambda it: not it.flagged),
    Column("note", "✎", 1, lambda it: not it.note),
    Column("assignee", "Assignee", 8, lambda it: (it.assignee is None, it.assignee or "")),
    Column("article", "Article", 12, lambda it: article_label(it.assessment.claim.report).lower()),
    Column("speaker", "Speaker", 12, lambda it: (it.assessment.claim.speaker_name or "").lower()),
    Column("type", "Type", 11, lambda it: it.assessment.claim.speaker_type.value),
    Column("claim", "Claim", None, lambda it: it.assessment.claim.text.lower()),
    Column("figures", "Figures", 9, lambda it: len(it.assessment.claim.figures)),
    Column("support", "Sup", 3, lambda it: -it.assessment.independent_support),
    Column("contra", "Con", 3, lambda it: -it.assessment.independent_contradiction),
    Column("verdict", "Verdict", 13, lambda it: VERDICT_ORDER[it.assessment.verdict]),
)
SORT_KEYS = {c.key: c.sort_key for c in COLUMNS if c.sort_key is not None}
STATUS_STYLES = {
    ReviewStatus.UNSTARTED: Style(dim=True),
    ReviewStatus.IN_PROGRESS: Style(color="yellow"),
    ReviewStatus.VERIFIED: Style(color="green", bold=True),
    ReviewStatus.FALSE: Style(color="red", bold=True),
    ReviewStatus.INCONCLUSIVE: Style(color="magenta"),
}


PENDING = Text("matching…", style="dim italic")
GAP = Segment(" ")


@lru_cache(maxsize=64)
def _style(name: str) -> Style:
    return Style.parse(name) if name else Style.null()


def cells(item: ReviewItem, pending: bool = False, marked: bool = False) -> tuple[Text, ...]:
    """The display cells of one claim (article-derived text is always made safe)."""
    a = item.assessment
    claim = a.claim
    verdict = PENDING if pending else Text(a.verdict.value)
    return (
        Text(MARK if marked else " ", style="bold yellow"),
        Text(item.status.value, style=STATUS_STYLES[item.status]),
        Text(SIGNED if item.signed_off_by else " ", style="bold green"),
        Text("⚑" if item.flagged else " ", style="bold red"),
        Text("✎" if item.note else " ", style="cyan"),
        safe_line(item.assignee or "", style="blue"),
        safe_line(article_label(claim.report), style="cyan"),
        safe_line(claim.speaker_name or "—"),
        Text(claim.speaker_type.value),
        safe_line(claim.text or claim.content.text),
        safe_line(_figures(item)),
        Text(str(a.independent_support), style="green" if a.independent_support else "dim"),
        Text(
            str(a.independent_contradiction), style="red" if a.independent_contradiction else "dim"
        ),
        verdict,
    )


class ClaimTable(ScrollView, can_focus=True):
    """The claim queue: a cursor over a list of :class:`ReviewItem`, sortable by column, with
    marks (claim ids, kept while filters change) for actions on many claims."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="cursor.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="cursor.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="cursor.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="cursor.page_up"),
        Binding("home,g", "first", "First claim", show=False, id="cursor.first"),
        Binding("end,G", "last", "Last claim", show=False, id="cursor.last"),
        Binding("enter", "select", "Open claim", id="claim.open"),
        Binding("space", "toggle_mark", "Mark or unmark", show=False, id="mark.toggle"),
        Binding("shift+down", "extend_marks(1)", "Mark down", show=False, id="mark.down"),
        Binding("shift+up", "extend_marks(-1)", "Mark up", show=False, id="mark.up"),
        Binding("ctrl+a", "mark_all", "Mark all shown", show=False, id="mark.all"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "claim-table--header",
        "claim-table--cursor",
        "claim-table--marked",
    }
    DEFAULT_CSS = """
    ClaimTable { height: 1fr; }
    ClaimTable > .claim-table--header { text-style: bold; background: $panel; }
    ClaimTable > .claim-table--cursor { background: $accent 40%; }
    ClaimTable:focus > .claim-table--cursor { background: $accent; }
    ClaimTable > .claim-table--marked { background: $warning 20%; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Selected(Message):
        """Enter on a claim."""

        def __init__(self, item: ReviewItem) -> None:
            super().__init__()
            self.item = item

    class Highlighted(Message):
        """The cursor moved to a claim."""

        def __init__(self, item: ReviewItem | None) -> None:
            super().__init__()
            self.item = item

    class HeaderClicked(Message):
        """A click on a column header (the screen sorts by it)."""

        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    class MarksChanged(Message):
        """Claims were marked or unmarked (``count``: how many are marked now)."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    def __init__(self, *, id: str | None = None, pending: set[str] | None = None) -> None:
        super().__init__(id=id)
        self.items: list[ReviewItem] = []
        self.ids: list[str] = []  # the claim id of each item (computing one is not free)
        self.pending = pending if pending is not None else set()  # ids still being matched
        self.marked: set[str] = set()  # ids of the marked claims, shown or not
        self._rows: dict[str, int] | None = None  # claim id -> row, built when first needed
        # rendered rows by (id(item), under cursor, marked); items are immutable, kept alive here
        self._strips: dict[tuple[int, bool, bool], tuple[ReviewItem, Strip]] = {}

    def forget_rendered(self) -> None:
        """Drop the rendered rows (the pending marks changed)."""
        self._strips.clear()
        self.refresh()

    # -- data -------------------------------------------------------------------------------
    def set_items(
        self,
        items: Sequence[ReviewItem],
        keep: ReviewItem | None = None,
        ids: Sequence[str] | None = None,
    ) -> None:
        """Show ``items`` (whose claim ids are ``ids`` when the caller knows them); the cursor
        stays on ``keep`` if it is shown, else on its index."""
        self.items = list(items)
        self.ids = list(ids) if ids is not None else [it.claim_id for it in self.items]
        self._rows = None
        self.virtual_size = Size(self.size.width, len(self.items) + 1)
        target = None
        if keep is not None:
            target = next((i for i, it in enumerate(self.items) if it is keep), None)
        self.cursor = target if target is not None else min(self.cursor, len(self.items) - 1)
        self.refresh()

    def row_of(self, claim_id: str) -> int | None:
        """The row showing ``claim_id``, None when it is not shown."""
        if 0 <= self.cursor < len(self.ids) and self.ids[self.cursor] == claim_id:
            return self.cursor
        if self._rows is None:
            self._rows = {cid: i for i, cid in enumerate(self.ids)}
        return self._rows.get(claim_id)

    def update_item(self, item: ReviewItem, claim_id: str, redraw: bool = True) -> bool:
        """Replace the shown claim ``claim_id``; False when it is not shown. ``redraw``
        False: the caller refreshes the table once after many updates."""
        index = self.row_of(claim_id)
        if index is None:
            return False
        self.items[index] = item
        if redraw:
            self.refresh_line(index + 1)
        return True

    @property
    def selected(self) -> ReviewItem | None:
        """The claim under the cursor."""
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    # -- marks ------------------------------------------------------------------------------
    def set_marks(self, claim_ids: set[str]) -> None:
        """Mark exactly ``claim_ids`` and say so."""
        self.marked = set(claim_ids)
        self.refresh()
        self.post_message(self.MarksChanged(len(self.marked)))

    def action_toggle_mark(self) -> None:
        """Mark or unmark the claim under the cursor, then move down."""
        if self.selected is None:
            return
        self.marked ^= {self.ids[self.cursor]}
        self.refresh_line(self.cursor + 1)
        self.post_message(self.MarksChanged(len(self.marked)))
        self.cursor += 1

    def action_extend_marks(self, step: int) -> None:
        """Mark the claim under the cursor and the next one up or down (a range, key by key)."""
        if self.selected is None:
            return
        self.marked.add(self.ids[self.cursor])
        self.cursor += step
        self.marked.add(self.ids[self.cursor])
        self.refresh()
        self.post_message(self.MarksChanged(len(self.marked)))

    def action_mark_all(self) -> None:
        """Mark every claim shown; when they all are already, unmark them."""
        shown = set(self.ids)
        self.set_marks(self.marked - shown if shown <= self.marked else self.marked | shown)

    # -- cursor -----------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.items) - 1)) if self.items else 0

    def watch_cursor(self, old: int, new: int) -> None:
        visible = max(self.size.height - 1, 1)
        top = int(self.scroll_y)
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False, immediate=True)
        else:  # only the two rows whose cursor style changed
            self.refresh_line(old + 1)
            self.refresh_line(new + 1)
        self.post_message(self.Highlighted(self.selected))

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(self.size.height - 2, 1)

    def action_page_up(self) -> None:
        self.cursor -= max(self.size.height - 2, 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.items) - 1

    def action_select(self) -> None:
        if (item := self.selected) is not None:
            self.post_message(self.Selected(item))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            column = self._column_at(event.x)
            if column is not None:
                self.post_message(self.HeaderClicked(column))
            return
        index = int(self.scroll_y) + event.y - 1
        if 0 <= index < len(self.items):
            if index == self.cursor and event.chain > 1:
                self.action_select()
            self.cursor = index

    # -- rendering --------------------------------------------------------------------------
    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.items) + 1)
        self._strips.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _widths(self) -> list[int]:
        width = self.scrollable_content_region.width
        fixed = sum(c.width or 0 for c in COLUMNS) + len(COLUMNS) - 1
        return [c.width if c.width is not None else max(width - fixed, 10) for c in COLUMNS]

    def _column_at(self, x: int) -> str | None:
        left = 0
        for column, width in zip(COLUMNS, self._widths(), strict=True):
            if left <= x < left + width + 1:
                return column.key if column.sort_key is not None else None
            left += width + 1
        return None

    def _line(self, parts: Sequence[Text], base: Style) -> Strip:
        segments: list[Segment] = []
        for i, (part, width) in enumerate(zip(parts, self._widths(), strict=True)):
            if i:
                segments.append(GAP)
            segments.extend(self._cell(part, width))
        strip = Strip(segments).apply_style(base)
        return strip.extend_cell_length(self.scrollable_content_region.width, base)

    def _cell(self, part: Text, width: int) -> list[Segment]:
        """One cell, cut with an ellipsis or padded to ``width``; a one-style text (every cell
        of :func:`cells`) becomes one segment without Rich's line rendering."""
        if part.spans:
            cell = part.copy()
            cell.truncate(width, overflow="ellipsis", pad=True)
            return list(cell.render(self.app.console))
        text, length = part.plain, cell_len(part.plain)
        if length > width:
            text = set_cell_size(text, width - 1) + "…"
        elif length < width:
            text += " " * (width - length)
        style = part.style
        return [Segment(text, style if isinstance(style, Style) else _style(style))]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            header = self.get_component_rich_style("claim-table--header")
            return self._line([Text(c.label) for c in COLUMNS], header)
        index = int(self.scroll_y) + y - 1
        if not 0 <= index < len(self.items):
            return Strip([Segment(" " * width, self.rich_style)], width)
        item = self.items[index]
        under_cursor = index == self.cursor
        marked = self.ids[index] in self.marked
        key = (id(item), under_cursor, marked)
        cached = self._strips.get(key)
        if cached is not None and cached[0] is item:
            return cached[1]
        if under_cursor:
            base = self.get_component_rich_style("claim-table--cursor")
        elif marked:
            base = self.get_component_rich_style("claim-table--marked")
        else:
            base = self.rich_style
        strip = self._line(cells(item, self.ids[index] in self.pending, marked), base)
        if len(self._strips) > 4000:
            self._strips.clear()
        self._strips[key] = (item, strip)
        return strip
