"""Terminal escape and control sequences never reach the screen."""

import pytest

from verifier.safetext import one_line, terminal_safe


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("plain [bold]text[/bold]", "plain [bold]text[/bold]"),
        ("red \x1b[31mALERT\x1b[0m done", "red ALERT done"),
        ("title \x1b]0;pwned\x07 after", "title  after"),
        ("bell\x07 and nul\x00", "bell and nul"),
        ("8-bit \x9b2J clear", "8-bit  clear"),
        ("keeps\ttabs\nand lines", "keeps\ttabs\nand lines"),
        ("carriage\rreturn", "carriage return"),
    ],
)
def test_safetext_strips_controls(raw, expected):
    assert terminal_safe(raw) == expected


def test_safetext_one_line_shortens():
    assert one_line("a  b\n c", limit=4) == "a b…"
    assert one_line("short", limit=10) == "short"
