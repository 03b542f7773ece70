"""segment(), body_spans() and near_duplicate_groups() on pages written in the scraped style."""

from __future__ import annotations

import gc
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.model import Report
from verifier.read import clean
from verifier.read.clean import KINDS, body_spans, paragraphs, segment
from verifier.read.duplicates import near_duplicate_groups
from verifier.read.ingest import read_reports

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def _report(text: str, **kwargs) -> Report:
    return Report(id=Report.make_id(text), text=text, **kwargs)


def _kinds(report: Report) -> dict[str, str]:
    return {b.span.text: b.kind for b in segment(report)}


@pytest.fixture(scope="module")
def scraped() -> Report:
    (report,) = read_reports([DATA / "scraped_page.txt"])
    return report


def test_clean_segment_marks_scraped_page(scraped):
    kinds = _kinds(scraped)
    assert kinds["date 2025-07-03"] == "meta"
    assert kinds["Burkina army says dozens of fighters killed in assault on Djibo base"] == "title"
    assert kinds["Photo: AFP/Staff photographer"] == "boilerplate"
    assert kinds["Niger extends state of emergency in western regions"] == "related"
    for headline in (
        "Gunmen abduct aid workers in northern Nigeria",
        "Togo reports new attacks near its northern border",
        "Chad and Sudan agree to reopen a border crossing",
    ):
        assert kinds[headline] == "related"
    for furniture in (
        "AFP",
        "Related stories",
        "Share this article",
        "Subscribe to our morning briefing, it's free",
        "Comments are closed for this story.",
        "Advertisement",
    ):
        assert kinds[furniture] == "boilerplate"
    assert kinds[
        "Residents reached by phone said the town's market stayed closed on Thursday."
    ] == ("body")


def test_clean_segment_marks_repeated_body_as_duplicate(scraped):
    blocks = segment(scraped)
    duplicates = [b for b in blocks if b.kind == "duplicate"]
    assert len(duplicates) == 3
    # the second copy's "lasted for several hours" differs by a word: near-identical counts
    assert any("lasted for several hours" in b.span.text for b in duplicates)
    first_body = next(b for b in blocks if b.kind == "body")
    assert first_body.span.start < duplicates[0].span.start


def test_clean_body_spans_each_paragraph_once_with_raw_offsets(scraped):
    spans = body_spans(scraped)
    texts = [s.text for s in spans]
    assert len(texts) == 5  # three body paragraphs, the title, the residents' paragraph
    assert sum("repelled an assault" in t for t in texts) == 1
    assert sum("12 soldiers were wounded" in t for t in texts) == 1
    assert not any("Nigeria" in t or "Subscribe" in t or "Photo:" in t for t in texts)
    for span in spans:
        assert scraped.text[span.start : span.end] == span.text
    assert spans[0].text.startswith("Burkina Faso's army")  # after the date marker
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_clean_segment_covers_every_paragraph_once_in_order(scraped):
    blocks = segment(scraped)
    assert {b.kind for b in blocks} <= set(KINDS)
    starts = [b.span.start for b in blocks]
    assert starts == sorted(starts)
    for before, after in itertools.pairwise(blocks):
        assert before.span.end <= after.span.start
    non_empty_lines = [line for line in scraped.text.splitlines() if line.strip()]
    assert len(blocks) == len(non_empty_lines) + 1  # the first line holds the marker and body


def test_clean_inline_related_link_mid_body():
    text = (
        "The army said on Tuesday that 80 militants were killed in attacks on seven towns.\n"
        "READ MORE: Mali completes takeover of gold mines\n"
        "Residents of one town said about 30 people were killed, most of them civilians.\n"
    )
    kinds = _kinds(_report(text))
    assert kinds["READ MORE: Mali completes takeover of gold mines"] == "related"
    assert kinds[
        "Residents of one town said about 30 people were killed, most of them civilians."
    ] == ("body")


def test_clean_headline_run_after_body_without_marker_is_related():
    text = (
        "The army said on Tuesday that 80 militants were killed in attacks on seven towns.\n"
        "Residents of one town said about 30 people were killed, most of them civilians.\n"
        "Gunmen abduct aid workers in northern Nigeria\n"
        "Togo reports new attacks near its northern border\n"
        "Chad and Sudan agree to reopen a border crossing\n"
    )
    report = _report(text)
    assert [s.text[:9] for s in body_spans(report)] == ["The army ", "Residents"]


def test_clean_known_title_line_is_title_and_duplicate_title_is_dropped():
    text = (
        "Army says 80 militants killed\n"
        "The army said 80 militants were killed after coordinated attacks on its posts.\n"
        "Army says 80 militants killed\n"
    )
    report = _report(text, title="Army says 80 militants killed")
    blocks = segment(report)
    assert [b.kind for b in blocks] == ["title", "body", "duplicate"]


