"""Check latency: ``verifier check`` on one article against a built store, first and later runs.

``python -m benchmarks.check_latency [--article FILE] [--store FILE] [--runs N]`` indexes the
sample corpus into a store under /tmp when none is given, then prints:

(a) two separate ``verifier check ARTICLE --store STORE --json`` processes (each loads its
    models: the figure a desk sees per command);
(b) in one process: the model loads (embedder, stance model, claim extractor), the first
    ``run_check`` and ``--runs`` later ones (models already loaded, as in the review app).

The article is the example from ``../shared/seeds`` when present, else the first bundled sample
article. Target: a later check under 5 s on an idle machine. Not a timed test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def default_article() -> Path:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if seeds:
        return seeds[0]
    import corpora

    return corpora.sample_articles()[0]


def ensure_store(store: Path) -> None:
    if store.exists():
        return
    import corpora

    command = [sys.executable, "-m", "verifier", "index", str(corpora.sample_dir() / "corpus")]
    subprocess.run([*command, "--store", str(store)], check=True, capture_output=True)


def timed(label: str, start: float) -> float:
    seconds = time.perf_counter() - start
    print(f"    {label:<44} {seconds:7.2f} s", flush=True)
    return seconds


def separate_processes(article: Path, store: Path) -> None:
    print("(a) separate `verifier check` processes")
    for n in (1, 2):
        start = time.perf_counter()
        command = [sys.executable, "-m", "verifier", "check", str(article), "--store", str(store)]
        done = subprocess.run([*command, "--json"], capture_output=True, text=True, env=os.environ)
        if done.returncode:
            sys.exit(done.stderr)
        timed(f"process {n} ({len(done.stdout.splitlines())} claims)", start)


def one_process(article: Path, store: Path, runs: int) -> None:
    from verifier import pipeline
    from verifier.attribution.claims import ClaimExtractor
    from verifier.judge.stance.model import load_stance_model
    from verifier.retrieval.embed import load_embedder

    print("(b) one process")
    start = time.perf_counter()
    embedder = load_embedder()
    timed("load embedder", start)
    start = time.perf_counter()
    stance = load_stance_model(embedder)
    timed("load stance model", start)
    from verifier.read.ingest import read_reports

    start = time.perf_counter()
    ClaimExtractor().extract(next(read_reports([article])))
    timed("load claim extractor + one extraction", start)
    for n in range(runs + 1):
        start = time.perf_counter()
        found = pipeline.run_check(
            [article], store_path=store, embedder=embedder, stance_model=stance
        )
        timed(f"run_check {'first' if n == 0 else f'later {n}'} ({len(found)} claims)", start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=None)
    parser.add_argument("--store", type=Path, default=Path("/tmp/check_latency/corpus.db"))
    parser.add_argument("--runs", type=int, default=3, help="later runs timed in one process")
    args = parser.parse_args()
    article = args.article or default_article()
    args.store.parent.mkdir(parents=True, exist_ok=True)
    ensure_store(args.store)
    print(f"article {article.name}, store {args.store}, load average {os.getloadavg()[0]:.1f}")
    separate_processes(article, args.store)
    one_process(article, args.store, args.runs)


if __name__ == "__main__":
    main()
