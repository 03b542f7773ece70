"""The cue model: is this verb an attribution cue? A logistic regression over parse features.

Trained by ``verifier train attribution`` on PolNeAR train (a verb is a positive when it lies in
a gold cue span) and stored as plain JSON (feature -> weight) in
``verifier/weights/attribution_cue_model.json``: scoring is a dictionary lookup per feature, so
it adds next to nothing to the parse. Without trained weights the curated lexicon of
:mod:`.cues` decides (a lexicon verb with a clausal complement or a subject is a cue).
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from verifier import weights
from verifier.attribution.cues import CUE_CLASSES
from verifier.attribution.found import doc_text, sentence_of

if TYPE_CHECKING:
    from spacy.tokens import Token

log = logging.getLogger(__name__)

WEIGHTS = weights.DIR / "attribution_cue_model.json"

_QUOTE_CHARS = re.compile('["“”«»„]')
_CLAUSAL = ("ccomp", "xcomp", "parataxis")
_WINDOW = 1000  # characters before a verb searched for an open quotation


def is_candidate(token: Token) -> bool:
    """Verbs that may be cues (auxiliaries are never the head of a cue)."""
    return token.pos_ == "VERB" and token.dep_ not in ("aux", "auxpass")


def features(token: Token) -> list[str]:
    """Sparse features of a candidate cue verb: its lemma, its dependents, its context."""
    lemma = token.lemma_.lower()
    child_deps = sorted({c.dep_ for c in token.children})
    clausal = [d for d in child_deps if d in _CLAUSAL] or ["none"]
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    subject_kind = "none"
    if subject is not None:
        subject_kind = subject.ent_type_ or subject.pos_
    doc = token.doc
    first, last = sentence_of(token)
    sent_start, sent_end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
    text = doc_text(doc)
    window = max(sent_start, token.idx - _WINDOW)  # bounded in run-on sentences
    opened = len(_QUOTE_CHARS.findall(text, window, token.idx)) % 2 == 1
    quoted = opened or bool(
        _QUOTE_CHARS.search(text, token.idx, min(sent_end, token.idx + _WINDOW))
    )
    after = token.nbor(1).text if token.i + 1 < len(token.doc) else "<end>"
    before = token.nbor(-1).text if token.i > 0 else "<start>"
    out = [
        f"lemma={lemma}",
        f"tag={token.tag_}",
        f"dep={token.dep_}",
        f"head_dep={token.head.dep_}",
        f"subject={subject_kind}",
        f"lemma_dep={lemma}|{token.dep_}",
        f"lemma_subject={lemma}|{subject_kind}",
        f"quoted={quoted}",
        f"lemma_quoted={lemma}|{quoted}",
        f"inside_quote={opened}",
        f"after={after if not after.isalpha() else 'word'}",
        f"before={before if not before.isalpha() else 'word'}",
        f"lemma_after={lemma}|{after.lower()}",
    ]
    if subject is not None:
        out.append(f"subject_lemma={subject.lemma_.lower()}")
        out.append(f"lemma_subject_lemma={lemma}|{subject.lemma_.lower()}")
    out.append(f"lemma_head={lemma}|{token.head.lemma_.lower()}")
    out.append(f"lemma_children={lemma}|{'_'.join(child_deps)}")
    out.extend(f"child={d}" for d in child_deps)
    out.extend(f"lemma_clausal={lemma}|{d}" for d in clausal)
    out.extend(f"tag_clausal={token.tag_}|{d}" for d in clausal)
    if token.head.i < token.i and token.dep_ in _CLAUSAL:
        out.append("trailing")
    if lemma in CUE_CLASSES:
        out.append("curated")
    return out


@dataclass
class CueModel:
    """Logistic regression weights; ``is_cue`` when the probability reaches ``threshold``."""

    weights: Mapping[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    def probability(self, token: Token) -> float:
        if not self.weights:
            return self._lexicon(token)
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features(token))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def is_cue(self, token: Token) -> bool:
        return self.probability(token) >= self.threshold

    @staticmethod
    def _lexicon(token: Token) -> float:
        if token.lemma_.lower() not in CUE_CLASSES:
            return 0.0
        deps = {c.dep_ for c in token.children}
        return 1.0 if deps & {"ccomp", "nsubj", "parataxis"} or token.dep_ in _CLAUSAL else 0.0

    def to_json(self) -> str:
        return json.dumps(
            {
                "bias": self.bias,
                "threshold": self.threshold,
                "meta": self.meta,
                "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())},
            },
            indent=0,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> CueModel:
        data = json.loads(text)
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            meta=dict(data.get("meta") or {}),
        )


@lru_cache(maxsize=2)
def load_cue_model(path: Path = WEIGHTS) -> CueModel:
    """The trained cue model, or the curated-lexicon model when no weights are installed."""
    if not path.is_file():
        log.warning("no trained cue model at %s; using the curated cue lexicon", path)
        return CueModel()
    return CueModel.from_json(path.read_text(encoding="utf-8"))
