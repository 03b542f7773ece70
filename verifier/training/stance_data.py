"""Training examples for the stance model from ../shared/eval (FNC-1, Emergent, FEVER)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from verifier.errors import UserError
from verifier.evaluate import emergent, fnc1
from verifier.model import Stance

_FEVER = {"SUPPORTS": Stance.SUPPORTS, "REFUTES": Stance.CONTRADICTS}


@dataclass(frozen=True)
class Example:
    """One (claim, evidence) pair with its stance, source dataset and split group."""

    claim: str
    evidence: str
    stance: Stance
    source: str
    group: str


def _jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        raise UserError(f"missing training file {path}")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def fnc_examples(data: Path, split: str) -> list[Example]:
    """FNC-1 pairs of ``split``, grouped by the topic of their body."""
    pairs = fnc1.read_fnc1(data / "fnc1" / "train_bodies.csv", data / "fnc1" / "train_stances.csv")
    topic = fnc1.topics(pairs)
    return [
        Example(p.headline, p.body, fnc1.TO_STANCE[p.label], "fnc1", topic["b", p.body_id])
        for p in fnc1.select_split(pairs, split)
        if p.label
    ]


def emergent_examples(data: Path, split: str) -> list[Example]:
    files = sorted((data / "emergent").glob("*train*.csv"))
    if not files:
        raise UserError(f"no Emergent train CSV in {data / 'emergent'}")
    pairs = emergent.select_split(emergent.read_emergent(files[0]), split)
    return [
        Example(p.claim, p.headline, emergent.TO_STANCE[p.label], "emergent", p.claim_id)
        for p in pairs
    ]


def fever_examples(data: Path) -> list[Example]:
    out = []
    for name in ("fever_symmetric_dev.jsonl", "fever_symmetric_generated.jsonl"):
        for row in _jsonl(data / "fever_symmetric" / name):
            label = row.get("gold_label") or row.get("label")
            evidence = row.get("evidence") or row.get("evidence_sentence")
            if label in _FEVER and evidence:
                out.append(Example(row["claim"], evidence, _FEVER[label], "fever", row["claim"]))
    return out


def unrelated_examples(examples: list[Example], share: float, seed: int = 0) -> list[Example]:
    """Short-evidence negatives: a claim paired with evidence of another claim, same source."""
    rng = random.Random(seed)
    by_source: dict[str, list[Example]] = {}
    for ex in examples:
        by_source.setdefault(ex.source, []).append(ex)
    out = []
    for ex in rng.sample(examples, int(len(examples) * share)):
        other = rng.choice(by_source[ex.source])
        if other.group != ex.group:
            out.append(Example(ex.claim, other.evidence, Stance.UNRELATED, ex.source, ex.group))
    return out


def load_examples(data: Path, split: str) -> list[Example]:
    """All training examples; ``split`` (train/all) applies to FNC-1 and Emergent only."""
    short = emergent_examples(data, split) + fever_examples(data)
    return fnc_examples(data, split) + short + unrelated_examples(short, 0.5)
