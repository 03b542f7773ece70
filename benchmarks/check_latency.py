"""Check latency: ``verifier check`` on one article against a built store, first and later runs.

``python -m benchmarks.check_latency [--article FILE] [--store FILE] [--runs N]`` indexes the
sample corpus into a store under /tmp when none is given, then prints:

(a) two separate ``verifier check ARTICLE --store STORE --json`` processes (each loads its
    models: the figure a desk sees per command);
(b) in one process: the model loads (embedder, stance model, claim extractor), the first
    ``run_check`` and ``--runs`` later ones (models already loaded, as in the review app), each
    as wall time, CPU time of the calling thread and CPU time of the process (all threads);
    with ``--profile N`` the N costliest functions (cumulative) of one more run under cProfile.

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
    print(f"    {label:<52} {seconds:7.2f} s", flush=True)
    return seconds


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


def separate_processes(article: Path, store: Path) -> None:
    print("(a) separate `verifier check` processes")
    for n in (1, 2):
        start = time.perf_counter()
        command = [sys.executable, "-m", "verifier", "check", str(article), "--store", str(store)]
        done = subprocess.run([*command, "--json"], capture_output=True, text=True, env=os.environ)
        if done.returncode:
            sys.exit(done.stderr)
        timed(f"process {n} ({len(done.stdout.splitlines())} claims, {load()})", start)


def one_process(article: Path, store: Path, runs: int, profile: int) -> None:
    from verifier import pipeline
    from verifier.read.ingest import read_reports
    from verifier.retrieval.embed import load_embedder

    print("(b) one process")
    start = time.perf_counter()
    embedder = load_embedder()
    timed("load embedder", start)
    start = time.perf_counter()
    pipeline.cached_stance_model(embedder)
    timed("load stance model", start)
    start = time.perf_counter()
    pipeline.cached_extractor().extract(next(read_reports([article])))
    timed("load claim extractor + one extraction", start)
    for n in range(runs + 1):
        start, thread, process = time.perf_counter(), time.thread_time(), time.process_time()
        found = pipeline.run_check([article], store_path=store, embedder=embedder)
        label = f"run_check {'first' if n == 0 else f'later {n}'} ({len(found)} claims)"
        timed(label, start)
        print(
            f"    {'':<52} thread CPU {time.thread_time() - thread:.2f} s, process CPU "
            f"{time.process_time() - process:.2f} s, {load()}",
            flush=True,
        )
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(pipeline.run_check, [article], store_path=store, embedder=embedder)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=None)
    parser.add_argument("--store", type=Path, default=Path("/tmp/check_latency/corpus.db"))
    parser.add_argument("--runs", type=int, default=3, help="later runs timed in one process")
    parser.add_argument("--profile", type=int, default=0, help="cProfile lines of one more run")
    parser.add_argument("--skip-processes", action="store_true", help="only (b)")
    args = parser.parse_args()
    article = args.article or default_article()
    args.store.parent.mkdir(parents=True, exist_ok=True)
    ensure_store(args.store)
    print(f"article {article.name}, store {args.store}, {load()}")
    if not args.skip_processes:
        separate_processes(article, args.store)
    one_process(article, args.store, args.runs, args.profile)


if __name__ == "__main__":
    main()
