"""Claim-extraction throughput against a bare spaCy parse of the same text.

``python -m benchmarks.claims_throughput [PATH...]`` reads reports (files or folders; default:
the bundled sample corpus and articles, plus the seed article when ``../shared`` is present),
then measures in one run, each side warmed up on the same pipeline:

- bare: ``nlp.pipe`` over exactly the body paragraphs the splitter parses;
- claims: ``ClaimExtractor.extract_many`` (segmenting, parsing, attribution, figures, dates).

It prints sentences per second of each and their ratio (target >= 0.7). Not a timed test.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _default_paths() -> list[Path]:
    from corpora import sample_articles, sample_corpus

    paths = [*sample_articles(), *sample_corpus()]
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        paths.append(seeds)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="reports (default: sample corpus)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per side")
    args = parser.parse_args(argv)

    from verifier.attribution.claims import ClaimExtractor
    from verifier.nlp import load_spacy
    from verifier.read.clean import body_spans
    from verifier.read.ingest import read_reports

    reports = list(read_reports(args.paths or _default_paths()))
    nlp = load_spacy()
    extractor = ClaimExtractor(nlp)
    texts = [span.text for report in reports for span in body_spans(report)]
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts))  # also warms up
    list(extractor.extract_many(reports[:5]))

    def best(run: Callable[[], object]) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times)

    bare = best(lambda: [None for _ in nlp.pipe(texts, batch_size=64)])
    claims = 0

    def extract() -> None:
        nonlocal claims
        claims = sum(len(c) for _, c in extractor.extract_many(reports))

    full = best(extract)
    print(
        f"reports {len(reports)}, paragraphs {len(texts)}, sentences {sentences}, claims {claims}"
    )
    print(f"bare parse        {sentences / bare:8.1f} sentences/s")
    print(f"claim extraction  {sentences / full:8.1f} sentences/s")
    print(f"ratio             {bare / full:8.2f} (target >= 0.7)")


if __name__ == "__main__":
    main()
