"""PolNeAR brat reading and span metrics on tiny hand-made fixtures."""

from pathlib import Path

import pytest

from verifier.errors import UserError
from verifier.evaluate.polnear import Attribution, Document, iou, parse_ann, read_split, score, trim

TEXT = "The army said that 80 militants were killed. Residents disagreed."
ANN = (
    "T1\tSource 0 8\tThe army\n"
    "T2\tCue 9 13\tsaid\n"
    "T3\tContent 14 43\tthat 80 militants were killed\n"
    "T4\tAttribution 9 13\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 14 20;45 54\tthat 8 Residents\n"
    "T6\tCue 55 64\tdisagreed\n"
    "E2\tAttribution:T6 Content:T5 Cue:T6\n"
    "#1\tAnnotatorNotes T1\tfree text\n"
)


def test_polnear_parse_ann_reads_relations_and_discontinuous_spans():
    gold = parse_ann(ANN)
    assert gold[0] == Attribution(source=((0, 8),), cue=((9, 13),), content=((14, 43),))
    assert gold[1].source is None
    assert gold[1].content == ((14, 20), (45, 54))


def test_polnear_trim_strips_space_and_punctuation_per_fragment():
    assert trim(' "ab, ', ((0, 6),)) == ((2, 4),)
    assert trim("a  .", ((1, 4),)) == ()


def test_polnear_iou_counts_characters_of_all_fragments():
    assert iou(((0, 10),), ((5, 15),)) == pytest.approx(5 / 15)
    assert iou(((0, 4), (10, 14)), ((0, 4),)) == pytest.approx(0.5)


def test_polnear_score_exact_and_overlap_one_to_one():
    gold = parse_ann(ANN)
    doc = Document("x", TEXT, tuple(gold))
    predicted = [
        Attribution(((0, 8),), ((9, 13),), ((19, 43),)),  # content misses "that " -> overlap only
        Attribution(((0, 8),), ((9, 13),), ((14, 43),)),  # duplicate spans count once
        Attribution(None, ((45, 54),), ((0, 3),)),  # wrong cue and content
    ]
    result = score([doc], [predicted])
    assert result["source"]["exact"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert result["cue"]["exact"]["precision"] == 0.5
    assert result["cue"]["exact"]["recall"] == 0.5
    content = result["content"]
    assert content["exact"]["recall"] == 0.5  # (14, 43) matches exactly once
    assert content["overlap"]["recall"] == 0.5  # one gold content can match only once
    assert content["overlap"]["precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert result["gold"] == 2 and result["predicted"] == 3


def test_polnear_read_split_uses_sorted_first_annotator(tmp_path: Path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "doc_b.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "doc_a.ann").write_text(ANN.split("T5")[0], encoding="utf-8")
    docs = read_split(tmp_path)
    assert [d.name for d in docs] == ["doc"]
    assert len(docs[0].gold) == 1


def test_polnear_read_split_rejects_other_layouts(tmp_path: Path):
    with pytest.raises(UserError):
        read_split(tmp_path)


def test_polnear_predict_joins_a_quotation_resumed_in_the_next_paragraph():
    from types import SimpleNamespace

    from verifier.attribution.found import Found
    from verifier.evaluate.polnear import predict

    first = 'He said: "The town is calm.'  # the quotation runs on into the next paragraph
    second = '"The market has reopened." Later, rain fell.'
    said = Found((3, 7), ((10, 27),), (0, 2), "say", 1, 0, 4)

    class Finder:
        def find(self, doc):
            return [said] if doc.text == first else []

    parsed = [[(0, SimpleNamespace(text=first)), (28, SimpleNamespace(text=second))]]
    (found,) = predict(parsed, Finder())
    assert found == [Attribution(((0, 2),), ((3, 7),), ((10, 27), (29, 53)))]
    text = first + "\n" + second
    assert text[29:53] == "The market has reopened."
