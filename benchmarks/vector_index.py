"""Persisted vector index benchmark: build, memory-mapped load, query latency and memory.

``python -m benchmarks.vector_index --sizes 1000000,10000000 --dir /tmp/vecbench`` builds, for
each size, the file ``verifier.retrieval.dense`` would write for a store of that many sentences
(synthetic L2-normalised 384-d vectors, generated and added in chunks so 10M never sits in
memory as float32), then, in a fresh process, times ``read_file_index`` (memory-mapped) and
``--queries`` single-vector top-50 searches on one thread (wall and thread CPU time: the
latter is what an idle machine would show), and reports the process's resident
memory after loading and after querying. Targets: load under 1 s at 1M, p95 under 50 ms at 10M.
Files stay in ``--dir`` (never inside the repository) and are reused when present.

From ``--fill-above`` vectors on (default 5M) the lists are filled directly: centroids are random
unit vectors, the 8-bit codes random bytes spread evenly over the lists. The file then has the
layout, size and per-query work of a real one (same lists, probes and codes scanned) without the
k-means and assignment passes, which take hours on two shared cores; it measures load time,
memory and query latency, not build time or recall.
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

import numpy as np

CHUNK = 250_000


def rss_mib() -> float:
    """Resident set size of this process (Linux), MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def unit_vectors(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    block = rng.standard_normal((n, dim), dtype=np.float32)
    return block / np.linalg.norm(block, axis=1, keepdims=True)


def build(size: int, dim: int, file: Path) -> float:
    """Write the persisted index for ``size`` synthetic vectors; seconds taken."""
    from verifier.retrieval.vectors import (
        build_file_index,
        new_ivf_index,
        training_size,
        write_file_index,
    )

    rng = np.random.default_rng(0)
    start = time.perf_counter()
    if size <= CHUNK:
        index = build_file_index(unit_vectors(rng, size, dim), np.arange(1, size + 1))
    else:
        index = new_ivf_index(unit_vectors(rng, training_size(size), dim), size)
        for offset in range(0, size, CHUNK):
            n = min(CHUNK, size - offset)
            index.add_with_ids(unit_vectors(rng, n, dim), np.arange(offset + 1, offset + n + 1))
            print(f"    added {offset + n:,} / {size:,}", file=sys.stderr, flush=True)
    write_file_index(index, file)
    return time.perf_counter() - start


def filled(size: int, dim: int, file: Path) -> float:
    """Write an IVF-SQ8 file of ``size`` vectors' layout with random centroids and codes."""
    import faiss

    from verifier.retrieval.vectors import (
        HNSW_QUANTIZER_LISTS,
        IVF_MAX_NPROBE,
        IVF_MIN_NPROBE,
        ivf_lists,
        write_file_index,
    )

    rng = np.random.default_rng(0)
    start = time.perf_counter()
    lists = ivf_lists(size)
    quantizer = (
        faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        if lists >= HNSW_QUANTIZER_LISTS
        else faiss.IndexFlatIP(dim)
    )
    quantizer.add(unit_vectors(rng, lists, dim))
    ivf = faiss.IndexIVFScalarQuantizer(
        quantizer, dim, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    ivf.own_fields = True
    quantizer.this.disown()
    ivf.sq.train(unit_vectors(rng, 10_000, dim))  # the 8-bit ranges
    ivf.is_trained = True
    ivf.nprobe = min(lists, IVF_MAX_NPROBE, max(IVF_MIN_NPROBE, lists // 32))
    per_list, extra = divmod(size, lists)
    next_id = 1
    for list_no in range(lists):
        n = per_list + (1 if list_no < extra else 0)
        codes = rng.integers(0, 256, size=(n, ivf.code_size), dtype=np.uint8)
        ids = np.arange(next_id, next_id + n, dtype=np.int64)
        ivf.invlists.add_entries(list_no, n, faiss.swig_ptr(ids), faiss.swig_ptr(codes))
        next_id += n
    ivf.ntotal = size
    write_file_index(ivf, file)
    return time.perf_counter() - start


def probe(file: Path, queries: int, dim: int) -> dict[str, float]:
    """Load ``file`` memory-mapped and time single queries (run in a fresh process)."""
    import faiss  # noqa: F401  (imported before the clock starts, as in a running process)

    from verifier.retrieval.vectors import read_file_index, search_file_index

    before = rss_mib()
    start = time.perf_counter()
    index = read_file_index(file)
    load = time.perf_counter() - start
    loaded = rss_mib()
    rng = np.random.default_rng(1)
    times, cpu = [], []
    for vector in unit_vectors(rng, queries, dim):
        t, c = time.perf_counter(), time.thread_time()
        search_file_index(index, vector, 50)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    times.sort()
    cpu.sort()
    return {
        "vectors": int(index.ntotal),
        "nprobe": int(getattr(index, "nprobe", 0)),
        "load_s": load,
        "rss_loaded_mib": loaded - before,
        "rss_queried_mib": rss_mib() - before,
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "cpu_p50_ms": statistics.median(cpu),
        "cpu_p95_ms": cpu[int(0.95 * (len(cpu) - 1))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="comma-separated sizes")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/vecbench"), help="index files")
    parser.add_argument("--queries", type=int, default=500, help="queries timed per size")
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--fill-above", type=int, default=5_000_000, help="fill lists directly")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe, args.queries, args.dim)))
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",") if s):
        file = args.dir / f"synthetic-{size}-{args.dim}.faiss"
        built = "reused"
        if not file.exists() and size > args.fill_above:
            built = f"lists filled directly in {filled(size, args.dim, file):.0f} s"
        elif not file.exists():
            built = f"built in {build(size, args.dim, file):.0f} s"
        child = [sys.executable, "-m", "benchmarks.vector_index", "--probe", str(file)]
        child += ["--queries", str(args.queries), "--dim", str(args.dim)]
        result = json.loads(subprocess.run(child, check=True, capture_output=True).stdout)
        print(
            f"{size:>11,} vectors ({built}, file {file.stat().st_size / 2**20:,.0f} MiB, "
            f"nprobe {result['nprobe']}): load {result['load_s'] * 1000:.1f} ms, "
            f"RSS +{result['rss_loaded_mib']:.0f} MiB loaded / "
            f"+{result['rss_queried_mib']:.0f} MiB after {args.queries} queries, "
            f"query k=50 p50 {result['p50_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms "
            f"(thread CPU p50 {result['cpu_p50_ms']:.2f}, p95 {result['cpu_p95_ms']:.2f} ms), "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
