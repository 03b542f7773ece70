"""Modal dialogs: the note editor, a yes/no question, a path prompt and the export dialog."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, TextArea

from tui.safe import safe_line

EXPORT_FORMATS = ("md", "csv", "json", "claimreview")


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

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class NoteEditor(ModalScreen[str | None]):
    """Edit a claim's note: ctrl+s saves, escape cancels (asking first if text was typed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", priority=True, id="note.save"),
        Binding("escape", "cancel", "Cancel", priority=True, id="note.cancel"),
    ]

    def __init__(self, note: str, claim_text: str) -> None:
        super().__init__()
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

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.original:
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


class ExportDialog(ModalScreen[tuple[str, str] | None]):
    """Choose a format and a path; enter in the path field exports, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(self, path: str = "review.md", fmt: str = "md") -> None:
        super().__init__()
        self.path = path
        self.fmt = fmt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Export the claims shown", classes="dialog-title")
            yield Select(
                [(f, f) for f in EXPORT_FORMATS], value=self.fmt, allow_blank=False, id="format"
            )
            yield Input(self.path, placeholder="output file", id="path")
            with Horizontal(classes="buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel", id="cancel")

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
