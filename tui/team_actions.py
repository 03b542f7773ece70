"""The review app's team actions: one action on many claims (status, flag, assignee) in one
store transaction, assignment, a second reviewer's sign-off, and undo through the store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from tui.labels import WRITE_ERRORS, write_error
from tui.screens.claim import ClaimScreen
from tui.screens.dialogs import AssignDialog, ConfirmDialog
from tui.undo import Step, UndoStack
from verifier.errors import UserError
from verifier.model import ReviewStatus
from verifier.review.items import VERDICTS, EditConflict, ReviewItem
from verifier.review.team import Keep

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui import messages as msg
    from tui.screens.queue import QueueScreen
    from verifier.review.store import ReviewStore


class _App(Protocol):
    store: ReviewStore
    queue: QueueScreen
    undo: UndoStack
    screen_stack: list[Screen[Any]]

    def notify(self, message: str, **kwargs: Any) -> None: ...
    def push_screen(self, screen: Screen[Any], callback: Any = None) -> Any: ...
    def refresh_claims(self, claim_ids: Iterable[str]) -> None: ...
    def _bulk(self, items: Sequence[ReviewItem], **change: Any) -> None: ...
    def _undo(self, step: Step, force: bool) -> None: ...


def _claims(n: int) -> str:
    return "1 claim" if n == 1 else f"{n} claims"


def bulk_label(
    n: int, status: ReviewStatus | None = None, flagged: bool | None = None, assignee: Any = None
) -> str:
    """What a bulk change of ``n`` claims did, for the toast and the undo step."""
    if status is not None:
        return f"marked {_claims(n)} {status.value}"
    if flagged is not None:
        return f"flagged {_claims(n)}" if flagged else f"removed the flag of {_claims(n)}"
    return f"assigned {_claims(n)} to {assignee}" if assignee else f"unassigned {_claims(n)}"


class TeamActions:
    """Mixed into :class:`~tui.app.ReviewApp`."""

    def refresh_claims(self: _App, claim_ids: Iterable[str]) -> None:
        """Re-read these claims from the store (one read) and show them where they are shown."""
        ids = [c for c in dict.fromkeys(claim_ids) if c not in self.queue.unsaved]
        if not ids:
            return
        try:
            items = self.store.items(claim_ids=ids)
        except WRITE_ERRORS as exc:
            self.notify(f"cannot re-read the store: {write_error(exc)}", severity="error")
            return
        fresh = [it for it in items if not self.queue.known(it)]
        if not fresh:
            return
        self.queue.replace_items(fresh)
        by_id = {it.claim_id: it for it in fresh}
        for screen in self.screen_stack:
            if isinstance(screen, ClaimScreen) and screen.item.claim_id in by_id:
                screen.item_changed(by_id[screen.item.claim_id])

    def on_bulk(self: _App, message: msg.Bulk) -> None:
        change: dict[str, Any] = {"status": message.status, "flagged": message.flagged}
        if not isinstance(message.assignee, Keep):
            change["assignee"] = message.assignee
        self._bulk(message.items, **change)

    def _bulk(self: _App, items: Sequence[ReviewItem], **change: Any) -> None:
        """Apply ``change`` (status, flagged and/or assignee) to ``items`` in one transaction."""
        ids = [it.claim_id for it in items if it.claim_id not in self.queue.unsaved]
        waiting = len(items) - len(ids)
        if not ids:
            self.notify("still being matched: decide once the evidence is in", severity="warning")
            return
        try:
            changed = self.store.bulk_update(ids, **change)
        except KeyError:
            self.notify("a claim is no longer in the store: nothing changed", severity="error")
            return
        except WRITE_ERRORS as exc:
            self.notify(f"not saved: {write_error(exc)}", title="save failed", severity="error")
            return
        label = bulk_label(changed, **change)
        if changed:
            self.undo.push(Step(label, changed))
            self.refresh_claims(ids)
        text = f"{label} · ctrl+z undoes" if changed else "nothing changed"
        if unchanged := len(ids) - changed:
            text += f" ({_claims(unchanged)} already so)"
        if waiting:
            text += f"; {_claims(waiting)} still being matched left as they were"
        self.notify(text, timeout=4)

    def on_ask_assign(self: _App, message: msg.AskAssign) -> None:
        items = list(message.items)
        what = "this claim" if len(items) == 1 else f"the {len(items)} marked claims"

        def done(name: str | None) -> None:
            if name is not None:
                self._bulk(items, assignee=name or None)

        self.push_screen(AssignDialog(what, self.store.reviewer), done)

    def on_sign_off(self: _App, message: msg.SignOff) -> None:
        """Sign off each verdict set by someone else; say how many, and why others were not."""
        me = self.store.reviewer
        skipped: dict[str, int] = {}
        signed: list[str] = []
        for item in message.items:
            reason = None
            if item.status not in VERDICTS:
                reason = "no verdict yet"
            elif item.status_by == me:
                reason = "your own verdict: a second reviewer signs it off"
            elif item.signed_off_by is not None:
                reason = f"already signed off by {item.signed_off_by}"
            else:
                try:
                    self.store.sign_off(item.claim_id, expected_rev=item.rev)
                    signed.append(item.claim_id)
                except EditConflict:
                    reason = "changed by someone else meanwhile"
                except (KeyError, UserError, *WRITE_ERRORS) as exc:
                    reason = write_error(exc) if not isinstance(exc, KeyError) else "still matching"
            if reason is not None:
                skipped[reason] = skipped.get(reason, 0) + 1
        if signed:
            label = f"signed off {_claims(len(signed))}"
            self.undo.push(Step(label, len(signed)))
        self.refresh_claims(it.claim_id for it in message.items)
        parts = [f"signed off {_claims(len(signed))}" + (" · ctrl+z undoes" if signed else "")]
        parts += [f"{_claims(n)} not: {why}" for why, n in skipped.items()]
        self.notify("; ".join(parts), severity="information" if signed else "warning", timeout=5)

    def action_undo(self: _App) -> None:
        """Undo this session's last decision (a bulk one as a whole) through the store."""
        step = self.undo.peek()
        if step is None:
            self.notify("nothing to undo", severity="warning", timeout=3)
            return
        self._undo(step, force=False)

    def _undo(self: _App, step: Step, force: bool) -> None:
        try:
            undone = self.store.undo_many(step.entries, force=force)
        except EditConflict as exc:

            def answered(anyway: bool | None) -> None:
                if anyway:
                    self._undo(step, force=True)

            who = exc.by or "someone else"
            question = f"{who} changed a claim after “{step.label}”. Undo it anyway?"
            self.push_screen(ConfirmDialog(question), answered)
            return
        except (KeyError, *WRITE_ERRORS) as exc:
            self.notify(f"undo failed: {write_error(exc)}", severity="error", timeout=10)
            return
        if self.undo.peek() is step:
            self.undo.pop()
        self.refresh_claims(c.claim_id for c in undone)
        self.notify(f"undone: {step.label}", timeout=3)
