"""Soak run: many generated hostile inputs through the readers, cleaning and the claim splitter.

``python -m benchmarks.soak [--n 100000] [--seed 1] [--claims-every 100] [--save DIR]``
writes each input (text, Markdown, JSON, JSON Lines, CSV/TSV, HTML; built from the pieces
``tests/unit/test_fuzz.py`` uses, plus random characters and mutations) to a file, reads it
with ``read_reports``, then checks every span of ``segment``, ``body_sentences``,
``paragraphs`` and ``split_offsets``; every ``--claims-every``-th report also goes through the
claim splitter (spaCy: all 100,000 would take hours on two cores). A ``UserError`` is a clean
rejection; any other exception is a crash, and a span outside its text an invalid offset; with
``--save`` the inputs behind them are written there. Not a timed test.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import tempfile
import time
import traceback
from collections import Counter
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


def bad_spans(report: Any, extractor: Any | None) -> list[str]:
    """Descriptions of spans that do not point into ``report.text``."""
    from verifier.read.clean import paragraphs, segment
    from verifier.read.sentences import body_sentences, split_offsets

    text = report.text
    found: list[str] = []
    spans = [("segment", b.span) for b in segment(report)]
    spans += [("sentence", s) for s in body_sentences(report)]
    if extractor is not None:
        for claim in extractor.extract(report):
            spans += [("claim", claim.sentence), ("content", claim.content)]
            spans += [(k, s) for k, s in (("speaker", claim.speaker), ("cue", claim.cue)) if s]
            spans += [("figure", q.span) for q in claim.figures]
    for kind, span in spans:
        if (
            not (0 <= span.start <= span.end <= len(text))
            or span.text != text[span.start : span.end]
        ):
            found.append(f"{kind} {span.start}-{span.end} of {len(text)}")
    pairs = [("paragraph", s, e) for s, e in paragraphs(text)]
    pairs += [("split", s, e) for s, e in split_offsets(text)]
    found += [f"{k} {s}-{e} of {len(text)}" for k, s, e in pairs if not 0 <= s <= e <= len(text)]
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of inputs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--claims-every", type=int, default=100, help="0: no claim splitter")
    parser.add_argument("--save", type=Path, help="folder for inputs that crashed")
    args = parser.parse_args(argv)

    from verifier.errors import UserError
    from verifier.read.ingest import read_reports

    logging.basicConfig(level=logging.ERROR)  # skipped-record warnings are expected here
    import dateparser  # noqa: F401  (imported once before timing)
    import trafilatura  # noqa: F401

    extractor = None
    if args.claims_every:
        from verifier.attribution.claims import ClaimExtractor

        extractor = ClaimExtractor()
    rng = random.Random(args.seed)
    counts: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    slowest = (0.0, "")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for n in range(args.n):
            suffix, data = make_input(rng)
            path = Path(folder) / f"input{suffix}"
            path.write_bytes(data)
            t = time.perf_counter()
            try:
                reports = list(read_reports([path]))
                counts["reports"] += len(reports)
                for report in reports:
                    use = (
                        extractor
                        if extractor and counts["reports"] % args.claims_every == 0
                        else None
                    )
                    counts["split by the claim splitter"] += use is not None
                    for bad in bad_spans(report, use):
                        problems[f"invalid offset: {bad.split()[0]}"] += 1
                        _save(args.save, n, suffix, data, bad)
            except UserError as exc:
                counts["rejected (one line)"] += 1
                if "\n" in str(exc):
                    problems["multi-line error"] += 1
            except Exception as exc:  # a crash: what the soak is for
                problems[f"crash: {type(exc).__name__}"] += 1
                _save(args.save, n, suffix, data, traceback.format_exc())
            took = time.perf_counter() - t
            slowest = max(slowest, (took, f"input {n} ({suffix}, {len(data)} bytes)"))
            counts["inputs"] += 1
            if (n + 1) % 10_000 == 0:
                print(f"{n + 1} inputs, {sum(problems.values())} problems", flush=True)
    elapsed = time.perf_counter() - started
    print(f"seed {args.seed}: {counts['inputs']} inputs in {elapsed:.0f} s")
    for key, value in sorted(counts.items()):
        print(f"  {key}: {value}")
    print(f"  crashes: {sum(v for k, v in problems.items() if k.startswith('crash'))}")
    print(f"  invalid offsets: {sum(v for k, v in problems.items() if k.startswith('invalid'))}")
    for key, value in sorted(problems.items()):
        print(f"    {key}: {value}")
    print(f"  slowest: {slowest[0] * 1000:.0f} ms, {slowest[1]}")


def _save(folder: Path | None, n: int, suffix: str, data: bytes, why: str) -> None:
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{n}{suffix}").write_bytes(data)
    (folder / f"{n}.why.txt").write_text(why, encoding="utf-8")


if __name__ == "__main__":
    main()
