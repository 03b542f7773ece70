"""Team review on both backends: revisions and conflicts, assignment, bulk changes, sign-off,
undo. Each test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest

from tests.factory import make_assessments
from verifier.errors import UserError
from verifier.model import ReviewStatus
from verifier.review.items import EditConflict, evidence_key
from verifier.review.store import ReviewStore


@pytest.fixture
def store(store_location: str):
    s = ReviewStore(store_location, reviewer="ann")
    s.save_assessments(make_assessments())
    yield s
    s.close()


@pytest.fixture
def bob(store: ReviewStore, store_location: str):
    with ReviewStore(store_location, reviewer="bob") as b:
        yield b


def ids() -> list[str]:
    return [a.claim.id for a in make_assessments()]


def test_review_team_conflicting_edit_is_refused_and_explained(
    store: ReviewStore, bob: ReviewStore
):
    cid = ids()[0]
    seen = store.item(cid)  # ann opens the claim
    bob.set_status(cid, "false", expected_rev=bob.item(cid).rev)
    with pytest.raises(EditConflict, match="changed by bob") as info:
        store.set_status(cid, "verified", expected_rev=seen.rev)
    assert (info.value.expected, info.value.current, info.value.by) == (0, 1, "bob")
    assert store.item(cid).status is ReviewStatus.FALSE  # nothing overwritten
    store.set_status(cid, "verified", expected_rev=info.value.current)  # ann decides
    assert store.item(cid).status is ReviewStatus.VERIFIED
    assert [h["who"] for h in store.history(cid) if h["action"] == "status"] == ["bob", "ann"]


@pytest.mark.parametrize(
    "write",
    [
        lambda s, c, r: s.set_note(c, "x", expected_rev=r),
        lambda s, c, r: s.set_flag(c, False, expected_rev=r),
        lambda s, c, r: s.toggle_flag(c, expected_rev=r),
        lambda s, c, r: s.set_evidence_decision(c, "k", "accepted", expected_rev=r),
        lambda s, c, r: s.sign_off(c, expected_rev=r),
    ],
)
def test_review_team_every_write_checks_the_revision(store: ReviewStore, bob: ReviewStore, write):
    cid = ids()[0]
    bob.set_note(cid, "bob was here")
    before = store.history(cid)
    with pytest.raises(EditConflict):
        write(store, cid, 0)
    assert store.history(cid) == before and store.item(cid).note == "bob was here"


def test_review_team_assign_and_mine_filter(store: ReviewStore, bob: ReviewStore):
    assert store.assign(ids()[:2], "bob") == 2
    assert store.assign(ids()[2], "ann") == 1
    assert store.assign(ids()[2], "ann") == 0  # unchanged: no entry
    assert [i.claim_id for i in bob.items(mine=True)] == ids()[:2]
    assert [i.claim_id for i in store.items(mine=True)] == ids()[2:]
    assert [i.claim_id for i in store.items(assignee="bob", flagged=True)] == ids()[:1]
    store.assign(ids()[0], None)
    assert bob.item(ids()[0]).assignee is None
    assigns = [(h["value"], h["old"]) for h in store.history(ids()[0]) if h["action"] == "assign"]
    assert assigns == [("bob", ""), ("", "bob")]


def test_review_team_bulk_update_is_one_transaction(store: ReviewStore):
    n = store.bulk_update(ids(), status="inconclusive", assignee="carol", flagged=True)
    assert n == 3
    items = store.items()
    assert {(i.status, i.assignee, i.flagged) for i in items} == {
        (ReviewStatus.INCONCLUSIVE, "carol", True)
    }
    actions = [h["action"] for h in store.history() if h["action"] not in ("added",)]
    assert sorted(actions) == ["assign"] * 3 + ["flag"] * 2 + ["status"] * 3
    before = store.history()
    with pytest.raises(KeyError):
        store.bulk_update([ids()[0], "missing", ids()[1]], status="false")
    assert store.history() == before  # all or nothing
    assert store.item(ids()[0]).status is ReviewStatus.INCONCLUSIVE
    with pytest.raises(UserError, match="nothing to change"):
        store.bulk_update(ids())


def test_review_team_second_reviewer_signs_off(store: ReviewStore, bob: ReviewStore):
    cid = ids()[0]
    store.set_require_signoff(True)
    assert bob.require_signoff is True
    with pytest.raises(UserError, match="no verdict"):
        bob.sign_off(cid)
    store.set_status(cid, "false")
    assert not store.item(cid).published(store.require_signoff)
    with pytest.raises(UserError, match="second reviewer"):
        store.sign_off(cid)
    bob.sign_off(cid)
    item = store.item(cid)
    assert item.signed_off_by == "bob" and item.published(require_signoff=True)
    store.set_status(cid, "verified")  # a new verdict needs a new sign-off
    assert store.item(cid).signed_off_by is None
    assert store.item(cid).published(require_signoff=False)


def test_review_team_undo_walks_back_and_is_audited(store: ReviewStore):
    cid = ids()[0]
    key = evidence_key(make_assessments()[0].evidence[0])
    store.set_status(cid, "false")
    store.set_note(cid, "first")
    store.set_note(cid, "second")
    store.set_evidence_decision(cid, key, "accepted")
    store.toggle_flag(cid)
    store.assign(cid, "bob")
    undone = [store.undo() for _ in range(6)]
    assert [c.action for c in undone if c] == [
        "assign",
        "flag",
        "evidence",
        "note",
        "note",
        "status",
    ]
    item = store.item(cid)
    assert (item.status, item.note, item.flagged, item.assignee, item.evidence_decisions) == (
        ReviewStatus.UNSTARTED,
        "",
        True,
        None,
        {},
    )
    assert store.undo() is None
    undos = [h for h in store.history(cid) if h["action"] == "undo"]
    assert len(undos) == 6 and undos[0]["undoes"] == undone[0].id  # type: ignore[union-attr]
    assert undos[3]["value"] == "first" and undos[3]["old"] == "second"


def test_review_team_undo_of_anothers_change_is_a_conflict(store: ReviewStore, bob: ReviewStore):
    cid = ids()[1]
    store.set_status(cid, "false")
    bob.set_status(cid, "verified")
    assert bob.undo() is not None  # bob's own last change: fine
    assert store.item(cid).status is ReviewStatus.FALSE
    bob.set_note(cid, "bob's note")
    with pytest.raises(EditConflict, match="bob"):
        store.undo()
    assert store.item(cid).status is ReviewStatus.FALSE
    assert store.undo(force=True) is not None
    assert store.item(cid).status is ReviewStatus.UNSTARTED
    with pytest.raises(EditConflict, match="ann"):  # per claim: ann changed it since
        bob.undo()
    assert store.item(cid).note == "bob's note"
