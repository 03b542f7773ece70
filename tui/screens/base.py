"""Actions on claims (status, flag, assignment, sign-off, note, figures), shared by the queue
and the detail. In the queue, status, flag, assignment and sign-off apply to every marked
claim when claims are marked.

Each action posts a request message; the app, which owns the store, carries it out.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui import messages as msg
from verifier.model import ReviewStatus
from verifier.review.items import ReviewItem

CLAIM_BINDINGS: list[BindingType] = [
    Binding("v", "status('verified')", "Mark verified", id="status.verified"),
    Binding("x", "status('false')", "Mark false", id="status.false"),
    Binding(
        "i", "status('inconclusive')", "Mark inconclusive", show=False, id="status.inconclusive"
    ),
    Binding("p", "status('in progress')", "Mark in progress", show=False, id="status.in_progress"),
    Binding("u", "status('unstarted')", "Mark unstarted", show=False, id="status.unstarted"),
    Binding("f", "flag(True)", "Flag figure", id="claim.flag"),
    Binding("F", "flag(False)", "Remove flag", show=False, id="claim.unflag"),
    Binding("A", "assign", "Assign to…", show=False, id="claim.assign"),
    Binding("O", "sign_off", "Sign off verdict", show=False, id="claim.sign_off"),
    Binding("n", "note", "Note", id="claim.note"),
    Binding("c", "figures", "Figures", show=False, id="claim.reconcile"),
]


class ClaimScreenBase(Screen[None]):
    """A screen with a current claim; every change is written to the store at once."""

    BINDINGS: ClassVar[list[BindingType]] = CLAIM_BINDINGS

    def current_item(self) -> ReviewItem | None:
        """The claim the actions apply to."""
        raise NotImplementedError

    def targets(self) -> tuple[list[ReviewItem], bool]:
        """The claims an action applies to, and whether they are marked ones (a bulk action)."""
        item = self.current_item()
        return ([] if item is None else [item]), False

    def _claim(self) -> ReviewItem | None:
        item = self.current_item()
        if item is None:
            self.notify("no claim selected", severity="warning")
        return item

    def _targets(self) -> tuple[list[ReviewItem], bool]:
        items, marked = self.targets()
        if not items:
            self.notify("no claim selected", severity="warning")
        return items, marked

    def action_status(self, value: str) -> None:
        items, marked = self._targets()
        if marked:
            self.post_message(msg.Bulk(items, status=ReviewStatus(value)))
        elif items:
            self.post_message(msg.SetStatus(items[0], ReviewStatus(value)))

    def action_flag(self, flagged: bool) -> None:
        items, marked = self._targets()
        if marked:
            self.post_message(msg.Bulk(items, flagged=flagged))
        elif items:
            self.post_message(msg.SetFlag(items[0], flagged))

    def action_assign(self) -> None:
        items, _ = self._targets()
        if items:
            self.post_message(msg.AskAssign(items))

    def action_sign_off(self) -> None:
        items, _ = self._targets()
        if items:
            self.post_message(msg.SignOff(items))

    def action_note(self) -> None:
        if (item := self._claim()) is not None:
            self.post_message(msg.EditNote(item))

    def action_figures(self) -> None:
        if (item := self._claim()) is not None:
            self.post_message(msg.OpenFigures(item))
