"""Adversarial inputs against the readers and the cleaner: is the work linear in the input?

``python -m benchmarks.adversarial_inputs [--mb 1] [--claims] [--only NAME]`` writes each input
to a temp folder and times, in a child process with a time limit, what ``verifier claims`` and
``verifier index`` do before any model runs: reading (``read_reports``), cleaning (``segment``)
and sentence splitting (``body_sentences``), then the near-duplicate grouping of ``verifier
check``. With ``--claims`` the claim splitter (spaCy, loaded before the clock starts) runs too,
and then, outside the totals, a bare ``en_core_web_sm`` parse of every body paragraph: the
floor any parse-based splitter pays, printed as seconds per MB and as the splitter's ratio to it.

Most inputs are about ``--mb`` MB; the red-team inputs of issue 14 keep their own sizes (26 KB
of ``"a" said "b"``, 500 KB of lines starting in lower case, 20 MB of one repeated HTML
paragraph, refused by the 5 MB HTML limit), and the repeated paragraph also runs at 4.5 MB, just
below it. Steps are CPU seconds of the child (other jobs on the machine do not count); the
totals give wall seconds too, and seconds per MB. Target: each 1 MB input within 10 s on this
machine. Not a timed test.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

WORDS = (
    "army police residents officials killed wounded town village attack militants said told",
    "reported according statement ministry hospital people children fighting near province",
    "border district the a of in on and to by with after before during two three dozens",
)
VOCABULARY = " ".join(WORDS).split()
HTML = "<html><head><title>Attack</title></head><body><article>{}</article></body></html>"
PARAGRAPH = "<p>The army said on Tuesday that 80 militants were killed near the town.</p>\n"
KB = 2**10
MB = 2**20


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(VOCABULARY) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + "."


def _fill(unit: Callable[[int], str], size: int) -> str:
    parts: list[str] = []
    total = n = 0
    while total < size:
        part = unit(n)
        parts.append(part)
        total += len(part.encode("utf-8"))
        n += 1
    return "".join(parts)


def _news_sentences() -> list[str]:
    """Sentences of the sample articles (written for this project), for realistic news text."""
    from verifier.read.sentences import split_offsets

    folder = Path(__file__).resolve().parent.parent / "corpora" / "sample"
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt")))
    return [text[s:e] for s, e in split_offsets(text) if len(text[s:e].split()) >= 6]


def _news(rng: random.Random, sentences: list[str]) -> Callable[[int], str]:
    """Paragraphs of 1-4 sample sentences, numbers changed so no paragraph repeats."""

    def paragraph(n: int) -> str:
        picked = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4)))
        return re.sub(r"\d+", lambda m: str(rng.randint(2, 900)), picked) + f" ({n})\n\n"

    return paragraph


def inputs(size: int) -> dict[str, tuple[str, str]]:
    """name -> (file suffix, content): issue 14's red-team inputs at their sizes, the others of
    about ``size`` bytes each."""
    rng = random.Random(7)
    news = _news(rng, _news_sentences())
    return {
        "quotes said quotes (26 KB, issue 14)": (".txt", _fill(lambda n: '"a" said "b" ', 26 * KB)),
        "lower-case lines (500 KB, issue 14)": (
            ".txt",
            _fill(lambda n: f"and then {n} more people were hurt\n", 500 * KB),
        ),
        "plain news text": (".txt", _fill(news, size)),
        "lower-case lines": (
            ".txt",
            _fill(lambda n: f"and then {n} more people were hurt\n", size),
        ),
        "distinct paragraphs": (".txt", _fill(lambda n: _sentence(rng) + "\n\n", size)),
        "near-duplicate paragraphs": (
            ".txt",
            _fill(
                lambda n: f"The army said {n} militants were killed near Mopti on Tuesday.\n", size
            ),
        ),
        "headline lines": (
            ".txt",
            _fill(lambda n: f"Army Says {n} Killed Near Mopti Town\n", size),
        ),
        "boilerplate runs": (
            ".txt",
            _fill(lambda n: "Advertisement\n" * 50 + f"Army Says {n} Killed Near Town\n", size),
        ),
        "quotes said quotes": (".txt", _fill(lambda n: '"a" said "b" ', size)),
        "one long line": (".txt", _fill(lambda n: "word ", size)),
        "abbreviations": (".txt", _fill(lambda n: "Mr. A. B. Dr. U.S. etc. ", size)),
        "csv one huge field": (".csv", 'text,outlet\n"' + _fill(lambda n: "x, y ", size) + '",A\n'),
        "jsonl many records": (
            ".jsonl",
            _fill(
                lambda n: json.dumps({"text": _sentence(rng), "outlet": f"o{n % 9}"}) + "\n", size
            ),
        ),
        "jsonl near-duplicate records": (
            ".jsonl",
            _fill(
                lambda n: (
                    json.dumps({"text": f"The army said {n} militants were killed near Mopti."})
                    + "\n"
                ),
                size,
            ),
        ),
        "jsonl one record": (".jsonl", json.dumps({"text": _fill(news, size - 20)}) + "\n"),
        "one repeated html paragraph": (".html", HTML.format(_fill(lambda n: PARAGRAPH, size))),
        "html distinct paragraphs": (
            ".html",
            HTML.format(_fill(lambda n: f"<p>{news(n).strip()}</p>\n", size)),
        ),
        "html link list": (
            ".html",
            HTML.format(
                _fill(lambda n: f"<p><a href='/s{n}'>Army says {n} killed</a></p>\n", size)
            ),
        ),
        "html nested inline tags": (
            ".html",
            HTML.format(
                _fill(
                    lambda n: f"<div><span><b>The army said {n} were killed.</b></span></div>\n",
                    size,
                )
            ),
        ),
    }


def _run(path: str, claims: bool, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from verifier.errors import UserError
    from verifier.read.clean import segment
    from verifier.read.duplicates import near_duplicate_groups
    from verifier.read.ingest import read_reports
    from verifier.read.sentences import body_sentences

    extractor = None
    if claims:
        from verifier.attribution.claims import ClaimExtractor, _body

        extractor = ClaimExtractor()
    times: dict[str, float] = {}
    wall, start = time.perf_counter(), time.process_time()
    try:
        reports = list(read_reports([path]))
    except UserError as exc:
        queue.put(f"refused in {time.perf_counter() - wall:.2f} s: {str(exc).split(': ', 1)[1]}")
        return
    times["read"] = time.process_time() - start
    t = time.process_time()
    for report in reports:
        segment(report)
    times["clean"] = time.process_time() - t
    t = time.process_time()
    for report in reports:
        body_sentences(report)
    times["sentences"] = time.process_time() - t
    t = time.process_time()
    near_duplicate_groups(reports)
    times["duplicates"] = time.process_time() - t
    if extractor is not None:
        t = time.process_time()
        try:
            times["claims found"] = sum(len(c) for _, c in extractor.extract_many(reports))
        except Exception as exc:  # a crash of the splitter: one line, not a traceback
            queue.put(f"claim splitter crashed after {time.process_time() - t:.1f} s: {exc!r}")
            return
        times["claims"] = time.process_time() - t
    times["cpu"] = time.process_time() - start
    times["wall"] = time.perf_counter() - wall
    if extractor is not None:  # the floor: a bare parse of every body paragraph, not timed above
        t = time.process_time()
        for _ in extractor.nlp.pipe(
            [span.text for report in reports for span, _ in _body(report)], batch_size=64
        ):
            pass
        times["bare parse"] = time.process_time() - t
    queue.put(times)


def measure(path: Path, claims: bool, limit: float) -> dict[str, float] | str:
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    child = multiprocessing.Process(target=_run, args=(str(path), claims, queue))
    child.start()
    child.join(limit)
    if child.is_alive():
        child.terminate()
        child.join()
        return f"over {limit:.0f} s (stopped)"
    if child.exitcode != 0 or queue.empty():
        return f"failed (exit {child.exitcode})"
    result: dict[str, float] | str = queue.get()
    return result


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of each input in MB")
    parser.add_argument("--claims", action="store_true", help="also run the claim splitter")
    parser.add_argument("--only", help="run only the inputs whose name contains this")
    parser.add_argument("--limit", type=float, default=120, help="seconds before a run is stopped")
    args = parser.parse_args(argv)
    cases = list(inputs(int(args.mb * MB)).items())
    for mb in (4.5, 20):  # below and above the HTML limit (20 MB: the red-team input)
        name = f"one repeated html paragraph ({mb} MB{', issue 14' if mb == 20 else ''})"
        if not args.only or args.only in name:
            cases.append((name, (".html", HTML.format(_fill(lambda n: PARAGRAPH, int(mb * MB))))))
    print(f"load average at start: {_load()} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory() as folder:
        for name, (suffix, content) in cases:
            if args.only and args.only not in name:
                continue
            path = Path(folder) / f"input{suffix}"
            path.write_text(content, encoding="utf-8")
            result = measure(path, args.claims, args.limit)
            mb = path.stat().st_size / MB
            if isinstance(result, str):
                print(f"{name:42} {mb:6.2f} MB  {result}", flush=True)
                continue
            steps = "  ".join(
                f"{k} {v:.2f}" if k != "claims found" else f"{k} {v:.0f}"
                for k, v in result.items()
                if k not in ("cpu", "wall")
            )
            cpu, wall = result["cpu"], result["wall"]
            floor = ""
            if "bare parse" in result:
                parse = result["bare parse"]
                ratio = result["claims"] / max(parse, 1e-3)
                floor = f"  bare parse {parse / mb:5.2f} s/MB, claims / parse {ratio:4.2f}"
            print(
                f"{name:42} {mb:6.2f} MB  cpu {cpu:6.2f} s ({cpu / mb:5.2f} s/MB)"
                f"  wall {wall:6.2f} s{floor}  [{steps}]",
                flush=True,
            )
    print(f"load average at end: {_load()}")


if __name__ == "__main__":
    main()
