"""Review app latency on 10,000 synthetic claims: first screen, every action, search per character.

Run: ``python -m benchmarks.tui_latency [--claims N]``. A quarter of the claims are assigned to the
benchmark's reviewer (for the "mine" filter); bulk actions act on 1,000 marked claims. Everything
goes through the real app (headless ``App.run_test``) on a fresh store in a temporary folder, built
with the shared test factory (``tests.factory.synthetic_assessments``); no models are loaded. Each
key is timed from the press until the app is idle again; the harness's own cost per key (an unbound
key) is printed and subtracted. Search is debounced: a typed character only restarts a timer, and
the filtering runs once typing pauses, timed separately.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.factory import synthetic_assessments
from verifier.review.store import ReviewStore

if TYPE_CHECKING:
    from textual.pilot import Pilot

FIRST_SCREEN_TARGET_S = 1.5
ACTION_TARGET_MS = 50.0
SEARCH_CHAR_TARGET_MS = 16.0
QUERY = "town 12-3"

# (label, keys pressed once per sample); keys alternate so every sample changes something
ACTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("status change (v / u: saved, row redrawn)", ("v", "u")),
    ("flag / remove flag (f / F)", ("f", "F")),
    ("undo (ctrl+z)", ("ctrl+z",)),
    ("flagged filter toggle over all claims (1)", ("1",)),
    ("sort by the next column (s)", ("s",)),
    ("mine filter toggle over all claims (m)", ("m",)),
    ("open a claim (enter)", ("enter",)),
    ("back to the queue (escape)", ("escape",)),
)
BULK = 1000
BULK_ACTIONS = (
    f"bulk status on {BULK:,} marked claims (x: one transaction)",
    f"undo of that bulk status (ctrl+z: {BULK:,} audited undo entries)",
    "mark all shown / unmark (ctrl+a, all claims shown)",
)


async def _timed(pilot: Pilot[None], key: str) -> tuple[float, float]:
    """(wall ms, CPU ms) from a key press until the app is idle again."""
    w0, c0 = time.perf_counter(), time.process_time()
    await pilot.press(key)
    return (time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000


async def measure(store_path: Path, repeats: int) -> dict[str, Any]:
    """First screen (s) and per-action (wall ms, CPU ms) samples, through the app."""
    from tui.app import ReviewApp
    from tui.screens.queue import QueueScreen
    from tui.widgets.claim_table import ClaimTable

    w0, c0 = time.perf_counter(), time.process_time()
    app = ReviewApp(store_path, reviewer="bench", export_dir=store_path.parent)
    result: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(ClaimTable)
        while not table.items:
            await pilot.pause()
        result["first_screen"] = (time.perf_counter() - w0, time.process_time() - c0)
        result["rows"] = len(table.items)
        await pilot.pause(0.5)
        samples: dict[str, list[tuple[float, float]]] = {"baseline": []}
        for i in range(repeats):
            samples["baseline"].append(await _timed(pilot, "z"))  # an unbound key
            for label, keys in ACTIONS:
                key = keys[i % len(keys)]
                if label.startswith("open") or label.startswith("back"):
                    continue
                samples.setdefault(label, []).append(await _timed(pilot, key))
            await pilot.press("j")
        for _ in range(repeats):
            samples.setdefault(ACTIONS[-2][0], []).append(await _timed(pilot, "enter"))
            samples.setdefault(ACTIONS[-1][0], []).append(await _timed(pilot, "escape"))
        await pilot.press("0")
        marked = {it.claim_id for it in table.items[:BULK]}
        for _ in range(repeats):
            table.set_marks(marked)
            await pilot.pause()
            samples.setdefault(BULK_ACTIONS[0], []).append(await _timed(pilot, "x"))
            samples.setdefault(BULK_ACTIONS[1], []).append(await _timed(pilot, "ctrl+z"))
        for _ in range(repeats):
            samples.setdefault(BULK_ACTIONS[2], []).append(await _timed(pilot, "ctrl+a"))
        table.set_marks(set())
        await pilot.press("0", "slash")
        for ch in QUERY:
            samples.setdefault("search_char", []).append(
                await _timed(pilot, ch if ch != " " else "space")
            )
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        runs = []
        for cut in range(1, len(QUERY) + 1):  # the filtering once typing pauses, per prefix
            queue.search_text = QUERY[:cut]
            t0, c0 = time.perf_counter(), time.process_time()
            queue.apply_view()
            runs.append(((time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000))
        samples["search_run"] = runs
        result["matches"] = len(queue.table.items)
        result.update(samples)
    return result


def poll_for_idle(seconds: float) -> None:
    """Make Pilot's idle check (``textual._wait.wait_for_idle``) sleep ``seconds`` per poll.

    The app counts as idle once a poll passes with under a twentieth of it in CPU time; with
    the default 20 ms poll a key whose handling takes 2 ms measures 20 ms more than one that
    takes none, so short actions cannot be told apart from the harness's own cost.
    """
    import textual._wait as wait

    wait.SLEEP_GRANULARITY = seconds
    wait.SLEEP_IDLE = seconds / 20


def import_time() -> float:
    """Seconds for a fresh interpreter to import the app (part of the real time to first screen)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import tui.app"], check=True)
    return time.perf_counter() - t0


