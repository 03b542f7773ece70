"""Pilot tests of the export dialog, the glossary, the palette's names and the source pane."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.factory import make_assessments, make_store
from tests.tui.helpers import ARMY, SIZE, make_app
from tui.screens.claim import ClaimScreen
from tui.screens.dialogs import ConfirmDialog, ExportDialog
from tui.screens.glossary import GlossaryScreen
from tui.screens.queue import QueueScreen
from tui.widgets.article_view import ArticleView
from verifier.model import Report
from verifier.review.store import ReviewStore


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return make_store(tmp_path / "review.db")


async def test_app_export_writes_to_the_default_folder(store_path: Path):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        shown = dialog.query_one("#path", Input).value
        assert Path(shown).parent == store_path.parent / "exports"
        await pilot.press("enter")
        assert isinstance(app.screen, QueueScreen)
    target = Path(shown)
    assert "verified" in target.read_text()
    assert notes[-1][0] == f"exported 3 claims to {target}"


async def test_app_export_relative_name_goes_in_the_export_folder(store_path: Path):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        app.screen.query_one("#format").value = "csv"  # type: ignore[attr-defined]
        app.screen.query_one("#path", Input).value = "desk/out.csv"
        await pilot.press("enter")
    target = (store_path.parent / "exports" / "desk" / "out.csv").absolute()
    assert "JNIM" in target.read_text()
    assert notes[-1][0] == f"exported 3 claims to {target}"


async def test_app_export_tab_tab_enter_does_not_cancel(store_path: Path):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        shown = Path(app.screen.query_one("#path", Input).value)
        await pilot.press("tab", "tab", "enter")
        await pilot.pause()
        assert not any(n.startswith("export cancelled") for n, _ in notes)
        while not isinstance(app.screen, QueueScreen):  # close whatever is open, deliberately
            await pilot.press("escape")
        assert notes[-1][0] == "export cancelled: nothing written"
    assert not shown.exists()


async def test_app_export_tab_enter_exports(store_path: Path):
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        shown = Path(app.screen.query_one("#path", Input).value)
        await pilot.press("tab", "enter")  # the Export button
        assert isinstance(app.screen, QueueScreen)
    assert shown.is_file()
    assert notes[-1][0] == f"exported 3 claims to {shown}"


async def test_app_export_asks_before_replacing(store_path: Path, tmp_path: Path):
    target = tmp_path / "out.md"
    target.write_text("keep me")
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # enter alone is "no"
        assert target.read_text() == "keep me"
        assert "kept as it was" in notes[-1][0]
        await pilot.press("e")
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter", "y")
    assert "JNIM" in target.read_text()


async def test_app_export_json_carries_history(store_path: Path, tmp_path: Path):
    target = tmp_path / "out.json"
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "e")
        app.screen.query_one("#format").value = "json"  # type: ignore[attr-defined]
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
    items = json.loads(target.read_text())["items"]
    army = next(it for it in items if it["claim_id"] == ARMY)
    assert army["status"] == "verified"
    assert [h["action"] for h in army["history"]][-1] == "status"


async def test_app_glossary_explains_verdicts_links_and_symbols(store_path: Path):
    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        assert isinstance(app.screen, GlossaryScreen)
        text = str(app.screen.query_one("#glossary Static", Static).render())
        for term in ("corroborated", "single-source", "linked", "suggested", "independent"):
            assert term in text
        assert "★" in text and "⚑" in text
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_app_palette_shows_human_names(store_path: Path):
    from tui.commands import ActionsProvider

    app, _ = make_app(store_path)
    async with app.run_test(size=SIZE):
        provider = ActionsProvider(app.screen)
        texts = [text for _, _, text in provider._entries()]
    assert "Mark verified (v)" in texts
    assert not any("help_quit" in t or "status." in t for t in texts)


PAGE = (
    "Published 2 May 2024 | Updated 3 May 2024\n\n"
    "Army reports heavy losses near Mopti\n\n"
    "Mali's army said on Tuesday that 80 militants were killed in fighting near Mopti.\n\n"
    "JNIM claimed it had seized three barracks in the area.\n\n"
    "Residents of the town told our reporter that about 30 people died, civilians among them.\n\n"
    "Mali's army said on Tuesday that 80 militants were killed in fighting near Mopti.\n\n"
    "RELATED STORIES\n\n"
    "Sign up for our newsletter"
)


async def test_app_source_pane_shows_the_clean_article_and_toggles_raw(tmp_path: Path):
    store = tmp_path / "r.db"
    make_store(store, article=PAGE)
    app, _ = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ClaimScreen)

        def shown() -> str:
            return str(app.screen.query_one("#article-text", Static).render())

        clean = shown()
        assert clean.count("80 militants were killed") == 1
        assert "RELATED STORIES" not in clean and "Sign up" not in clean
        assert "Published 2 May" not in clean
        await pilot.press("t")
        assert app.screen.query_one(ArticleView).raw
        raw = shown()
        assert raw.count("80 militants were killed") == 2 and "Sign up" in raw
        await pilot.press("t")
        assert shown() == clean


def test_app_source_pane_falls_back_to_raw_when_the_claim_is_outside_the_body() -> None:
    report = Report("r", "Body text of the story here.\n\nSign up for our newsletter")
    view = ArticleView(report, [], report.text.index("Sign up"))
    assert view.pieces() == [(0, 28), (30, len(report.text))]
    assert view.raw


def test_app_queue_names_the_article(store_path: Path) -> None:
    from tui.widgets.claim_table import cells

    with ReviewStore(store_path) as store:
        item = store.item(ARMY)
    assert "Mopti fighting · Sahel Daily" in [c.plain for c in cells(item)]
    own = make_assessments()[1].claim.report
    from tui.labels import article_label, report_label

    mine = Report("abc123", own.text, path="/home/me/reports/statement.txt")
    assert article_label(mine) == "statement.txt" and report_label(mine) == "statement.txt"


async def test_app_source_pane_scrolls_to_the_claim(tmp_path: Path):
    from tests.factory import ARTICLE

    filler = "".join(
        f"Background paragraph {i} about the region and its history.\n\n" for i in range(40)
    )
    store = tmp_path / "r.db"
    make_store(store, article=filler + ARTICLE)
    app, _ = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.2)
        view = app.screen.query_one(ArticleView)
        assert view.scroll_y > 40  # at least the 40 filler paragraphs scrolled past


@pytest.mark.parametrize("where", ["store", "device", "missing-folder"])
async def test_app_export_refuses_what_is_not_a_new_or_regular_file(store_path: Path, where: str):
    target = {
        "store": store_path,
        "device": Path("/dev/null"),
        "missing-folder": store_path.parent / "nowhere" / "out.md",
    }[where]
    app, notes = make_app(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        assert isinstance(app.screen, QueueScreen)  # no question, nothing written
        assert notes[-1][1] == "error" and notes[-1][0].startswith("export failed: cannot write")
    with ReviewStore(store_path) as store:  # still the store, not an export of it
        assert len(store) == 3
    assert not (store_path.parent / "nowhere").exists()
