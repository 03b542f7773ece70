"""Calibrate the verdict gate's "confident" probability on data the stance model never saw.

Climate-FEVER (claim, evidence sentence, SUPPORTS / REFUTES / NOT_ENOUGH_INFO) is not among the
stance model's training sources. For each threshold, the share of the model's supports /
contradicts calls at or above it that are right (precision) and the share of labelled
supports / refutes sentences they cover (coverage). Run:
``python -m verifier.evaluate.calibrate ../shared/eval/climate_fever/climate-fever.jsonl 300``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from verifier.model import Stance

GOLD = {"SUPPORTS": Stance.SUPPORTS, "REFUTES": Stance.CONTRADICTS}
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)


def read_pairs(path: Path, claims: int) -> list[tuple[str, str, str]]:
    """(claim, evidence, label) for the first ``claims`` claims."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= claims:
                break
            row = json.loads(line)
            for e in row["evidences"]:
                out.append((row["claim"], e["evidence"], e["evidence_label"]))
    return out


def calibrate(pairs: list[tuple[str, str, str]], model: Any) -> dict[str, Any]:
    """Precision and coverage of confident supports / contradicts per threshold."""
    probs = model.predict([(c, e) for c, e, _ in pairs])
    wanted = sum(label in GOLD for _, _, label in pairs)
    table = {}
    for t in THRESHOLDS:
        called = right = 0
        for (_, _, label), p in zip(pairs, probs, strict=True):
            side = max((Stance.SUPPORTS, Stance.CONTRADICTS), key=lambda s: p[s])
            if p[side] >= t and p[Stance.UNRELATED] < 0.5:
                called += 1
                right += GOLD.get(label) is side
        table[str(t)] = {
            "called": called,
            "precision": round(right / called, 4) if called else None,
            "coverage": round(right / wanted, 4) if wanted else None,
        }
    return {"pairs": len(pairs), "supports_or_refutes": wanted, "thresholds": table}


def main(argv: list[str]) -> None:
    from verifier.pipeline import cached_stance_model
    from verifier.retrieval.embed import load_embedder

    pairs = read_pairs(Path(argv[0]), int(argv[1]) if len(argv) > 1 else 300)
    print(json.dumps(calibrate(pairs, cached_stance_model(load_embedder())), indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
