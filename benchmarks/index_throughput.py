"""Corpus index benchmark: indexing throughput against a bare encode, dense query latency.

``python -m benchmarks.index_throughput`` prints, in one run:

(a) sentences per second of ``CorpusIndex.add_reports`` (split, embed, write SQLite + FTS5;
    claim extraction off, as with ``verifier index --no-claims``) against a bare
    ``SentenceTransformer.encode`` of exactly the same sentence texts with the same batch size,
    and their ratio (target >= 0.9). Each side gets the same warmed-up model. Reports are real
    news articles from ``../shared/eval/gva_longtail`` when present, else the bundled sample.
(c) with ``--engines``: the local engine against ``--engine ray`` (a local Ray on this machine)
    on the same reports written to one JSON-lines file under /tmp, claims off: sentences per
    second of each, their ratio (target >= 0.8), and the Ray run's parts (start, pipeline
    to Parquet shards, shard bytes, ingestion into the store) for docs/scale.md.
(b) median and p95 latency of one query against the dense index, and the resident memory the
    index added, at 100,000 and 1,000,000 synthetic L2-normalised 384-d vectors
    (target p95 < 50 ms at 1M).

Use ``--reports 50 --sizes 20000`` for a quick check. Not a timed test.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from pathlib import Path

import numpy as np

from verifier.model import Report

SHARED = Path(__file__).resolve().parents[2] / "shared"


def load_reports(limit: int) -> tuple[list[Report], str]:
    """Up to ``limit`` real news reports, and where they came from."""
    from verifier.read.ingest import read_reports
    from verifier.read.records import ColumnMapping

    gva = SHARED / "eval" / "gva_longtail" / "gva_docs.jsonl"
    if gva.exists():
        mapping = ColumnMapping(text="content", id="doc_id", title="title", url="uri")
        reports, source = read_reports([gva], mapping=mapping), str(gva)
    else:
        from corpora import sample_corpus

        reports, source = read_reports(sample_corpus()), "bundled sample corpus"
    out: list[Report] = []
    for report in reports:
        if len(out) == limit:
            break
        out.append(report)
    return out, source


def rss_bytes() -> int:
    """Resident set size of this process (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def indexing_throughput(n_reports: int) -> None:
    from verifier.read.sentences import body_sentences
    from verifier.retrieval.embed import SentenceTransformerEmbedder
    from verifier.retrieval.index import CorpusIndex

    reports, source = load_reports(n_reports)
    embedder = SentenceTransformerEmbedder()
    texts = [s.text for r in reports for s in body_sentences(r)]
    print(f"(a) indexing: {len(reports)} reports, {len(texts)} sentences from {source}")
    embedder.embed_batch(texts[:64])  # warm-up: the first batch pays one-off costs

    start = time.perf_counter()
    embedder._model.encode(
        texts, batch_size=embedder.batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    bare = len(texts) / (time.perf_counter() - start)

    start = time.perf_counter()
    with CorpusIndex.open(":memory:", embedder) as corpus:
        stats = corpus.add_reports(reports, extract_claims=False)
    indexed = stats.sentences / (time.perf_counter() - start)

    print(f"    bare SentenceTransformer.encode: {bare:8.1f} sentences/s")
    print(f"    CorpusIndex.add_reports:         {indexed:8.1f} sentences/s")
    print(f"    ratio: {indexed / bare:.3f} (target >= 0.9)")


def engines(n_reports: int) -> None:
    import json
    import tempfile

    from verifier.read.ingest import read_reports
    from verifier.read.records import ColumnMapping
    from verifier.retrieval import ray_engine
    from verifier.retrieval.embed import DEFAULT_MODEL, load_embedder
    from verifier.retrieval.index import CorpusIndex
    from verifier.retrieval.ray_engine import embed_to_shards, read_shards

    reports, source = load_reports(n_reports)
    folder = Path(tempfile.mkdtemp(prefix="engines-"))
    data = folder / "reports.jsonl"
    with data.open("w", encoding="utf-8") as out:
        for r in reports:
            row = {"id": r.id, "text": r.text, "title": r.title, "outlet": r.outlet}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    mapping = ColumnMapping(text="text", id="id", title="title", outlet="outlet")
    embedder = load_embedder(DEFAULT_MODEL)
    embedder.embed_batch(["warm-up"])
    print(f"(c) engines: {len(reports)} reports from {source}")

    start = time.perf_counter()
    with CorpusIndex.open(folder / "local.db", embedder) as corpus:
        stats = corpus.add_reports(
            list(read_reports([data], mapping=mapping)), extract_claims=False
        )
    local = time.perf_counter() - start
    sentences = stats.sentences

    import ray

    start = time.perf_counter()
    ray_engine._start(ray_engine.RayOptions())
    started = time.perf_counter() - start
    start = time.perf_counter()
    shards = folder / "shards"
    embed_to_shards(
        [str(data)],
        shards,
        model=DEFAULT_MODEL,
        known={},
        extract_claims=False,
        mapping=mapping,
        max_bytes=2**31,
    )
    pipeline = time.perf_counter() - start
    size = sum(f.stat().st_size for f in shards.glob("*.parquet"))
    start = time.perf_counter()
    total, items = read_shards(shards)
    with CorpusIndex.open(folder / "ray.db", embedder) as corpus:
        corpus.add_prepared(items, total, extract_claims=False)
    ingest = time.perf_counter() - start
    cpus = ray.cluster_resources().get("CPU", 0)
    ray.shutdown()
    ray_rate = sentences / (pipeline + ingest)
    print(f"    sentences: {sentences}; Ray CPUs {cpus:.0f}, embedding actors 1 x 2 threads")
    print(f"    local engine (read, split, embed, write):  {sentences / local:8.1f} sentences/s")
    print(f"    Ray engine, running Ray (pipeline+ingest): {ray_rate:8.1f} sentences/s")
    print(f"    ratio Ray / local: {ray_rate / (sentences / local):.3f} (target >= 0.8)")
    print(f"    Ray incl. start: {sentences / (started + pipeline + ingest):8.1f} sentences/s")
    print(
        f"    Ray parts: start {started:.1f} s, pipeline to shards {pipeline:.1f} s "
        f"({size / 2**20:.1f} MiB Parquet), ingest {ingest:.1f} s; local total {local:.1f} s"
    )


def dense_latency(size: int, queries: int, dim: int = 384) -> None:
    from verifier.retrieval.vectors import DenseIndex

    rng = np.random.default_rng(0)
    vectors = np.empty((size, dim), dtype=np.float32)
    for offset in range(0, size, 100_000):
        block = rng.standard_normal((min(100_000, size - offset), dim), dtype=np.float32)
        vectors[offset : offset + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    gc.collect()
    before = rss_bytes()
    dense = DenseIndex(dim)
    start = time.perf_counter()
    dense.add(vectors)  # as when a store is opened: all stored vectors in one call
    build = time.perf_counter() - start
    copied = vectors.nbytes  # counted in ``before``; the index holds its own copy
    del vectors
    gc.collect()
    memory = rss_bytes() - before + copied
    probes = rng.standard_normal((queries, dim), dtype=np.float32)
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    times = []
    for probe in probes:
        t = time.perf_counter()
        dense.search(probe, 50)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"(b) dense {size:>9,} vectors ({dense.kind}): build {build:6.1f} s, "
        f"query k=50 median {statistics.median(times):6.2f} ms, p95 {p95:6.2f} ms, "
        f"memory +{memory / 2**20:,.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300, help="reports to index in (a)")
    parser.add_argument(
        "--sizes", default="100000,1000000", help="comma-separated dense index sizes for (b)"
    )
    parser.add_argument("--queries", type=int, default=500, help="queries timed per size")
    parser.add_argument("--skip-indexing", action="store_true", help="skip (a)")
    parser.add_argument("--engines", action="store_true", help="run (c): local vs Ray")
    args = parser.parse_args()
    if not args.skip_indexing:
        indexing_throughput(args.reports)
    if args.engines:
        engines(args.reports)
    for size in (int(s) for s in args.sizes.split(",") if s):
        dense_latency(size, args.queries)


if __name__ == "__main__":
    main()
