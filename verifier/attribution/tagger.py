"""The learned attribution tagger: two CRFs over spaCy token features, the tree rules as features.

The cue CRF marks cue tokens in a sentence; for each cue, the role CRF marks its source and
content in the same sentence. Both are trained on PolNeAR train by ``verifier train
attribution`` (:mod:`verifier.training.attribution_tagger`) and stored as CRFsuite model files
``verifier/weights/attribution_cue_crf.bin`` and ``attribution_role_crf.bin``. A cue whose
content the role CRF leaves empty keeps the rules' content, or is dropped when the rules have
none.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from verifier import weights
from verifier.attribution.found import Found, Quotes, Range, Ranges
from verifier.attribution.tagger_features import (
    cue_features,
    quoted_tokens,
    role_features,
    role_span,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

CUE_WEIGHTS = weights.DIR / "attribution_cue_crf.bin"
ROLE_WEIGHTS = weights.DIR / "attribution_role_crf.bin"
META = weights.DIR / "attribution_tagger.json"  # how the CRFs were trained


def cue_spans(labels: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges [start, end) of ``B-CUE`` / ``I-CUE`` runs (an ``I`` may open a run)."""
    spans: list[tuple[int, int]] = []
    for k, label in enumerate(labels):
        if label == "O":
            continue
        if label == "B-CUE" or not spans or spans[-1][1] != k:
            spans.append((k, k + 1))
        else:
            spans[-1] = (spans[-1][0], k + 1)
    return spans


def span_head(doc: Doc, start: int, end: int) -> Token:
    """The token of ``doc[start:end]`` whose head lies outside it (a verb first)."""
    roots = [t for t in doc[start:end] if not start <= t.head.i < end or t.head.i == t.i]
    roots = roots or list(doc[start:end])
    return next((t for t in roots if t.pos_ in ("VERB", "AUX")), roots[0])


def runs(labels: Sequence[str], label: str) -> list[tuple[int, int]]:
    """Index ranges [start, end) of consecutive ``label``s."""
    out: list[tuple[int, int]] = []
    for k, value in enumerate(labels):
        if value != label:
            continue
        if out and out[-1][1] == k:
            out[-1] = (out[-1][0], k + 1)
        else:
            out.append((k, k + 1))
    return out


def content_runs(labels: Sequence[str]) -> list[tuple[int, int]]:
    """Runs of ``C``, two runs joined when only ``O`` lies between them (a fragment break
    is where the cue or the source interrupts the content)."""
    out: list[tuple[int, int]] = []
    for start, end in runs(labels, "C"):
        if out and all(x == "O" for x in labels[out[-1][1] : start]):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _chars(sent: Span, start: int, end: int) -> tuple[int, int] | None:
    """Characters of sentence tokens [start, end) without punctuation at the edges."""
    toks = list(sent)[start:end]
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])


