"""Claim text: atomic parts of a content and the short readable text of each claim.

The short text keeps what the source said: negation, modality and hedges stay ("US officials
could not confirm if he had been present"); only complementisers ("that"), punctuation and
adjuncts of time and cause without a negation or hedge are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from verifier.attribution.found import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_COUNT_WORDS = frozenset(
    ["dozens", "dozen", "scores", "hundreds", "thousands", "tens", "several", "many", "few"]
)
_DROP_IN_TEXT = frozenset({"mark", "auxpass", "punct", "advcl", "npadvmod", "parataxis"})
_TEMPORAL = frozenset(["after", "before", "following", "amid", "during", "since", "despite", "as"])
_PRESENT = {"say": "says", "according to": "says", "tell": "tells"}
_WS = re.compile(r"\s+")
NEGATIONS = frozenset(
    "not n't never no none nobody nothing neither nor cannot without nowhere".split()  # noqa: SIM905
)
MEANING_WORDS = NEGATIONS | frozenset(
    (  # noqa: SIM905
        "may might could would should must can possibly probably perhaps apparently "
        "likely unlikely reportedly allegedly purportedly supposedly if unless whether"
    ).split()
)


@dataclass(frozen=True)
class Part:
    """One atomic statement of a content: its span hull, the ranges it owns, a readable text."""

    start: int
    end: int
    own: tuple[tuple[int, int], ...]
    text: str


def _counted(token: Token) -> bool:
    """Whether a noun carries a count ("three barracks", "dozens of positions")."""
    if token.lower_ in _COUNT_WORDS or token.like_num:
        return True
    return any(c.dep_ == "nummod" or c.like_num for c in token.children)


def _own_range(doc: Doc, token: Token) -> tuple[int, int]:
    """A conjunct's subtree without its own conjuncts and coordinators."""
    end = token.right_edge.i
    for child in token.children:
        if child.dep_ in ("conj", "cc") and child.i > token.i:
            # never before the token: a conjunct's subtree can start before it
            end = max(min(end, child.left_edge.i - 1), token.i)
    while end > token.i and (doc[end].is_punct or doc[end].dep_ == "cc"):
        end -= 1
    left = doc[token.left_edge.i]
    return left.idx, doc[end].idx + len(doc[end])


def _conjuncts(token: Token, lo: int, hi: int) -> list[Token]:
    """The token and its conjuncts (recursively) that lie inside [lo, hi)."""
    out, todo = [], [token]
    while todo:
        current = todo.pop()
        if lo <= current.idx and current.idx + len(current) <= hi:
            out.append(current)
            todo.extend(c for c in current.children if c.dep_ == "conj")
    return sorted(out, key=lambda t: t.i)


def split_parts(doc: Doc, head: Token, content: tuple[int, int]) -> list[Part]:
    """Atomic statements of a content: coordinated clauses, else coordinated counted objects."""
    lo, hi = content
    text = doc_text(doc)

    clauses = [t for t in _conjuncts(head, lo, hi) if t.pos_ in ("VERB", "AUX")]
    if len(clauses) > 1:
        out = []
        for clause in clauses:
            start, end = (
                _own_range(doc, clause) if clause is not head else (lo, _own_range(doc, clause)[1])
            )
            out.append(Part(start, end, ((start, end),), _clean(text[start:end])))
        return out
    subtree = range(head.left_edge.i, head.right_edge.i + 1)
    for token in (t for t in _tokens(doc, content) if t.i in subtree):
        if token.dep_ == "conj" or not any(c.dep_ == "conj" for c in token.children):
            continue
        group = _conjuncts(token, lo, hi)
        if len(group) > 1 and sum(_counted(t) for t in group) >= 2:
            first = _own_range(doc, group[0])
            prefix = (lo, first[0])
            out = []
            for conj in group:
                own = _own_range(doc, conj)
                joined = _clean(text[prefix[0] : prefix[1]] + " " + text[own[0] : own[1]])
                out.append(Part(lo, own[1], (prefix, own), joined))
            return out
    return []


