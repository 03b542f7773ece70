"""Fuzzing (bounded): readers, cleaning, sentence splitting, the claim splitter, safe text.

Inputs are built from hostile pieces (quotes, cues, figures, line ends, escape sequences, bidi
and zero-width characters, markup, JSON/CSV syntax). Every input gives reports or one-line
UserError, and every offset points into the report's text. ``benchmarks/soak.py`` runs the
same checks on 100,000 inputs.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factory import HOSTILE_PIECES
from verifier.cli import main
from verifier.errors import UserError
from verifier.model import Report, Span
from verifier.read.clean import paragraphs, segment
from verifier.read.ingest import read_reports
from verifier.read.sentences import body_sentences, split_offsets
from verifier.safetext import for_terminal, one_line, terminal_safe

news_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=8)), max_size=40
).map("".join)


def check_spans(report: Report, spans: list[Span]) -> None:
    text = report.text
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text), (span.start, span.end, len(text))
        assert span.text == text[span.start : span.end]


def check_report(report: Report) -> None:
    blocks = segment(report)
    check_spans(report, [b.span for b in blocks])
    starts = [b.span.start for b in blocks]
    assert starts == sorted(starts)
    for (s, e), (s2, _) in zip(
        [(b.span.start, b.span.end) for b in blocks],
        [(b.span.start, b.span.end) for b in blocks[1:]],
        strict=False,
    ):
        assert e <= s2 or s == s2, "blocks overlap"
    check_spans(report, body_sentences(report))
    for s, e in paragraphs(report.text):
        assert 0 <= s <= e <= len(report.text)
    for s, e in split_offsets(report.text):
        assert 0 <= s < e <= len(report.text)


def _file_content(draw_text: str, suffix: str) -> str:
    if suffix == ".json":
        return json.dumps([{"text": draw_text, "outlet": draw_text[:10]}], ensure_ascii=False)
    if suffix == ".jsonl":
        return "\n".join(json.dumps({"text": line}) for line in draw_text.split("\n") if line)
    if suffix == ".csv":
        return "text,outlet\n" + draw_text
    return draw_text


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=news_text,
    suffix=st.sampled_from([".txt", ".md", ".json", ".jsonl", ".csv", ".tsv", ".dat"]),
    raw=st.booleans(),
)
def test_fuzz_readers_give_reports_with_valid_offsets_or_one_line(tmp_path, text, suffix, raw):
    path = tmp_path / f"in{suffix}"
    content = text if raw else _file_content(text, suffix)
    path.write_bytes(content.encode("utf-8", "surrogatepass"))
    try:
        reports = list(read_reports([path]))
    except UserError as exc:
        assert "\n" not in str(exc), str(exc)
        return
    for report in reports:
        assert report.text and report.text.encode("utf-8")  # storable and printable
        check_report(report)


@settings(max_examples=150, deadline=None)
@given(text=news_text)
def test_fuzz_cleaning_offsets_valid_on_any_text(text):
    check_report(Report(id="r", text=text, title=text[:20] or None))


@pytest.fixture(scope="module")
def extractor(nlp):
    from verifier.attribution.claims import ClaimExtractor

    return ClaimExtractor(nlp)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=news_text)
def test_fuzz_claim_splitter_offsets_valid(extractor, text):
    report = Report(id="r", text=text)
    for claim in extractor.extract(report):
        spans = [claim.sentence, claim.content, *(q.span for q in claim.figures)]
        spans += [s for s in (claim.speaker, claim.cue) if s is not None]
        check_spans(report, spans)


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Cs") and char not in "\t\n"


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(news_text, st.text(max_size=60)))
def test_fuzz_safetext_never_lets_hidden_characters_through(text):
    safe = terminal_safe(text)
    assert not any(_hidden(c) for c in safe)
    assert terminal_safe(safe) == safe
    line = one_line(text, 20)
    assert "\n" not in line and len(line) <= 20
    shown = for_terminal(text)
    assert "\n" not in shown and not any(_hidden(c) for c in shown)
    assert for_terminal(shown) == shown


@pytest.mark.parametrize("name", ["bad\x1b]0;pwned\x07\u202ename.txt", "two\nlines\x1b[2J.txt"])
def test_fuzz_error_line_shows_a_hostile_file_name_visibly(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(SystemExit) as info:
        main(["claims", str(path)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("verifier: error: ")
    assert not any(_hidden(c) for c in err.rstrip("\n")) and "\u202e" not in err
    assert for_terminal(name) in err
