"""The command palette (ctrl+p) reaches every action with a binding on the current screen."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from tui.screens.help import class_bindings

SKIP_ACTIONS = {"command_palette"}


def palette_entries(nodes: list[DOMNode]) -> Iterator[tuple[DOMNode, Binding]]:
    """(node, binding) for every described binding of ``nodes``, each action once."""
    seen: set[str] = set()
    for node in nodes:
        for binding in class_bindings(type(node)):
            if not binding.description or binding.id is None or binding.action in SKIP_ACTIONS:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            yield node, binding


class ActionsProvider(Provider):
    """Every bound action of the screen, its widgets and the app, by its human name and key."""

    def _entries(self) -> list[tuple[DOMNode, Binding, str]]:
        nodes: list[DOMNode] = [self.screen, *self.screen.query("ClaimTable"), self.app]
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        entries = []
        for node, binding in palette_entries(nodes):
            shown = binding
            if binding.id and binding.id in keymap:
                shown = replace(binding, key=keymap[binding.id])
            key = self.app.get_key_display(shown)
            entries.append((node, binding, f"{binding.description} ({key})"))
        return entries

    async def _run(self, node: DOMNode, action: str) -> None:
        await self.app.run_action(action, node)

    async def discover(self) -> Hits:
        for node, binding, text in self._entries():
            yield DiscoveryHit(text, partial(self._run, node, binding.action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for node, binding, text in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self._run, node, binding.action),
                )
