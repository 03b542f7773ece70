"""The learned attribution tagger: span decoding, training sequences, and the committed weights
on hand-written sentences (loaded, never trained, in tests)."""

from __future__ import annotations

import pytest

from verifier.attribution.finder import AttributionFinder
from verifier.attribution.tagger import cue_spans, load_tagger, runs
from verifier.evaluate.polnear import Attribution, Document
from verifier.training.attribution_tagger import cue_sequences, heldout_split, role_sequences


def test_cue_spans_open_a_run_on_b_or_a_stray_i():
    labels = ["O", "B-CUE", "I-CUE", "O", "I-CUE", "B-CUE", "B-CUE", "I-CUE"]
    assert cue_spans(labels) == [(1, 3), (4, 5), (5, 6), (6, 8)]


def test_runs_of_one_label():
    assert runs(["C", "C", "O", "S", "C"], "C") == [(0, 2), (4, 5)]
    assert runs(["O", "O"], "S") == []


def test_heldout_split_takes_every_fifth_text():
    train, held = heldout_split(12)
    assert held == [4, 9]
    assert sorted(train + held) == list(range(12))


_TEXT = "The ministry said that 12 soldiers were killed.\nResidents were calm."


def _gold() -> Document:
    said = _TEXT.index("said")
    content = _TEXT.index("12")
    return Document(
        "t",
        _TEXT,
        (Attribution(((0, 12),), ((said, said + 4),), ((content, _TEXT.index(".")),)),),
    )


@pytest.mark.integration
def test_training_sequences_label_cue_source_and_content(nlp):
    from verifier.evaluate.polnear import paragraphs

    parsed = [[(offset, nlp(text)) for offset, text in paragraphs(_TEXT)]]
    cues = cue_sequences([_gold()], parsed)
    assert len(cues) == 2  # one sequence per sentence
    words = [t.text for t in parsed[0][0][1]]
    assert [w for w, label in zip(words, cues[0][1], strict=True) if label != "O"] == ["said"]
    assert set(cues[1][1]) == {"O"}
    roles = role_sequences([_gold()], parsed)
    assert len(roles) == 1
    labelled = dict(zip(words, roles[0][1], strict=False))
    assert labelled["ministry"] == "S" and labelled["said"] == "Q"
    assert labelled["soldiers"] == "C" and labelled["that"] == "O"


@pytest.fixture(scope="module")
def finder():
    tagger = load_tagger()
    if tagger is None:
        pytest.fail("the committed attribution tagger does not load (weights, python-crfsuite)")
    return AttributionFinder(tagger=tagger)


def _found(nlp, finder, text):
    doc = nlp(text)
    return [
        (
            text[f.source[0] : f.source[1]] if f.source else None,
            text[f.cue[0] : f.cue[1]],
            [text[a:b] for a, b in f.content],
        )
        for f in finder.find(doc)
    ]


@pytest.mark.integration
def test_tagger_finds_source_cue_and_content(nlp, finder):
    found = _found(nlp, finder, "The ministry said on Tuesday that 12 soldiers were killed.")
    assert len(found) == 1
    source, cue, content = found[0]
    assert source == "The ministry" and cue == "said"
    assert content[-1].endswith("12 soldiers were killed")


@pytest.mark.integration
def test_tagger_finds_trailing_attribution(nlp, finder):
    found = _found(nlp, finder, '"We will not negotiate," the spokesman told reporters.')
    assert [(s, c) for s, c, _ in found] == [("the spokesman", "told")]
    assert [c.rstrip(",") for c in found[0][2]] == ["We will not negotiate"]  # the quotation


@pytest.mark.integration
def test_tagger_finds_no_attribution_in_plain_narration(nlp, finder):
    assert _found(nlp, finder, "The bridge was closed for repairs in May.") == []


@pytest.mark.integration
def test_tagger_finds_a_noun_cue_the_rules_miss(nlp, finder):
    from verifier.attribution.cue_model import load_cue_model

    text = "The senator's claim that the election was rigged drew sharp criticism."
    rules = _found(nlp, AttributionFinder(load_cue_model()), text)
    assert not any("claim" in cue for _, cue, _ in rules)  # the rules take verbs only
    tagged = [f for f in _found(nlp, finder, text) if "claim" in f[1]]
    assert len(tagged) == 1
    source, _, content = tagged[0]
    assert source is not None and "senator" in source
    assert content == ["that the election was rigged"]


@pytest.mark.integration
def test_rules_first_keeps_the_rules_spans_and_adds_the_tagger_cues(nlp, finder):
    from verifier.attribution.cue_model import load_cue_model

    text = "The senator's claim that the election was rigged drew sharp criticism."
    rules = _found(nlp, AttributionFinder(load_cue_model()), text)
    both = _found(nlp, AttributionFinder(tagger=finder.tagger, rules_first=True), text)
    assert rules and all(f in both for f in rules)
    assert any("claim" in cue for _, cue, _ in both)
