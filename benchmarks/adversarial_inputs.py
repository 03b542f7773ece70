"""Adversarial inputs against the readers and the cleaner: is the work linear in the input?

``python -m benchmarks.adversarial_inputs [--mb 1] [--claims] [--only NAME]`` writes each input
(about ``--mb`` MB; the repeated HTML paragraph also at 4.5 MB, below the 5 MB HTML limit, and
at 20 MB, the red-team size, which is refused) to a temp folder and times, in a child process
with a time limit, what ``verifier claims`` and ``verifier index`` do before any model runs:
reading (``read_reports``), cleaning (``segment``) and sentence splitting
(``body_sentences``), then the near-duplicate grouping of ``verifier check``. With ``--claims``
the claim splitter (spaCy) runs too. Target: each 1 MB input within 10 s on this
machine. Not a timed test.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
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


def inputs(size: int) -> dict[str, tuple[str, str]]:
    """name -> (file suffix, content) of about ``size`` bytes each."""
    rng = random.Random(7)
    para = "<p>The army said on Tuesday that 80 militants were killed near the town.</p>\n"
    html = "<html><head><title>Attack</title></head><body><article>{}</article></body></html>"
    return {
        "lower-case lines": (
            ".txt",
            _fill(lambda n: f"and then {n} more people were hurt\n", size),
        ),
        "one repeated html paragraph": (".html", html.format(_fill(lambda n: para, size))),
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
    }


def _run(path: str, claims: bool, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from verifier.errors import UserError
    from verifier.read.clean import segment
    from verifier.read.duplicates import near_duplicate_groups
    from verifier.read.ingest import read_reports
    from verifier.read.sentences import body_sentences

    times: dict[str, float] = {}
    start = time.perf_counter()
    try:
        reports = list(read_reports([path]))
    except UserError as exc:
        queue.put(f"refused in {time.perf_counter() - start:.2f} s: {str(exc).split(': ', 1)[1]}")
        return
    times["read"] = time.perf_counter() - start
    t = time.perf_counter()
    for report in reports:
        segment(report)
    times["clean"] = time.perf_counter() - t
    t = time.perf_counter()
    for report in reports:
        body_sentences(report)
    times["sentences"] = time.perf_counter() - t
    t = time.perf_counter()
    near_duplicate_groups(reports)
    times["duplicates"] = time.perf_counter() - t
    if claims:
        from verifier.attribution.claims import ClaimExtractor

        t = time.perf_counter()
        list(ClaimExtractor().extract_many(reports))
        times["claims"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - start
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of each input in MB")
    parser.add_argument("--claims", action="store_true", help="also run the claim splitter")
    parser.add_argument("--only", help="run only the inputs whose name contains this")
    parser.add_argument("--limit", type=float, default=120, help="seconds before a run is stopped")
    args = parser.parse_args(argv)
    size = int(args.mb * 2**20)
    cases = list(inputs(size).items())
    for mb in (4.5, 20):  # below and above the HTML limit (20 MB: the red-team input)
        if not args.only or args.only in f"one repeated html paragraph ({mb} MB)":
            big = inputs(int(mb * 2**20))["one repeated html paragraph"]
            cases.append((f"one repeated html paragraph ({mb} MB)", big))
    with tempfile.TemporaryDirectory() as folder:
        for name, (suffix, content) in cases:
            if args.only and args.only not in name:
                continue
            path = Path(folder) / f"input{suffix}"
            path.write_text(content, encoding="utf-8")
            result = measure(path, args.claims, args.limit)
            mb = path.stat().st_size / 2**20
            if isinstance(result, str):
                print(f"{name:38} {mb:6.1f} MB  {result}")
                continue
            steps = "  ".join(f"{k} {v:6.2f}" for k, v in result.items() if k != "total")
            print(f"{name:38} {mb:6.1f} MB  total {result['total']:6.2f} s  ({steps})")


if __name__ == "__main__":
    main()
