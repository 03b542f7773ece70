"""One claim: the article with speaker, cue and content highlighted, and its evidence."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui import messages as msg
from tui.labels import report_label
from tui.safe import safe_line
from tui.screens.base import CLAIM_BINDINGS, ClaimScreenBase
from tui.widgets.article_view import CONTENT, CUE, SENTENCE, SPEAKER, ArticleView, Mark
from tui.widgets.key_bar import KeyBar
from verifier.model import Evidence, Stance
from verifier.review.items import ReviewItem, evidence_key

GROUPS = (
    ("Supporting", (Stance.SUPPORTS,)),
    ("Contradicting", (Stance.CONTRADICTS,)),
    ("Other", (Stance.DISCUSSES, Stance.UNRELATED)),
)
DECISION_MARK = {"accepted": ("✓ accepted", "bold green"), "rejected": ("✗ rejected", "bold red")}


def evidence_prompt(e: Evidence, decision: str | None, selected: bool = False) -> Text:
    """Outlet, date, similarity, stance, independence and decision, then the sentence and reason.

    ``selected`` (the item ``a`` and ``r`` act on) is marked with ▶.
    """
    r = e.report
    mark, style = DECISION_MARK.get(decision or "", ("· suggested", "dim"))
    if e.auto_linked and decision is None:
        mark, style = "· linked", "dim"
    head = Text(end="")
    head.append("▶ " if selected else "  ", style="bold reverse" if selected else "")
    head.append(f"{mark:<11} ", style=style)
    head.append_text(safe_line(report_label(r), style="bold"))
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
    body = Text("\n    ", end="")
    body.append_text(safe_line(e.sentence.text, style="italic"))
    body.append("\n    reason: ", style="dim")
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
    out.append(f"\nstatus: {item.status.value}")
    if item.signed_off_by:
        out.append(" ✔ signed off by ", style="green")
        out.append_text(safe_line(item.signed_off_by, style="green"))
    if item.assignee:
        out.append(" · assigned to ")
        out.append_text(safe_line(item.assignee, style="blue"))
    out.append(f" · verdict: {a.verdict.value}")
    out.append(f" · independent support {a.independent_support}")
    out.append(f", contradiction {a.independent_contradiction}")
    if item.flagged:
        out.append(" · ⚑ unverified casualty figure", style="bold red")
    if item.note:
        out.append("\nnote: ", style="dim")
        out.append_text(safe_line(item.note, limit=300))
    return out


def claim_marks(item: ReviewItem) -> list[Mark]:
    """The claim's sentence, content, speaker and cue as styled ranges of its article."""
    claim = item.assessment.claim
    marks: list[Mark] = [(claim.sentence.start, claim.sentence.end, SENTENCE)]
    marks.append((claim.content.start, claim.content.end, CONTENT))
    if claim.speaker is not None:
        marks.append((claim.speaker.start, claim.speaker.end, SPEAKER))
    if claim.cue is not None:
        marks.append((claim.cue.start, claim.cue.end, CUE))
    return marks