class AttributionTagger:
    """Cue and role CRFs loaded from CRFsuite model files (one CRFsuite tagger per thread)."""

    def __init__(self, cue_path: Path = CUE_WEIGHTS, role_path: Path = ROLE_WEIGHTS) -> None:
        self.paths = (cue_path, role_path)
        self._local = threading.local()
        self._taggers()  # a bad model file fails here, not at the first sentence

    def _taggers(self) -> tuple[Any, Any]:
        taggers: tuple[Any, Any] | None = getattr(self._local, "taggers", None)
        if taggers is None:
            import pycrfsuite

            cue, role = pycrfsuite.Tagger(), pycrfsuite.Tagger()
            cue.open(str(self.paths[0]))
            role.open(str(self.paths[1]))
            taggers = self._local.taggers = (cue, role)
        return taggers

    def cues(self, sent: Span, quoted: Sequence[bool], rule_content: Sequence[bool]) -> list[str]:
        """``B-CUE`` / ``I-CUE`` / ``O`` per token of ``sent``."""
        return list(self._taggers()[0].tag(cue_features(sent, quoted, rule_content)))

    def roles(
        self,
        sent: Span,
        cue: tuple[int, int],
        head: Token,
        quoted: Sequence[bool],
        rule: Found | None,
    ) -> list[str]:
        """``S`` / ``C`` / ``Q`` / ``O`` per token of ``sent`` for the cue ``[cue[0], cue[1])``."""
        return list(self._taggers()[1].tag(role_features(sent, cue, head, quoted, rule)))

    def find(
        self,
        doc: Doc,
        sent: Span,
        quotes: Quotes,
        rules: RuleLookup,
        taken: Ranges | None = None,
    ) -> Iterator[Found]:
        """Attributions of one sentence: cues from the cue CRF, spans from the role CRF. Cues
        that overlap a character range of ``taken`` (cues another finder's spans win for) are
        left out before their roles are tagged."""
        quoted = quoted_tokens(sent, quotes)
        flags = [rules(t) is not None for t in sent]
        labels = self.cues(sent, quoted, flags)
        for start, end in cue_spans(labels):
            cue = (sent.start + start, sent.start + end)
            cue_chars = (doc[cue[0]].idx, doc[cue[1] - 1].idx + len(doc[cue[1] - 1]))
            if taken is not None and taken.overlaps(cue_chars):
                continue
            head = span_head(doc, *cue)
            rule = rules(head)
            span = role_span(sent, cue)
            offset = span.start - sent.start
            roles = self.roles(span, cue, head, quoted[offset : offset + len(span)], rule)
            found = _found(doc, span, cue, cue_chars, head, roles, rule)
            if found is not None:
                yield found


def _found(
    doc: Doc,
    sent: Span,
    cue: tuple[int, int],
    cue_chars: Range,
    head: Token,
    roles: Sequence[str],
    rule: Found | None,
) -> Found | None:
    pieces = content_runs(roles)
    content = [r for r in (_chars(sent, a, b) for a, b in pieces) if r]
    sources = runs(roles, "S")
    at = cue[0] - sent.start
    source = min(sources, key=lambda r: min(abs(r[0] - at), abs(r[1] - at))) if sources else None
    lemma = "according to" if head.lower_ == "according" else head.lemma_.lower()
    if not content:
        if rule is None:
            return None
        return replace(rule, cue=cue_chars, cue_lemma=lemma, cue_token=head.i)
    biggest = max(pieces, key=lambda r: r[1] - r[0])
    source_range = _chars(sent, *source) if source else None
    return Found(
        cue=cue_chars,
        content=tuple(content),
        source=source_range,
        cue_lemma=lemma,
        cue_token=head.i,
        source_token=span_head(doc, sent.start + source[0], sent.start + source[1]).i
        if source and source_range
        else None,
        content_token=span_head(doc, sent.start + biggest[0], sent.start + biggest[1]).i,
    )


class RuleLookup:
    """The rules' attribution for a token as cue (None when they find none), cached per Doc."""

    def __init__(self, doc: Doc, spans: object) -> None:
        self.doc = doc
        self.spans = spans
        self.cache: dict[int, Found | None] = {}

    def __call__(self, token: Token) -> Found | None:
        if token.i not in self.cache:
            self.cache[token.i] = self.spans(self.doc, token)  # type: ignore[operator]
        return self.cache[token.i]


@lru_cache(maxsize=2)
def load_tagger(directory: Path = weights.DIR) -> AttributionTagger | None:
    """The trained tagger in ``directory``, or None (the tree rules) when its weights or
    python-crfsuite are missing."""
    cue, role = directory / CUE_WEIGHTS.name, directory / ROLE_WEIGHTS.name
    if not (cue.is_file() and role.is_file()):
        log.warning("no attribution tagger weights in %s; using the tree rules", directory)
        return None
    try:
        return AttributionTagger(cue, role)
    except ImportError:
        log.warning("python-crfsuite is not installed; using the attribution tree rules")
        return None
