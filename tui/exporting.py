"""The app's exports: a default folder and file name, the audit trail for JSON, and the
:class:`Exporting` handlers mixed into the app (dialog, overwrite question, safe write)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tui.labels import WRITE_ERRORS, write_error
from tui.screens.dialogs import ConfirmDialog, ExportDialog
from verifier.review.items import ReviewItem
from verifier.review.store import ReviewStore

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui import messages as msg

SUFFIX = {"md": "md", "csv": "csv", "json": "json", "claimreview": "jsonld"}


def default_export_path(folder: Path, fmt: str, now: datetime | None = None) -> Path:
    """``folder/claims-YYYY-MM-DD-HHMM.<suffix>``: a new name each minute, sorted by time."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d-%H%M")
    return folder / f"claims-{stamp}.{SUFFIX[fmt]}"


def resolve_target(value: str, folder: Path) -> Path:
    """The absolute path the user means: ``~`` expanded, a relative path inside ``folder``."""
    path = Path(value.strip()).expanduser()
    return (path if path.is_absolute() else folder / path).absolute()


def history_for(store: ReviewStore, items: Sequence[ReviewItem]) -> dict[str, list[dict[str, Any]]]:
    """The audit trail of ``items``, by claim id, oldest first."""
    wanted = {it.claim_id for it in items}
    history: dict[str, list[dict[str, Any]]] = {}
    for entry in store.history():
        if entry["claim_id"] in wanted:
            history.setdefault(entry["claim_id"], []).append(entry)
    return history


class _App(Protocol):
    store: ReviewStore
    store_path: Path | None
    export_dir: Path
    organisation: str | None

    def notify(self, message: str, **kwargs: Any) -> None: ...
    def push_screen(self, screen: Screen[Any], callback: Any = None) -> Any: ...
    def export_to(self, items: Sequence[ReviewItem], fmt: str, path: str) -> None: ...


class Exporting:
    """Mixed into :class:`~tui.app.ReviewApp`: ask where, refuse unsafe targets, write."""

    def on_ask_export(self: _App, message: msg.AskExport) -> None:
        shown = list(message.items)

        def done(choice: tuple[str, str] | None) -> None:
            if choice is None:
                self.notify("export cancelled: nothing written", timeout=3)
            else:
                self.export_to(shown, *choice)

        path = str(default_export_path(self.export_dir, "md"))
        self.push_screen(ExportDialog(path, what=message.what), done)

    def export_to(self: _App, items: Sequence[ReviewItem], fmt: str, path: str) -> None:
        """Write ``items`` as ``fmt`` to ``path`` (relative: in the export folder), atomically;
        only a regular file, never the store; an existing file asks first. The toast gives the
        full path. Where the store requires a second reviewer, verdicts not signed off are
        marked "awaiting sign-off" (left out of ClaimReview), and the toast counts them."""
        from verifier.review.export import awaiting_signoff, export
        from verifier.review.files import check_target, write_atomic

        wanted = resolve_target(path, self.export_dir)
        protect = [self.store_path] if self.store_path else []
        try:
            if wanted.parent.is_relative_to(self.export_dir.absolute()):
                wanted.parent.mkdir(parents=True, exist_ok=True)
            target = check_target(wanted, protect=protect)
        except (*WRITE_ERRORS, ValueError) as exc:
            self.notify(f"export failed: {write_error(exc)}", severity="error", timeout=10)
            return

        def write(ok: bool | None = True) -> None:
            if not ok:
                self.notify(f"not exported: {target} kept as it was", timeout=5)
                return
            try:
                history = history_for(self.store, items) if fmt == "json" else None
                signoff = self.store.require_signoff
                text = export(
                    items,
                    fmt,
                    organisation=self.organisation,
                    history=history,
                    require_signoff=signoff,
                )
                write_atomic(target, text, protect=protect)
            except (*WRITE_ERRORS, ValueError) as exc:
                self.notify(f"export failed: {write_error(exc)}", severity="error", timeout=10)
                return
            text = f"exported {len(items)} claims to {target}"
            if held := awaiting_signoff(items, signoff):
                how = "left out" if fmt == "claimreview" else "marked so"
                text += f" ({held} awaiting a second reviewer's sign-off: {how})"
            self.notify(text, timeout=10)

        if target.exists():
            self.push_screen(ConfirmDialog(f"{target} exists. Replace it?"), write)
        else:
            write()
