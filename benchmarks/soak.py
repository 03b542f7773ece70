"""Soak run: many generated hostile inputs through the readers, cleaning and the claim splitter.

``python -m benchmarks.soak [--n 100000] [--seed 1] [--workers 2] [--claims-every 1]
[--save DIR]`` writes each input (text, Markdown, JSON, JSON Lines, CSV/TSV, HTML; built from
the pieces ``tests/unit/test_fuzz.py`` uses, plus random characters and mutations) to a file,
reads it with ``read_reports``, checks every span of ``segment``, ``body_sentences``,
``paragraphs`` and ``split_offsets``, then runs every report (every ``--claims-every``-th with a
larger value; 0: none) through the claim splitter (the real spaCy parse, in batches) and checks
every span of every claim: sentence, content, speaker, cue and figures lie in the report's raw
text and show exactly its characters. Input ``n`` depends only on ``--seed`` and ``n``, so
``--workers`` (processes, each with its own parser) changes nothing but the time. A
``UserError`` is a clean rejection; any other exception is a crash, and a span outside its text
an invalid offset; with ``--save`` the inputs behind them are written there. Not a timed test.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import random
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.factory import HOSTILE_PIECES

PIECES = [
    *HOSTILE_PIECES,
    ",",
    '""',
    "{",
    "}",
    "[",
    "]",
    ":",
    "\\",
    "\\ud800",
    "9" * 30,
    "between 3 and 5",
]
SUFFIXES = (
    [".txt"] * 7
    + [".md"] * 2
    + [".json"] * 3
    + [".jsonl"] * 3
    + [".csv"] * 3
    + [
        ".tsv",
        ".html",
    ]
)


def make_text(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(0, 60)):
        if rng.random() < 0.85:
            parts.append(rng.choice(PIECES))
        else:
            parts.append("".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 6))))
    return "".join(parts)


def make_input(rng: random.Random) -> tuple[str, bytes]:
    """A file suffix and its bytes: structured formats are usually well-formed, sometimes not."""
    suffix = rng.choice(SUFFIXES)
    text = make_text(rng)
    structured = rng.random() < 0.7
    if suffix == ".json" and structured:
        rows = [{"text": make_text(rng), "outlet": text[:12]} for _ in range(rng.randint(1, 4))]
        content = json.dumps(rows, ensure_ascii=rng.random() < 0.5)
    elif suffix == ".jsonl" and structured:
        content = "\n".join(json.dumps({"text": make_text(rng)}) for _ in range(rng.randint(1, 4)))
    elif suffix in (".csv", ".tsv") and structured:
        sep = "," if suffix == ".csv" else "\t"
        content = f"text{sep}outlet\n" + "\n".join(
            f'"{make_text(rng).replace(chr(34), chr(34) * 2)}"{sep}o' for _ in range(3)
        )
    elif suffix == ".html" and structured:
        content = f"<html><head><title>{text[:30]}</title></head><body><article>"
        content += "".join(f"<p>{make_text(rng)}</p>" for _ in range(rng.randint(1, 6)))
        content += "</article></body></html>"
    else:
        content = text
    data = content.encode("utf-8", "surrogatepass")
    if rng.random() < 0.05 and data:  # flip a byte
        i = rng.randrange(len(data))
        data = data[:i] + bytes([rng.randrange(256)]) + data[i + 1 :]
    return suffix, data


def reader_problems(report: Any) -> list[str]:
    """Spans of the readers' steps that do not point into ``report.text``."""
    from verifier.read.clean import paragraphs, segment
    from verifier.read.sentences import body_sentences, split_offsets

    spans = [("segment", b.span) for b in segment(report)]
    spans += [("sentence", s) for s in body_sentences(report)]
    pairs = [("paragraph", s, e) for s, e in paragraphs(report.text)]
    pairs += [("split", s, e) for s, e in split_offsets(report.text)]
    return _bad(report, spans) + [
        f"{k} {s}-{e} of {len(report.text)}"
        for k, s, e in pairs
        if not 0 <= s <= e <= len(report.text)
    ]


def claim_problems(report: Any, claims: list[Any]) -> list[str]:
    """Spans of ``claims`` that are not exact pieces of ``report``'s raw text."""
    spans: list[tuple[str, Any]] = []
    for claim in claims:
        if claim.report is not report:
            return ["claim of another report"]
        spans += [("claim", claim.sentence), ("content", claim.content)]
        spans += [(k, s) for k, s in (("speaker", claim.speaker), ("cue", claim.cue)) if s]
        spans += [("figure", q.span) for q in claim.figures]
    return _bad(report, spans)


def _bad(report: Any, spans: list[tuple[str, Any]]) -> list[str]:
    text = report.text
    return [
        f"{kind} {span.start}-{span.end} of {len(text)}"
        for kind, span in spans
        if span.report.text is not text
        or not 0 <= span.start <= span.end <= len(text)
        or span.text != text[span.start : span.end]
    ]


_EXTRACTOR: Any = None
_CHUNK = 500  # inputs per task handed to a worker
_BATCH = 64  # reports per claim-splitter batch (spaCy parses them together)


