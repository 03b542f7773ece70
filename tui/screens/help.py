"""Every key binding, generated from the BINDINGS of the app, its screens and widgets."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label

from tui.widgets.key_bar import KeyBar


def class_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings a class declares itself and inherits (the subclass wins on the same key)."""
    seen: dict[str, Binding] = {}
    for klass in reversed(cls.__mro__):
        for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", [])):
            seen[binding.key] = binding
    return list(seen.values())


def binding_rows(
    sections: Mapping[str, type[DOMNode]], keymap: Mapping[str, str]
) -> Iterator[tuple[str, list[str], str, str]]:
    """(section, keys, description, id) for every binding of the app, keys as remapped by
    ``keymap``; the library's own bindings (such as ``help_quit``, which have no id) are left
    out."""
    done: set[tuple[str, str | None]] = set()
    for section, cls in sections.items():
        grouped: dict[str, tuple[list[str], Binding]] = {}
        for binding in class_bindings(cls):
            if not binding.description or binding.system or binding.id is None:
                continue
            ident = binding.id or f"{binding.action}"
            if ident in grouped:
                grouped[ident][0].append(binding.key)
            else:
                grouped[ident] = ([binding.key], binding)
        for ident, (keys, binding) in grouped.items():
            if (section, ident) in done:
                continue
            done.add((section, ident))
            shown = keymap.get(binding.id, "") if binding.id else ""
            key_list = shown.split(",") if shown else [k for ks in keys for k in ks.split(",")]
            yield section, [k.strip() for k in key_list], binding.description, binding.id or ""


class HelpScreen(Screen[None]):
    """The keys of every screen by what they do; escape goes back, f2 shows the glossary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, sections: Mapping[str, type[DOMNode]], keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.sections = dict(sections)
        self.keymap = dict(keymap)

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="bindings", cursor_type="row", zebra_stripes=True)
        yield Label(
            "f2: what the verdicts, links and symbols mean · keys can be remapped in keys.toml "
            "(docs/usage-tui.md lists the names)",
            classes="hint",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Where", "Keys", "Action")
        for section, keys, description, _ in binding_rows(self.sections, self.keymap):
            shown = ", ".join(self.app.get_key_display(Binding(k, "")) for k in keys)
            table.add_row(section, shown, description)
        table.focus()

    def action_back(self) -> None:
        self.dismiss()
