"""Bad input through the real CLI: one line on stderr, exit status 2, no traceback, no hang."""

from __future__ import annotations

import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.cli import main
from verifier.errors import UserError
from verifier.read.ingest import read_reports
from verifier.read.records import ColumnMapping


class _NoClaims:
    """Stands in for the claim extractor: these tests are about reading, not extracting."""

    def extract_many(self, reports):
        for report in reports:
            yield report, []


@pytest.fixture(autouse=True)
def _fake_extractor(monkeypatch):
    module = types.ModuleType("verifier.attribution.claims")
    module.ClaimExtractor = _NoClaims  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "verifier.attribution.claims", module)


def _fail(capsys, *argv: str) -> str:
    """Run ``verifier claims ARGV``; return its one stderr line after checking the failure."""
    with pytest.raises(SystemExit) as exc:
        main(["claims", *argv])
    assert exc.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("verifier: error: ")
    assert "Traceback" not in err
    return lines[0]


def test_bad_input_missing_path(capsys, tmp_path):
    line = _fail(capsys, str(tmp_path / "nowhere.txt"))
    assert "nowhere.txt: no such file or folder" in line


def test_bad_input_empty_file(capsys, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "empty.txt: file is empty" in _fail(capsys, str(path))


def test_bad_input_whitespace_only_file(capsys, tmp_path):
    path = tmp_path / "blank.md"
    path.write_text("  \n\n \t\n", encoding="utf-8")
    assert "blank.md: file has no text" in _fail(capsys, str(path))


@pytest.mark.parametrize("name", ["image.txt", "blob.bin", "data.json"])
def test_bad_input_binary_file(capsys, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 64)
    assert f"{name}: looks like a binary file" in _fail(capsys, str(path))


def test_bad_input_invalid_utf8(capsys, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("First line.\nCôte d'Ivoire said 12 were killed.\n".encode("latin-1"))
    line = _fail(capsys, str(path))
    assert "latin1.txt: not valid UTF-8" in line
    assert "line 2" in line


def test_bad_input_malformed_json_names_the_line(capsys, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"text": "One."},\n  {"text": "Two."\n]\n', encoding="utf-8")
    line = _fail(capsys, str(path))
    assert "broken.json: invalid JSON at line 4" in line


def test_bad_input_malformed_jsonl_names_the_line(capsys, tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"text": "One."}\n{"text": "Two."}\n{"text": Three}\n', encoding="utf-8")
    assert "broken.jsonl: invalid JSON on line 3" in _fail(capsys, str(path))


def test_bad_input_deeply_nested_json(capsys, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "deep.json: JSON nested too deeply" in _fail(capsys, str(path))


def test_bad_input_json_without_objects(capsys, tmp_path):
    path = tmp_path / "numbers.json"
    path.write_text("[1, 2, 3]", encoding="utf-8")
    assert "numbers.json: record 1: expected an object" in _fail(capsys, str(path))


def test_bad_input_csv_without_text_column(capsys, tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("headline,outlet\nArmy says 80 killed,A\n", encoding="utf-8")
    line = _fail(capsys, str(path))
    assert "table.csv: no text column" in line
    assert "headline, outlet" in line and "--text-column" in line


def test_bad_input_csv_with_wrong_text_column_option(capsys, tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("text,outlet\nArmy said 80 were killed.,A\n", encoding="utf-8")
    line = _fail(capsys, str(path), "--text-column", "body")
    assert "table.csv: no text column 'body'" in line


def test_bad_input_big_file_is_rejected_quickly(capsys, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # a sparse 50 MB file: written instantly, never read
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    line = _fail(capsys, str(path))
    assert time.perf_counter() - started < 2
    assert "huge.txt: file is 50.0 MB, above the 25 MB limit" in line
    assert "--max-mb" in line


def test_bad_input_max_mb_option_lowers_the_limit(capsys, tmp_path):
    path = tmp_path / "medium.txt"
    path.write_text("The army said 80 were killed.\n" * 40_000, encoding="utf-8")
    assert "above the 0.5 MB limit" in _fail(capsys, str(path), "--max-mb", "0.5")


def test_bad_input_unknown_table_is_a_user_error(capsys, tmp_path):
    path = tmp_path / "fake.parquet"
    path.write_bytes(b"this is not parquet at all")
    assert "fake.parquet: cannot read table" in _fail(capsys, str(path))


def test_bad_input_folder_with_nothing_readable(capsys, tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert "no readable files" in _fail(capsys, str(tmp_path))


def test_bad_input_subprocess_prints_one_line_and_exits_2(tmp_path):
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    proc = subprocess.run(
        [sys.executable, "-m", "verifier", "claims", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "above the 25 MB limit" in proc.stderr


def _fail_index(capsys, tmp_path, *argv: str) -> str:
    """Run ``verifier index ARGV`` (a fresh store); the reader fails before any model loads."""
    with pytest.raises(SystemExit) as exc:
        main(["index", "--store", str(tmp_path / "corpus.db"), *argv])
    assert exc.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("verifier: error: "), err
    return err


HUGE_NUMBER = "9" * 5000


@pytest.mark.parametrize("command", ["claims", "index"])
@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("big.json", f'{{"text": "Army said 80.", "n": {HUGE_NUMBER}}}', "unreadable JSON value"),
        ("big.jsonl", f'{{"text": "Army said 80.", "n": {HUGE_NUMBER}}}\n', "on line 1"),
        ("lone.json", '[{"text": "Army \\ud800 said 80."}]', "invalid \\ud800 escape"),
        (
            "lone.jsonl",
            '{"text": "A", "outlet": "X"}\n{"text": "B", "outlet": "\\udc00"}\n',
            "record 2: outlet",
        ),
        ("twice.json", '{"text": "A said 8.", "text": "B"}', "duplicate key text"),
    ],
)
def test_bad_input_json_values_give_one_line(capsys, tmp_path, command, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    if command == "claims":
        line = _fail(capsys, str(path))
    else:
        line = _fail_index(capsys, tmp_path, str(path))
    assert f"{name}: " in line and expected in line


def test_bad_input_csv_open_quote_does_not_swallow_the_file(capsys, tmp_path):
    path = tmp_path / "quote.csv"
    rows = ['"Army said 80 were killed.",A', '"Police said 3 were hurt.,B']
    rows += [f"Row {n} said {n} were hurt.,C" for n in range(50)]
    path.write_text("text,outlet\n" + "\n".join(rows) + "\n", encoding="utf-8")
    line = _fail(capsys, str(path))
    assert "quote.csv: malformed CSV in the row starting on line 3" in line
    assert "never closed" in line


@pytest.mark.parametrize(
    "content, expected",
    [
        ('text,outlet\n"A said 8." ,B\n', "row starting on line 2"),  # text after a quote
        ('text,outlet\nA said "8" here,B,extra\n', "has 3 field(s), the header has 2"),
        ("text,outlet\nA said 8.\n", "has 1 field(s)"),
    ],
)
def test_bad_input_csv_rows_must_match_the_header(capsys, tmp_path, content, expected):
    path = tmp_path / "rows.csv"
    path.write_text(content, encoding="utf-8")
    assert expected in _fail(capsys, str(path))


@pytest.mark.parametrize(
    "header, expected",
    [
        ("text,outlet,text", "duplicate columns: text"),
        ("Text,outlet,TEXT", "duplicate columns: Text"),
        ("body,text,outlet", "several text columns (text, body); choose one with --text-column"),
    ],
)
def test_bad_input_csv_text_column_is_never_picked_silently(capsys, tmp_path, header, expected):
    path = tmp_path / "cols.csv"
    path.write_text(f"{header}\nA said 8.,B,C\n", encoding="utf-8")
    assert expected in _fail(capsys, str(path))


def test_bad_input_csv_explicit_text_column_resolves_aliases(capsys, tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("body,text,outlet\nA said 8.,B said 9.,C\n", encoding="utf-8")
    (report,) = read_reports([path], mapping=ColumnMapping(text="body"))
    assert report.text == "A said 8." and report.outlet == "C"


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),
        st.lists(
            st.sampled_from(
                [
                    '{"text": "x"}',
                    "{",
                    "]",
                    '"',
                    ",",
                    "\n",
                    "text,outlet",
                    "\x00",
                    "<p>",
                    "date 2025-01-01 ",
                ]
            ),
            max_size=12,
        ).map(lambda parts: "".join(parts).encode("utf-8")),
    ),
    suffix=st.sampled_from([".txt", ".md", ".json", ".jsonl", ".csv", ".tsv", ".html", ".dat"]),
)
def test_bad_input_any_bytes_give_reports_or_one_user_error(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        reports = list(read_reports([path]))
    except UserError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(path))
    else:
        assert all(isinstance(r.text, str) and r.text for r in reports)


def test_bad_input_html_without_article_is_one_line_in_a_subprocess(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("just text, no tags", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "verifier", "claims", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 2
    assert proc.stderr == f"verifier: error: {path}: no article text found in the HTML\n"


def test_bad_input_huge_html_page_is_refused_before_extraction(capsys, tmp_path):
    path = tmp_path / "page.html"
    paragraph = "<p>The army said on Tuesday that 80 militants were killed near the town.</p>\n"
    path.write_text(f"<html><body>{paragraph * 80_000}</body></html>", encoding="utf-8")
    started = time.perf_counter()
    line = _fail(capsys, str(path))
    assert time.perf_counter() - started < 5
    assert "page.html: HTML page of 5.9 MB, above the 5 MB limit for web pages" in line


def test_bad_input_html_page_of_too_many_elements_is_one_line(capsys, tmp_path):
    """1.1 MB of linked paragraphs (issue 14: extraction grows faster than linearly in them)."""
    path = tmp_path / "links.html"
    links = "".join(f"<p><a href='/s{n}'>Army says {n} killed</a></p>\n" for n in range(26_000))
    path.write_text(f"<html><body><article>{links}</article></body></html>", encoding="utf-8")
    line = _fail(capsys, str(path))
    assert "links.html: HTML page of 52,00" in line
    assert "elements, above the 50,000 limit for web pages" in line


def test_bad_input_html_page_below_the_element_limit_is_read(tmp_path):
    path = tmp_path / "page.html"
    story = "<p>The army said on Tuesday that {n} militants were killed near the town.</p>\n"
    body = "".join(story.format(n=n) for n in range(2_000))
    path.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    (report,) = read_reports([path])
    assert report.text.count("militants were killed") == 2_000
