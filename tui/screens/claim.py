"""One claim: the article with speaker, cue and content highlighted, and its evidence."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.safe import safe_line
from tui.screens.base import CLAIM_BINDINGS, ClaimScreenBase
from tui.widgets.article_view import CONTENT, CUE, SENTENCE, SPEAKER, ArticleView
from verifier.model import Evidence, Stance
from verifier.review.items import ReviewItem, evidence_key

GROUPS = (
    ("Supporting", (Stance.SUPPORTS,)),
    ("Contradicting", (Stance.CONTRADICTS,)),
    ("Other", (Stance.DISCUSSES, Stance.UNRELATED)),
)
DECISION_MARK = {"accepted": ("✓ accepted", "bold green"), "rejected": ("✗ rejected", "bold red")}


def evidence_prompt(e: Evidence, decision: str | None) -> Text:
    """Outlet, date, similarity, stance, independence and decision, then the sentence and reason."""
    r = e.report
    mark, style = DECISION_MARK.get(decision or "", ("· suggested", "dim"))
    if e.auto_linked and decision is None:
        mark, style = "· linked", "dim"
    head = Text(end="")
    head.append(f"{mark:<11} ", style=style)
    head.append_text(safe_line(r.outlet or r.id, style="bold"))
    head.append(f" · {r.published.isoformat() if r.published else 'no date'}")
    head.append(f" · sim {e.similarity:.2f} · {e.stance.value} {e.stance_score:.2f} · ")
    head.append(
        "independent" if e.independent else "not independent",
        style="green" if e.independent else "yellow",
    )
    if e.speaker_name:
        head.append(" · ")
        head.append_text(safe_line(e.speaker_name))
        head.append(f" ({e.speaker_type.value})")
    body = Text("\n  ", end="")
    body.append_text(safe_line(e.sentence.text, style="italic"))
    body.append("\n  reason: ", style="dim")
    body.append_text(safe_line(e.reason, style="dim"))
    return head + body


def claim_header(item: ReviewItem) -> Text:
    """The claim, its speaker and cue, its review state and its note."""
    a, claim = item.assessment, item.assessment.claim
    out = Text(end="")
    out.append_text(safe_line(claim.text or claim.content.text, style="bold"))
    out.append("\nspeaker: ")
    out.append_text(safe_line(claim.speaker_name or "—", style=SPEAKER))
    out.append(f" ({claim.speaker_type.value}) · cue: ")
    out.append_text(safe_line(claim.cue.text if claim.cue else "—", style=CUE))
    out.append(f" ({claim.cue_class.value if claim.cue_class else '—'})")
    out.append(f"\nstatus: {item.status.value} · verdict: {a.verdict.value}")
    out.append(f" · independent support {a.independent_support}")
    out.append(f", contradiction {a.independent_contradiction}")
    if item.flagged:
        out.append(" · ⚑ unverified casualty figure", style="bold red")
    if item.note:
        out.append("\nnote: ", style="dim")
        out.append_text(safe_line(item.note, limit=300))
    return out


class ClaimScreen(ClaimScreenBase):
    """The claim in its article (left) and its evidence, grouped by stance (right)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *CLAIM_BINDINGS,
        Binding("a", "decide('accepted')", "Accept evidence", id="evidence.accept"),
        Binding("r", "decide('rejected')", "Reject evidence", id="evidence.reject"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, item: ReviewItem) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        claim = self.item.assessment.claim
        marks = [(claim.sentence.start, claim.sentence.end, SENTENCE)]
        marks.append((claim.content.start, claim.content.end, CONTENT))
        if claim.speaker is not None:
            marks.append((claim.speaker.start, claim.speaker.end, SPEAKER))
        if claim.cue is not None:
            marks.append((claim.cue.start, claim.cue.end, CUE))
        yield Header()
        yield Static(claim_header(self.item), id="claim-header")
        with Horizontal(id="claim-body"):
            with Vertical(id="context-pane"):
                yield Label(self._legend(), classes="pane-title")
                yield ArticleView(claim.report.text, marks, claim.sentence.start, id="context")
            with Vertical(id="evidence-pane"):
                yield Label("Evidence · a accept · r reject · enter show", classes="pane-title")
                yield OptionList(*self._options(), id="evidence")
        yield Footer()

    def _legend(self) -> Text:
        r = self.item.assessment.claim.report
        out = Text(end="")
        out.append_text(safe_line(r.title or r.outlet or r.id, style="bold", limit=60))
        out.append("  ")
        out.append("speaker", style=SPEAKER)
        out.append(" ")
        out.append("cue", style=CUE)
        out.append(" ")
        out.append("content", style=CONTENT)
        return out

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = []
        decisions = self.item.evidence_decisions
        for title, stances in GROUPS:
            group = [e for e in self.item.assessment.evidence if e.stance in stances]
            if not group:
                continue
            if options:
                options.append(None)
            options.append(Option(Text(f"{title} ({len(group)})", style="bold"), disabled=True))
            for e in group:
                key = evidence_key(e)
                options.append(Option(evidence_prompt(e, decisions.get(key)), id=key))
        if not options:
            options.append(
                Option(Text("No evidence found in the corpus.", style="dim"), disabled=True)
            )
        return options

    def on_mount(self) -> None:
        evidence = self.query_one("#evidence", OptionList)
        evidence.focus()
        if evidence.option_count and evidence.highlighted is None:
            evidence.action_first()

    def current_item(self) -> ReviewItem | None:
        return self.item

    def item_changed(self, item: ReviewItem) -> None:
        self.item = item
        self.query_one("#claim-header", Static).update(claim_header(item))

    def selected_evidence(self) -> Evidence | None:
        """The evidence under the cursor in the evidence list."""
        evidence = self.query_one("#evidence", OptionList)
        if evidence.highlighted is None:
            return None
        key = evidence.get_option_at_index(evidence.highlighted).id
        return next((e for e in self.item.assessment.evidence if evidence_key(e) == key), None)

    def action_decide(self, decision: str) -> None:
        e = self.selected_evidence()
        if e is None:
            self.notify("no evidence selected", severity="warning")
            return
        key = evidence_key(e)
        new = None if self.item.evidence_decisions.get(key) == decision else decision
        item = self.review_app.decide_evidence(self.item, key, new)
        self.query_one("#evidence", OptionList).replace_option_prompt(
            key, evidence_prompt(e, item.evidence_decisions.get(key))
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        e = self.selected_evidence()
        if e is not None:
            self.review_app.open_evidence(e)

    def action_back(self) -> None:
        self.dismiss()
