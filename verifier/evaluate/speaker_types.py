"""Speaker typing against a hand-labelled sample: precision and recall per speaker type.

The sample is a TSV (``doc``, ``start``, ``end``, ``type``; ``#`` lines are comments) that names
each speaker mention by its document and character offsets, so it holds no article text. A
document ``polnear-dev/NAME`` is ``NAME.txt`` of a PolNeAR split folder, ``corpus/FILE`` a file
of the sample corpus (``articles/`` or ``corpus/``), each read as plain text.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from verifier.errors import UserError
from verifier.model import Claim, SpeakerType

Label = tuple[str, int, int]


def read_labels(path: Path) -> dict[Label, str]:
    """(doc, start, end) -> type name; a bad row or an unknown type is a UserError."""
    names = {t.value for t in SpeakerType}
    out: dict[Label, str] = {}
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        for row in rows:
            try:
                key = (row["doc"], int(row["start"]), int(row["end"]))
            except (KeyError, TypeError, ValueError) as exc:
                raise UserError(f"{path}: bad row {row!r}") from exc
            if row.get("type") not in names:
                raise UserError(f"{path}: unknown speaker type {row.get('type')!r}")
            out[key] = str(row["type"])
    if not out:
        raise UserError(f"{path}: no labelled speakers")
    return out


def texts(labels: Iterable[Label], polnear: Path | None, corpus: Path | None) -> dict[str, str]:
    """The text of every labelled document, from the PolNeAR split and the corpus folders."""
    out: dict[str, str] = {}
    for doc, _, _ in labels:
        if doc in out:
            continue
        kind, _, name = doc.partition("/")
        if kind.startswith("polnear") and polnear is not None:
            path = polnear / "text" / f"{name}.txt"
        elif kind == "corpus" and corpus is not None:
            path = next((p for p in corpus.glob(f"*/{name}") if p.is_file()), corpus / name)
        else:
            continue
        if path.is_file():
            out[doc] = path.read_text(encoding="utf-8")
    return out


def score_types(
    labels: Mapping[Label, str], claims: Mapping[str, Iterable[Claim]]
) -> dict[str, Any]:
    """Per type: precision, recall, gold and predicted counts over the labelled mentions whose
    document was read (a mention no claim has as its speaker counts as predicted "none")."""
    predicted: dict[Label, str] = {}
    for doc, found in claims.items():
        for claim in found:
            if claim.speaker is not None:
                key = (doc, claim.speaker.start, claim.speaker.end)
                predicted.setdefault(key, claim.speaker_type.value)
    gold = {k: v for k, v in labels.items() if k[0] in claims}
    pairs = [(v, predicted.get(k, "none")) for k, v in gold.items()]
    gold_n = Counter(g for g, _ in pairs)
    pred_n = Counter(p for _, p in pairs)
    hits = Counter(g for g, p in pairs if g == p)
    result: dict[str, Any] = {
        "mentions": len(pairs),
        "accuracy": _ratio(sum(hits.values()), len(pairs)),
    }
    for kind in SpeakerType:
        name = kind.value
        result[name] = {
            "gold": gold_n[name],
            "predicted": pred_n[name],
            "precision": _ratio(hits[name], pred_n[name]),
            "recall": _ratio(hits[name], gold_n[name]),
        }
    result["unmatched"] = pred_n["none"]
    return result


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0
