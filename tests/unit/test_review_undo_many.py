"""Undoing a bulk action as a whole, and re-reading chosen claims, on both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.factory import make_assessments
from verifier.model import ReviewStatus
from verifier.review.items import EditConflict
from verifier.review.store import ReviewStore

IDS = [a.claim.id for a in make_assessments()]


@pytest.fixture
def store(store_location: str) -> Iterator[ReviewStore]:
    with ReviewStore(store_location, reviewer="ann") as s:
        s.save_assessments(make_assessments())
        yield s


def test_review_undo_many_reverts_a_bulk_action_in_one_go(store: ReviewStore) -> None:
    store.set_status(IDS[0], "in progress")
    assert store.bulk_update(IDS, status="verified") == 3
    undone = store.undo_many(3)
    assert [c.claim_id for c in undone] == list(reversed(IDS))
    statuses = [store.item(c).status for c in IDS]
    assert statuses == [ReviewStatus.IN_PROGRESS, ReviewStatus.UNSTARTED, ReviewStatus.UNSTARTED]
    undos = [h for h in store.history() if h["action"] == "undo"]
    assert len(undos) == 3 and len({h["when"] for h in undos}) == 1
    assert [c.action for c in store.undo_many(5)] == ["status"]  # then the earlier decision
    assert store.undo_many(1) == []


def test_review_undo_many_is_all_or_nothing(store: ReviewStore, store_location: str) -> None:
    assert store.bulk_update(IDS, status="false") == 3
    with ReviewStore(store_location, reviewer="bob") as bob:
        bob.set_note(IDS[0], "bob's note")
    with pytest.raises(EditConflict):
        store.undo_many(3)
    assert all(store.item(c).status is ReviewStatus.FALSE for c in IDS)  # nothing undone
    assert [c.claim_id for c in store.undo_many(3, force=True)][-1] == IDS[0]
    first = store.item(IDS[0])
    assert first.note == "bob's note" and first.status is ReviewStatus.UNSTARTED


def test_review_items_by_claim_ids_keeps_store_order(store: ReviewStore) -> None:
    assert [it.claim_id for it in store.items(claim_ids=[IDS[2], IDS[0]])] == [IDS[0], IDS[2]]
    assert store.items(claim_ids=[]) == []
    store.set_status(IDS[1], "false")
    many = store.items(claim_ids=[*IDS, *(f"x{i}" for i in range(600))])  # past the IN list
    assert [it.status for it in many][1] is ReviewStatus.FALSE


def test_review_undo_many_restores_who_set_each_status_and_revisions(
    store: ReviewStore, store_location: str
) -> None:
    with ReviewStore(store_location, reviewer="bob") as bob:
        bob.set_status(IDS[1], "verified")
    before = {c: store.item(c) for c in IDS}
    changes = {c: 1 + (not before[c].flagged) for c in IDS}  # the status, and the flag if new
    assert store.bulk_update(IDS, status="false", flagged=True) == 3
    after = {c: store.item(c) for c in IDS}
    assert all(after[c].rev == before[c].rev + changes[c] for c in IDS)
    assert all(it.status_by == "ann" and it.flagged for it in after.values())
    flags = sum(changes.values()) - len(IDS)
    assert [c.action for c in store.undo_many(flags)] == ["flag"] * flags  # the batched path
    assert [store.item(c).flagged for c in IDS] == [before[c].flagged for c in IDS]
    store.undo_many(3)  # then the statuses
    second = store.item(IDS[1])
    assert second.status is ReviewStatus.VERIFIED and second.status_by == "bob"
    assert store.item(IDS[0]).status is ReviewStatus.UNSTARTED
    assert all(store.item(c).rev == before[c].rev + 2 * changes[c] for c in IDS)


def test_review_undo_many_of_one_claim_twice_walks_back_in_order(store: ReviewStore) -> None:
    claim = next(c for c in IDS if not store.item(c).flagged)
    store.set_status(claim, "in progress")
    store.set_status(claim, "verified")
    store.set_flag(claim, True)
    assert [c.action for c in store.undo_many(3)] == ["flag", "status", "status"]
    item = store.item(claim)
    assert item.status is ReviewStatus.UNSTARTED and not item.flagged
