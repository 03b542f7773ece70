"""Review app latency on 10,000 synthetic claims: first screen, a status change, a filter.

Run: ``python -m benchmarks.tui_latency [--claims N]``. Everything goes through the real app
(headless ``App.run_test``) on a fresh store in a temporary folder; no models are loaded.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from verifier.model import (
    Assessment,
    Claim,
    CueClass,
    Evidence,
    Quantity,
    Report,
    SpeakerType,
    Stance,
    Verdict,
)
from verifier.review.store import ReviewStore

if TYPE_CHECKING:
    from textual.pilot import Pilot

FIRST_SCREEN_TARGET_S = 1.5
ACTION_TARGET_MS = 50.0
SPEAKERS = (
    ("the army", SpeakerType.PARTY),
    ("a UN mission spokesperson", SpeakerType.OFFICIAL),
    ("local residents", SpeakerType.INDEPENDENT),
    ("a news agency", SpeakerType.MEDIA),
)
PER_REPORT = 10


def synthetic_assessments(n: int) -> list[Assessment]:
    """``n`` claims, ten per synthetic report, each with two evidence sentences."""
    out: list[Assessment] = []
    reports: list[Report] = []
    sentences: list[list[tuple[int, int, int]]] = []
    for r in range((n + PER_REPORT - 1) // PER_REPORT):
        parts, offsets, pos = [], [], 0
        for k in range(PER_REPORT):
            speaker, _ = SPEAKERS[(r + k) % len(SPEAKERS)]
            value = 5 + (r * 7 + k * 3) % 90
            line = f"{speaker.capitalize()} said {value} people were killed in town {r}-{k}."
            offsets.append((pos, pos + len(line), value))
            parts.append(line)
            pos += len(line) + 2
        reports.append(
            Report(
                f"r{r:05d}",
                "\n\n".join(parts),
                outlet=f"Outlet {r % 37}",
                published=date(2024, 5, 2),
            )
        )
        sentences.append(offsets)
    for i in range(n):
        r, k = divmod(i, PER_REPORT)
        report, (s0, s1, value) = reports[r], sentences[r][k]
        speaker, kind = SPEAKERS[(r + k) % len(SPEAKERS)]
        text = report.text
        c0 = text.index(" said ", s0) + len(" said ")
        f1 = text.index(" killed", c0) + len(" killed")
        claim = Claim(
            report=report,
            sentence=report.span(s0, s1),
            content=report.span(c0, s1 - 1),
            speaker=report.span(s0, s0 + len(speaker)),
            speaker_name=speaker,
            speaker_type=kind,
            cue=report.span(c0 - 5, c0 - 1),
            cue_lemma="say",
            cue_class=CueClass.NEUTRAL,
            text=f"{speaker} says {value} killed in town {r}-{k}",
            figures=(Quantity(report.span(c0, f1), "killed", None, value, value, value),),
        )
        evidence = []
        for j, stance in ((1, Stance.SUPPORTS), (2, Stance.CONTRADICTS)):
            other = reports[(r + j) % len(reports)]
            o0, o1, _ = sentences[(r + j) % len(reports)][k]
            evidence.append(
                Evidence(claim.id, other.span(o0, o1), 0.7, stance, 0.8, "synthetic", j == 1)
            )
        verdict = (Verdict.DISPUTED, Verdict.SINGLE_SOURCE, Verdict.CORROBORATED)[i % 3]
        unverified = kind is SpeakerType.PARTY
        out.append(Assessment(claim, tuple(evidence), verdict, 1, 1, unverified))
    return out


async def _timed(pilot: Pilot[None], key: str) -> tuple[float, float]:
    """(wall ms, CPU ms) from a key press until the app is idle again."""
    w0, c0 = time.perf_counter(), time.process_time()
    await pilot.press(key)
    return (time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000


async def measure(store_path: Path, repeats: int) -> dict[str, Any]:
    """First screen (s) and per-action (wall ms, CPU ms) samples, through the app."""
    from tui.app import ReviewApp
    from tui.widgets.claim_table import ClaimTable

    w0, c0 = time.perf_counter(), time.process_time()
    app = ReviewApp(store_path, reviewer="bench")
    result: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(ClaimTable)
        while not table.items:
            await pilot.pause()
        result["first_screen"] = (time.perf_counter() - w0, time.process_time() - c0)
        result["rows"] = len(table.items)
        await pilot.pause(0.5)
        samples: dict[str, list[tuple[float, float]]] = {
            "baseline": [],
            "status": [],
            "filter": [],
            "search": [],
        }
        for i in range(repeats):
            samples["baseline"].append(await _timed(pilot, "z"))  # an unbound key
            samples["status"].append(await _timed(pilot, "v" if i % 2 == 0 else "u"))
            await pilot.press("j")
            samples["filter"].append(await _timed(pilot, "1"))  # flagged only, then all
        await pilot.press("slash")
        for ch in "town 12 3"[:repeats]:
            samples["search"].append(await _timed(pilot, ch if ch != " " else "space"))
        result.update(samples)
    return result


def import_time() -> float:
    """Seconds for a fresh interpreter to import the app (part of the real time to first screen)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import tui.app"], check=True)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store_path = Path(tmp) / "review.db"
        t0 = time.perf_counter()
        with ReviewStore(store_path, reviewer="bench") as store:
            store.save_assessments(synthetic_assessments(args.claims))
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
    base = statistics.median(w for w, _ in r["baseline"])
    print(f"harness baseline (an unbound key through Pilot): median {base:.1f} ms wall")
    for key, label in (
        ("status", "status change (key to saved + row redrawn)"),
        ("filter", "flagged filter toggle over all claims"),
        ("search", "search, per typed character"),
    ):
        walls = [w for w, _ in r[key]]
        cpus = [c for _, c in r[key]]
        med = statistics.median(walls)
        net = med - base  # the harness's own per-key cost is not the app's latency
        ok = "ok" if net < ACTION_TARGET_MS else "SLOW"
        print(
            f"{label}: median {med:.1f} ms wall through Pilot (max {max(walls):.1f}), "
            f"{net:.1f} ms above the harness baseline, {statistics.median(cpus):.1f} ms CPU, "
            f"n={len(walls)} (target < {ACTION_TARGET_MS:.0f} ms above baseline) {ok}"
        )


if __name__ == "__main__":
    main()
