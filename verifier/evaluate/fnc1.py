"""FNC-1 reader, deterministic topic-disjoint train/dev split, and the official weighted score."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from verifier.errors import UserError
from verifier.model import Stance

LABELS = ("agree", "disagree", "discuss", "unrelated")
TO_STANCE = {
    "agree": Stance.SUPPORTS,
    "disagree": Stance.CONTRADICTS,
    "discuss": Stance.DISCUSSES,
    "unrelated": Stance.UNRELATED,
}
FROM_STANCE = {v: k for k, v in TO_STANCE.items()}
DEV_SHARE = 20
SPLIT_SEED = "stance-dev-v1"
TOPIC_SEED = "stance-topic-v1"


@dataclass(frozen=True)
class FncPair:
    """One headline / body pair with its gold label (None when the file has no Stance column)."""

    headline: str
    body_id: str
    body: str
    label: str | None


def in_dev(group_id: str, share: int = DEV_SHARE, seed: str = SPLIT_SEED) -> bool:
    """Deterministic dev membership of a group (FNC-1 topic, Emergent claim id): hash-based."""
    digest = hashlib.sha1(f"{seed}:{group_id}".encode()).hexdigest()
    return int(digest[:8], 16) % 100 < share


def topics(pairs: Sequence[FncPair]) -> dict[tuple[str, str], str]:
    """Topic of every headline (``("h", text)``) and body (``("b", id)``): the connected
    components of related (labelled, not unrelated) pairs, named by their smallest body id."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(node: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for p in pairs:
        headline, body = root(("h", p.headline)), root(("b", p.body_id))
        if p.label not in (None, "unrelated"):
            parent[headline] = body
    names: dict[tuple[str, str], str] = {}
    for node in parent:
        if node[0] == "b":
            top = root(node)
            names[top] = min(names.get(top, node[1]), node[1], key=lambda i: (len(i), i))
    return {node: names.get(root(node), node[1]) for node in parent}


def select_split(pairs: Sequence[FncPair], split: str) -> list[FncPair]:
    """``all``, ``train`` or ``dev``: about 20 % of the topics are dev, and a pair belongs to a
    part only when its headline and its body both do (cross-topic unrelated pairs are in
    neither), so no dev headline, body or topic is seen in training."""
    if split == "all":
        return list(pairs)
    if split not in ("train", "dev"):
        raise UserError(f"unknown split {split!r} (all, train or dev)")
    topic = topics(pairs)
    want = split == "dev"
    return [
        p
        for p in pairs
        if in_dev(topic["h", p.headline], seed=TOPIC_SEED) == want
        and in_dev(topic["b", p.body_id], seed=TOPIC_SEED) == want
    ]


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UserError(f"cannot read {path}: {exc}") from exc


def read_fnc1(bodies_path: Path, stances_path: Path) -> list[FncPair]:
    """Pairs from the official bodies and stances CSV files."""
    bodies = {}
    for row in _rows(bodies_path):
        if "Body ID" not in row or "articleBody" not in row:
            raise UserError(f"{bodies_path}: expected columns 'Body ID' and 'articleBody'")
        bodies[row["Body ID"].strip()] = row["articleBody"]
    pairs = []
    for row in _rows(stances_path):
        if "Headline" not in row or "Body ID" not in row:
            raise UserError(f"{stances_path}: expected columns 'Headline' and 'Body ID'")
        body_id = row["Body ID"].strip()
        if body_id not in bodies:
            raise UserError(f"{stances_path}: body {body_id} is not in {bodies_path}")
        label = (row.get("Stance") or "").strip().lower() or None
        if label is not None and label not in LABELS:
            raise UserError(f"{stances_path}: unknown stance {label!r}")
        pairs.append(FncPair(row["Headline"], body_id, bodies[body_id], label))
    return pairs


def label_metrics(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix (gold rows)."""
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    per_class = {}
    for label in labels:
        tp = confusion[label][label]
        n_pred = sum(confusion[g][label] for g in labels)
        n_gold = sum(confusion[label].values())
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1, "support": n_gold}
    correct = sum(confusion[label][label] for label in labels)
    return {
        "n": len(gold),
        "accuracy": correct / len(gold) if gold else 0.0,
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(labels),
        "per_class": per_class,
        "confusion": confusion,
    }


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Official FNC-1 weighted score as a percentage of the best possible score."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        related_g, related_p = g != "unrelated", p != "unrelated"
        best += 1.0 if related_g else 0.25
        if related_g == related_p:
            score += 0.25
            if related_g and g == p:
                score += 0.75
    return 100.0 * score / best if best else 0.0


def fnc_report(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """All FNC-1 metrics: fnc_score plus :func:`label_metrics` over the four labels."""
    return {"fnc_score": fnc_score(gold, predicted), **label_metrics(gold, predicted, LABELS)}
