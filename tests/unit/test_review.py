"""The review store: decisions persist at once, survive reopening and re-runs, filter fast."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from verifier import settings
from verifier.errors import UserError
from verifier.model import (
    Assessment,
    Claim,
    CueClass,
    Evidence,
    Quantity,
    Report,
    ReviewStatus,
    SpeakerType,
    Stance,
    Verdict,
)
from verifier.review import schema
from verifier.review.items import ReviewItem, evidence_key
from verifier.review.store import ReviewStore
from verifier.store import connect, migrate

ARTICLE = (
    "Mali's army said 80 militants were killed near Boulkessi on Tuesday. "
    "JNIM claimed it took over three barracks. "
    "Residents told reporters that about 30 people died."
)
WIRE = "Local residents said about 30 bodies were buried in Boulkessi, contradicting the army."
RELAY = "The army statement said 80 fighters of the group had been killed."


def reports() -> tuple[Report, Report, Report]:
    article = Report(
        id="art",
        text=ARTICLE,
        outlet="Daily Sahel",
        url="https://example.org/mali-attack",
        title="Army says 80 militants killed",
        published=date(2025, 7, 2),
    )
    wire = Report(id="wire", text=WIRE, outlet="Wire B", url="https://wire.example/b")
    relay = Report(id="relay", text=RELAY, outlet="Outlet C")
    return article, wire, relay


def make_claim(
    article: Report, content: str, speaker: str, kind: SpeakerType, text: str, cue: str = "said"
) -> Claim:
    start = article.text.index(content)
    before = article.text.rfind(". ", 0, start)
    sentence_start = 0 if before < 0 else before + 2
    sentence_end = article.text.index(".", start + len(content) - 1) + 1
    speaker_start = article.text.index(speaker, sentence_start)
    cue_start = article.text.index(cue, sentence_start)
    return Claim(
        report=article,
        sentence=article.span(sentence_start, sentence_end),
        content=article.span(start, start + len(content)),
        speaker=article.span(speaker_start, speaker_start + len(speaker)),
        speaker_name=speaker,
        speaker_type=kind,
        cue=article.span(cue_start, cue_start + len(cue)),
        cue_lemma=cue,
        cue_class=CueClass.ASSERTIVE if cue == "claimed" else CueClass.NEUTRAL,
        text=text,
    )


def make_assessments() -> list[Assessment]:
    """Three hand-built assessments: a contradicted figure, a party claim, a resident claim."""
    article, wire, relay = reports()
    army = make_claim(
        article,
        "80 militants were killed near Boulkessi on Tuesday",
        "Mali's army",
        SpeakerType.PARTY,
        "Mali's army says 80 militants killed",
    )
    start = army.content.start
    army = replace(
        army,
        figures=(Quantity(article.span(start, start + 12), "killed", "militants", 80, 80, 80),),
    )
    jnim = make_claim(
        article,
        "it took over three barracks",
        "JNIM",
        SpeakerType.PARTY,
        "JNIM took three barracks",
        "claimed",
    )
    residents = make_claim(
        article,
        "about 30 people died",
        "Residents",
        SpeakerType.INDEPENDENT,
        "Residents: about 30 people died",
        "told",
    )
    contra = Evidence(
        army.id, wire.span(0, len(WIRE)), 0.71, Stance.CONTRADICTS, 0.9, "80 vs about 30", True
    )
    relayed = Evidence(
        army.id, relay.span(0, len(RELAY)), 0.8, Stance.SUPPORTS, 0.8, "same figure, relay", False
    )
    return [
        Assessment(army, (contra, relayed), Verdict.CONTRADICTED, 0, 1, True),
        Assessment(jnim, (), Verdict.NO_EVIDENCE, 0, 0, False),
        Assessment(
            residents,
            (
                Evidence(
                    residents.id, wire.span(0, len(WIRE)), 0.6, Stance.SUPPORTS, 0.7, "30", True
                ),
            ),
            Verdict.CORROBORATED,
            1,
            0,
            False,
        ),
    ]


@pytest.fixture
def store(tmp_path: Path):
    s = ReviewStore(tmp_path / "review.db", reviewer="ann")
    s.save_assessments(make_assessments())
    yield s
    s.close()


def ids() -> list[str]:
    return [a.claim.id for a in make_assessments()]


def test_review_evidence_key_is_report_and_offsets():
    e = make_assessments()[0].evidence[0]
    assert evidence_key(e) == f"wire:0-{len(WIRE)}"


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
    assert first.assessment.evidence[0].sentence.text == WIRE


def test_review_save_assessments_counts_only_new_or_changed(store: ReviewStore):
    assert store.save_assessments(make_assessments()) == 0
    changed = replace(make_assessments()[1], verdict=Verdict.SINGLE_SOURCE)
    assert store.save_assessments([changed]) == 1
    assert store.item(changed.claim.id).assessment.verdict is Verdict.SINGLE_SOURCE


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


def test_review_set_status_records_who_and_when(store: ReviewStore):
    cid = ids()[1]
    store.set_status(cid, "in progress")
    item = store.item(cid)
    assert item.status is ReviewStatus.IN_PROGRESS
    assert item.reviewer == "ann"
    assert item.updated_at is not None and item.updated_at.endswith("+00:00")
    with pytest.raises(UserError, match="unknown review status"):
        store.set_status(cid, "maybe")


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
    note = "Line one'; DROP TABLE review_items; --\n=SUM(A1)  *bold*"
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
    article = reports()[0]
    assert store.report("art") == article
    assert store.report("wire").text == WIRE
    assert {r.id for r in store.reports()} == {"art", "wire", "relay"}


def test_review_history_is_an_append_only_audit_trail(store: ReviewStore, tmp_path: Path):
    cid = ids()[0]
    store.set_status(cid, ReviewStatus.IN_PROGRESS)
    store.set_note(cid, "checking")
    bob = ReviewStore(tmp_path / "review.db", reviewer="bob")
    bob.set_status(cid, ReviewStatus.VERIFIED)
    bob.close()
    entries = store.history(cid)
    assert [(h["action"], h["value"], h["who"]) for h in entries] == [
        ("added", "contradicted", "ann"),
        ("status", "in progress", "ann"),
        ("note", "checking", "ann"),
        ("status", "verified", "bob"),
    ]
    assert all(h["when"].endswith("+00:00") and h["claim_id"] == cid for h in entries)
    assert store.item(cid).reviewer == "bob"
    with sqlite3.connect(tmp_path / "review.db") as raw, pytest.raises(sqlite3.DatabaseError):
        raw.execute("DELETE FROM review_history")


def test_review_reopen_resumes_where_the_reviewer_stopped(tmp_path: Path):
    path = tmp_path / "r.db"
    with ReviewStore(path, reviewer="ann") as s:
        s.save_assessments(make_assessments())
        s.set_status(ids()[0], ReviewStatus.FALSE)
        s.set_note(ids()[1], "ask the desk")
        before = s.items()
    with pytest.raises(sqlite3.ProgrammingError):  # closed
        s.items()
    with ReviewStore(path, reviewer="ann") as s:
        assert s.items() == before
        assert s.item(ids()[0]).status is ReviewStatus.FALSE
        assert s.last_reviewed() == ids()[1]
        assert s.last_reviewed("bob") is None


def test_review_reviewer_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    reviewer = settings.load(env={"VERIFIER_HOME": str(tmp_path), "VERIFIER_REVIEWER": "carol"})
    with ReviewStore(tmp_path / "r.db", reviewer=reviewer.reviewer) as s:
        s.save_assessments(make_assessments()[:1])
        s.set_flag(ids()[0], False)
        assert s.item(ids()[0]).reviewer == "carol"
    monkeypatch.setattr(settings.getpass, "getuser", lambda: "osuser")
    assert ReviewStore(tmp_path / "r.db").reviewer == "osuser"
    assert ReviewStore(tmp_path / "r.db", reviewer="dan").reviewer == "dan"


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
        ({"search": "' OR 1=1 --"}, []),
        ({"speaker_type": "party", "flagged": False}, [1]),
        ({"status": "unstarted", "search": "militants"}, [0]),
    ],
)
def test_review_items_filters(store: ReviewStore, filters: dict, expected: list[int]):
    store.set_status(ids()[2], ReviewStatus.VERIFIED)
    assert [i.claim_id for i in store.items(**filters)] == [ids()[n] for n in expected]


def test_review_items_search_is_unicode_case_insensitive(tmp_path: Path):
    a = make_assessments()[1]
    a = replace(a, claim=replace(a.claim, text="Ministère de la Défense: ÉTAT"))
    with ReviewStore(tmp_path / "r.db") as s:
        s.save_assessments([a])
        assert len(s.items(search="état")) == 1
        assert len(s.items(search="défense")) == 1


def test_review_second_instance_sees_writes_on_refresh(tmp_path: Path):
    path = tmp_path / "r.db"
    a = ReviewStore(path, reviewer="ann")
    a.save_assessments(make_assessments())
    assert a.items()[0].status is ReviewStatus.UNSTARTED  # warms any cache
    b = ReviewStore(path, reviewer="bob")
    b.set_status(ids()[0], ReviewStatus.VERIFIED)
    b.set_evidence_decision(ids()[0], evidence_key(make_assessments()[0].evidence[0]), "rejected")
    b.save_assessments([replace(make_assessments()[0], verdict=Verdict.DISPUTED)])
    item = a.items()[0]
    assert (item.status, item.reviewer, item.assessment.verdict) == (
        ReviewStatus.VERIFIED,
        "bob",
        Verdict.DISPUTED,
    )
    assert list(item.evidence_decisions.values()) == ["rejected"]
    a.close()
    b.close()


def test_review_store_is_wal_and_one_file(tmp_path: Path):
    path = tmp_path / "r.db"
    with ReviewStore(path) as s:
        s.save_assessments(make_assessments())
        assert s._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [p.name for p in tmp_path.iterdir()] == ["r.db"]


def test_review_older_store_migrates_and_keeps_data(tmp_path: Path):
    """A store written with only the first migration opens in this version, search filled in."""
    path = tmp_path / "old.db"
    conn = connect(path)
    migrate(conn, "review", schema.MIGRATIONS[:1])
    a = make_assessments()[1]
    conn.execute(
        "INSERT INTO review_reports (id, data, digest) VALUES (?, ?, ?)",
        ("art", schema.dumps(a.claim.report.to_dict()), "x"),
    )
    conn.execute(
        "INSERT INTO review_items (claim_id, report_id, speaker_type, digest, status, note,"
        " created_at) VALUES (?, 'art', 'party', 'd', 'false', 'old', 't')",
        (a.claim.id,),
    )
    conn.execute(
        "INSERT INTO review_assessments (claim_id, data) VALUES (?, ?)",
        (a.claim.id, schema.dumps(a.to_dict())),
    )
    conn.commit()
    conn.close()
    assert "search_text" not in schema._columns(sqlite3.connect(path), "review_items")
    with ReviewStore(path, reviewer="ann") as s:
        item = s.item(a.claim.id)
        assert (item.status, item.note, item.assessment) == (ReviewStatus.FALSE, "old", a)
        assert [i.claim_id for i in s.items(search="BARRACKS")] == [a.claim.id]
        applied = [r[0] for r in s._conn.execute("SELECT name FROM _migrations ORDER BY name")]
        assert applied == [m.__name__ for m in schema.MIGRATIONS]


def test_review_migrations_are_idempotent(tmp_path: Path):
    conn = connect(tmp_path / "r.db")
    for migration in schema.MIGRATIONS:
        migration(conn)
        migration(conn)  # a second process racing to apply it must not fail


def test_review_open_existing_rejects_missing_and_foreign_files(tmp_path: Path):
    with pytest.raises(UserError, match="does not exist"):
        ReviewStore(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 10)
    with pytest.raises(UserError, match="not a SQLite database"):
        ReviewStore(junk, create=False)
    assert junk.read_bytes() == b"not a database at all" * 10
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(UserError, match="not a review store"):
        ReviewStore(other, create=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk.db", "other.db"]


def test_review_item_defaults_allow_building_by_hand():
    item = ReviewItem(make_assessments()[0])
    assert (item.status, item.flagged, item.note, item.evidence_decisions) == (
        ReviewStatus.UNSTARTED,
        False,
        "",
        {},
    )
    assert item.claim_id == ids()[0]


def test_review_items_unknown_filter_values_are_user_errors(store: ReviewStore):
    with pytest.raises(UserError, match="unknown review status"):
        store.items(status="done")
    with pytest.raises(UserError, match="unknown speaker type"):
        store.items(speaker_type="alien")


def test_review_in_memory_store_and_len():
    with ReviewStore(":memory:", reviewer="ann") as s:
        assert len(s) == 0
        assert s.save_assessments(make_assessments()) == 3
        assert len(s) == 3
        s.set_status(ids()[0], ReviewStatus.FALSE)
        assert s.items(status="false")[0].claim_id == ids()[0]


def test_review_threads_share_one_store(store: ReviewStore):
    from concurrent.futures import ThreadPoolExecutor

    cid = ids()[0]
    start = store.item(cid).flagged
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: (store.toggle_flag(cid), store.items()), range(40)))
    assert store.item(cid).flagged is start
    assert len([h for h in store.history(cid) if h["action"] == "flag"]) == 40


@pytest.mark.parametrize(
    "where, index",
    [
        ("status = 'verified'", "review_items_status"),
        ("flagged = 1", "review_items_flagged"),
        ("speaker_type = 'party'", "review_items_speaker_type"),
    ],
)
def test_review_filters_use_indexes(store: ReviewStore, where: str, index: str):
    plan = store._conn.execute(
        f"EXPLAIN QUERY PLAN SELECT claim_id, rev FROM review_items WHERE {where} ORDER BY seq"
    ).fetchall()
    text = " ".join(str(row[-1]) for row in plan)
    assert index in text and "TEMP B-TREE" not in text
