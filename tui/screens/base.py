"""Actions on one claim (status, flag, note, reconciliation), shared by the queue and detail."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.binding import Binding, BindingType
from textual.screen import Screen

from verifier.model import ReviewStatus
from verifier.review.items import ReviewItem

if TYPE_CHECKING:
    from tui.app import ReviewApp

CLAIM_BINDINGS: list[BindingType] = [
    Binding("v", "status('verified')", "Verified", id="status.verified"),
    Binding("x", "status('false')", "False", id="status.false"),
    Binding("i", "status('inconclusive')", "Inconclusive", show=False, id="status.inconclusive"),
    Binding("p", "status('in progress')", "In progress", show=False, id="status.in_progress"),
    Binding("u", "status('unstarted')", "Unstarted", show=False, id="status.unstarted"),
    Binding("f", "flag", "Flag figure", id="claim.flag"),
    Binding("n", "note", "Note", id="claim.note"),
    Binding("c", "reconcile", "Figures", show=False, id="claim.reconcile"),
]


class ClaimScreenBase(Screen[None]):
    """A screen with a current claim; every change is written to the store at once."""

    BINDINGS: ClassVar[list[BindingType]] = CLAIM_BINDINGS

    @property
    def review_app(self) -> ReviewApp:
        return cast("ReviewApp", self.app)

    def current_item(self) -> ReviewItem | None:
        """The claim the actions apply to."""
        raise NotImplementedError

    def item_changed(self, item: ReviewItem) -> None:
        """Called after a write with the claim as stored now."""

    def _claim(self) -> ReviewItem | None:
        item = self.current_item()
        if item is None:
            self.notify("no claim selected", severity="warning")
        return item

    def action_status(self, value: str) -> None:
        if (item := self._claim()) is not None:
            self.review_app.set_status(item, ReviewStatus(value))

    def action_flag(self) -> None:
        if (item := self._claim()) is not None:
            self.review_app.toggle_flag(item)

    def action_note(self) -> None:
        if (item := self._claim()) is not None:
            self.review_app.edit_note(item)

    def action_reconcile(self) -> None:
        if (item := self._claim()) is not None:
            self.review_app.open_reconciliation(item)
