"""Progress for people: counts, rate and time left from the engine's Progress events."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from rich.console import Console

from verifier.commands.progress_bar import Meter, duration, with_progress
from verifier.progress import CheckEvent, Progress


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.4, "0 s"), (42, "42 s"), (185, "3 min 05 s"), (3720, "1 h 02 min")]
)
def test_progress_bar_duration(seconds: float, text: str) -> None:
    assert duration(seconds) == text


def test_progress_bar_meter_rate_and_time_left() -> None:
    now = [0.0]
    meter = Meter(clock=lambda: now[0])
    meter.update(Progress("indexing", 0, 300))
    assert meter.describe() == "indexing 0/300"
    now[0] = 10.0
    meter.update(Progress("indexing", 50, 300))
    assert meter.describe() == "indexing 50/300 · 5.0/s · 50 s left"
    now[0] = 12.0
    meter.update(Progress("matching", 0, 7))  # a new stage restarts the clock
    now[0] = 13.0
    assert meter.describe() == "matching 0/7 · 1 s so far"


def test_progress_bar_meter_rate_moves_without_new_events() -> None:
    now = [0.0]
    meter = Meter(clock=lambda: now[0])
    meter.update(Progress("indexing", 0, 100))
    meter.update(Progress("indexing", 10, 100))
    now[0] = 1.0
    first = meter.rate()
    now[0] = 4.0
    later = meter.rate()
    assert first is not None and later is not None and later < first


def test_progress_bar_with_progress_passes_events_and_closes_the_job() -> None:
    closed = []

    def job() -> Iterator[CheckEvent]:
        try:
            yield Progress("matching", 0, 2)
            yield Progress("matching", 1, 2)
            yield Progress("matching", 2, 2)
        finally:
            closed.append(True)

    console = Console(file=io.StringIO(), force_terminal=True, width=100)
    events = with_progress(job(), console=console)
    first = next(events)
    assert first == Progress("matching", 0, 2)
    events.close()
    assert closed == [True]