def _start_worker(claims: bool) -> None:
    global _EXTRACTOR
    logging.basicConfig(level=logging.ERROR)  # skipped-record warnings are expected here
    import dateparser  # noqa: F401  (imported once, before the inputs)
    import trafilatura  # noqa: F401

    if claims:
        from verifier.attribution.claims import ClaimExtractor

        _EXTRACTOR = ClaimExtractor()


Result = tuple[Counter[str], Counter[str], tuple[float, str]]


def run_chunk(task: tuple[int, int, int, int, Path | None]) -> Result:
    """Inputs ``start``..``stop`` of ``seed``: counts, problems (crashes, invalid offsets) and
    the slowest input to read and check (seconds, which)."""
    seed, start, stop, claims_every, save = task
    from verifier.errors import UserError
    from verifier.read.ingest import read_reports

    counts: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    batch: list[tuple[int, str, bytes, Any]] = []
    slowest = (0.0, "")

    def problem(kind: str, n: int, suffix: str, data: bytes, why: str) -> None:
        problems[kind] += 1
        _save(save, n, suffix, data, why)

    with tempfile.TemporaryDirectory() as folder:
        for n in range(start, stop):
            suffix, data = make_input(random.Random(f"{seed}:{n}"))
            path = Path(folder) / f"input{suffix}"
            path.write_bytes(data)
            t = time.perf_counter()
            try:
                reports = list(read_reports([path]))
                for report in reports:
                    for bad in reader_problems(report):
                        problem(f"invalid offset: {bad.split()[0]}", n, suffix, data, bad)
                    if _EXTRACTOR is not None and n % claims_every == 0:
                        batch.append((n, suffix, data, report))
            except UserError as exc:
                counts["rejected (one line)"] += 1
                if "\n" in str(exc):
                    problem("multi-line error", n, suffix, data, str(exc))
            except Exception as exc:  # a crash: what the soak is for
                problem(f"crash: {type(exc).__name__}", n, suffix, data, traceback.format_exc())
            else:
                counts["reports"] += len(reports)
            took = time.perf_counter() - t
            slowest = max(slowest, (took, f"input {n} ({suffix}, {len(data)} bytes)"))
            counts["inputs"] += 1
            if len(batch) >= _BATCH or (n == stop - 1 and batch):
                _split(batch, counts, problem)
                batch = []
    return counts, problems, slowest


def _split(batch: list[tuple[int, str, bytes, Any]], counts: Counter[str], problem: Any) -> None:
    """The claim splitter over a batch of reports; after a crash, report by report to find it."""
    try:
        found = [claims for _, claims in _EXTRACTOR.extract_many([r for *_, r in batch])]
    except Exception:
        found = []
        for n, suffix, data, report in batch:
            try:
                found.append(_EXTRACTOR.extract(report))
            except Exception as exc:
                problem(
                    f"crash (claims): {type(exc).__name__}", n, suffix, data, traceback.format_exc()
                )
                found.append([])
    for (n, suffix, data, report), claims in zip(batch, found, strict=True):
        counts["reports split into claims"] += 1
        counts["claims"] += len(claims)
        for bad in claim_problems(report, claims):
            problem(f"invalid offset: {bad.split()[0]}", n, suffix, data, bad)


def _tasks(args: argparse.Namespace) -> Iterator[tuple[int, int, int, int, Path | None]]:
    for start in range(0, args.n, _CHUNK):
        yield args.seed, start, min(start + _CHUNK, args.n), args.claims_every, args.save


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of inputs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="processes, one parser each")
    parser.add_argument("--claims-every", type=int, default=1, help="0: no claim splitter")
    parser.add_argument("--save", type=Path, help="folder for inputs that crashed")
    args = parser.parse_args(argv)

    counts: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    slowest = (0.0, "")
    started = time.perf_counter()
    claims = args.claims_every > 0
    context = multiprocessing.get_context("spawn")  # a fresh interpreter and parser per worker
    with context.Pool(args.workers, _start_worker, (claims,)) as pool:
        for chunk_counts, chunk_problems, chunk_slowest in pool.imap(run_chunk, _tasks(args)):
            done = counts["inputs"] // 10_000
            counts.update(chunk_counts)
            problems.update(chunk_problems)
            slowest = max(slowest, chunk_slowest)
            if counts["inputs"] // 10_000 > done:
                minutes = (time.perf_counter() - started) / 60
                print(
                    f"{counts['inputs']} inputs, {sum(problems.values())} problems, "
                    f"{minutes:.1f} min",
                    flush=True,
                )
    elapsed = time.perf_counter() - started
    print(
        f"seed {args.seed}: {counts['inputs']} inputs in {elapsed:.0f} s, {args.workers} worker(s)"
    )
    for key, value in sorted(counts.items()):
        print(f"  {key}: {value}")
    print(f"  crashes: {sum(v for k, v in problems.items() if k.startswith('crash'))}")
    print(f"  invalid offsets: {sum(v for k, v in problems.items() if k.startswith('invalid'))}")
    for key, value in sorted(problems.items()):
        print(f"    {key}: {value}")
    print(f"  slowest to read and check: {slowest[0] * 1000:.0f} ms, {slowest[1]}")


def _save(folder: Path | None, n: int, suffix: str, data: bytes, why: str) -> None:
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{n}{suffix}").write_bytes(data)
    (folder / f"{n}.why.txt").write_text(why, encoding="utf-8")


if __name__ == "__main__":
    main()
