"""The safe-text helpers: control sequences removed, markup never interpreted, offsets kept."""

from __future__ import annotations

import pytest

from tui.safe import highlighted, safe, safe_line


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain text", "plain text"),
        ("red \x1b[31mtext\x1b[0m", "red text"),
        ("title \x1b]0;pwned\x07done", "title done"),
        ("link \x1b]8;;http://x\x1b\\here", "link here"),
        ("bell\x07 and nul\x00", "bell and nul"),
        ("c1 \x9b31m csi", "c1  csi"),
        ("keep\ttabs\nand lines", "keep\ttabs\nand lines"),
    ],
)
def test_safe_strips_control_sequences(raw: str, clean: str) -> None:
    assert safe(raw).plain == clean


def test_safe_keeps_markup_literal() -> None:
    text = safe("[bold]x[/bold] [link=file:///etc/passwd]y[/link]")
    assert text.plain == "[bold]x[/bold] [link=file:///etc/passwd]y[/link]"
    assert not text.spans


def test_safe_line_flattens_and_shortens() -> None:
    assert safe_line("a\n\nb   c").plain == "a b c"
    assert safe_line("abcdefgh", limit=5).plain == "abcd…"


def test_safe_highlighted_styles_offsets_of_raw_text() -> None:
    raw = "A \x1b[1msaid\x1b[0m that 80 died."
    start = raw.index("80")
    text = highlighted(raw, [(start, start + 2, "bold")])
    assert text.plain == "A said that 80 died."
    styled = [text.plain[s.start : s.end] for s in text.spans if s.style]
    assert styled == ["80"]


def test_safe_highlighted_ignores_bad_marks() -> None:
    assert highlighted("abc", [(2, 99, "bold"), (-1, 1, "bold")]).plain == "abc"
