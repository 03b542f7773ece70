"""Readers for every input format, column mapping, dates and stable ids."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from verifier.errors import UserError
from verifier.model import Report
from verifier.read.ingest import read_reports
from verifier.read.records import ColumnMapping, parse_date

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def _read(*paths: str | Path, **kwargs) -> list[Report]:
    return list(read_reports(paths, **kwargs))


def test_ingest_text_date_marker_sets_published_and_keeps_raw_text():
    (report,) = _read(DATA / "article.txt")
    raw = (DATA / "article.txt").read_text(encoding="utf-8")
    assert report.text == raw
    assert report.published == date(2025, 7, 3)
    assert report.path == str(DATA / "article.txt")
    assert report.text.index("Burkina") > 0  # the marker stays in the text: offsets are raw


def test_ingest_text_without_marker_has_no_date(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("The date 2025-07-03 appears later, so it is no marker.\n", encoding="utf-8")
    (report,) = _read(path)
    assert report.published is None


def test_ingest_markdown_heading_is_title():
    (report,) = _read(DATA / "article.md")
    assert report.title == "Army reports clashes near Djibo"
    assert report.text.startswith("# Army reports")
    assert report.meta["format"] == "markdown"


def test_ingest_html_extracts_main_text_and_metadata():
    (report,) = _read(DATA / "page.html")
    assert report.title == "Army says dozens of fighters killed near Djibo"
    assert report.outlet == "Sahel Monitor"
    assert report.url == "https://sahel-monitor.example/2025/07/djibo-attack"
    assert report.published == date(2025, 7, 3)
    assert "at least 12 soldiers were wounded" in report.text
    assert "All rights reserved" not in report.text
    assert "Home" not in report.text


def test_ingest_html_never_searches_free_text_for_dates(tmp_path, monkeypatch):
    """The soak found a 918-byte page taking 25 s in dateparser's free-text date search."""
    import dateparser.date

    def searched(*args, **kwargs):
        raise AssertionError("free-text date search")

    monkeypatch.setattr(dateparser.date.DateDataParser, "get_date_data", searched)
    path = tmp_path / "odd.html"
    body = "<p>the1,2001. Police said 3 killed.</p><p>The army said 80 killed near town.</p>"
    path.write_text(
        f"<html><head><title>U.S. the1,2001. 80</title></head><body>{body}</body></html>"
    )
    (report,) = read_reports([path])
    assert "80 killed near town" in report.text


def test_ingest_html_without_text_is_a_user_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    with pytest.raises(UserError, match="no article text"):
        _read(path)


def test_ingest_json_list_uses_column_aliases():
    first, second = _read(DATA / "records.json")
    assert first.text.startswith("Mali's army said 80 militants")
    assert first.outlet == "Sahel Monitor"
    assert first.url == "https://sahel-monitor.example/a"
    assert first.title == "Army says 80 killed"
    assert first.published == date(2025, 7, 2)  # "2 July 2025", free-form
    assert second.outlet == "Desert Post"
    assert first.id == Report.make_id(first.text, "Sahel Monitor|https://sahel-monitor.example/a")


def test_ingest_json_id_column_gives_ids():
    reports = _read(DATA / "records.json", mapping=ColumnMapping(id="id"))
    assert [r.id for r in reports] == ["sm-1", "sm-2"]


def test_ingest_json_single_object_and_wrapped_list(tmp_path):
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"text": "One story.", "outlet": "A"}), encoding="utf-8")
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"articles": [{"text": "X."}, {"text": "Y."}]}), "utf-8")
    assert [r.outlet for r in _read(single)] == ["A"]
    assert [r.text for r in _read(wrapped)] == ["X.", "Y."]


def test_ingest_json_lines_saved_as_json_are_read(tmp_path):
    path = tmp_path / "lines.json"
    path.write_text('{"text": "First."}\n{"text": "Second."}\n', encoding="utf-8")
    assert [r.text for r in _read(path)] == ["First.", "Second."]


def test_ingest_jsonl_skips_blank_lines_and_parses_dates():
    reports = _read(DATA / "records.jsonl")
    assert len(reports) == 2
    assert reports[1].published == date(2025, 7, 3)  # "July 3, 2025"
    assert reports[1].meta["record"] == "3"  # the line number in the file


def test_ingest_csv_needs_mapping_for_unusual_text_column():
    with pytest.raises(UserError, match="no text column"):
        _read(DATA / "records.csv")
    reports = _read(DATA / "records.csv", mapping=ColumnMapping(text="story"))
    assert [r.outlet for r in reports] == ["Sahel Monitor", "Desert Post"]
    assert reports[1].text.count('"most of them civilians"') == 1  # CSV quoting undone
    assert reports[1].url is None  # an empty cell is no URL
    assert reports[1].published == date(2025, 7, 3)


