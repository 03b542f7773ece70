"""``verifier index --engine ray``: Ray Data reads, splits, extracts and embeds; the store takes in.

The plan, one Ray Data pipeline (order preserved): every input file (or saved dataset) is a row;
``flat_map`` reads its reports; a task splits them into body sentences and marks what the store
already holds (same id and text hash: nothing to embed); an actor per worker extracts claims (one
spaCy pipeline each, optional); an actor per worker embeds (one model each, ``map_batches`` with
a stateful class); ``write_parquet`` writes shards, one row per report (report JSON, sentence
offsets, float32 vectors, claims JSON). The driver then reads the shards in input order and hands
them to :meth:`CorpusIndex.add_prepared`, so the store is the one the local engine builds from the
same input: same reports, sentences, claims and (up to float rounding) vectors.

Without an address a small local Ray starts in this process (``LOCAL_CPUS`` CPUs, a modest
object store, no dashboard, bound to 127.0.0.1) and stops at the end; with one, the pipeline runs
on that cluster, whose workers must see the inputs and the shard folder at the same paths.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from verifier.errors import UserError
from verifier.model import Report
from verifier.read.records import ColumnMapping
from verifier.retrieval.index import CorpusIndex
from verifier.retrieval.records import IndexStats, Prepared, text_hash

log = logging.getLogger(__name__)

LOCAL_CPUS = 2
LOCAL_OBJECT_STORE = 256 * 2**20
EMBED_THREADS = 2  # torch threads per embedding actor
EMBED_BATCH = 48  # reports per embedding call (about a thousand sentences of news)
CLAIM_BATCH = 16


@dataclass(frozen=True)
class RayOptions:
    """Where and how wide to run."""

    address: str | None = None  # None: start a local Ray for this run
    shards: Path | None = None  # folder for the Parquet shards (default: next to the store)
    workers: int | None = None  # embedding actors (default: cluster CPUs / EMBED_THREADS)


def input_units(paths: Sequence[str | Path]) -> list[str]:
    """The files (and saved datasets) behind ``paths``, in the order the local reader uses."""
    from verifier.read.ingest import _walk  # the local reader's own order
    from verifier.read.records import is_saved_dataset

    units: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and not is_saved_dataset(path):
            units.extend(str(f) for f in _walk(path))
        elif path.exists():
            units.append(str(path))
        else:
            raise UserError(f"{path}: no such file or folder")
    return units


# --- the stages (run in Ray workers) ------------------------------------------------------------


def _read_unit(row: dict[str, Any], mapping: ColumnMapping, max_bytes: int) -> list[dict[str, Any]]:
    import json

    from verifier.read.ingest import read_reports

    reports = read_reports([row["path"]], mapping=mapping, max_bytes=max_bytes)
    return [
        {"unit": row["unit"], "row": n, "report": json.dumps(r.to_dict(), ensure_ascii=False)}
        for n, r in enumerate(reports)
    ]


def _split(batch: Any, known: dict[str, tuple[str, bool]], extract_claims: bool) -> Any:
    """Sentence offsets of each report the store lacks; which reports need claims."""
    import json

    import pyarrow as pa

    from verifier.read.sentences import body_sentences

    rows = batch.to_pylist()
    for row in rows:
        report = Report.from_dict(json.loads(row["report"]))
        stored = known.get(report.id)
        same = stored is not None and stored[0] == text_hash(report.text)
        row["embed"] = not same
        row["want_claims"] = extract_claims and not (same and stored is not None and stored[1])
        spans = body_sentences(report) if row["embed"] else []
        row["starts"] = [s.start for s in spans]
        row["ends"] = [s.end for s in spans]
    return pa.Table.from_pylist(rows)


class _Claims:
    """One claim extractor (spaCy pipeline) per worker."""

    def __init__(self) -> None:
        from verifier.attribution.claims import ClaimExtractor

        self.extractor = ClaimExtractor()

    def __call__(self, batch: Any) -> Any:
        import json

        import pyarrow as pa

        rows = batch.to_pylist()
        wanted = [r for r in rows if r["want_claims"]]
        reports = [Report.from_dict(json.loads(r["report"])) for r in wanted]
        found = dict(self.extractor.extract_many(reports))
        for row in rows:
            row["claims"] = None
        for row, report in zip(wanted, reports, strict=True):
            claims = [c.to_dict() for c in found.get(report, [])]
            row["claims"] = json.dumps(claims, ensure_ascii=False)
        return pa.Table.from_pylist(rows)


class _Embed:
    """One embedding model per worker; the sentences of a batch of reports in one call."""

    def __init__(self, model: str, threads: int) -> None:
        import torch

        from verifier.retrieval.embed import load_embedder

        torch.set_num_threads(threads)
        self.embedder = load_embedder(model)

    def __call__(self, batch: Any) -> Any:
        import json

        import pyarrow as pa

        rows = batch.to_pylist()
        texts: list[str] = []
        for row in rows:
            text = json.loads(row["report"])["text"]
            texts.extend(text[s:e] for s, e in zip(row["starts"], row["ends"], strict=True))
        vectors = self.embedder.embed_batch(texts) if texts else np.zeros((0, 0), np.float32)
        at = 0
        for row in rows:
            n = len(row["starts"])
            row["vectors"] = np.ascontiguousarray(vectors[at : at + n], np.float32).tobytes()
            at += n
            row.setdefault("claims", None)
        return pa.Table.from_pylist(rows)


# --- driver -------------------------------------------------------------------------------------


def _start(options: RayOptions) -> None:
    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # never phone home
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # stdout stays ours (--json)
    if options.address:
        ray.init(address=options.address, logging_level=logging.WARNING, log_to_driver=False)
        return
    ray.init(
        num_cpus=LOCAL_CPUS,
        object_store_memory=LOCAL_OBJECT_STORE,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        logging_level=logging.WARNING,
        log_to_driver=False,
    )


def _user_error(exc: BaseException) -> UserError | None:
    """The UserError a worker (or the driver) raised, found along the exception's causes."""
    seen: BaseException | None = exc
    while seen is not None:
        for candidate in (getattr(seen, "cause", None), seen):
            if type(candidate) is UserError:  # a RayTaskError subclass carries a traceback
                return candidate
        seen = seen.__cause__ or seen.__context__
    return None


