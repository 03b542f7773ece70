"""``verifier claims``: table and JSON output, column options; the extractor is a fast fake."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from verifier.cli import main
from verifier.model import Claim, CueClass, Quantity, Report, SpeakerType
from verifier.read.clean import body_spans

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


class _OneClaimPerParagraph:
    """A stand-in ClaimExtractor: every body paragraph is a claim of "the army"."""

    def __init__(self, nlp=None):
        self.nlp = nlp

    def extract(self, report: Report) -> list[Claim]:
        claims = []
        for span in body_spans(report):
            figures = ()
            at = span.text.find("80")
            if at >= 0:
                number = report.span(span.start + at, span.start + at + 2)
                figures = (Quantity(number, "killed", "militants", 80, 80, 80),)
            claims.append(
                Claim(
                    report=report,
                    sentence=span,
                    content=span,
                    speaker_name="the army",
                    speaker_type=SpeakerType.PARTY,
                    cue_lemma="say",
                    cue_class=CueClass.NEUTRAL,
                    text=span.text,
                    figures=figures,
                )
            )
        return claims

    def extract_many(self, reports):
        for report in reports:
            yield report, self.extract(report)


@pytest.fixture(autouse=True)
def _fake_extractor(monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # a wide table: no wrapping inside cells
    module = types.ModuleType("verifier.attribution.claims")
    module.ClaimExtractor = _OneClaimPerParagraph  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "verifier.attribution.claims", module)


def _run(capsys, *argv: str) -> str:
    main(["claims", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return out


def test_cli_claims_json_one_object_per_claim(capsys):
    out = _run(capsys, str(DATA / "scraped_page.txt"), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 5  # body paragraphs and title once each, no related or boilerplate
    assert {"id", "report_id", "text", "sentence", "speaker_type", "figures"} <= set(rows[0])
    assert rows[0]["published"] == "2025-07-03"
    assert not any("Nigeria" in r["text"] for r in rows)
    raw = (DATA / "scraped_page.txt").read_text(encoding="utf-8")
    for row in rows:
        assert raw[row["content"]["start"] : row["content"]["end"]] == row["content"]["text"]


def test_cli_claims_table_lists_claims(capsys):
    out = _run(capsys, str(DATA / "records.json"))
    assert "Sahel Monitor" in out
    assert "the army" in out and "(party)" in out and "(neutral)" in out
    assert "80 militants killed" in out


def test_cli_claims_table_never_renders_markup_or_escapes(capsys, tmp_path):
    path = tmp_path / "evil.txt"
    path.write_text(
        "The army said [bold red]80[/bold red] were killed \x1b[31min red\x1b[0m today.\n"
        "Another [link=ftp:x]line[/link] said 80 more died \x07 at once.\n",
        encoding="utf-8",
    )
    out = _run(capsys, str(path))
    assert "evil.txt" in out  # a file without an outlet is shown by its name
    assert "[bold red]80[/bold red]" in out
    assert "[link=ftp:x]line[/link]" in out
    assert "\x1b" not in out and "\x07" not in out


def test_cli_claims_column_options(capsys):
    out = _run(
        capsys,
        str(DATA / "records.csv"),
        "--json",
        "--text-column",
        "story",
        "--outlet-column",
        "outlet",
        "--title-column",
        "title",
        "--date-column",
        "published",
        "--url-column",
        "url",
    )
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["published"] for r in rows] == ["2025-07-02", "2025-07-03"]


def test_cli_claims_id_column_sets_report_ids(capsys):
    out = _run(capsys, str(DATA / "records.json"), "--json", "--id-column", "id")
    assert [json.loads(line)["report_id"] for line in out.splitlines()] == ["sm-1", "sm-2"]


def test_cli_claims_reads_folders_in_order(capsys, tmp_path):
    (tmp_path / "b.txt").write_text("The army said 80 militants were killed.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Residents said 30 people were killed.", encoding="utf-8")
    out = _run(capsys, str(tmp_path), "--json")
    texts = [json.loads(line)["text"] for line in out.splitlines()]
    assert texts == [
        "Residents said 30 people were killed.",
        "The army said 80 militants were killed.",
    ]


def test_cli_claims_no_claims_says_so(capsys, tmp_path):
    path = tmp_path / "furniture.txt"
    path.write_text("Advertisement\nSign up for our newsletter\n", encoding="utf-8")
    main(["claims", str(path)])
    out, err = capsys.readouterr()
    assert out == ""
    assert "No claims found." in err


def test_cli_claims_help_lists_mapping_options(capsys):
    assert main(["claims", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--json", "--text-column", "--id-column", "--date-column", "--max-mb"):
        assert option in out
