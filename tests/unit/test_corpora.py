"""The bundled sample corpus: loader, formats, labelling, and originality against the seed."""

from __future__ import annotations

import csv
import html
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

import corpora

TABLE_COLUMNS = {"id", "outlet", "url", "title", "published", "text"}
DATE_MARKER = re.compile(r"\A\s*date (\d{4}-\d{2}-\d{2})\b")
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
SHINGLE = 8  # words; no run this long may be shared with the seed article


def _all_files() -> list[Path]:
    return corpora.sample_articles() + corpora.sample_corpus()


def _records(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class _TitleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.meta: dict[str, str] = {}
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self._in_title = tag == "title"
        if tag == "meta" and (key := a.get("name") or a.get("property")):
            self.meta[key] = a.get("content") or ""

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\s+", " ", text).strip().lower()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", _normalise(text))


def test_corpora_loader_finds_all_files():
    articles, corpus = corpora.sample_articles(), corpora.sample_corpus()
    assert [p.name for p in articles] == [
        "01_mali_seven_towns_attacks.txt",
        "02_niono_convoy_ambush.txt",
    ]
    assert len(corpus) == 22
    assert corpus == sorted(corpus)
    assert {p.suffix for p in corpus} == {".txt", ".md", ".html", ".jsonl", ".csv"}
    assert all(p.is_file() and p.is_relative_to(corpora.sample_dir()) for p in articles + corpus)
    assert not set(articles) & set(corpus)


def test_corpora_report_count_is_a_few_dozen():
    n = sum(
        len(_records(p)) if p.suffix in {".jsonl", ".csv"} else 1 for p in corpora.sample_corpus()
    )
    assert 30 <= n <= 40


@pytest.mark.parametrize("path", _all_files(), ids=lambda p: p.name)
def test_corpora_file_parses_in_its_format(path: Path):
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".txt", ".md"} and path.parent.name == "articles":
        assert DATE_MARKER.match(text), "missing leading date marker"
    elif path.suffix in {".txt", ".md"}:
        front = FRONT_MATTER.match(text)
        assert front, "missing front matter"
        assert re.search(r"^outlet: \S", front.group(1), re.MULTILINE)
        assert re.search(r"^date: \d{4}-\d{2}-\d{2}$", front.group(1), re.MULTILINE)
    elif path.suffix == ".html":
        parser = _TitleParser()
        parser.feed(text)
        assert parser.title.strip()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", parser.meta.get("date", ""))
        assert "<main>" in text and "<nav>" in text and "<footer>" in text
    else:
        records = _records(path)
        assert len(records) >= 5
        for record in records:
            assert set(record) >= TABLE_COLUMNS, record.get("id")
            assert record["text"].strip() and record["title"].strip()
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["published"])
        assert len({r["id"] for r in records}) == len(records)


@pytest.mark.parametrize("path", _all_files(), ids=lambda p: p.name)
def test_corpora_file_is_labelled_illustrative(path: Path):
    if path.suffix in {".jsonl", ".csv"}:
        notes = [r.get("note", "") for r in _records(path)]
        assert all(corpora.ILLUSTRATIVE_MARKER in note.lower() for note in notes)
    elif path.suffix == ".html":
        parser = _TitleParser()
        parser.feed(path.read_text(encoding="utf-8"))
        assert corpora.ILLUSTRATIVE_MARKER in parser.meta.get("description", "").lower()
    else:
        assert corpora.ILLUSTRATIVE_MARKER in path.read_text(encoding="utf-8").lower()


def test_corpora_readme_says_illustrative_and_fictional():
    readme = (corpora.sample_dir() / "README.md").read_text(encoding="utf-8").lower()
    assert "illustrative" in readme and "fictional" in readme


def test_corpora_manifest_describes_every_report():
    manifest = corpora.sample_manifest()
    described = {(e["file"], e["record"]) for e in manifest["reports"]}
    present: set[tuple[str, str | None]] = set()
    root = corpora.sample_dir()
    for path in _all_files():
        rel = path.relative_to(root).as_posix()
        if path.suffix in {".jsonl", ".csv"}:
            present |= {(rel, r["id"]) for r in _records(path)}
        else:
            present.add((rel, None))
    assert described == present
    kinds = {e["speaker_kind"] for e in manifest["reports"]}
    assert kinds <= {"party", "official", "independent", "media"}
    roles = {e["role"] for e in manifest["reports"]}
    assert {"relay", "syndicated copy", "denial", "independent", "unrelated"} <= roles
    assert all(e["article"] in {f for f, _ in described} for e in manifest["expected"])


def test_corpora_syndicated_copies_share_the_wire_body():
    wire = corpora.sample_dir() / "corpus" / "c07_wire_original.txt"
    lines = FRONT_MATTER.sub("", wire.read_text(encoding="utf-8")).splitlines()
    body = lines[:5]
    copies = [p for p in corpora.sample_corpus() if "wire_copy" in p.name]
    assert len(copies) == 3
    for copy in copies:
        text = html.unescape(copy.read_text(encoding="utf-8"))
        assert all(paragraph in text for paragraph in body), copy.name


@pytest.mark.shared
def test_corpora_no_sentence_of_the_seed_is_copied(seed_article: Path):
    seed = seed_article.read_text(encoding="utf-8")
    sentences = [
        s
        for line in seed.splitlines()
        for s in re.split(r"(?<=[.!?])\s+", DATE_MARKER.sub("", line))
        if s.strip()
    ]
    seed_words = _words(seed)
    seed_runs = {tuple(seed_words[i : i + SHINGLE]) for i in range(len(seed_words) - SHINGLE + 1)}
    for path in [*_all_files(), corpora.sample_dir() / "README.md"]:
        text = _normalise(html.unescape(path.read_text(encoding="utf-8")))
        copied = [s for s in sentences if _normalise(s) in text]
        assert not copied, f"{path.name} copies seed sentences: {copied}"
        words = _words(text)
        shared = {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
        assert not shared & seed_runs, f"{path.name} shares a {SHINGLE}-word run with the seed"


def test_corpora_ingest_reads_every_sample_file():
    ingest = pytest.importorskip("verifier.read.ingest")
    reports = list(ingest.read_reports(_all_files()))
    assert len(reports) == len(corpora.sample_manifest()["reports"])
    assert all(r.text.strip() and r.published is not None for r in reports)
    assert len({r.id for r in reports}) == len(reports)


def test_corpora_wire_copies_form_one_near_duplicate_group():
    ingest = pytest.importorskip("verifier.read.ingest")
    clean = pytest.importorskip("verifier.read.duplicates")
    reports = list(ingest.read_reports(corpora.sample_corpus()))
    names = {r.id: Path(r.path or "").name for r in reports}
    groups = [sorted(names[i] for i in g) for g in clean.near_duplicate_groups(reports)]
    assert groups == [sorted(n for n in names.values() if "_wire_" in n)]
    assert len(groups[0]) == 4