def test_ingest_csv_full_mapping(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(
        "key,body_text,paper,link_to,head,when\nk1,Some text.,P,http://u,H,2025-01-02\n"
    )
    mapping = ColumnMapping(
        text="body_text", id="key", outlet="paper", url="link_to", title="head", published="when"
    )
    (report,) = _read(path, mapping=mapping)
    assert (report.id, report.outlet, report.url, report.title) == ("k1", "P", "http://u", "H")
    assert report.published == date(2025, 1, 2)


def test_ingest_explicit_missing_metadata_column_is_a_user_error():
    with pytest.raises(UserError, match="no outlet column 'paper'"):
        _read(DATA / "records.tsv", mapping=ColumnMapping(outlet="paper"))


def test_ingest_tsv():
    (report,) = _read(DATA / "records.tsv")
    assert report.text == "JNIM said it had taken control of three barracks."
    assert report.outlet == "Wire Service"


def test_ingest_csv_long_field_is_read(tmp_path):
    body = "word " * 60_000  # longer than the csv module's default field limit
    path = tmp_path / "long.csv"
    path.write_text(f'text\n"{body}"\n', encoding="utf-8")
    (report,) = _read(path)
    assert len(report.text) == len(body)


def test_ingest_parquet_and_arrow_tables(tmp_path):
    import pyarrow as pa
    import pyarrow.feather as feather
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "content": ["Army said 80 were killed.", "Residents said 30 died."],
            "publisher": ["A", "B"],
            "pubdate": ["2025-07-02", None],
        }
    )
    pq.write_table(table, tmp_path / "t.parquet")
    feather.write_feather(table, tmp_path / "t.feather")
    with (
        pa.OSFile(str(tmp_path / "t.arrow"), "wb") as sink,
        pa.ipc.new_stream(sink, table.schema) as writer,
    ):
        writer.write_table(table)
    for name in ("t.parquet", "t.feather", "t.arrow"):
        reports = _read(tmp_path / name)
        assert [r.outlet for r in reports] == ["A", "B"], name
        assert reports[0].published == date(2025, 7, 2)
        assert reports[1].published is None


def test_ingest_saved_datasets_folder(tmp_path):
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_dict({"text": ["One.", "Two."], "outlet": ["A", "B"]})
    ds.save_to_disk(str(tmp_path / "saved"))
    assert [r.outlet for r in _read(tmp_path / "saved")] == ["A", "B"]


def test_ingest_folder_is_walked_sorted_and_skips_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second story.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First story.", encoding="utf-8")
    (tmp_path / "c.md").write_text("Third story.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4\x00\x01")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    texts = [r.text for r in _read(tmp_path)]
    assert texts == ["First story.", "Second story.", "Third story."]


def test_ingest_ids_are_stable_and_independent_of_path(tmp_path):
    copy = tmp_path / "moved.txt"
    shutil.copy(DATA / "article.txt", copy)
    (original,) = _read(DATA / "article.txt")
    (moved,) = _read(copy)
    (again,) = _read(DATA / "article.txt")
    assert original.id == moved.id == again.id
    assert original.id == Report.make_id(original.text)


def test_ingest_utf8_bom_and_crlf_are_kept_raw(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbfdate 2025-07-02 First line.\r\nSecond line.\r\n")
    (report,) = _read(path)
    assert report.text == "date 2025-07-02 First line.\r\nSecond line.\r\n"
    assert report.published == date(2025, 7, 2)


def test_ingest_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Army said 80 were killed.".encode("utf-16"))
    (report,) = _read(path)
    assert report.text == "Army said 80 were killed."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-07-02", date(2025, 7, 2)),
        ("2025-07-02T09:30:00Z", date(2025, 7, 2)),
        ("2 July 2025", date(2025, 7, 2)),
        ("Wed, 02 Jul 2025 10:00:00 GMT", date(2025, 7, 2)),
        ("", None),
        (None, None),
        ("not a date at all", None),
    ],
)
def test_ingest_parse_date(value, expected):
    assert parse_date(value) == expected


def test_ingest_markdown_front_matter_sets_metadata(tmp_path):
    path = tmp_path / "story.md"
    path.write_text(
        '---\ntitle: "Army says 80 killed"\ndate: 2 July 2025\noutlet: Sahel Monitor\n'
        "url: https://sahel-monitor.example/a\n---\n\nThe army said 80 militants were killed.\n",
        encoding="utf-8",
    )
    (report,) = _read(path)
    assert report.title == "Army says 80 killed"
    assert report.published == date(2025, 7, 2)
    assert (report.outlet, report.url) == ("Sahel Monitor", "https://sahel-monitor.example/a")
    assert report.text.startswith("---\ntitle:")  # raw text, offsets into the file


def test_ingest_text_front_matter_gives_outlet_and_date(tmp_path):
    from datetime import date

    from verifier.read.ingest import read_reports

    path = tmp_path / "statement.txt"
    path.write_text(
        "---\noutlet: Example Wire\ndate: 2025-07-03\nurl: https://wire.example/a\n---\n"
        "The ministry said 12 people were wounded.\n",
        encoding="utf-8",
    )
    (report,) = read_reports([path])
    assert (report.outlet, report.published, report.url) == (
        "Example Wire",
        date(2025, 7, 3),
        "https://wire.example/a",
    )
    assert report.text.startswith("---\n")  # raw text kept: offsets point into the file