def test_clean_paragraphs_join_hard_wrapped_lines():
    text = (
        "# A headline for the story\n\n"
        "The army said its troops repelled an assault on a base\n"
        "near the town on Wednesday, killing dozens of fighters, in a\n"
        "statement read on state television.\n\n"
        "A governor said 12 soldiers were wounded.\n"
    )
    spans = paragraphs(text)
    assert len(spans) == 3
    s, e = spans[1]
    assert text[s:e].startswith("The army") and text[s:e].endswith("television.")
    kinds = _kinds(_report(text))
    assert kinds["A headline for the story"] == "title"  # the "# " marker is left out


def test_clean_crlf_text_offsets_stay_raw():
    text = "date 2025-07-02 The army said 80 were killed.\r\nReuters\r\nSign up now\r\n"
    report = _report(text)
    kinds = [(b.kind, b.span.text) for b in segment(report)]
    assert kinds == [
        ("meta", "date 2025-07-02"),
        ("body", "The army said 80 were killed."),
        ("boilerplate", "Reuters"),
        ("boilerplate", "Sign up now"),
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                " ",
                "\n",
                "\r\n",
                "date 2025-01-02 ",
                "READ MORE:",
                "Army says 80 killed",
                "Image: X/Y",
                "A b c d e f g h.",
                "é",
            ]
        ),
        max_size=30,
    )
)
def test_clean_segment_never_breaks_on_odd_text(pieces):
    text = "".join(pieces)
    blocks = segment(_report(text))
    for before, after in itertools.pairwise(blocks):
        assert before.span.end <= after.span.start
    for block in blocks:
        assert block.span.text.strip() == block.span.text and block.span.text


_WIRE = (
    "Mali's armed forces said on Tuesday they had killed 80 militants after coordinated "
    "attacks on military posts in seven towns across the centre and west of the country. "
    "An army spokesman said in a televised bulletin that the enemy had suffered heavy losses "
    "wherever it engaged the security forces, as images of weapons and motorbikes were shown. "
    "The al Qaeda affiliate JNIM earlier claimed the attacks and said it had taken control of "
    "three barracks and dozens of positions. The claims could not be independently verified. "
    "Mali has been ruled by a military junta since 2020 and has fought insurgents for a decade."
)


def test_clean_near_duplicate_groups_cluster_syndicated_copies():
    copy_a = _report(f"Sahel Daily\n{_WIRE}\nShare this article\n", outlet="Sahel Daily")
    edited = _WIRE.replace("heavy losses", "significant losses").replace("a decade", "ten years")
    copy_b = _report(f"BAMAKO (Wire) - {edited}\nSubscribe to our newsletter\n", outlet="Desert")
    other = _report(
        "Residents of one of the towns said about 30 people were killed, most of them civilians, "
        "when gunmen on motorbikes attacked the army post on Tuesday morning. A local official "
        "said the army had not yet visited the town, and that families were burying the dead. "
        "The army said 80 militants were killed in the attacks on seven towns.",
        outlet="Local Radio",
    )
    groups = near_duplicate_groups([copy_a, other, copy_b])
    assert groups == [sorted([copy_a.id, copy_b.id])]


def test_clean_near_duplicate_groups_transitive_and_deterministic():
    reports = [_report(f"{name}\n{_WIRE}", outlet=name) for name in ("A", "B", "C")]
    first = near_duplicate_groups(reports)
    assert first == near_duplicate_groups(list(reversed(reports)))
    assert first == [sorted(r.id for r in reports)]
    assert near_duplicate_groups([]) == []
    assert near_duplicate_groups(reports[:1]) == []


def test_clean_segment_local_news_page_furniture():
    text = "\n\n".join(
        [
            "Two wounded in shooting near Elm Street park - Channel 9 News",
            "Posted: Friday, May 13, 2016 11:05 PM EDT",
            "SPRINGFIELD -- Two men were wounded near a park late Friday, police said.",
            "Officers found both men with gunshot wounds, and they were taken to a hospital in",
            "stable condition, a police spokesman said.",
            "Image 3 of 12 Officers stand near the park entrance. (Photo: Jane Roe, Staff)",
            "Anyone with information is asked to call detectives.",
            "Contact Jane Roe at jroe@news.example or 555-123-4567.",
            "Follow Channel 9 News on Twitter @channel9",
            "We have sent you a verification email. Please check your email and click the link to "
            "activate your account.",
            "Please enable Javascript to watch this video",
            "#Springfield #Shooting #Police",
        ]
    )
    report = _report(text, title="Two wounded in shooting near Elm Street park - Channel 9 News")
    kinds = [(b.kind, b.span.text[:24]) for b in segment(report)]
    assert kinds == [
        ("title", "Two wounded in shooting "),
        ("meta", "Posted: Friday, May 13, "),
        ("body", "SPRINGFIELD -- Two men w"),
        ("body", "Officers found both men "),  # a soft line break: one paragraph
        ("boilerplate", "Image 3 of 12 Officers s"),
        ("body", "Anyone with information "),
        ("boilerplate", "Contact Jane Roe at jroe"),
        ("boilerplate", "Follow Channel 9 News on"),
        ("boilerplate", "We have sent you a verif"),
        ("boilerplate", "Please enable Javascript"),
        ("boilerplate", "#Springfield #Shooting #"),
    ]
    assert segment(report)[3].span.text.endswith("spokesman said.")


