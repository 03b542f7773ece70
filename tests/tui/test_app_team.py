"""Pilot tests of the team actions: the "mine" filter, assignment, marks and bulk actions, undo
through the store, sign-off and exports of the marked claims."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label, Static

from tests.factory import make_store
from tests.tui.helpers import ARMY, JNIM, RESIDENTS, SIZE, make_app, selected, shown_ids, stored
from tui.screens.dialogs import AssignDialog, ConfirmDialog, ExportDialog
from tui.screens.queue import QueueScreen
from tui.widgets.claim_table import MARK, ClaimTable
from verifier.model import ReviewStatus
from verifier.review.store import ReviewStore


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return make_store(tmp_path / "review.db")


def _history(store_path: Path, claim_id: str | None = None) -> list[dict]:
    with ReviewStore(store_path) as store:
        return store.history(claim_id)


def _filters(app) -> str:
    return str(app.screen.query_one("#filters", Static).render())


async def test_app_team_mine_filter_shows_my_claims(store_path: Path):
    with ReviewStore(store_path, reviewer="lead") as store:
        store.assign([JNIM], "tester")
        store.assign([RESIDENTS], "bob")
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        assert shown_ids(app) == [JNIM]
        assert "assigned to tester" in _filters(app)
        await pilot.press("m")
        assert shown_ids(app) == [ARMY, JNIM, RESIDENTS]


async def test_app_team_assign_defaults_to_me_and_undoes(store_path: Path):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        assert isinstance(app.screen, AssignDialog)
        assert app.screen.query_one(Input).value == "tester"
        await pilot.press("enter")
        assert stored(store_path, ARMY).assignee == "tester"
        assert notes[-1][0] == "assigned 1 claim to tester · ctrl+z undoes"
        assert selected(app).assignee == "tester"
        await pilot.press("A")
        app.screen.query_one(Input).value = "bob"
        await pilot.press("enter")
        assert stored(store_path, ARMY).assignee == "bob"
        await pilot.press("A", "escape")  # cancelled: nothing changes
        assert stored(store_path, ARMY).assignee == "bob"
        await pilot.press("ctrl+z")
        assert stored(store_path, ARMY).assignee == "tester"
        assert selected(app).assignee == "tester"
        await pilot.press("A")
        app.screen.query_one(Input).value = ""  # an emptied field unassigns
        await pilot.press("enter")
        assert stored(store_path, ARMY).assignee is None
    assert [h["action"] for h in _history(store_path, ARMY)][-4:] == [
        "assign",
        "assign",
        "undo",
        "assign",
    ]


async def test_app_team_marks_by_range_and_bulk_status_in_one_transaction(store_path: Path):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ClaimTable)
        await pilot.press("space")  # marks the first claim and moves down
        assert table.marked == {ARMY} and table.cursor == 1
        await pilot.press("shift+down")  # extends the range: this claim and the next
        assert table.marked == {ARMY, JNIM, RESIDENTS}
        assert table.render_line(1).text.startswith(MARK)
        assert "3 marked" in _filters(app)
        await pilot.press("x")
        assert notes[-1][0] == "marked 3 claims false · ctrl+z undoes"
        assert all(it.status is ReviewStatus.FALSE for it in table.items)
        for claim in (ARMY, JNIM, RESIDENTS):
            assert stored(store_path, claim).status is ReviewStatus.FALSE
        entries = [h for h in _history(store_path) if h["action"] == "status"]
        assert len(entries) == 3 and len({h["when"] for h in entries}) == 1  # one transaction
        await pilot.press("ctrl+z")  # the whole bulk action, through the store's undo
        assert notes[-1][0] == "undone: marked 3 claims false"
        for claim in (ARMY, JNIM, RESIDENTS):
            assert stored(store_path, claim).status is ReviewStatus.UNSTARTED
        undos = [h for h in _history(store_path) if h["action"] == "undo"]
        assert sorted(h["undoes"] for h in undos) == sorted(h["id"] for h in entries)
        assert all(it.status is ReviewStatus.UNSTARTED for it in table.items)
        await pilot.press("escape")  # unmarks
        assert table.marked == set() and "marked" not in _filters(app)
        await pilot.press("v")  # one claim again
        assert stored(store_path, RESIDENTS).status is ReviewStatus.VERIFIED
        assert stored(store_path, ARMY).status is ReviewStatus.UNSTARTED


async def test_app_team_mark_all_in_filter_then_assign_and_flag(store_path: Path):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")  # speaker: party (the army and JNIM)
        await pilot.press("ctrl+a")
        table = app.query_one(ClaimTable)
        assert table.marked == {ARMY, JNIM}
        await pilot.press("A")
        app.screen.query_one(Input).value = "bob"
        await pilot.press("enter")
        assert notes[-1][0] == "assigned 2 claims to bob · ctrl+z undoes"
        await pilot.press("f")  # the army's figure is flagged already
        assert notes[-1][0] == "flagged 1 claim · ctrl+z undoes (1 claim already so)"
        await pilot.press("0", "ctrl+a")  # every claim shown: all three
        assert table.marked == {ARMY, JNIM, RESIDENTS}
        await pilot.press("ctrl+a")  # all were marked: unmark
        assert table.marked == set()
    assert [stored(store_path, c).assignee for c in (ARMY, JNIM, RESIDENTS)] == [
        "bob",
        "bob",
        None,
    ]
    assert stored(store_path, JNIM).flagged and not stored(store_path, RESIDENTS).flagged


async def test_app_team_exports_only_the_marked_claims(store_path: Path, tmp_path: Path):
    target = tmp_path / "marked.json"
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "space", "space", "e")
        assert isinstance(app.screen, ExportDialog)
        title = str(app.screen.query_one(".dialog-title", Label).render())
        assert title == "Export the 2 marked claims"
        app.screen.query_one("#format").value = "json"  # type: ignore[attr-defined]
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        assert notes[-1][0] == f"exported 2 claims to {target}"
    import json

    assert [i["claim_id"] for i in json.loads(target.read_text())["items"]] == [JNIM, RESIDENTS]


async def test_app_team_undo_after_another_reviewer_asks_first(store_path: Path):
    app, _ = make_app(store_path, check_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        with ReviewStore(store_path, reviewer="alice") as other:
            other.set_note(ARMY, "alice was here")
        await pilot.press("ctrl+z")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert stored(store_path, ARMY).status is ReviewStatus.VERIFIED
        await pilot.press("ctrl+z", "y")
        assert isinstance(app.screen, QueueScreen)
        assert stored(store_path, ARMY).status is ReviewStatus.UNSTARTED
        assert stored(store_path, ARMY).note == "alice was here"


async def test_app_team_sign_off_by_a_second_reviewer(store_path: Path, tmp_path: Path):
    with ReviewStore(store_path, reviewer="alice") as other:
        other.set_require_signoff(True)
        other.set_status(ARMY, "verified")
        other.set_status(RESIDENTS, "false")
    app, notes = make_app(store_path, check_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("O")  # the army's verdict, set by alice
        assert stored(store_path, ARMY).signed_off_by == "tester"
        assert notes[-1][0] == "signed off 1 claim · ctrl+z undoes"
        assert selected(app).signed_off_by == "tester"
        await pilot.press("j", "v", "O")  # a verdict of mine: someone else must sign it
        assert stored(store_path, JNIM).signed_off_by is None
        assert notes[-1] == (
            "signed off 0 claims; 1 claim not: your own verdict: a second reviewer signs it off",
            "warning",
        )
        target = tmp_path / "out.jsonld"
        await pilot.press("e")
        app.screen.query_one("#format").value = "claimreview"  # type: ignore[attr-defined]
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        assert notes[-1][0] == (
            f"exported 3 claims to {target} (2 awaiting a second reviewer's sign-off: left out)"
        )
    import json

    docs = json.loads(target.read_text())
    assert [d["reviewRating"]["alternateName"] for d in docs] == ["verified"]


async def test_app_team_claim_screen_is_reused_with_the_new_claim(store_path: Path):
    from tui.screens.claim import ClaimScreen
    from tui.widgets.article_view import ArticleView

    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "t")  # the raw page of the first claim
        first = app.screen
        assert isinstance(first, ClaimScreen) and first.query_one(ArticleView).raw
        await pilot.press("escape", "j", "enter")
        assert app.screen is first  # the same screen, showing the next claim
        assert first.item.claim_id == JNIM
        header = str(first.query_one("#claim-header", Static).render())
        assert header.startswith("JNIM claimed")
        assert not first.query_one(ArticleView).raw  # each claim opens on the cleaned article
        assert "Evidence" in str(first.query_one("#evidence-title", Label).render())
        await pilot.press("x")  # decisions act on the claim shown
        assert stored(store_path, JNIM).status is ReviewStatus.FALSE
        assert stored(store_path, ARMY).status is ReviewStatus.UNSTARTED


async def test_app_team_shows_another_reviewers_bulk_change(store_path: Path):
    import time

    app, notes = make_app(store_path, check_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.6)  # the feed has taken its starting position
        with ReviewStore(store_path, reviewer="alice") as other:
            other.bulk_update([ARMY, JNIM, RESIDENTS], status="false", assignee="alice")
        started = time.monotonic()
        table = app.query_one(ClaimTable)
        while not all(it.status is ReviewStatus.FALSE for it in table.items):
            assert time.monotonic() - started < 5, "not shown within 5 s"
            await pilot.pause(0.1)
        assert {it.assignee for it in table.items} == {"alice"}
        await pilot.pause(0.2)
        assert any(text.startswith("alice: status false") for text, _ in notes)
