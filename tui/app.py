"""The review workspace: a thin App owning the store and the check worker; screens do the rest."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.worker import get_current_worker

from tui.commands import ActionsProvider
from tui.messages import CheckDone, CheckFailed, CheckProgress
from tui.screens.claim import ClaimScreen
from tui.screens.dialogs import ConfirmDialog, ExportDialog, NoteEditor, PathDialog
from tui.screens.help import HelpScreen
from tui.screens.queue import QueueScreen
from tui.screens.reconcile import ReconcileScreen
from tui.screens.report import ReportScreen
from tui.widgets.claim_table import ClaimTable
from verifier.errors import UserError
from verifier.model import Assessment, Evidence, ReviewStatus
from verifier.progress import Progress
from verifier.review.items import ReviewItem
from verifier.review.store import ReviewStore

log = logging.getLogger(__name__)

Checker = Callable[..., list[Assessment]]
TERMINAL_CHECK_SECONDS = 2.0


def terminal_gone() -> bool:
    """Whether the controlling terminal has gone (closed window, dropped SSH): opening
    ``/dev/tty`` then fails. Left running, the app would spin on a dead terminal."""
    if os.name != "posix":
        return False
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return True
    os.close(fd)
    return False


class CheckCancelled(Exception):
    """Raised from the progress callback to stop a check when the app closes."""


def _run_check(
    articles: Sequence[Path],
    *,
    corpus_paths: Sequence[Path] | None,
    progress: Callable[[Progress], None],
) -> list[Assessment]:
    from verifier.pipeline import run_check

    return run_check(articles, corpus_paths=corpus_paths, progress=progress)


class ReviewApp(App[None]):
    """Review attributed claims: queue, claim in context, evidence, figures, notes, export."""

    TITLE = "verifier review"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {ActionsProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
    ]

    def __init__(
        self,
        store_path: Path,
        *,
        articles: Sequence[Path] = (),
        corpus: Sequence[Path] | None = None,
        reviewer: str | None = None,
        keymap: dict[str, str] | None = None,
        check_on_start: bool | None = None,
        checker: Checker | None = None,
    ) -> None:
        super().__init__()
        self.store_path = Path(store_path)
        self.reviewer = reviewer
        self.store = ReviewStore(self.store_path, reviewer=reviewer)
        self.articles = [Path(p) for p in articles]
        self.corpus = [Path(p) for p in corpus] if corpus is not None else None
        self.keymap = dict(keymap or {})
        self.check_on_start = check_on_start
        self.checker: Checker = checker or _run_check
        self.queue = QueueScreen()

    # -- lifecycle --------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        return self.queue

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        if not terminal_gone():  # started from a terminal: quit when it goes away
            self.set_interval(TERMINAL_CHECK_SECONDS, self._quit_if_terminal_gone)

    def _quit_if_terminal_gone(self) -> None:
        """Quit when the terminal has gone; an open note editor saves its text first (review
        actions are saved as they are made)."""
        if not terminal_gone():
            return
        log.warning("the terminal has gone: saving and quitting")
        if isinstance(self.screen, NoteEditor):
            self.screen.action_save()
        self.call_later(self.exit)

    def queue_ready(self) -> None:
        """The queue shows the stored claims: start the check if this session asks for one."""
        start = self.check_on_start
        if start is None:
            start = bool(self.articles) and not self.queue.all_items
        if start and self.articles:
            self.start_check(self.articles, self.corpus)

    def on_unmount(self) -> None:
        self.store.close()

    # -- the check worker -------------------------------------------------------------------
    def start_check(self, articles: Sequence[Path], corpus: Sequence[Path] | None) -> None:
        """Extract, match and judge ``articles`` in a thread; results land in the store."""
        self.queue.show_progress("starting", 0, 1)
        self._check(list(articles), list(corpus) if corpus is not None else None)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _check(self, articles: list[Path], corpus: list[Path] | None) -> None:
        worker = get_current_worker()

        def progress(p: Progress) -> None:
            if worker.is_cancelled:  # the app is closing: stop at the next progress report
                raise CheckCancelled
            self.post_message(CheckProgress(p.stage, p.done, p.total))

        try:
            assessments = self.checker(articles, corpus_paths=corpus, progress=progress)
            store = ReviewStore(self.store_path, reviewer=self.reviewer)
            try:
                saved = store.save_assessments(assessments)
            finally:
                store.close()
        except CheckCancelled:
            log.info("check cancelled")
            return
        except UserError as exc:
            self.post_message(CheckFailed(str(exc)))
            return
        except Exception as exc:
            log.exception("check failed")
            self.post_message(CheckFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(CheckDone(len(assessments), saved))

    def on_check_progress(self, message: CheckProgress) -> None:
        self.queue.show_progress(message.stage, message.done, message.total)

    def on_check_done(self, message: CheckDone) -> None:
        self.queue.hide_progress()
        self.queue.reload()
        self.notify(f"check done: {message.claims} claims, {message.saved} saved")

    def on_check_failed(self, message: CheckFailed) -> None:
        self.queue.hide_progress()
        self.notify(message.error, title="check failed", severity="error", timeout=10)

    def recheck(self) -> None:
        """Run the check again on the articles of this session."""
        if not self.articles:
            self.notify("no articles to check: open one with o", severity="warning")
            return
        self.start_check(self.articles, self.corpus)

    # -- writes: each one goes to the store at once and shows -------------------------------
    def _saved(self, claim_id: str, what: str) -> ReviewItem:
        item = self.store.item(claim_id)
        self.queue.replace_item(item)
        for screen in self.screen_stack:
            if isinstance(screen, ClaimScreen) and screen.item.assessment.claim.id == claim_id:
                screen.item_changed(item)
        self.notify(f"saved: {what}", timeout=2)
        return item

    def set_status(self, item: ReviewItem, status: ReviewStatus) -> ReviewItem:
        claim_id = item.assessment.claim.id
        self.store.set_status(claim_id, status)
        return self._saved(claim_id, f"status {status.value}")

    def toggle_flag(self, item: ReviewItem) -> ReviewItem:
        claim_id = item.assessment.claim.id
        self.store.toggle_flag(claim_id)
        new = self._saved(claim_id, "flag on" if not item.flagged else "flag off")
        return new

    def set_note(self, item: ReviewItem, note: str) -> ReviewItem:
        claim_id = item.assessment.claim.id
        self.store.set_note(claim_id, note)
        return self._saved(claim_id, "note")

    def decide_evidence(self, item: ReviewItem, key: str, decision: str | None) -> ReviewItem:
        claim_id = item.assessment.claim.id
        self.store.set_evidence_decision(claim_id, key, decision)
        return self._saved(claim_id, f"evidence {decision or 'undecided'}")

    # -- navigation and dialogs -------------------------------------------------------------
    def open_claim(self, item: ReviewItem) -> None:
        self.push_screen(ClaimScreen(item))

    def open_evidence(self, evidence: Evidence) -> None:
        self.push_screen(ReportScreen(evidence))

    def edit_note(self, item: ReviewItem) -> None:
        claim = item.assessment.claim

        def done(note: str | None) -> None:
            if note is not None:
                self.set_note(item, note)

        self.push_screen(NoteEditor(item.note, claim.text or claim.content.text), done)

    def open_reconciliation(self, item: ReviewItem) -> None:
        from verifier.judge.reconcile import reconcile_figures

        claim = item.assessment.claim
        same_event = [
            it.assessment
            for it in self.queue.all_items
            if it is not item
            and claim.event_date is not None
            and it.assessment.claim.event_date == claim.event_date
            and it.assessment.claim.figures
        ]
        recs = reconcile_figures([item.assessment, *same_event])
        mine = {(q.category, q.group) for q in claim.figures}
        recs.sort(key=lambda r: (r.category, r.group) not in mine)
        self.push_screen(ReconcileScreen(claim.text or claim.content.text, recs))

    def ask_open(self) -> None:
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

    def ask_export(self, items: Sequence[ReviewItem]) -> None:
        shown = list(items)

        def done(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                self.export_to(shown, *choice)

        self.push_screen(ExportDialog(), done)

    def export_to(self, items: Sequence[ReviewItem], fmt: str, path: str) -> None:
        """Write ``items`` as ``fmt`` to ``path`` atomically; an existing file asks first."""
        from verifier.review.export import export, write_atomic

        target = Path(path).expanduser()

        def write(ok: bool | None = True) -> None:
            if not ok:
                return
            try:
                history = self._history(items) if fmt == "json" else None
                write_atomic(target, export(items, fmt, history=history))
            except (OSError, UserError, ValueError) as exc:
                self.notify(f"export failed: {exc}", severity="error")
                return
            self.notify(f"exported {len(items)} claims to {target}")

        if target.is_dir():
            self.notify(f"{target} is a folder, give a file name", severity="error")
        elif target.exists():
            self.push_screen(ConfirmDialog(f"Replace {target}?"), write)
        else:
            write()

    def _history(self, items: Sequence[ReviewItem]) -> dict[str, list[dict[str, object]]]:
        wanted = {it.claim_id for it in items}
        history: dict[str, list[dict[str, object]]] = {}
        for entry in self.store.history():
            if entry["claim_id"] in wanted:
                history.setdefault(entry["claim_id"], []).append(entry)
        return history

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_sections(), self.keymap))

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
            "question": ConfirmDialog,
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
