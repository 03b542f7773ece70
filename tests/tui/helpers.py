"""Shared helpers of the Pilot tests: the app on a store, notifications, stored items."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from tests.factory import make_assessments
from tui.app import ReviewApp
from tui.widgets.claim_table import ClaimTable
from verifier.progress import Assessed, CheckEvent, ClaimsFound, Progress
from verifier.review.items import ReviewItem
from verifier.review.store import ReviewStore

SIZE = (120, 40)
ARMY, JNIM, RESIDENTS = (a.claim.id for a in make_assessments())


def make_app(store_path: Path, **kwargs: Any) -> tuple[ReviewApp, list[tuple[str, str]]]:
    """The app on ``store_path`` and a list that collects its notifications."""
    kwargs.setdefault("export_dir", store_path.parent / "exports")
    app = ReviewApp(store_path, reviewer="tester", **kwargs)
    notes: list[tuple[str, str]] = []

    def notify(message: str, **kw: Any) -> None:
        notes.append((str(message), str(kw.get("severity", "information"))))

    app.notify = notify  # type: ignore[method-assign]
    return app, notes


def stored(store_path: Path, claim_id: str) -> Any:
    with ReviewStore(store_path) as store:
        return store.item(claim_id)


def selected(app: ReviewApp) -> ReviewItem:
    item = app.query_one(ClaimTable).selected
    assert item is not None
    return item


def shown_ids(app: ReviewApp) -> list[str]:
    return [it.assessment.claim.id for it in app.query_one(ClaimTable).items]


def events_for(report_id: str = "art2") -> list[CheckEvent]:
    """What the engine yields for one article: progress, its claims, then each assessment."""
    found = make_assessments(report_id=report_id)
    article = found[0].claim.report
    return [
        Progress("matching", 0, 1),
        ClaimsFound(article, tuple(a.claim for a in found)),
        *(Assessed(a) for a in found),
        Progress("matching", 1, 1),
    ]


def fake_checker(events: Sequence[CheckEvent], seen: list[Sequence[Path]] | None = None) -> Any:
    """A checker yielding ``events``; records the article paths it was called with."""

    def checker(paths: Sequence[Path], *, corpus_paths: Any = None) -> Iterator[CheckEvent]:
        if seen is not None:
            seen.append(paths)
        yield from events

    return checker


async def check_finished(app: ReviewApp) -> None:
    """Wait for the check worker, if it is still there (the live feed's worker runs as long as
    the app, and an empty list would wait for every worker)."""
    running = [w for w in app.workers if w.group == "check"]
    if running:
        await app.workers.wait_for_complete(running)
