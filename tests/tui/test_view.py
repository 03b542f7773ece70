"""The queue's view: filters, the "mine" filter, search and sort over positions."""

from __future__ import annotations

from dataclasses import replace

from tests.factory import make_assessments
from tui.view import QueueView
from verifier.model import ReviewStatus
from verifier.review.items import ReviewItem


def _view() -> QueueView:
    view = QueueView(me="ann")
    items = [ReviewItem(a) for a in make_assessments()]
    view.load([items[0], replace(items[1], assignee="ann"), replace(items[2], assignee="bob")])
    return view


def test_view_mine_filter_keeps_my_claims() -> None:
    view = _view()
    view.mine_only = True
    assert view.visible() == [1]
    assert view.describe() == "assigned to ann"


def test_view_sort_follows_a_changed_claim_and_stays_stable() -> None:
    view = _view()
    view.sort_column = "status"
    assert view.visible() == [0, 1, 2]  # all unstarted: store order
    changed = replace(view.items[0], status=ReviewStatus.FALSE, rev=1)
    assert view.replace(changed, view.ids[0]) is not None
    assert view.visible() == [1, 2, 0]  # its sort key was updated with it
    view.sort_reverse = True
    assert view.visible() == [0, 1, 2]


def test_view_search_narrows_and_sees_new_notes() -> None:
    view = _view()
    view.search_text = "jnim"
    assert view.visible() == [1]
    view.search_text = "second source"
    assert view.visible() == []
    noted = replace(view.items[2], note="Needs a SECOND source", rev=1)
    view.replace(noted, view.ids[2])
    assert view.visible() == [2]
    assert view.passes(view.ids[2]) and not view.passes(view.ids[0])