def embed_to_shards(
    units: Sequence[str],
    folder: Path,
    *,
    model: str,
    known: dict[str, tuple[str, bool]],
    extract_claims: bool,
    mapping: ColumnMapping,
    max_bytes: int,
    workers: int | None = None,
) -> None:
    """Run the Ray Data pipeline over ``units``, writing Parquet shards into ``folder``."""
    import ray
    import ray.data

    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    cpus = int(ray.cluster_resources().get("CPU", 1))
    actors = workers or max(1, cpus // EMBED_THREADS)
    ds: Any = ray.data.from_items(
        [{"unit": n, "path": p} for n, p in enumerate(units)],
        override_num_blocks=max(1, min(len(units), 4 * cpus)),
    )
    ds = ds.flat_map(
        _read_unit, fn_kwargs={"mapping": mapping, "max_bytes": max_bytes}, num_cpus=0.5
    )
    ds = ds.map_batches(
        _split,
        batch_format="pyarrow",
        batch_size=EMBED_BATCH,
        fn_kwargs={"known": known, "extract_claims": extract_claims},
        num_cpus=0.5,
    )
    if extract_claims:
        ds = ds.map_batches(
            _Claims,
            batch_format="pyarrow",
            batch_size=CLAIM_BATCH,
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=0.5,
        )
    ds = ds.map_batches(
        _Embed,
        batch_format="pyarrow",
        batch_size=EMBED_BATCH,
        fn_constructor_kwargs={"model": model, "threads": EMBED_THREADS},
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=0.5,
    )
    ds.write_parquet(str(folder))


def read_shards(folder: Path) -> tuple[int, Iterator[Prepared]]:
    """How many reports the shards hold, and the reports as :class:`Prepared`, in input order."""
    import json

    import pyarrow.parquet as pq

    files = sorted(folder.glob("*.parquet"))
    keys: list[tuple[int, int, int, int]] = []
    for number, file in enumerate(files):
        table = pq.read_table(file, columns=["unit", "row"])
        units, rows = table.column("unit").to_pylist(), table.column("row").to_pylist()
        keys.extend((u, r, number, i) for i, (u, r) in enumerate(zip(units, rows, strict=True)))
    keys.sort()

    def items() -> Iterator[Prepared]:
        cached: dict[int, list[dict[str, Any]]] = {}
        for _, _, number, i in keys:
            if number not in cached:
                cached.clear()  # shards arrive in order: one in memory at a time
                cached[number] = pq.read_table(files[number]).to_pylist()
            row = cached[number][i]
            report = Report.from_dict(json.loads(row["report"]))
            if not row["embed"]:
                yield Prepared(report, claims=row["claims"])
                continue
            spans = [report.span(s, e) for s, e in zip(row["starts"], row["ends"], strict=True)]
            vectors = np.frombuffer(row["vectors"], dtype=np.float32)
            vectors = vectors.reshape(len(spans), -1) if spans else vectors.reshape(0, 1)
            yield Prepared(report, spans, vectors, row["claims"])

    return len(keys), items()


def index_with_ray(
    paths: Sequence[str | Path],
    store: Path,
    model: str,
    *,
    options: RayOptions = RayOptions(),
    extract_claims: bool = True,
    mapping: ColumnMapping | None = None,
    max_bytes: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[IndexStats, int, int]:
    """Index ``paths`` into ``store`` with Ray; (stats, reports, sentences) of the store after."""
    import ray

    from verifier.retrieval.embed import load_embedder

    units = input_units(paths)
    if not units:
        raise UserError(f"no reports found in {', '.join(map(str, paths))}")
    known: dict[str, tuple[str, bool]] = {}
    if store.exists():
        with CorpusIndex.open(store, load_embedder(model)) as corpus:
            known = corpus.known_reports()
    parent = options.shards or store.parent
    folder = parent / f".{store.name}.shards-{uuid.uuid4().hex[:12]}"
    started = ray.is_initialized()
    if not started:
        _start(options)
    try:
        embed_to_shards(
            units,
            folder,
            model=model,
            known=known,
            extract_claims=extract_claims,
            mapping=mapping or ColumnMapping(),
            max_bytes=max_bytes,
            workers=options.workers,
        )
        total, items = read_shards(folder)
        if not total:
            raise UserError(f"no reports found in {', '.join(map(str, paths))}")
        with CorpusIndex.open(store, load_embedder(model)) as corpus:
            stats = corpus.add_prepared(items, total, progress, extract_claims=extract_claims)
            return stats, corpus.report_count(), len(corpus)
    except Exception as exc:
        error = _user_error(exc)
        if error is None:
            raise
        raise UserError(str(error)) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if not started:
            ray.shutdown()
