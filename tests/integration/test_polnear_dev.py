"""PolNeAR dev through the CLI: JSON shape and a floor under the measured scores."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from verifier.cli import cli

pytestmark = pytest.mark.integration


def test_polnear_dev_scores(shared_dir):
    dev = shared_dir / "eval" / "polnear" / "dev"
    if not dev.is_dir():
        pytest.skip("no PolNeAR dev split")
    result = CliRunner().invoke(cli, ["eval", "attribution", "--polnear", str(dev), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["gold"] > 2000 and scores["predicted"] > 0
    for role in ("source", "cue", "content"):
        assert set(scores[role]) == {"exact", "overlap"}
    # Floors under the scores measured on 2026-11-23 (docs/attribution.md); content sits at
    # its 0.65 target (measured 0.651).
    assert scores["source"]["overlap"]["f1"] >= 0.70
    assert scores["cue"]["overlap"]["f1"] >= 0.70
    assert scores["content"]["overlap"]["f1"] >= 0.65


def test_polnear_dev_claim_text_keeps_negations(shared_dir):
    dev = shared_dir / "eval" / "polnear" / "dev"
    if not dev.is_dir():
        pytest.skip("no PolNeAR dev split")
    args = ["eval", "attribution", "--polnear", str(dev), "--claim-text", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    checks = json.loads(result.output)
    assert checks["with_negation"] > 200
    assert checks["negation_lost_share"] <= 0.01  # measured 0.0094 on 2026-12-02
    assert checks["empty_content"] == 0