def short_text(doc: Doc, head: Token | None, content: tuple[int, int]) -> str:
    """The content without its complementiser "that", passive auxiliary and trailing adjuncts
    of time and cause ("80 militants killed after attacks on its posts" -> "80 militants
    killed"); a part that holds a negation, modal or hedge is never dropped."""
    lo, hi = content
    if head is None or not (lo <= head.idx < hi):
        return _clean(doc_text(doc)[lo:hi])
    dropped: set[int] = set()
    passive = any(c.dep_ == "auxpass" for c in head.children)
    for child in head.children:
        adjunct = (
            child.dep_ == "prep"
            and child.i > head.i
            and (child.lower_ in _TEMPORAL or any(c.lower_ == "response" for c in child.children))
        )
        if child.dep_ == "mark" and child.lower_ != "that":
            continue  # "if", "whether", "unless" keep the condition
        if (
            child.dep_ in _DROP_IN_TEXT
            or adjunct
            or (passive and child.dep_ == "aux" and child.lower_ in ("have", "has", "had"))
        ):
            subtree = range(child.left_edge.i, child.right_edge.i + 1)
            if child.dep_ == "auxpass" or not any(_meaningful(doc[i]) for i in subtree):
                dropped.update(subtree)
    out: list[str] = []
    last = -2
    for t in _tokens(doc, content):
        if t.i in dropped:
            continue
        if out and t.i != last + 1 and not out[-1][-1:].isspace():
            out.append(" ")  # a dropped token took the space with it
        out.append(t.text_with_ws)
        last = t.i
    return _clean("".join(out)) or _clean(doc_text(doc)[lo:hi])


def _meaningful(token: Token) -> bool:
    """Negation, modality, hedge or condition: words a short text must keep."""
    return token.dep_ == "neg" or token.tag_ == "MD" or token.lower_ in MEANING_WORDS


def cue_phrase(cue: str | None) -> str | None:
    """The cue as written when it is negated or modal ("could not confirm", "have not
    commented on"); None for a plain cue, which the text puts in the present tense."""
    if not cue:
        return None
    words = _WS.sub(" ", cue).strip()
    if "n't" in words.lower() or not MEANING_WORDS.isdisjoint(words.lower().split()):
        return words
    return None


def _tokens(doc: Doc, content: tuple[int, int]) -> list[Token]:
    """Tokens starting inside the content range (looked up, not scanned)."""
    span = doc.char_span(*content, alignment_mode="expand")
    if span is None:
        return []
    return [t for t in span if content[0] <= t.idx < content[1]]


def _clean(text: str) -> str:
    text = _WS.sub(" ", text).strip(" ,;:.\"'“”‘’")
    return re.sub(r"^that\s+", "", text)


def _present(lemma: str) -> str:
    """Third person present of a cue lemma ("claim" -> "claims", "deny" -> "denies")."""
    if lemma in _PRESENT:
        return _PRESENT[lemma]
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "es" if lemma.endswith(("s", "sh", "ch", "x")) else lemma + "s"


def claim_text(
    speaker: str | None,
    lemma: str | None,
    content: str,
    cue: str | None = None,
    plural: bool = False,
    limit: int = 1200,
) -> str:
    """ "Mali army says 80 militants killed"; a negated or modal cue stays as written ("US
    officials could not confirm ..."); a hedge adverb goes last: "...: X (reportedly)"."""
    who = speaker or "unattributed"
    lemma = lemma or "say"
    phrase = cue_phrase(cue)
    if lemma.endswith("ly"):
        text = f"{who}: {_clean(content)} ({lemma})"
    elif phrase:
        text = f"{who} {phrase} {_clean(content)}"
    else:
        verb = lemma.replace("according to", "say") if plural else _present(lemma)
        text = f"{who} {verb} {_clean(content)}"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
