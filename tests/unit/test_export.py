"""Exports: Markdown notes, CSV, JSON and ClaimReview; atomic writes; the export command."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.cli import run_cli
from tests.factory import make_assessments
from verifier.errors import UserError
from verifier.model import Assessment, ReviewStatus, SpeakerType
from verifier.review import export as ex
from verifier.review.export import (
    csv_cell,
    export,
    from_json,
    md_escape,
    speaker_schema_type,
)
from verifier.review.items import ReviewItem, evidence_key
from verifier.review.store import ReviewStore

HOSTILE = '=HYPERLINK("http://evil") *bold* _it_ [x](javascript:alert(1)) <b>hi</b> | ~~s~~ &amp; #'


def _with_urls(a: Assessment) -> Assessment:
    """A factory assessment with web addresses on its article and evidence reports."""
    article = replace(a.claim.report, url="https://example.org/mopti")
    evidence = tuple(
        replace(
            e,
            sentence=replace(
                e.sentence, report=replace(e.report, url=f"https://{e.report.id}.example/a")
            ),
        )
        for e in a.evidence
    )
    return replace(a, claim=replace(a.claim, report=article), evidence=evidence)


def sample_items() -> list[ReviewItem]:
    a = [_with_urls(x) for x in make_assessments()]
    return [
        ReviewItem(
            a[0],
            ReviewStatus.FALSE,
            True,
            "Contradicted by residents.\n# not a heading\n1. not a list",
            "ann",
            "2026-11-20T10:00:00.000+00:00",
            {
                evidence_key(a[0].evidence[0]): "accepted",
                evidence_key(a[0].evidence[1]): "rejected",
            },
        ),
        ReviewItem(
            a[1], ReviewStatus.IN_PROGRESS, False, "", "bob", "2026-11-21T10:00:00.000+00:00"
        ),
        ReviewItem(
            a[2], ReviewStatus.VERIFIED, False, "@SUM(A1)", "ann", "2026-11-22T09:00:00.000+00:00"
        ),
    ]


def hostile_item() -> ReviewItem:
    a = _with_urls(make_assessments()[1])
    claim = replace(a.claim, text=HOSTILE, speaker_name="-2+3")
    return ReviewItem(replace(a, claim=claim), ReviewStatus.VERIFIED, note="+cmd|' /C calc'!A0")


def test_export_unknown_format_is_a_user_error():
    with pytest.raises(UserError, match="unknown export format"):
        export(sample_items(), "xml")


# --- Markdown ---


def test_export_markdown_has_every_review_field():
    md = export(sample_items(), "md", organisation="Desk A")
    first = md.split("## 2.")[0]
    for expected in (
        "## 1. Mali's army said: 80 militants were killed in fighting near Mopti",
        "Mali's army (party)",
        "**Status:** false",
        "**Unverified casualty figure:** yes",
        "disputed",
        "Wire Agency",
        "<https://wire1.example/a>",
        "contradicts (0.90)",
        "Wire Agency: contradicts",
        "accepted",
        "rejected",
        "**Reviewer:** ann",
        "2026-11-20T10:00:00.000+00:00",
        "Contradicted by residents.",
    ):
        assert expected in first, expected
    assert "Desk A" in md
    assert md.count("\n## ") == 3


@pytest.mark.parametrize(
    "text, escaped",
    [
        ("*bold* and _it_", r"\*bold\* and \_it\_"),
        ("[x](http://e)", r"\[x\](http://e)"),
        ("<script>", r"\<script\>"),
        ("a | b", r"a \| b"),
        ("# heading", r"\# heading"),
        ("> quote", r"\> quote"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("1. item", r"1\. item"),
        ("3) item", r"3\) item"),
        ("&copy; `code`", r"\&copy; \`code\`"),
        ("line\n\n===", "line ==="),  # one line: no setext heading
        ("80 militants, 3.5 km", "80 militants, 3.5 km"),  # harmless text stays readable
    ],
)
def test_export_md_escape(text: str, escaped: str):
    assert md_escape(text) == escaped


def test_export_markdown_renders_article_text_literally():
    markdown_it = pytest.importorskip("markdown_it")
    items = [*sample_items(), hostile_item()]
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(export(items, "md"))
    assert "<em>" not in html and "<strong>bold" not in html
    assert "javascript:" not in html.replace("(javascript:alert(1))", "")
    assert "<b>" not in html and "&lt;b&gt;hi&lt;/b&gt;" in html
    assert '<a href="http://e' not in html
    assert html.count("<h2>") == 4 and "<h1>" in html and html.count("<h1>") == 1
    assert "<ol" not in html.split("</h2>", 1)[1]  # the note's "1. not a list" stays text
    assert "# not a heading" in html
    assert '<a href="https://wire1.example/a">' in html  # our own links still work


# --- CSV ---


@pytest.mark.parametrize(
    "value, cell",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", " x"),  # a carriage return would hide text in a terminal
        ("\x1b]0;t\x07=1", "'=1"),  # cleaned first, then neutralised
        ("plain", "plain"),
        ("a=b", "a=b"),
        (3, 3),
    ],
)
def test_export_csv_cell_neutralises_formulas(value, cell):
    assert csv_cell(value) == cell


def test_export_csv_rows_and_neutralised_cells():
    text = export([*sample_items(), hostile_item()], "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["status"] for r in rows] == ["false", "in progress", "verified", "verified"]
    assert rows[0]["flagged"] == "yes"
    assert rows[0]["evidence_count"] == "2"
    assert "Wire Agency" in rows[0]["evidence"] and "accepted" in rows[0]["evidence"]
    assert rows[0]["note"].startswith("Contradicted by residents.\n# not a heading")
    assert rows[2]["note"] == "'@SUM(A1)"
    assert rows[3]["claim"] == "'" + HOSTILE
    assert rows[3]["speaker"] == "'-2+3"
    assert rows[3]["note"] == "'+cmd|' /C calc'!A0"
    for row in rows:
        assert not any(v.startswith(ex.FORMULA_STARTS) for v in row.values())


# --- JSON ---


def test_export_json_round_trips_every_field():
    items = [*sample_items(), hostile_item()]
    text = export(items, "json")
    doc = json.loads(text)
    assert doc["schema_version"] == ex.JSON_SCHEMA_VERSION
    assert set(doc["reports"]) == {"art1", "wire1", "relay1"}
    assert set(doc["items"][0]) == {
        "claim_id",
        "status",
        "flagged",
        "note",
        "reviewer",
        "updated_at",
        "assignee",
        "status_by",
        "signed_off_by",
        "publication",
        "evidence_decisions",
        "assessment",
    }
    assert from_json(text) == items


def test_export_json_includes_history_when_given():
    items = sample_items()
    entry = {"claim_id": items[0].claim_id, "who": "ann", "when": "t", "action": "status"}
    doc = json.loads(export(items, "json", history={items[0].claim_id: [entry]}))
    assert doc["items"][0]["history"] == [entry]
    assert doc["items"][1]["history"] == []


def test_export_from_json_rejects_other_documents():
    with pytest.raises(UserError):
        from_json('{"schema_version": 99, "reports": {}, "items": []}')
    with pytest.raises(UserError):
        from_json("[]")


# --- ClaimReview ---


def test_export_claimreview_fields_for_reviewed_claims_only():
    docs = json.loads(export(sample_items(), "claimreview", organisation="Desk A"))
    assert len(docs) == 2  # the in-progress claim is not published
    false, verified = docs
    assert false["@context"] == "https://schema.org"
    assert false["@type"] == "ClaimReview"
    assert (
        false["claimReviewed"]
        == "Mali's army said: 80 militants were killed in fighting near Mopti"
    )
    item = false["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Organization", "name": "Mali's army"}
    assert item["appearance"]["@type"] == "CreativeWork"
    assert item["appearance"]["url"] == "https://example.org/mopti"
    assert item["appearance"]["headline"] == "Mopti fighting"
    assert item["appearance"]["datePublished"] == "2024-05-02"
    assert false["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "false",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert false["author"] == {"@type": "Organization", "name": "Desk A"}
    assert false["datePublished"] == "2026-11-20"
    assert false["url"] == "https://example.org/mopti"
    assert verified["reviewRating"]["alternateName"] == "verified"
    assert verified["reviewRating"]["ratingValue"] == 5
    assert verified["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Residents of the town",
    }


def test_export_claimreview_default_organisation():
    doc = json.loads(export(sample_items(), "claimreview"))[0]
    assert doc["author"]["name"] == "Unnamed fact-checking desk"


def test_export_claimreview_inconclusive_is_the_middle_of_the_scale():
    item = replace(sample_items()[1], status=ReviewStatus.INCONCLUSIVE)
    (doc,) = json.loads(export([item], "claimreview"))
    assert doc["reviewRating"]["ratingValue"] == 3
    assert doc["reviewRating"]["alternateName"] == "inconclusive"


@pytest.mark.parametrize(
    "name, kind, schema",
    [
        ("JNIM", SpeakerType.PARTY, "Organization"),
        ("MINUSMA", SpeakerType.UNKNOWN, "Organization"),
        ("Human Rights Watch", SpeakerType.INDEPENDENT, "Organization"),
        ("Amadou Diallo", SpeakerType.INDEPENDENT, "Person"),
        ("a witness", SpeakerType.UNKNOWN, "Person"),
    ],
)
def test_export_speaker_schema_type(name: str, kind: SpeakerType, schema: str):
    assert speaker_schema_type(name, kind) == schema


# --- the command ---


def make_store(path: Path) -> Path:
    """A review store at ``path`` holding :func:`sample_items` (statuses and a note)."""
    items = sample_items()
    with ReviewStore(path, reviewer="ann") as s:
        s.save_assessments(i.assessment for i in items)
        for i in items:
            s.set_status(i.claim_id, i.status)
        s.set_note(items[0].claim_id, items[0].note)
    return path


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    return make_store(tmp_path / "review.db")


def test_export_command_writes_stdout(store_file: Path, capsys: pytest.CaptureFixture[str]):
    code, out, _ = run_cli(["export", "--store", str(store_file), "--format", "csv"], capsys)
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 3


def test_export_command_filters_and_writes_file(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    out_file = tmp_path / "out.json"
    args = ["export", "--store", str(store_file), "--format", "json", "-o", str(out_file)]
    code, out, _ = run_cli([*args, "--status", "in-progress"], capsys)
    assert code == 0 and out == ""
    doc = json.loads(out_file.read_text())
    assert [i["status"] for i in doc["items"]] == ["in progress"]
    assert [h["action"] for h in doc["items"][0]["history"]] == ["added", "status"]
    code, _, _ = run_cli([*args, "--flagged", "--force"], capsys)
    assert code == 0
    assert [i["claim_id"] for i in json.loads(out_file.read_text())["items"]] == [
        sample_items()[0].claim_id
    ]


def test_export_command_claimreview_organisation(
    store_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    args = ["export", "--store", str(store_file), "--format", "claimreview"]
    code, out, _ = run_cli([*args, "--organisation", "Desk B"], capsys)
    assert code == 0
    assert {d["author"]["name"] for d in json.loads(out)} == {"Desk B"}
    monkeypatch.setenv("VERIFIER_ORGANISATION", "Sahel Check")
    code, out, _ = run_cli(args, capsys)
    assert {d["author"]["name"] for d in json.loads(out)} == {"Sahel Check"}
    config = store_file.parent / "verifier.toml"
    config.write_text('organisation = "Desk From File"\n')
    monkeypatch.delenv("VERIFIER_ORGANISATION")
    code, out, _ = run_cli(["--config", str(config), *args], capsys)
    assert {d["author"]["name"] for d in json.loads(out)} == {"Desk From File"}


@pytest.mark.parametrize("content", [None, b"garbage, not sqlite" * 50, b""])
def test_export_command_bad_store_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None
):
    path = tmp_path / "store.db"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run_cli(["export", "--store", str(path), "--format", "md"], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("verifier: error:") and "store" in err
    if content is None:
        assert not path.exists()
    else:
        assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ([] if content is None else ["store.db"])


def test_export_command_unknown_format_is_a_click_error(
    store_file: Path, capsys: pytest.CaptureFixture[str]
):
    code, out, err = run_cli(["export", "--store", str(store_file), "--format", "xml"], capsys)
    assert code == 2
    assert "xml" in err and out == ""


def test_export_command_unknown_status(store_file: Path, capsys: pytest.CaptureFixture[str]):
    args = ["export", "--store", str(store_file), "--format", "md", "--status", "done"]
    code, _, err = run_cli(args, capsys)
    assert code == 2 and "done" in err


# --- hostile article text (red-team items 4, 5, 10) ---

ESCAPES = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1bP1;2|x\x1b\\\x9b31m"
INVISIBLE = "\u202e\u2066\u200b\u200d\ufeff\u00ad"


def sneaky_item() -> ReviewItem:
    a = make_assessments()[0]
    report = replace(
        a.claim.report,
        url="javascript:alert(1)",
        title=f"Title</script><script>alert(1)</script>{ESCAPES}",
        outlet=f"Out{INVISIBLE}let",
    )
    claim = replace(
        a.claim, report=report, text=f"80 killed{ESCAPES}{INVISIBLE} </script>", speaker_name="X"
    )
    return ReviewItem(replace(a, claim=claim), ReviewStatus.FALSE, note=f"note{ESCAPES}\r")


@pytest.mark.parametrize("fmt", ["md", "csv", "claimreview"])
def test_export_sinks_drop_escapes_and_invisible_characters(fmt: str):
    text = export([sneaky_item()], fmt).replace("\r\n", "\n")  # CSV rows end in CRLF
    for char in "\x1b\x07\x9b\r" + INVISIBLE:
        assert char not in text, (fmt, repr(char))
    assert "pwned" not in text and "ZXZpbA" not in text
    assert "80 killed" in text


def test_export_json_keeps_data_but_escapes_invisible_characters():
    items = [sneaky_item()]
    text = export(items, "json")
    for char in "\x1b\x07\x9b" + INVISIBLE:
        assert char not in text, repr(char)
    assert "\\u202e" in text
    assert from_json(text) == items  # lossless: the escapes parse back to the same text


def test_export_claimreview_keeps_only_web_urls_and_cannot_close_a_script():
    text = export([sneaky_item()], "claimreview")
    assert "javascript:" not in text
    assert "<" not in text and ">" not in text and "\\u003c/script\\u003e" in text
    (doc,) = json.loads(text)
    assert "url" not in doc and "url" not in doc["itemReviewed"]["appearance"]
    assert doc["claimReviewed"] == "80 killed </script>"
    page = f'<script type="application/ld+json">{text}</script>'
    assert page.count("</script>") == 1


@pytest.mark.parametrize(
    "url, link",
    [
        ("https://example.org/a", "<https://example.org/a>"),
        ("HTTP://EXAMPLE.org", "<HTTP://EXAMPLE.org>"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("https://e.org/\x1b[2Jx", "https://e.org/x"),
        ("https://e.org/\u202ex", "https://e.org/x"),
        ("https://e.org/<b>", r"https://e.org/\<b\>"),
    ],
)
def test_export_md_link_only_for_web_urls(url: str, link: str):
    assert ex.md_link(url) == link