def _line(
    label: str, samples: list[tuple[float, float]], base: tuple[float, float], target: float
) -> str:
    """Median wall and CPU time above the harness baseline; the verdict is on wall time."""
    walls = [w for w, _ in samples]
    med = statistics.median(walls)
    net = med - base[0]
    cpu = statistics.median(c for _, c in samples) - base[1]
    ok = "ok" if net < target else "SLOW"
    return (
        f"{label}: {net:.1f} ms wall above the harness baseline (median {med:.1f}, max "
        f"{max(walls):.1f}), {cpu:.1f} ms CPU above it, n={len(walls)} "
        f"(target < {target:.0f} ms) {ok}"
    )


async def cold_start(home: Path) -> dict[str, float]:
    """Seconds from app start to the first claims of the sample (real models, fresh store in
    ``home``), to every claim assessed, and from opening another article to its claims."""
    from functools import partial

    import corpora
    from tui.app import ReviewApp
    from tui.widgets.claim_table import ClaimTable
    from verifier.pipeline import iter_check
    from verifier.settings import load

    settings = load(env={"VERIFIER_HOME": str(home)})
    articles = corpora.sample_articles()
    checker = partial(iter_check, matching=settings.matching, sample_store=settings.sample_store)
    out: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    app = ReviewApp(settings.review_store, articles=articles[:1], corpus=None, checker=checker)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(ClaimTable)

        async def until(done: Callable[[], bool]) -> None:
            while not done():
                if not any(w.is_running for w in app.workers if w.group == "check"):
                    raise RuntimeError("the check ended without claims (see the log)")
                await pilot.pause(0.05)

        await until(lambda: bool(table.items))
        out["first claims"] = time.perf_counter() - t0
        out["first claims, CPU of this process (all threads)"] = time.process_time() - c0
        await check_done(app)
        out["first article assessed"] = time.perf_counter() - t0
        before = len(table.items)
        t1, c1 = time.perf_counter(), time.process_time()
        app.open_path(str(articles[1]))
        await pilot.pause()
        await until(lambda: len(table.items) > before)
        out["another article: claims shown"] = time.perf_counter() - t1
        out["another article: claims shown, CPU"] = time.process_time() - c1
        await check_done(app)
        out["another article: assessed"] = time.perf_counter() - t1
    return out


async def check_done(app: Any) -> None:
    """Wait for the check worker if it still runs (an empty list would wait for every worker,
    the live feed's included)."""
    running = [w for w in app.workers if w.group == "check"]
    if running:
        await app.workers.wait_for_complete(running)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument(
        "--poll-ms",
        type=float,
        default=2.0,
        help="How often Pilot checks whether the app is idle (Textual's default is 20 ms, "
        "which rounds every wall time up to a multiple of it).",
    )
    parser.add_argument(
        "--cold-start",
        choices=("fresh", "prepared"),
        help="Instead: time a first start on the sample with the real models, in a fresh data "
        "folder, with the sample index built first (prepared, as `make run` does) or not.",
    )
    args = parser.parse_args(argv)
    poll_for_idle(args.poll_ms / 1000)
    if args.cold_start:
        from verifier.cli import quiet_libraries

        quiet_libraries()  # as `verifier review` runs
        with tempfile.TemporaryDirectory() as tmp:
            if args.cold_start == "prepared":
                t0 = time.perf_counter()
                env = {**os.environ, "VERIFIER_HOME": tmp}
                cmd = [sys.executable, "-m", "verifier", "review", "--prepare"]
                subprocess.run(cmd, env=env, check=True)
                print(f"verifier review --prepare: {time.perf_counter() - t0:.1f} s")
            for label, seconds in asyncio.run(cold_start(Path(tmp))).items():
                print(f"{args.cold_start} data folder, {label}: {seconds:.1f} s")
        return
    with tempfile.TemporaryDirectory() as tmp:
        store_path = Path(tmp) / "review.db"
        t0 = time.perf_counter()
        with ReviewStore(store_path, reviewer="bench") as store:
            store.save_assessments(synthetic_assessments(args.claims))
            store.assign([it.claim_id for it in store.items()[::4]], "bench")
        print(f"built store: {args.claims} claims in {time.perf_counter() - t0:.1f} s")
        imports = import_time()
        r = asyncio.run(measure(store_path, args.repeats))
    wall, cpu = r["first_screen"]
    print(f"python start + import tui.app: {imports:.2f} s (wall, separate process)")
    total = imports + wall
    ok = "ok" if total < FIRST_SCREEN_TARGET_S else "SLOW"
    print(
        f"first screen ({r['rows']} rows; app start to table populated): {wall:.2f} s wall, "
        f"{cpu:.2f} s CPU; with interpreter start and imports {total:.2f} s "
        f"(target < {FIRST_SCREEN_TARGET_S} s) {ok}"
    )
    base = (
        statistics.median(w for w, _ in r["baseline"]),
        statistics.median(c for _, c in r["baseline"]),
    )
    print(
        f"harness baseline (an unbound key through Pilot): median {base[0]:.1f} ms wall, "
        f"{base[1]:.1f} ms CPU"
    )
    for label in (*(label for label, _ in ACTIONS), *BULK_ACTIONS):
        print(_line(label, r[label], base, ACTION_TARGET_MS))
    print(_line("search, per typed character", r["search_char"], base, SEARCH_CHAR_TARGET_MS))
    print(
        _line(
            f"search results once typing pauses ({r['matches']} of {r['rows']} match "
            f"{QUERY!r}; the filter itself, no harness)",
            r["search_run"],
            (0.0, 0.0),
            ACTION_TARGET_MS,
        )
    )


if __name__ == "__main__":
    main()
