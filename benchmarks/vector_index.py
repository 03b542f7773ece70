"""Persisted vector index benchmark: build, load, query latency, memory and recall@10.

``python -m benchmarks.vector_index --sizes 1000000,10000000 --dir /tmp/vecbench`` builds, for
each size, the file ``verifier.retrieval.dense`` would write for a store of that many sentences:
k-means on a sample (``training_size``), then the vectors added in chunks of 250,000, so 10M
never sit in memory as float32. The vectors are synthetic but clustered like sentence
embeddings (below) and kept in a float32 file in ``--dir`` (15 GB at 10M, memory-mapped), which
stands in for the store's vector column: it gives the exact top 10 of each query (brute force in
chunks) and the exact re-scoring of the candidates. Then, in a fresh process, it times
``read_file_index`` and ``--queries`` single-vector searches on one thread, each asking for the
``RESCORE * 60`` = 300 candidates a check's search asks for (wall and thread CPU time: the
latter is what an idle core would take), then the same plus the exact re-scoring of those
candidates from the float32 file, and reports resident memory, and recall@10 (share of the exact
top 10 found after re-scoring). Targets: load under 1 s at 1M, p95 under 50 ms at 10M.

``--real FILE.npz`` (an array ``vectors``, e.g. an embedding cache of real MiniLM sentence
vectors) measures recall@10 on real vectors instead: 300 of them as queries, the rest forced
into the IVF index the store builds above ``FLAT_LIMIT``, against IVF with 8-bit codes on the
same lists (the codec used before).

Synthetic vectors: ``n / 100`` random unit centres; each vector is a centre plus Gaussian noise
(``SPREAD`` per dimension), normalised, so a vector's cosine to its centre is about 0.65 and
neighbours share a cluster, as paraphrases and wire copies do. Queries are fresh draws.
Files stay in ``--dir`` (never inside the repository) and are reused when present.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

CHUNK = 250_000
TRUTH_CHUNK = 50_000
SPREAD = 0.06
CANDIDATES = 300  # what CorpusIndex asks the vector index for (RESCORE * depth 60)
TOP = 10


def rss_mib() -> float:
    """Resident set size of this process (Linux), MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def normalised(block: np.ndarray) -> np.ndarray:
    return (block / np.linalg.norm(block, axis=1, keepdims=True)).astype(np.float32)


