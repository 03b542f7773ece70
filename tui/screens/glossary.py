"""What the words and symbols of the app mean: verdicts, link levels, independence, the
symbols (★ ⚑ ✎ ● ✔) and the team words (assignee, sign-off)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from tui.widgets.key_bar import KeyBar

ENTRIES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Verdicts (the tool's suggestion; your status is the decision)",
        (
            ("corroborated", "independent sources support the claim, none contradicts it"),
            ("contradicted", "independent sources contradict the claim, none supports it"),
            ("disputed", "independent sources both support and contradict the claim"),
            ("single-source", "evidence was found, but none of it is independent of the speaker"),
            ("no evidence", "nothing in the corpus is close enough to the claim"),
            ("matching…", "the claim is extracted; its evidence is still being looked for"),
        ),
    ),
    (
        "Evidence links",
        (
            ("linked", "very similar to the claim (at or above the auto-link threshold, 0.65)"),
            (
                "suggested",
                "close enough to show (at or above 0.40): check it before relying on it",
            ),
            ("✓ accepted / ✗ rejected", "your decision on a link: a accepts, r rejects"),
            ("▶", "the evidence that a and r act on"),
            ("sim", "cosine similarity of the evidence sentence to the claim (0 to 1)"),
        ),
    ),
    (
        "Independence",
        (
            (
                "independent",
                "not the claim's speaker; syndicated copies of one story count once",
            ),
            (
                "not independent",
                "the claim's own speaker, or an outlet relaying that speaker: shown, never counted",
            ),
            ("Sup / Con", "independent sources supporting / contradicting the claim"),
        ),
    ),
    (
        "Symbols",
        (
            (
                "⚑",
                "unverified casualty figure: a party to the conflict gives a figure that no "
                "independent, non-party source supports (f flags, shift+f removes the flag)",
            ),
            ("★", "in Figures: the most conservative (lowest) figure for the event"),
            ("✎", "the claim has a note"),
            (
                "●",
                "a marked claim (space, shift+up/down, ctrl+a): status, flag, assignment, "
                "sign-off and export then apply to every marked claim at once; escape unmarks",
            ),
            ("✔", "the verdict is signed off by a second reviewer"),
        ),
    ),
    (
        "Statuses (yours)",
        (
            ("unstarted / in progress", "not reviewed yet / being reviewed"),
            ("verified / false / inconclusive", "your finding; ctrl+z undoes the last decision"),
        ),
    ),
    (
        "Team",
        (
            ("Assignee", "who the claim is assigned to (shift+a assigns; m shows only yours)"),
            (
                "sign-off",
                "where the desk requires a second reviewer, a verdict counts as published only "
                "once someone other than its author signs it off (shift+o); exports mark the "
                "others 'awaiting sign-off' and leave them out of ClaimReview",
            ),
        ),
    ),
)


def glossary_text() -> Text:
    """Every entry of :data:`ENTRIES` as one styled text."""
    out = Text(end="")
    for i, (section, entries) in enumerate(ENTRIES):
        if i:
            out.append("\n\n")
        out.append(section, style="bold underline")
        for term, meaning in entries:
            out.append("\n  ")
            out.append(term, style="bold")
            out.append(f"  {meaning}")
    return out


class GlossaryScreen(Screen[None]):
    """The glossary; escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="glossary"):
            yield Static(glossary_text())
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#glossary").focus()

    def action_back(self) -> None:
        self.dismiss()
