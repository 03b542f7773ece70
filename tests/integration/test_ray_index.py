"""``verifier index --engine ray`` builds the store the local engine builds (one real Ray run)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import corpora

pytestmark = pytest.mark.integration


def _start(args: list[str]) -> subprocess.Popen[str]:
    """Start the CLI in its own process with a fixed hash seed (Ray workers inherit it).

    The claim extractor's speaker types vary with Python's string-hash seed between processes
    (reported upstream); fixing the seed keeps this comparison about the engines.
    """
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "verifier", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _output(process: subprocess.Popen[str]) -> str:
    """The standard output of a CLI run started by :func:`_start`, once it succeeded."""
    out, err = process.communicate()
    assert process.returncode == 0, err[-2000:]
    return out


def _verifier(args: list[str]) -> str:
    return _output(_start(args))


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Path]:
    """The sample corpus indexed by both engines at once: real model, claims on, one local Ray
    (its start-up waits overlap the local engine's work)."""
    folder = tmp_path_factory.mktemp("engines")
    corpus = str(corpora.sample_dir() / "corpus")
    out = {"local": folder / "local.db", "ray": folder / "ray.db"}
    local = _start(["index", corpus, "--store", str(out["local"]), "--json"])
    ray = _start(["index", corpus, "--store", str(out["ray"]), "--json", "--engine", "ray"])
    try:
        _output(local)
        _output(ray)
    finally:
        for process in (local, ray):  # a failure leaves no run behind
            if process.poll() is None:
                process.kill()
                process.wait()
    return out


def _dump(path: Path) -> tuple[list[tuple], list[tuple], np.ndarray]:
    conn = sqlite3.connect(path)
    try:
        reports = conn.execute("SELECT id, text_hash, data, claims FROM reports ORDER BY rowid")
        rows = conn.execute("SELECT id, report_id, start_char, end_char, vector FROM sentences")
        report_rows, sentence_rows = reports.fetchall(), rows.fetchall()
    finally:
        conn.close()
    vectors = np.array([np.frombuffer(r[4], dtype=np.float32) for r in sentence_rows])
    return report_rows, [r[:4] for r in sentence_rows], vectors


def test_ray_index_same_store_as_local(stores: dict[str, Path]) -> None:
    local_reports, local_sentences, local_vectors = _dump(stores["local"])
    ray_reports, ray_sentences, ray_vectors = _dump(stores["ray"])
    assert len(local_reports) >= 30 and any(r[3] != "[]" for r in local_reports)  # claims
    assert ray_reports == local_reports  # ids, hashes, report JSON and claims JSON
    assert ray_sentences == local_sentences  # sentence ids and offsets
    assert np.allclose(ray_vectors, local_vectors, atol=1e-5)
    assert list(stores["ray"].parent.glob("*.shards-*")) == []  # shards taken in and removed
    assert list(stores["ray"].parent.glob("ray.db.vectors-*.faiss"))


def test_ray_index_store_is_complete_for_the_local_engine(stores) -> None:
    corpus = str(corpora.sample_dir() / "corpus")
    out = _verifier(["index", corpus, "--store", str(stores["ray"]), "--json"])
    summary = json.loads(out)
    assert summary["reports_added"] == 0 and summary["claims"] == 0
    assert summary["reports_skipped"] == summary["total_reports"]


def test_ray_index_same_verdicts_for_the_seed(stores, seed_article: Path) -> None:
    verdicts = {}
    checks = {
        name: _start(["check", str(seed_article), "--store", str(store), "--json"])
        for name, store in stores.items()
    }
    for name, process in checks.items():
        rows = [json.loads(line) for line in _output(process).splitlines() if line.strip()]
        assert rows, f"no claims checked against the {name} store"
        verdicts[name] = [
            (
                r["id"],
                r["verdict"],
                [(e["report_id"], e["start"], e["stance"]) for e in r["evidence"]],
            )
            for r in rows
        ]
    assert verdicts["ray"] == verdicts["local"]