def test_clean_front_matter_is_meta(tmp_path):
    path = tmp_path / "story.md"
    path.write_text(
        "---\ntitle: Army says 80 killed\ndate: 2025-07-02\n---\n# Army says 80 killed\n\n"
        "The army said on Tuesday that 80 militants were killed.\n",
        encoding="utf-8",
    )
    (report,) = read_reports([path])
    assert [b.kind for b in segment(report)] == ["meta", "title", "body"]
    assert segment(report)[0].span.text.endswith("---")


def test_clean_soft_wrapped_lines_stop_joining_at_a_bound():
    text = "and then more people were hurt near the town\n" * 2_000  # 90 KB, all lower case
    pieces = paragraphs(text)
    assert len(pieces) > 10
    assert max(e - s for s, e in pieces) <= 5_000 + 50
    assert "".join(text[s:e] + "\n" for s, e in pieces) == text


def test_clean_repeat_found_among_many_similar_paragraphs():
    names = [f"{a}{b}" for a in "bcdfghjklm" for b in "aeiou"]  # 50 distinct made-up words
    paras = [
        f"The army said on Tuesday that fighters from {w}ville attacked {w}town and left."
        for w in names * 2
    ][:90]
    repeat = paras[70].replace("Tuesday", "Wednesday")
    blocks = segment(_report("\n\n".join([*paras[:90:2], *paras[1:90:2], repeat])))
    kinds = [b.kind for b in blocks]
    assert kinds[-1] == "duplicate"
    assert kinds.count("duplicate") == 41  # names repeat after 50: paragraphs 50..89, and the copy


def test_clean_segment_works_out_each_live_report_once_and_forgets_it_with_the_report(
    monkeypatch,
):
    calls: list[str] = []
    real = clean._segment
    monkeypatch.setattr(clean, "_segment", lambda report: calls.append(report.id) or real(report))
    before = len(clean._MARKS)
    reports = [
        _report(f"The army said {n} people died.\n\nResidents said fewer.") for n in range(300)
    ]
    for _ in range(3):  # readers, the claim splitter and the grouping each segment a report
        marks = [[(b.span.start, b.span.end, b.kind) for b in segment(r)] for r in reports]
    assert len(calls) == 300
    copy = Report(id=reports[7].id, text=reports[7].text)  # equal: its marks are shared
    blocks = segment(copy)
    assert len(calls) == 300
    assert all(b.span.report is copy for b in blocks)
    assert [(b.span.start, b.span.end, b.kind) for b in blocks] == marks[7]
    assert len(clean._MARKS) == before + 300
    ids = {r.id for r in reports}
    del reports, copy, blocks
    gc.collect()
    assert not any(report.id in ids for report in list(clean._MARKS.keys()))


def test_clean_a_page_long_line_is_cut_into_whole_sentences_below_the_parse_limit():
    """1.2 MB without a line break was one paragraph: the claim parser refuses 1,000,000
    characters (issue 14). It becomes pieces of whole sentences, no text lost."""
    sentence = "The army said 80 people were killed near the town on Tuesday. "
    text = "Headline of the page\n" + sentence * 20_000 + "\nA short closing line."
    spans = paragraphs(text)
    assert max(e - s for s, e in spans) <= 50_000
    assert len(spans) > 20
    assert all(text[s:e].endswith("Tuesday.") for s, e in spans[1:-1])
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == "".join(text.split())
    assert spans[0] == (0, len("Headline of the page"))
    assert all(b.span.end - b.span.start <= 50_000 for b in segment(_report(text)))


def test_clean_a_long_line_without_sentence_ends_is_cut_at_white_space():
    text = "word " * 30_000 + "x" * 60_000
    spans = paragraphs(text)
    assert max(e - s for s, e in spans) <= 50_000
    assert all(text[e - 4 : e] == "word" for s, e in spans[:-2])
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")
