"""Cleaning the real scraped seed article (read at run time from ../shared, never copied)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from verifier.model import Report
from verifier.read.clean import body_spans, segment
from verifier.read.ingest import read_reports

pytestmark = [pytest.mark.integration, pytest.mark.shared]


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("’", "'")))


@pytest.fixture(scope="module")
def seed(seed_article) -> Report:
    (report,) = read_reports([seed_article])
    return report


def test_seed_cleaning_reads_date_marker_and_keeps_raw_text(seed, seed_article):
    assert seed.text == seed_article.read_text(encoding="utf-8")
    assert seed.published is not None
    blocks = segment(seed)
    meta = [b for b in blocks if b.kind == "meta"]
    assert len(meta) == 1 and meta[0].span.text.startswith("date ")
    assert body_spans(seed)[0].start > meta[0].span.end - 1


def test_seed_cleaning_related_headlines_and_prompts_are_not_body(seed):
    blocks = segment(seed)
    lines = [b.span.text for b in blocks]
    marker = next(i for i, text in enumerate(lines) if text.upper().startswith("READ MORE"))
    assert blocks[marker].kind == "boilerplate"
    tail = blocks[marker + 1 :]
    assert len(tail) >= 7
    assert all(b.kind in {"related", "boilerplate"} for b in tail)
    assert sum(b.kind == "related" for b in tail) >= 7  # the list of other stories' headlines
    for b in blocks:
        if re.search(r"sign up|sign in|subscribe|comment|^image:|most read", b.span.text, re.I):
            assert b.kind == "boilerplate", b.span.text


def test_seed_cleaning_each_body_paragraph_once(seed):
    spans = body_spans(seed)
    keys = Counter(_key(s.text) for s in spans)
    assert keys and max(keys.values()) == 1
    blocks = segment(seed)
    duplicates = [b for b in blocks if b.kind == "duplicate"]
    assert len(duplicates) >= 5  # the page repeats its whole body once
    body_keys = set(keys)
    assert all(_key(b.span.text) in body_keys for b in duplicates)
    # every repeated line of the page is in the body exactly once or not at all
    repeated = [k for k, n in Counter(map(_key, seed.text.splitlines())).items() if n > 1 and k]
    for key in repeated:
        assert sum(_key(s.text) == key or _key(s.text).endswith(key) for s in spans) <= 1


def test_seed_cleaning_title_is_the_story_headline(seed):
    titles = [b for b in segment(seed) if b.kind == "title"]
    assert len(titles) == 1
    text = titles[0].span.text.lower()
    assert "80" in text and "militants" in text
    # the other story's headline inside the body is related, not the title
    related_mid_body = [
        b
        for b in segment(seed)
        if b.kind == "related" and b.span.start < titles[0].span.start + 2000
    ]
    assert related_mid_body


def test_seed_cleaning_claims_come_only_from_body(seed, seed_article, capsys):
    pytest.importorskip(
        "verifier.attribution.claims"
    )  # the CLAIMS engineer's extractor, when present
    from verifier.cli import main

    main(["claims", str(seed_article), "--json"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows
    body = body_spans(seed)
    for row in rows:
        start, end = row["sentence"]["start"], row["sentence"]["end"]
        assert any(s.start <= start and end <= s.end for s in body), row["sentence"]["text"]
    contents = Counter(_key(row["content"]["text"]) for row in rows)
    assert max(contents.values()) == 1


def test_seed_cleaning_keeps_attributions_of_clean_news(shared_dir):
    """Clean news (PolNeAR dev): gold attribution contents stay in the body, almost all."""
    root = shared_dir / "eval" / "polnear" / "dev"
    if not root.is_dir():
        pytest.skip("no PolNeAR dev split")
    annotations: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        annotations.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    total = kept = 0
    for path in sorted((root / "text").glob("*.txt")):
        if path.stem not in annotations:
            continue
        (report,) = read_reports([path])
        spans = body_spans(report)
        for line in annotations[path.stem].read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or not parts[1].startswith("Content "):
                continue
            start = int(parts[1].split(" ")[1].split(";")[0])
            total += 1
            kept += any(s.start <= start < s.end for s in spans)
    assert total > 1000
    assert kept / total >= 0.99
