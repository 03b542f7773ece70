"""The keys of the current screen on one line at the bottom.

Textual's Footer mounts a widget per key and re-mounts them on every screen switch, which was
most of the cost of opening a claim; this bar draws the same bindings as one line of text.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class KeyBar(Static):
    """The shown bindings of the focused widget, the screen and the app: ``key description``."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        if self.is_attached and self.screen.is_active:
            self.update(self.keys(), layout=False)  # one line, docked: never resized

    def keys(self) -> Text:
        """The line: each shown action once, with the key as the user's keymap has it."""
        out = Text(end="", no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            if out:
                out.append("  ")
            out.append(self.app.get_key_display(binding), style="bold")
            out.append(f" {binding.description}")
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            out.append("  ")
            out.append(self.app.get_key_display(palette.binding), style="bold")
            out.append(" all commands")
        return out
