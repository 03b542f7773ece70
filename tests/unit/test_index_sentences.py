"""The rule-based sentence splitter: offsets into the raw text, abbreviations, paragraphs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from verifier.model import Report
from verifier.read.sentences import body_sentences, split_offsets


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_offsets(text)]


def test_index_sentences_split_on_terminal_punctuation() -> None:
    text = 'The army said 80 were killed. "We won," he said! Was it true? Nobody knows.'
    assert _split(text) == [
        "The army said 80 were killed.",
        '"We won," he said!',
        "Was it true?",
        "Nobody knows.",
    ]


def test_index_sentences_keep_abbreviations_initials_and_decimals() -> None:
    text = "Mr. J. Smith of the U.S. Army left on Jan. 5 at 3.5 p.m. local time. He returned."
    assert _split(text) == [
        "Mr. J. Smith of the U.S. Army left on Jan. 5 at 3.5 p.m. local time.",
        "He returned.",
    ]


def test_index_sentences_blank_lines_end_sentences_wrapped_lines_do_not() -> None:
    text = (
        "Headline without stop\n\nThe army said 80 militants\nwere killed. Residents disagreed.\n"
    )
    assert _split(text) == [
        "Headline without stop",
        "The army said 80 militants\nwere killed.",
        "Residents disagreed.",
    ]


def test_index_sentences_closing_quotes_stay_with_their_sentence() -> None:
    assert _split("He said: “It is over.” Then he left.") == [
        "He said: “It is over.”",
        "Then he left.",
    ]


def test_index_sentences_body_only_and_offsets_into_raw_text() -> None:
    text = "date 2025-07-02 Army says 80 killed.\nSoldiers fought JNIM near Boulkessi. It ended."
    report = Report(id="r", text=text)
    spans = body_sentences(report)
    assert spans
    for span in spans:
        assert span.text == text[span.start : span.end]
    assert spans[-1].text == "It ended."


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"'A1")), max_size=80))
def test_index_sentences_offsets_are_ordered_stripped_and_disjoint(text: str) -> None:
    last = 0
    for start, end in split_offsets(text):
        assert last <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        last = end
