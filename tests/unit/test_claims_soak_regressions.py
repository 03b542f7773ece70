"""Inputs the soak (benchmarks/soak.py) once crashed the claim splitter on, through the real CLI."""

from __future__ import annotations

import json

import pytest

from tests.cli import run_cli


@pytest.mark.parametrize(
    "text",
    [
        "\u202eaccording to  - according to )",  # a "to" before "according" made an inverted cue
        "According to - according to officials, 3 people were killed.",
    ],
)
def test_claims_soak_inputs_give_valid_spans(capsys, tmp_path, text):
    article = tmp_path / "soak.txt"
    article.write_text(text, encoding="utf-8")
    code, out, err = run_cli(["claims", str(article), "--format", "json"], capsys)
    assert code == 0, err
    raw = article.read_text(encoding="utf-8")
    for line in out.splitlines():
        claim = json.loads(line)
        spans = [claim[k] for k in ("sentence", "speaker", "cue", "content") if claim.get(k)]
        for span in [*spans, *claim["figures"]]:
            assert 0 <= span["start"] < span["end"] <= len(raw)
            assert raw[span["start"] : span["end"]] == span["text"]