class Clusters:
    """The synthetic distribution: unit centres, vectors scattered around them."""

    def __init__(self, size: int, dim: int) -> None:
        rng = np.random.default_rng(0)
        self.dim = dim
        self.centres = normalised(rng.standard_normal((max(1, size // 100), dim), np.float32))

    def draw(self, n: int, seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        picked = self.centres[rng.integers(0, len(self.centres), n)]
        return normalised(picked + SPREAD * rng.standard_normal((n, self.dim), np.float32))


def vectors_file(size: int, dim: int, folder: Path) -> np.memmap:
    """The synthetic vectors as a float32 file (written in chunks the first time)."""
    file = folder / f"clustered-{size}-{dim}.f32"
    if not file.exists():
        clusters = Clusters(size, dim)
        tmp = file.with_suffix(".tmp")
        out = np.memmap(tmp, np.float32, "w+", shape=(size, dim))
        for start in range(0, size, CHUNK):
            n = min(CHUNK, size - start)
            out[start : start + n] = clusters.draw(n, seed=1 + start // CHUNK)
        out.flush()
        del out
        tmp.rename(file)
    return np.memmap(file, np.float32, "r", shape=(size, dim))


def queries_for(size: int, dim: int, count: int) -> np.ndarray:
    return Clusters(size, dim).draw(count, seed=10**9)


def exact_top(data: np.ndarray, queries: np.ndarray, cache: Path) -> np.ndarray:
    """Row numbers of each query's exact top ``TOP`` (brute force over chunks; cached)."""
    if cache.exists():
        return np.load(cache)
    best_scores = np.full((len(queries), TOP), -np.inf, dtype=np.float32)
    best_rows = np.zeros((len(queries), TOP), dtype=np.int64)
    for start in range(0, len(data), TRUTH_CHUNK):
        block = queries @ np.asarray(data[start : start + TRUTH_CHUNK]).T
        numbers = np.broadcast_to(np.arange(start, start + block.shape[1]), block.shape)
        scores, rows = np.hstack([best_scores, block]), np.hstack([best_rows, numbers])
        keep = np.argpartition(-scores, TOP, axis=1)[:, :TOP]
        best_scores = np.take_along_axis(scores, keep, axis=1)
        best_rows = np.take_along_axis(rows, keep, axis=1)
    np.save(cache, best_rows)
    return best_rows


def build(data: np.ndarray, file: Path) -> dict[str, float]:
    """Train on a sample, add every vector in chunks (ids = row + 1), write; seconds taken."""
    from verifier.retrieval.vectors import new_ivf_index, training_size, write_file_index

    size = len(data)
    start, cpu = time.perf_counter(), time.process_time()
    rows = np.sort(np.random.default_rng(0).choice(size, training_size(size), replace=False))
    index = new_ivf_index(np.asarray(data[rows]), size)
    trained = time.perf_counter()
    for offset in range(0, size, CHUNK):
        n = min(CHUNK, size - offset)
        chunk = np.asarray(data[offset : offset + n])
        index.add_with_ids(chunk, np.arange(offset + 1, offset + n + 1))
        print(f"    added {offset + n:,} / {size:,}", file=sys.stderr, flush=True)
    added = time.perf_counter()
    write_file_index(index, file)
    return {
        "train_s": trained - start,
        "add_s": added - trained,
        "total_s": time.perf_counter() - start,
        "cpu_s": time.process_time() - cpu,
        "train_vectors": len(rows),
    }


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[int(0.95 * (len(values) - 1))]


def probe(file: Path, data: np.ndarray, queries: np.ndarray, truth: np.ndarray) -> dict:
    """Load ``file`` and time single queries (run in a fresh process)."""
    import faiss  # noqa: F401  (imported before the clock starts, as in a running process)

    from verifier.retrieval.vectors import read_file_index, search_file_index

    before = rss_mib()
    start = time.perf_counter()
    index = read_file_index(file)
    load = time.perf_counter() - start
    loaded = rss_mib()
    search_wall, search_cpu = [], []
    for query in queries:
        wall, cpu = time.perf_counter(), time.thread_time()
        search_file_index(index, query, CANDIDATES)
        search_wall.append((time.perf_counter() - wall) * 1000)
        search_cpu.append((time.thread_time() - cpu) * 1000)
    searched = rss_mib()
    total_wall, total_cpu, found = [], [], 0
    for query, exact in zip(queries, truth, strict=True):
        wall, cpu = time.perf_counter(), time.thread_time()
        _, ids = search_file_index(index, query, CANDIDATES)
        rows = np.sort(ids[0][ids[0] > 0] - 1)
        scores = np.asarray(data[rows]) @ query
        top = rows[np.argsort(-scores, kind="stable")[:TOP]]
        total_wall.append((time.perf_counter() - wall) * 1000)
        total_cpu.append((time.thread_time() - cpu) * 1000)
        found += len(set(top.tolist()) & set(exact.tolist()))
    return {
        "vectors": int(index.ntotal),
        "nprobe": int(getattr(index, "nprobe", 0)),
        "load_s": load,
        "rss_loaded_mib": loaded - before,
        "rss_queried_mib": searched - before,
        "search_ms": percentiles(search_wall),
        "search_cpu_ms": percentiles(search_cpu),
        "rescored_ms": percentiles(total_wall),
        "rescored_cpu_ms": percentiles(total_cpu),
        "recall": found / (TOP * len(queries)),
    }


def truth_file(size: int, args: argparse.Namespace) -> Path:
    return args.dir / f"clustered-{size}-{args.dim}.top{TOP}-of-{args.queries}.npy"


def synthetic(size: int, args: argparse.Namespace) -> None:
    data = vectors_file(size, args.dim, args.dir)
    queries = queries_for(size, args.dim, args.queries)
    exact_top(data, queries, truth_file(size, args))  # cached for the child process
    file = args.dir / f"clustered-{size}-{args.dim}.ivfpq.faiss"
    built = "reused"
    if not file.exists():
        took = build(data, file)
        built = (
            f"built in {took['total_s']:.0f} s ({took['cpu_s']:.0f} s CPU): k-means on "
            f"{took['train_vectors']:,} vectors {took['train_s']:.0f} s, "
            f"adding {took['add_s']:.0f} s"
        )
    child = [sys.executable, "-m", "benchmarks.vector_index", "--probe", str(size)]
    child += ["--queries", str(args.queries), "--dim", str(args.dim), "--dir", str(args.dir)]
    result = json.loads(subprocess.run(child, check=True, capture_output=True).stdout)
    report(f"{size:,} vectors ({built})", file, result, args.queries)


def report(label: str, file: Path, r: dict, queries: int) -> None:
    print(
        f"{label}: file {file.stat().st_size / 2**20:,.0f} MiB, nprobe {r['nprobe']}, "
        f"load {r['load_s'] * 1000:.0f} ms, RSS +{r['rss_loaded_mib']:.0f} MiB loaded / "
        f"+{r['rss_queried_mib']:.0f} MiB after {queries} searches; top-{CANDIDATES} search "
        f"p50 / p95 {r['search_ms'][0]:.2f} / {r['search_ms'][1]:.2f} ms wall, "
        f"{r['search_cpu_ms'][0]:.2f} / {r['search_cpu_ms'][1]:.2f} ms thread CPU; "
        f"with exact re-scoring {r['rescored_ms'][0]:.2f} / {r['rescored_ms'][1]:.2f} ms wall, "
        f"{r['rescored_cpu_ms'][0]:.2f} / {r['rescored_cpu_ms'][1]:.2f} ms thread CPU; "
        f"recall@{TOP} {r['recall']:.3f}; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def real(path: Path, query_count: int = 300) -> None:
    """Recall@10 of the store's IVF-PQ and of IVF-SQ8 (same lists) on real vectors."""
    import faiss

    from verifier.retrieval.vectors import (
        file_nprobe,
        ivf_lists,
        new_ivf_index,
        search_file_index,
        training_size,
    )

    vectors = normalised(np.unique(np.load(path)["vectors"], axis=0))
    np.random.default_rng(0).shuffle(vectors)
    queries, data = vectors[:query_count], vectors[query_count:]
    exact = np.argsort(-(queries @ data.T), axis=1, kind="stable")[:, :TOP]
    size, dim = data.shape
    lists = ivf_lists(size)
    sample = data[np.random.default_rng(0).choice(size, training_size(size), replace=False)]
    sq8 = faiss.IndexIVFScalarQuantizer(
        faiss.IndexFlatIP(dim),
        dim,
        lists,
        faiss.ScalarQuantizer.QT_8bit,
        faiss.METRIC_INNER_PRODUCT,
    )
    sq8.cp.spherical = True
    sq8.train(sample)
    indexes: dict[str, Any] = {"IVF-PQ 4-bit (store)": new_ivf_index(sample, size), "IVF-SQ8": sq8}
    print(f"{path.name}: {size:,} real vectors, {len(queries)} queries, {lists} lists")
    for name, index in indexes.items():
        index.add_with_ids(data, np.arange(1, size + 1))
        for nprobe in (32, 64, 128, file_nprobe(lists)):
            index.nprobe = min(lists, nprobe)
            for candidates in (60, CANDIDATES):
                found = 0
                for query, truth in zip(queries, exact, strict=True):
                    _, ids = search_file_index(index, query, candidates)
                    rows = ids[0][ids[0] > 0] - 1
                    top = rows[np.argsort(-(data[rows] @ query), kind="stable")[:TOP]]
                    found += len(set(top.tolist()) & set(truth.tolist()))
                print(
                    f"    {name}, {index.code_size} B/vector, nprobe {index.nprobe}, "
                    f"{candidates} candidates re-scored: recall@{TOP} "
                    f"{found / (TOP * len(queries)):.3f}"
                )
    print(f"    (the store probes {file_nprobe(lists)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="comma-separated sizes")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/vecbench"), help="data, indexes")
    parser.add_argument("--queries", type=int, default=500, help="queries timed per size")
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--real", type=Path, help="recall on real vectors from this .npz")
    parser.add_argument("--probe", type=int, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.probe:
        size = args.probe
        data = vectors_file(size, args.dim, args.dir)
        truth = np.load(truth_file(size, args))
        file = args.dir / f"clustered-{size}-{args.dim}.ivfpq.faiss"
        queries = queries_for(size, args.dim, args.queries)
        print(json.dumps(probe(file, data, queries, truth)))
        return
    if args.real:
        real(args.real)
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",") if s):
        synthetic(size, args)


if __name__ == "__main__":
    main()
