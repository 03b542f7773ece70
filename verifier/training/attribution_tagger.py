"""Training the attribution tagger's cue and role CRFs on PolNeAR train (CRFsuite, L-BFGS)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verifier.attribution.finder import rule_lookup
from verifier.attribution.found import Quotes, doc_text, quote_regions
from verifier.attribution.tagger import RuleLookup, span_head
from verifier.attribution.tagger_features import (
    cue_features,
    quoted_tokens,
    role_features,
    role_span,
)
from verifier.evaluate.polnear import Attribution, Document, trim

log = logging.getLogger(__name__)

Sequences = list[tuple[list[list[str]], list[str]]]


@dataclass
class _Paragraph:
    doc: Any  # the spaCy Doc
    offset: int
    gold: list[Attribution]  # attributions whose cue lies in this paragraph
    quotes: Quotes  # the paragraph's quotations
    rules: RuleLookup  # the tree rules' attribution per token, as the tagger sees them


def _paragraphs(
    docs: Sequence[Document], parsed: Sequence[Sequence[tuple[int, Any]]]
) -> Iterator[_Paragraph]:
    for document, paragraphs in zip(docs, parsed, strict=True):
        trimmed = [
            Attribution(
                trim(document.text, a.source) if a.source else None,
                trim(document.text, a.cue),
                trim(document.text, a.content),
            )
            for a in document.gold
        ]
        for offset, doc in paragraphs:
            end = offset + len(doc_text(doc))
            gold = [a for a in trimmed if a.cue and offset <= a.cue[0][0] < end]
            quotes = quote_regions(doc_text(doc))
            yield _Paragraph(doc, offset, gold, quotes, rule_lookup(doc, quotes))


def _overlaps(start: int, end: int, fragments: Sequence[tuple[int, int]] | None) -> bool:
    return bool(fragments) and any(a < end and start < b for a, b in fragments or ())


def _token_range(doc: Any, offset: int, fragments: Sequence[tuple[int, int]]) -> list[int]:
    return [t.i for t in doc if _overlaps(t.idx + offset, t.idx + offset + len(t), fragments)]


def cue_sequences(
    docs: Sequence[Document], parsed: Sequence[Sequence[tuple[int, Any]]]
) -> Sequences:
    """One sequence per sentence: cue tagger features and BIO cue labels."""
    out: Sequences = []
    for par in _paragraphs(docs, parsed):
        doc, quotes, rules = par.doc, par.quotes, par.rules
        labels = ["O"] * len(doc)
        for a in par.gold:
            tokens = _token_range(doc, par.offset, a.cue)
            for k, i in enumerate(tokens):
                if labels[i] == "O":
                    labels[i] = "B-CUE" if k == 0 or tokens[k - 1] != i - 1 else "I-CUE"
        for sent in doc.sents:
            quoted = quoted_tokens(sent, quotes)
            flags = [rules(t) is not None for t in sent]
            out.append((cue_features(sent, quoted, flags), labels[sent.start : sent.end]))
    return out


def role_sequences(
    docs: Sequence[Document], parsed: Sequence[Sequence[tuple[int, Any]]]
) -> Sequences:
    """One sequence per gold attribution: the cue's sentence with S / C / Q / O labels."""
    out: Sequences = []
    for par in _paragraphs(docs, parsed):
        doc, quotes, rules = par.doc, par.quotes, par.rules
        for a in par.gold:
            tokens = _token_range(doc, par.offset, a.cue)
            if not tokens:
                continue
            cue = (tokens[0], tokens[-1] + 1)
            head = span_head(doc, *cue)
            sent = role_span(head.sent, cue)
            labels = []
            for t in sent:
                start, end = t.idx + par.offset, t.idx + par.offset + len(t)
                if cue[0] <= t.i < cue[1]:
                    labels.append("Q")
                elif _overlaps(start, end, a.source):
                    labels.append("S")
                elif _overlaps(start, end, a.content):
                    labels.append("C")
                else:
                    labels.append("O")
            quoted = quoted_tokens(sent, quotes)
            out.append((role_features(sent, cue, head, quoted, rules(head)), labels))
    return out


def train_crf(
    sequences: Sequences,
    path: Path,
    c1: float = 0.05,
    c2: float = 0.01,
    max_iterations: int = 150,
    min_freq: int = 2,
) -> dict[str, Any]:
    """Fit a linear-chain CRF (L-BFGS, elastic net) and write it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in sequences:
        trainer.append(features, labels)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.minfreq": min_freq,
            "feature.possible_transitions": True,
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    info = {"sequences": len(sequences), "c1": c1, "c2": c2, "iterations": max_iterations}
    log.info("CRF %s: %s", path.name, info)
    return info


def heldout_split(n: int, every: int = 5) -> tuple[list[int], list[int]]:
    """Indices of training and held-out texts: every ``every``-th text (from the last of the
    first ``every``) is held out, the rest trains."""
    held = [i for i in range(n) if i % every == every - 1]
    return [i for i in range(n) if i % every != every - 1], held


def train_tagger(
    docs: Sequence[Document],
    parsed: Sequence[Sequence[tuple[int, Any]]],
    directory: Path,
) -> dict[str, Any]:
    """Train both CRFs on ``docs`` and write them with their settings into ``directory``."""
    from verifier.attribution.tagger import CUE_WEIGHTS, META, ROLE_WEIGHTS

    cue = train_crf(cue_sequences(docs, parsed), directory / CUE_WEIGHTS.name)
    role = train_crf(role_sequences(docs, parsed), directory / ROLE_WEIGHTS.name)
    meta = {
        "source": "PolNeAR train",
        "texts": len(docs),
        "cue_crf": cue,
        "role_crf": role,
    }
    (directory / META.name).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta
