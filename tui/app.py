"""The review workspace: a thin App owning the store, the check worker and every write.

Screens post request messages (``tui.messages``) that bubble up to the app; the app writes to
the store, remembers each decision for undo and tells the screens what changed. Team actions
(bulk, assignment, sign-off, undo) are in :mod:`tui.team_actions`, exports in
:mod:`tui.exporting`, other reviewers' changes in :mod:`tui.live_updates`.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.worker import get_current_worker

from tui import messages as msg
from tui.commands import ActionsProvider
from tui.exporting import Exporting
from tui.labels import WRITE_ERRORS, write_error
from tui.live import LiveFeed
from tui.live_updates import LiveUpdates
from tui.screens.claim import ClaimScreen
from tui.screens.dialogs import AssignDialog, ConfirmDialog, ExportDialog, NoteEditor, PathDialog
from tui.screens.glossary import GlossaryScreen
from tui.screens.help import HelpScreen
from tui.screens.queue import QueueScreen
from tui.screens.reconcile import ReconcileScreen
from tui.screens.report import ReportScreen
from tui.team_actions import TeamActions
from tui.terminal import terminal_gone
from tui.undo import Step, UndoStack
from tui.widgets.claim_table import ClaimTable
from verifier.commands.progress_bar import Meter
from verifier.errors import UserError
from verifier.model import Assessment, Verdict
from verifier.progress import Assessed, CheckEvent, ClaimsFound, Progress
from verifier.review.db import is_dsn
from verifier.review.items import EditConflict, ReviewItem
from verifier.review.store import ReviewStore

log = logging.getLogger(__name__)

Checker = Callable[..., Iterator[CheckEvent]]
TERMINAL_CHECK_SECONDS = 2.0


def _warm_imports() -> None:
    """Import what opening the first claim needs (the page cleaner, about 0.2 s), in a thread
    while the reviewer looks at the queue."""
    import verifier.read.clean  # noqa: F401


def _iter_check(articles: Sequence[Path], *, corpus_paths: Sequence[Path] | None) -> Iterator:
    from verifier.pipeline import iter_check

    return iter_check(articles, corpus_paths=corpus_paths)


class ReviewApp(TeamActions, LiveUpdates, Exporting, App[None]):
    """Review attributed claims: queue, claim in context, evidence, figures, notes, export."""

    TITLE = "verifier review"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {ActionsProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("f2", "glossary", "Glossary", id="app.glossary"),
        Binding("ctrl+z", "undo", "Undo", id="app.undo"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
    ]

    def __init__(
        self,
        store: str | Path,
        *,
        articles: Sequence[Path] = (),
        corpus: Sequence[Path] | None = None,
        reviewer: str | None = None,
        keymap: dict[str, str] | None = None,
        check_on_start: bool | None = None,
        checker: Checker | None = None,
        export_dir: Path | None = None,
        organisation: str | None = None,
    ) -> None:
        super().__init__()
        self.store_location: str | Path = store if is_dsn(store) else Path(store)
        self.store_path = None if is_dsn(store) else Path(store)  # None: a PostgreSQL store
        self.reviewer = reviewer
        self.store = ReviewStore(self.store_location, reviewer=reviewer)
        self.articles = [Path(p) for p in articles]
        self.corpus = [Path(p) for p in corpus] if corpus is not None else None
        self.keymap = dict(keymap or {})
        self.check_on_start = check_on_start
        self.checker: Checker = checker or _iter_check
        home = self.store_path.parent if self.store_path else Path.cwd()
        self.export_dir = Path(export_dir) if export_dir else home / "exports"
        self.organisation = organisation
        self.queue = QueueScreen(me=self.store.reviewer)
        self.undo = UndoStack()
        self.meter = Meter()
        self._checking = False
        self._note_revs: dict[str, int] = {}  # claim id -> revision the open note started from
        self._waiting: list[tuple[list[Path], list[Path] | None]] = []
        self._detail: ClaimScreen | None = None

    # -- lifecycle --------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        return self.queue

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        if not terminal_gone():  # started from a terminal: quit when it goes away
            self.set_interval(TERMINAL_CHECK_SECONDS, self._quit_if_terminal_gone)
        location, reviewer = self.store_location, self.reviewer
        self.queue.mount(LiveFeed(lambda: ReviewStore(location, reviewer=reviewer)))

    def _quit_if_terminal_gone(self) -> None:
        """Quit when the terminal has gone; an open note editor saves its text first (review
        actions are saved as they are made)."""
        if not terminal_gone():
            return
        log.warning("the terminal has gone: saving and quitting")
        if isinstance(self.screen, NoteEditor):
            self._save_note(self.screen.claim_id, self.screen.text)
        self.call_later(self.exit)

    @on(QueueScreen.Ready)
    def _queue_ready(self) -> None:
        """Show the stored claims, then start the check if this session asks for one.

        The parsed claims (220,000 tracked objects for 10,000 claims) live as long as the app:
        they are frozen out of the garbage collector's scans, which otherwise stall actions for
        tens to hundreds of milliseconds (unfrozen when the app ends)."""
        enabled = gc.isenabled()
        gc.disable()  # no collection while parsing: the objects all stay
        try:
            self.queue.show_items(self.store.items())
            gc.freeze()
        finally:
            if enabled:
                gc.enable()
        self.run_worker(_warm_imports, thread=True, group="warm", exit_on_error=False)
        start = self.check_on_start
        if start is None:
            start = bool(self.articles) and not self.queue.all_items
        if start and self.articles:
            self.start_check(self.articles, self.corpus)

    def on_unmount(self) -> None:
        self.store.close()
        gc.unfreeze()

    # -- the check worker: iterates the engine's event generator -----------------------------
    def start_check(self, articles: Sequence[Path], corpus: Sequence[Path] | None) -> None:
        """Extract, match and judge ``articles`` in a thread; each claim lands in the store.

        While a check runs, another one waits for it (opening an article never stops one).
        """
        job = (list(articles), list(corpus) if corpus is not None else None)
        if self._checking:
            self._waiting.append(job)
            self.notify("checking it after the current check", timeout=3)
            return
        self._checking = True
        self.meter = Meter()
        self.queue.show_progress("starting the check", 0, 1)
        self._check(*job)

    def _check_ended(self) -> None:
        self._checking = False
        if self._waiting:
            self.start_check(*self._waiting.pop(0))
        else:
            self.queue.hide_progress()

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _check(self, articles: list[Path], corpus: list[Path] | None) -> None:
        worker = get_current_worker()
        claims = saved = 0
        events: Iterator[CheckEvent] | None = None
        store: ReviewStore | None = None
        try:
            store = ReviewStore(self.store_location, reviewer=self.reviewer)
            events = self.checker(articles, corpus_paths=corpus)
            for event in events:
                if worker.is_cancelled:  # the app is closing: stop the engine
                    log.info("check cancelled")
                    return
                if isinstance(event, Progress):
                    self.post_message(msg.CheckProgress(event.stage, event.done, event.total))
                elif isinstance(event, ClaimsFound):
                    claims += len(event.claims)
                    pending = [
                        ReviewItem(Assessment(c, (), Verdict.NO_EVIDENCE, 0, 0, False))
                        for c in event.claims
                    ]
                    self.post_message(msg.ClaimsListed(pending))
                elif isinstance(event, Assessed):
                    saved += store.save_assessments([event.assessment])
                    self.post_message(msg.ClaimAssessed(event.assessment.claim.id))
        except UserError as exc:
            self.post_message(msg.CheckFailed(str(exc)))
            return
        except WRITE_ERRORS as exc:
            log.exception("check failed")
            self.post_message(msg.CheckFailed(f"check stopped: {write_error(exc)}"))
            return
        except Exception as exc:
            log.exception("check failed")
            self.post_message(msg.CheckFailed(f"{type(exc).__name__}: {exc}"))
            return
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()
            if store is not None:
                store.close()
        self.post_message(msg.CheckDone(claims, saved))

    def on_check_progress(self, message: msg.CheckProgress) -> None:
        self.meter.update(Progress(message.stage, message.done, message.total))
        self.queue.show_progress(self.meter.describe(), message.done, message.total)

    def on_claims_listed(self, message: msg.ClaimsListed) -> None:
        self.queue.add_pending(message.items)

    def on_claim_assessed(self, message: msg.ClaimAssessed) -> None:
        try:
            item = self.store.item(message.claim_id)
        except (KeyError, *WRITE_ERRORS):
            return
        self.queue.assessed(item)
        self._refresh_open_claim(item)

    def on_check_done(self, message: msg.CheckDone) -> None:
        self._settle_queue()
        self.notify(f"check done: {message.claims} claims, {message.saved} new or changed")
        self._check_ended()

    def on_check_failed(self, message: msg.CheckFailed) -> None:
        self._settle_queue()
        self.notify(message.error, title="check failed", severity="error", timeout=10)
        self._check_ended()

    def _settle_queue(self) -> None:
        """No claim is matching any more; claims that never reached the store leave the queue."""
        if self.queue.unsaved:
            self.queue.show_items(self.store.items())
        else:
            self.queue.settle()

    # -- writes: each one goes to the store at once, shows, and can be undone ------------------
    def _write(self, claim_id: str, label: str, write: Callable[[ReviewStore], object]) -> bool:
        """Run ``write`` (one audit-trail entry) on the store; a failure (full disk, damaged
        store) is shown, not fatal."""
        try:
            write(self.store)
            item = self.store.item(claim_id)
        except KeyError:
            self.notify(
                "this claim's evidence is still being matched: decide once it is in",
                severity="warning",
            )
            return False
        except EditConflict as exc:
            self._conflict(claim_id, exc)
            return False
        except WRITE_ERRORS as exc:
            log.warning("write failed: %s", exc)
            self.notify(
                f"not saved: {write_error(exc)}", title="save failed", severity="error", timeout=10
            )
            return False
        self.undo.push(Step(label))
        self._changed(item)
        self.notify(f"{label} · ctrl+z undoes", timeout=3)
        return True

    def _conflict(self, claim_id: str, exc: EditConflict) -> None:
        """Another reviewer changed the claim first: show their version; the reviewer decides."""
        self._note_revs[claim_id] = exc.current
        with suppress(KeyError, *WRITE_ERRORS):
            self._changed(self.store.item(claim_id))
        self.notify(f"{exc} (repeat to apply yours)", title="edit conflict", severity="warning")

    def _changed(self, item: ReviewItem) -> None:
        self.queue.replace_item(item)
        self._refresh_open_claim(item)

    def _refresh_open_claim(self, item: ReviewItem) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ClaimScreen) and screen.item.claim_id == item.claim_id:
                screen.item_changed(item)

    def on_set_status(self, message: msg.SetStatus) -> None:
        item, status = message.item, message.status
        self._write(
            item.claim_id,
            f"marked {status.value}",
            lambda s: s.set_status(item.claim_id, status, expected_rev=item.rev),
        )

    def on_set_flag(self, message: msg.SetFlag) -> None:
        item, flagged = message.item, message.flagged
        if item.flagged == flagged:
            state = "flagged" if flagged else "not flagged"
            other = "shift+f removes the flag" if flagged else "f flags it"
            self.notify(f"already {state} ({other})", timeout=3)
            return
        label = "flagged: unverified casualty figure" if flagged else "flag removed"
        claim_id, rev = item.claim_id, item.rev
        self._write(claim_id, label, lambda s: s.set_flag(claim_id, flagged, expected_rev=rev))

    def on_decide_evidence(self, message: msg.DecideEvidence) -> None:
        item, key, decision = message.item, message.key, message.decision
        label = f"evidence {decision}" if decision else "evidence decision cleared"
        self._write(
            item.claim_id, label, lambda s: s.set_evidence_decision(item.claim_id, key, decision)
        )

    def on_edit_note(self, message: msg.EditNote) -> None:
        claim = message.item.assessment.claim
        self._note_revs[message.item.claim_id] = message.item.rev
        editor = NoteEditor(
            message.item.claim_id, message.item.note, claim.text or claim.content.text
        )
        self.push_screen(editor)

    def on_save_note(self, message: msg.SaveNote) -> None:
        if self._save_note(message.claim_id, message.note) and isinstance(self.screen, NoteEditor):
            self.screen.dismiss(None)

    def _save_note(self, claim_id: str, note: str) -> bool:
        """Save a note; on failure the editor stays open with the text (the caller keeps it)."""
        rev = self._note_revs.get(claim_id)
        saved = self._write(
            claim_id, "note saved", lambda s: s.set_note(claim_id, note, expected_rev=rev)
        )
        if saved:
            self._note_revs.pop(claim_id, None)
        return saved

    # -- navigation -------------------------------------------------------------------------
    def on_open_claim(self, message: msg.OpenClaim) -> None:
        item = message.item
        pending = item.claim_id in self.queue.pending
        if self._detail is None:  # one claim screen for the session, installed so it stays
            self._detail = ClaimScreen(item, pending=pending)
            self.install_screen(self._detail, "claim")
        else:
            self._detail.show(item, pending=pending)
        self.push_screen("claim")

    def on_open_evidence(self, message: msg.OpenEvidence) -> None:
        self.push_screen(ReportScreen(message.evidence))

    def on_open_figures(self, message: msg.OpenFigures) -> None:
        from tui.figures import reconciliations_for

        claim = message.item.assessment.claim
        recs = reconciliations_for(message.item, self.queue.all_items)
        self.push_screen(ReconcileScreen(claim.text or claim.content.text, recs))

    def on_ask_open(self, message: msg.AskOpen) -> None:
        def done(value: str | None) -> None:
            if value:
                self.open_path(value)

        self.push_screen(PathDialog("Open an article or a folder", "path/to/article.txt"), done)

    def open_path(self, value: str) -> None:
        """Check the article or folder at ``value``; a bad path is an error notification."""
        path = Path(value).expanduser()
        if not path.exists():
            self.notify(f"no such file or folder: {value}", severity="error")
            return
        if path not in self.articles:
            self.articles.append(path)
        self.start_check([path], self.corpus)

    def on_recheck(self, message: msg.Recheck) -> None:
        if not self.articles:
            self.notify("no articles to check: open one with o", severity="warning")
            return
        self.start_check(self.articles, self.corpus)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_sections(), self.keymap))

    def action_glossary(self) -> None:
        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen())

    @staticmethod
    def help_sections() -> dict[str, type[DOMNode]]:
        """Where each group of bindings applies, for the help screen."""
        return {
            "everywhere": ReviewApp,
            "claim queue": QueueScreen,
            "claim table": ClaimTable,
            "claim detail": ClaimScreen,
            "evidence report": ReportScreen,
            "figures": ReconcileScreen,
            "note editor": NoteEditor,
            "assign": AssignDialog,
            "export": ExportDialog,
            "question": ConfirmDialog,
            "help": HelpScreen,
        }


def binding_ids() -> set[str]:
    """Every binding id a keymap file may remap."""
    from tui.screens.help import class_bindings

    return {
        b.id
        for cls in ReviewApp.help_sections().values()
        for b in class_bindings(cls)
        if b.id is not None
    }
