"""GVA development share: the casualty counter keeps its measured accuracy."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.evaluate.gva import evaluate


@pytest.mark.integration
@pytest.mark.shared
def test_gva_dev_accuracy(shared_dir: Path) -> None:
    folder = shared_dir / "eval" / "gva_longtail"
    if not (folder / "gva_docs.jsonl").is_file():
        pytest.skip(f"{folder} is absent")
    scores = evaluate(folder)
    assert scores["articles"] > 4000
    assert scores["killed_accuracy"] >= 0.855
    assert scores["injured_accuracy"] >= 0.75
