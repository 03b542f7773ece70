"""The review store on both backends: decisions persist at once, survive reopening and re-runs,
filter by parameters only. Each test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tests.factory import WIRE, make_assessments
from verifier import settings
from verifier.errors import UserError
from verifier.model import ReviewStatus, SpeakerType, Verdict
from verifier.review.db import is_dsn
from verifier.review.items import evidence_key
from verifier.review.store import ReviewStore


@pytest.fixture
def store(store_location: str):
    s = ReviewStore(store_location, reviewer="ann")
    s.save_assessments(make_assessments())
    yield s
    s.close()


def ids() -> list[str]:
    return [a.claim.id for a in make_assessments()]


def raw_execute(location: str, sql: str) -> None:
    """Run SQL on the store bypassing the API (as a hand edit would)."""
    if is_dsn(location):
        import psycopg

        with psycopg.connect(location, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]
    else:
        with sqlite3.connect(location) as conn:
            conn.execute(sql)


def test_review_evidence_key_is_report_and_offsets():
    e = make_assessments()[0].evidence[0]
    assert evidence_key(e) == f"wire1:0-{len(WIRE)}"


def test_review_save_and_items_round_trip(store: ReviewStore):
    items = store.items()
    assert [i.claim_id for i in items] == ids()
    assert [i.assessment for i in items] == make_assessments()
    first = items[0]
    assert first.status is ReviewStatus.UNSTARTED
    assert first.flagged is True  # from assessment.unverified_figure
    assert items[1].flagged is False
    assert (first.note, first.reviewer, first.updated_at, first.evidence_decisions) == (
        "",
        None,
        None,
        {},
    )
    assert (first.rev, first.assignee, first.signed_off_by) == (0, None, None)
    assert first.assessment.evidence[0].sentence.text == WIRE


def test_review_save_assessments_counts_only_new_or_changed(store: ReviewStore):
    assert store.save_assessments(make_assessments()) == 0
    changed = replace(make_assessments()[1], verdict=Verdict.NO_EVIDENCE)
    assert store.save_assessments([changed]) == 1
    assert store.item(changed.claim.id).assessment.verdict is Verdict.NO_EVIDENCE


def test_review_rerun_keeps_reviewer_decisions(store: ReviewStore):
    a0 = make_assessments()[0]
    cid, key = a0.claim.id, evidence_key(a0.evidence[0])
    store.set_status(cid, ReviewStatus.FALSE)
    store.set_flag(cid, False)
    store.set_note(cid, "army figure contradicted by residents")
    store.set_evidence_decision(cid, key, "accepted")
    rerun = replace(a0, evidence=a0.evidence[:1], unverified_figure=True, independent_support=3)
    assert store.save_assessments([rerun]) == 1
    item = store.item(cid)
    assert item.assessment.evidence == a0.evidence[:1]
    assert item.assessment.independent_support == 3
    assert (item.status, item.flagged, item.note) == (
        ReviewStatus.FALSE,
        False,
        "army figure contradicted by residents",
    )
    assert item.evidence_decisions == {key: "accepted"}


def test_review_rerun_updates_flag_until_a_reviewer_sets_it(store: ReviewStore):
    a1, a2 = make_assessments()[1:]
    store.set_flag(a2.claim.id, False)  # a reviewer's choice, equal to the default
    store.save_assessments([replace(a, unverified_figure=True) for a in (a1, a2)])
    assert store.item(a1.claim.id).flagged is True  # nobody chose: follows the assessment
    assert store.item(a2.claim.id).flagged is False  # the reviewer's stays


def test_review_set_status_records_who_when_and_revision(store: ReviewStore):
    cid = ids()[1]
    store.set_status(cid, "in progress")
    item = store.item(cid)
    assert item.status is ReviewStatus.IN_PROGRESS
    assert (item.reviewer, item.status_by, item.rev) == ("ann", "ann", 1)
    assert item.updated_at is not None and item.updated_at.endswith("+00:00")
    with pytest.raises(UserError, match="unknown review status"):
        store.set_status(cid, "maybe")
    assert store.item(cid).rev == 1


def test_review_unknown_claim_is_a_key_error(store: ReviewStore):
    for call in (
        lambda: store.item("nope"),
        lambda: store.set_status("nope", ReviewStatus.FALSE),
        lambda: store.set_flag("nope", True),
        lambda: store.toggle_flag("nope"),
        lambda: store.set_note("nope", "x"),
        lambda: store.set_evidence_decision("nope", "k", "accepted"),
        lambda: store.report("nope"),
    ):
        with pytest.raises(KeyError):
            call()
    assert store.history("nope") == []


def test_review_flag_set_and_toggle(store: ReviewStore):
    cid = ids()[1]
    store.set_flag(cid, True)
    assert store.item(cid).flagged is True
    assert store.toggle_flag(cid) is False
    assert store.item(cid).flagged is False
    assert store.toggle_flag(cid) is True


def test_review_note_keeps_text_verbatim(store: ReviewStore):
    cid = ids()[2]
    note = "Line one'; DROP TABLE review_items; --\n=SUM(A1)  *bold* 100% ? done"
    store.set_note(cid, note)
    assert store.item(cid).note == note
    assert len(store.items()) == 3


def test_review_evidence_decisions_set_change_and_clear(store: ReviewStore):
    a0 = make_assessments()[0]
    cid = a0.claim.id
    k0, k1 = (evidence_key(e) for e in a0.evidence)
    store.set_evidence_decision(cid, k0, "accepted")
    store.set_evidence_decision(cid, k1, "rejected")
    assert store.item(cid).evidence_decisions == {k0: "accepted", k1: "rejected"}
    store.set_evidence_decision(cid, k0, "rejected")
    store.set_evidence_decision(cid, k1, None)
    assert store.item(cid).evidence_decisions == {k0: "rejected"}
    assert store.items()[0].evidence_decisions == {k0: "rejected"}
    assert store.items()[1].evidence_decisions == {}
    with pytest.raises(UserError, match="unknown evidence decision"):
        store.set_evidence_decision(cid, k0, "maybe")


def test_review_report_returns_stored_reports(store: ReviewStore):
    article = make_assessments()[0].claim.report
    assert store.report("art1") == article
    assert store.report("wire1").text == WIRE
    assert {r.id for r in store.reports()} == {"art1", "wire1", "relay1"}


def test_review_history_is_an_append_only_audit_trail(store: ReviewStore, store_location: str):
    cid = ids()[0]
    store.set_status(cid, ReviewStatus.IN_PROGRESS)
    store.set_note(cid, "checking")
    with ReviewStore(store_location, reviewer="bob") as bob:
        bob.set_status(cid, ReviewStatus.VERIFIED)
    entries = store.history(cid)
    assert [(h["action"], h["value"], h["old"], h["who"]) for h in entries] == [
        ("added", "disputed", None, "ann"),
        ("status", "in progress", "unstarted", "ann"),
        ("note", "checking", "", "ann"),
        ("status", "verified", "in progress", "bob"),
    ]
    assert all(h["when"].endswith("+00:00") and h["claim_id"] == cid for h in entries)
    assert store.item(cid).reviewer == "bob"
    for sql in ("DELETE FROM review_history", "UPDATE review_history SET value = 'x'"):
        with pytest.raises(Exception, match="append-only"):
            raw_execute(store_location, sql)
    assert len(store.history(cid)) == 4


def test_review_reopen_resumes_where_the_reviewer_stopped(store_location: str):
    with ReviewStore(store_location, reviewer="ann") as s:
        s.save_assessments(make_assessments())
        s.set_status(ids()[0], ReviewStatus.FALSE)
        s.set_note(ids()[1], "ask the desk")
        before = s.items()
    with ReviewStore(store_location, reviewer="ann") as s:
        assert s.items() == before
        assert s.item(ids()[0]).status is ReviewStatus.FALSE
        assert s.last_reviewed() == ids()[1]
        assert s.last_reviewed("bob") is None


def test_review_reviewer_from_settings(
    store_location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    reviewer = settings.load(env={"VERIFIER_HOME": str(tmp_path), "VERIFIER_REVIEWER": "carol"})
    with ReviewStore(store_location, reviewer=reviewer.reviewer) as s:
        s.save_assessments(make_assessments()[:1])
        s.set_flag(ids()[0], False)
        assert s.item(ids()[0]).reviewer == "carol"
    monkeypatch.setattr(settings.getpass, "getuser", lambda: "osuser")
    with ReviewStore(store_location) as s:
        assert s.reviewer == "osuser"


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, [0, 1, 2]),
        ({"status": ReviewStatus.VERIFIED}, [2]),
        ({"status": "unstarted"}, [0, 1]),
        ({"flagged": True}, [0]),
        ({"flagged": False}, [1, 2]),
        ({"speaker_type": SpeakerType.PARTY}, [0, 1]),
        ({"speaker_type": "independent"}, [2]),
        ({"search": "BARRACKS"}, [1]),  # claim text, case-insensitive
        ({"search": "mali's ARMY"}, [0]),  # speaker
        ({"search": "people died"}, [2]),  # content
        ({"search": "%"}, []),  # LIKE wildcards are literal
        ({"search": "_"}, []),
        ({"search": "?"}, []),  # not a placeholder either
        ({"search": "' OR 1=1 --"}, []),
        ({"speaker_type": "party", "flagged": False}, [1]),
        ({"status": "unstarted", "search": "militants"}, [0]),
    ],
)
def test_review_items_filters(store: ReviewStore, filters: dict, expected: list[int]):
    store.set_status(ids()[2], ReviewStatus.VERIFIED)
    assert [i.claim_id for i in store.items(**filters)] == [ids()[n] for n in expected]


def test_review_items_search_is_unicode_case_insensitive(store: ReviewStore):
    a = make_assessments()[1]
    store.save_assessments(
        [replace(a, claim=replace(a.claim, text="Ministère de la Défense: ÉTAT"))]
    )
    assert [i.claim_id for i in store.items(search="état")] == [a.claim.id]
    assert len(store.items(search="défense")) == 1


def test_review_second_instance_sees_writes_on_refresh(store: ReviewStore, store_location: str):
    assert store.items()[0].status is ReviewStatus.UNSTARTED  # warms any cache
    with ReviewStore(store_location, reviewer="bob") as b:
        b.set_status(ids()[0], ReviewStatus.VERIFIED)
        key = evidence_key(make_assessments()[0].evidence[0])
        b.set_evidence_decision(ids()[0], key, "rejected")
        b.save_assessments([replace(make_assessments()[0], verdict=Verdict.CONTRADICTED)])
    item = store.items()[0]
    assert (item.status, item.reviewer, item.assessment.verdict) == (
        ReviewStatus.VERIFIED,
        "bob",
        Verdict.CONTRADICTED,
    )
    assert list(item.evidence_decisions.values()) == ["rejected"]


def test_review_items_unknown_filter_values_are_user_errors(store: ReviewStore):
    with pytest.raises(UserError, match="unknown review status"):
        store.items(status="done")
    with pytest.raises(UserError, match="unknown speaker type"):
        store.items(speaker_type="alien")


def test_review_threads_share_one_store(store: ReviewStore):
    from concurrent.futures import ThreadPoolExecutor

    cid = ids()[0]
    start = store.item(cid).flagged
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: (store.toggle_flag(cid), store.items()), range(40)))
    assert store.item(cid).flagged is start
    assert len([h for h in store.history(cid) if h["action"] == "flag"]) == 40
    assert store.item(cid).rev == 40