class ClaimScreen(ClaimScreenBase):
    """The claim in its article (left) and its evidence, grouped by stance (right).

    The app keeps one instance and calls :meth:`show` for each claim opened: swapping the
    content of mounted widgets is several times cheaper than building a screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *CLAIM_BINDINGS,
        Binding("a", "decide('accepted')", "Accept evidence", id="evidence.accept"),
        Binding("r", "decide('rejected')", "Reject evidence", id="evidence.reject"),
        Binding("t", "toggle_raw", "Raw or clean page", id="source.raw"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, item: ReviewItem, pending: bool = False) -> None:
        super().__init__()
        self.item = item
        self.pending = pending
        self._selected: str | None = None

    def compose(self) -> ComposeResult:
        claim = self.item.assessment.claim
        yield Header()
        yield Static(claim_header(self.item), id="claim-header")
        with Horizontal(id="claim-body"):
            with Vertical(id="context-pane"):
                yield Label(id="legend", classes="pane-title")
                yield ArticleView(
                    claim.report, claim_marks(self.item), claim.sentence.start, id="context"
                )
            with Vertical(id="evidence-pane"):
                yield Label(id="evidence-title", classes="pane-title")
                yield OptionList(*self._options(), id="evidence")
        yield KeyBar()

    def _legend(self) -> Text:
        r = self.item.assessment.claim.report
        raw = self.query_one(ArticleView).raw
        out = Text(end="")
        out.append_text(safe_line(r.title or report_label(r), style="bold", limit=28))
        out.append("  ")
        out.append("speaker", style=SPEAKER)
        out.append(" ")
        out.append("cue", style=CUE)
        out.append(" ")
        out.append("content", style=CONTENT)
        out.append("  · raw page" if raw else "  · cleaned")
        return out

    def _evidence_title(self) -> Text:
        evidence = self.query_one("#evidence", OptionList)
        keys = [o.id for o in evidence.options if o.id is not None]
        if self.pending:
            return Text("Evidence · still being matched…", style="italic")
        if not keys:
            return Text("Evidence")
        at = keys.index(self._selected) + 1 if self._selected in keys else 0
        return Text(f"Evidence {at} of {len(keys)} · a accept · r reject · enter show")

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
                prompt = evidence_prompt(e, decisions.get(key), key == self._selected)
                options.append(Option(prompt, id=key))
        if not options:
            text = "Matching evidence…" if self.pending else "No evidence found in the corpus."
            options.append(Option(Text(text, style="dim"), disabled=True))
        return options

    def on_mount(self) -> None:
        self.query_one("#legend", Label).update(self._legend(), layout=False)
        evidence = self.query_one("#evidence", OptionList)
        evidence.focus()
        if evidence.option_count and evidence.highlighted is None:
            evidence.action_first()
        self._show_selection()

    def show(self, item: ReviewItem, pending: bool = False) -> None:
        """Show another claim in the mounted widgets (the cleaned article, the first evidence)."""
        self.item, self.pending, self._selected = item, pending, None
        if not self.is_mounted:  # composed from the new item when first pushed
            return
        claim = item.assessment.claim
        self.query_one("#claim-header", Static).update(claim_header(item))
        self.query_one(ArticleView).show(claim.report, claim_marks(item), claim.sentence.start)
        self.query_one("#legend", Label).update(self._legend(), layout=False)
        evidence = self.query_one("#evidence", OptionList)
        evidence.clear_options()
        evidence.add_options(self._options())
        evidence.focus()
        evidence.highlighted = None
        evidence.action_first()
        self._show_selection()

    def current_item(self) -> ReviewItem | None:
        return self.item

    def item_changed(self, item: ReviewItem) -> None:
        """The claim as stored now: new decisions, or its evidence just matched."""
        self.item = item
        self.pending = False
        self.query_one("#claim-header", Static).update(claim_header(item))
        evidence = self.query_one("#evidence", OptionList)
        at = evidence.highlighted
        evidence.clear_options()
        evidence.add_options(self._options())
        if evidence.option_count:
            evidence.highlighted = min(at or 0, evidence.option_count - 1)
            if evidence.highlighted_option is not None and evidence.highlighted_option.disabled:
                evidence.action_first()
        self._show_selection()

    def selected_evidence(self) -> Evidence | None:
        """The evidence under the cursor in the evidence list."""
        evidence = self.query_one("#evidence", OptionList)
        if evidence.highlighted is None:
            return None
        key = evidence.get_option_at_index(evidence.highlighted).id
        return next((e for e in self.item.assessment.evidence if evidence_key(e) == key), None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_selection()

    def _show_selection(self) -> None:
        """Mark the evidence ``a`` and ``r`` act on with ▶ and name it in the pane title."""
        e = self.selected_evidence()
        key = evidence_key(e) if e is not None else None
        if key != self._selected:
            evidence = self.query_one("#evidence", OptionList)
            decisions = self.item.evidence_decisions
            for old in self.item.assessment.evidence:
                k = evidence_key(old)
                if k in (self._selected, key):
                    prompt = evidence_prompt(old, decisions.get(k), k == key)
                    evidence.replace_option_prompt(k, prompt)
            self._selected = key
        self.query_one("#evidence-title", Label).update(self._evidence_title(), layout=False)

    def action_decide(self, decision: str) -> None:
        e = self.selected_evidence()
        if e is None:
            self.notify("no evidence selected", severity="warning")
            return
        key = evidence_key(e)
        new = None if self.item.evidence_decisions.get(key) == decision else decision
        self.post_message(msg.DecideEvidence(self.item, key, new))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        e = self.selected_evidence()
        if e is not None:
            self.post_message(msg.OpenEvidence(e))

    def action_toggle_raw(self) -> None:
        self.query_one(ArticleView).toggle_raw()
        self.query_one("#legend", Label).update(self._legend(), layout=False)

    def action_back(self) -> None:
        self.dismiss()
