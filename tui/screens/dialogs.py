"""Modal dialogs: the note editor, a yes/no question, a path prompt, the reviewer to assign
and the export dialog."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, TextArea

from tui import messages as msg
from tui.safe import safe_line

EXPORT_FORMATS = ("md", "csv", "json", "claimreview")
FORMAT_NAMES = {
    "md": "Markdown notes (.md)",
    "csv": "CSV table (.csv)",
    "json": "JSON with the audit trail (.json)",
    "claimreview": "ClaimReview JSON-LD (.jsonld)",
}


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; ``y`` or ``n`` answers, escape is no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question)
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", id="yes", variant="error")
                yield Button("No (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # enter alone never says yes

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class NoteEditor(ModalScreen[None]):
    """Edit a claim's note: ctrl+s asks the app to save it, and the editor closes only once the
    note is saved (a failed save leaves it open with the text); escape cancels, asking first if
    text was typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", priority=True, id="note.save"),
        Binding("escape", "cancel", "Cancel note", priority=True, id="note.cancel"),
    ]

    def __init__(self, claim_id: str, note: str, claim_text: str) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.original = note
        self.claim_text = claim_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note-dialog"):
            yield Label(safe_line(self.claim_text, limit=200), classes="dialog-title")
            yield TextArea(self.original, id="note", soft_wrap=True, show_line_numbers=False)
            yield Label("ctrl+s save · escape cancel", classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        """The text as typed so far."""
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        self.post_message(msg.SaveNote(self.claim_id, self.text))

    def action_cancel(self) -> None:
        if self.text == self.original:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard the changes to this note?"), answered)


class PathDialog(ModalScreen[str | None]):
    """Ask for a path; enter submits, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="path.cancel"),
    ]

    def __init__(self, title: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="path")
            yield Label("enter open · escape cancel", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AssignDialog(ModalScreen[str | None]):
    """Whom to assign claims to: enter assigns (the field starts with your name), an emptied
    field unassigns, escape cancels (the dialog returns None; "" means unassign)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="assign.cancel"),
    ]

    def __init__(self, what: str, me: str) -> None:
        super().__init__()
        self.what = what
        self.me = me

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(safe_line(f"Assign {self.what} to"), classes="dialog-title")
            yield Input(self.me, placeholder="a reviewer's name (empty: unassign)", id="assignee")
            yield Label("enter assign · empty field unassigns · escape cancel", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportDialog(ModalScreen[tuple[str, str] | None]):
    """Choose a format and a file; enter exports, escape cancels (the app says so).

    Only the Export button takes focus, so Tab, Tab, Enter never lands on Cancel.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel export", id="export.cancel"),
    ]

    def __init__(
        self, path: str = "claims.md", fmt: str = "md", what: str = "the claims shown"
    ) -> None:
        super().__init__()
        self.path = path
        self.fmt = fmt
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export-dialog"):
            yield Label(f"Export {self.what}", classes="dialog-title")
            yield Select(
                [(FORMAT_NAMES[f], f) for f in EXPORT_FORMATS],
                value=self.fmt,
                allow_blank=False,
                id="format",
            )
            yield Input(self.path, placeholder="output file", id="path")
            yield Label(
                "enter export · escape cancel · a relative path goes in the export folder",
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button("Export", id="export", variant="primary")
                cancel = Button("Cancel (escape)", id="cancel")
                cancel.can_focus = False
                yield cancel

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        stem, _, ext = path.value.rpartition(".")
        if stem and ext in (*EXPORT_FORMATS, "jsonld"):
            suffix = "jsonld" if event.value == "claimreview" else str(event.value)
            path.value = f"{stem}.{suffix}"

    def _submit(self) -> None:
        fmt = self.query_one("#format", Select).value
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.notify("give a file to export to", severity="error")
            return
        self.dismiss((str(fmt), path))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
