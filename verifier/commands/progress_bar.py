"""Progress of long jobs for people: counts, rate and time left, on stderr or in the app.

:class:`Meter` turns :class:`~verifier.progress.Progress` events into "matching 12/40 · 3.1/s
· 9 s left"; :func:`with_progress` passes a job's events through while drawing a bar on stderr
(only when stderr is a terminal), for commands that iterate an engine generator.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from verifier.progress import Progress

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import TaskID

E = TypeVar("E")
_MIN_SECONDS = 0.5  # no rate or time left before a stage has run this long


def duration(seconds: float) -> str:
    """``42 s``, ``3 min 05 s`` or ``1 h 02 min``."""
    s = max(round(seconds), 0)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


class Meter:
    """Rate and time left of each stage of a job, from its progress events."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.stage: str | None = None
        self.started = 0.0
        self.first_done = 0
        self.last: Progress | None = None

    def update(self, p: Progress) -> None:
        """Record an event; a new stage restarts the clock."""
        if p.stage != self.stage or (self.last is not None and p.done < self.last.done):
            self.stage, self.started, self.first_done = p.stage, self.clock(), p.done
        self.last = p

    def rate(self) -> float | None:
        """Items per second in the current stage so far (None until it can be told)."""
        if self.last is None:
            return None
        elapsed = self.clock() - self.started
        done = self.last.done - self.first_done
        if elapsed < _MIN_SECONDS or done <= 0:
            return None
        return done / elapsed

    def describe(self) -> str:
        """``stage done/total · rate/s · time left`` (rate and time once they are known)."""
        p = self.last
        if p is None:
            return ""
        parts = [f"{p.stage} {p.done:,}/{p.total:,}"]
        rate = self.rate()
        if rate is not None:
            parts.append(f"{rate:.1f}/s" if rate < 100 else f"{rate:,.0f}/s")
            if p.total > p.done:
                parts.append(f"{duration((p.total - p.done) / rate)} left")
        elapsed = self.clock() - self.started
        if rate is None and elapsed >= _MIN_SECONDS:
            parts.append(f"{duration(elapsed)} so far")
        return " · ".join(parts)


class ProgressPrinter:
    """A progress bar per stage on stderr: counts, rate and time left (silent off a terminal)."""

    def __init__(self, console: Console | None = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar

        self.console = console or Console(stderr=True)
        self.bar = Bar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=self.console,
            disable=not self.console.is_terminal,
        )
        self.tasks: dict[str, TaskID] = {}
        self.meter = Meter()

    def __enter__(self) -> ProgressPrinter:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def show(self, p: Progress) -> None:
        """Draw one event (a new stage gets its own line)."""
        self.meter.update(p)
        task = self.tasks.get(p.stage)
        if task is None:
            task = self.tasks[p.stage] = self.bar.add_task(p.stage, total=p.total, rate="")
        rate = self.meter.rate()
        shown = "" if rate is None else f"{rate:.1f}/s"
        self.bar.update(task, completed=p.done, total=max(p.total, 1), rate=shown)


def with_progress(events: Iterable[E], console: Console | None = None) -> Iterator[E]:
    """Yield every event of ``events``, drawing its :class:`Progress` events on stderr.

    Closing this generator closes ``events`` too, which stops the job.
    """
    with ProgressPrinter(console) as printer:
        try:
            for event in events:
                if isinstance(event, Progress):
                    printer.show(event)
                yield event
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()
