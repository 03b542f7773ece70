"""Escape, control and invisible characters never reach a screen or a file (items 4, 10)."""

from __future__ import annotations

import pytest

from verifier.cli import main
from verifier.safetext import for_terminal, one_line, terminal_safe, web_url


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("plain [bold]text[/bold]", "plain [bold]text[/bold]"),
        ("red \x1b[31mALERT\x1b[0m done", "red ALERT done"),
        ("title \x1b]0;pwned\x07 after", "title  after"),
        ("clip \x1b]52;c;ZXZpbA==\x1b\\ after", "clip  after"),  # OSC 52 clipboard write
        ("dcs \x1bP1;2|xyz\x1b\\ after", "dcs  after"),
        ("apc \x1b_payload\x07 after", "apc  after"),
        ("open \x1b]0;no end, the text stays", "open 0;no end, the text stays"),
        ("bell\x07 and nul\x00", "bell and nul"),
        ("8-bit \x9b2J clear", "8-bit  clear"),
        ("8-bit osc \x9d0;x\x9c after", "8-bit osc  after"),
        ("keeps\ttabs\nand lines", "keeps\ttabs\nand lines"),
        ("carriage\rreturn", "carriage return"),
        ("windows\r\nline", "windows\nline"),
        ("unicode\u2028line", "unicode\nline"),
        ("bidi \u202eevil\u202c \u2066iso\u2069 \u200fmark", "bidi evil iso mark"),
        ("zero\u200bwidth\u200d\u2060\ufeff soft\u00adhyphen", "zerowidth softhyphen"),
        ("tag \U000e0041\U000e007f chars", "tag  chars"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("Côte d'Ivoire 日本 🙂", "Côte d'Ivoire 日本 🙂"),
    ],
)
def test_safetext_strips_controls(raw, expected):
    assert terminal_safe(raw) == expected


def test_safetext_one_line_shortens():
    assert one_line("a  b\n c", limit=4) == "a b…"
    assert one_line("short", limit=10) == "short"
    assert one_line("a\u202e\u200bb") == "ab"


@pytest.mark.parametrize(
    "raw,shown",
    [
        ("evil\x1b]0;x\x07.txt", "evil\\x1b]0;x\\x07.txt"),
        ("two\nlines", "two\\nlines"),
        ("rtl\u202etxt.exe", "rtl\\u202etxt.exe"),
        ("lone\ud800", "lone\\ud800"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("plain name.txt", "plain name.txt"),
    ],
)
def test_safetext_for_terminal_shows_escapes(raw, shown):
    assert for_terminal(raw) == shown
    assert for_terminal(shown) == shown


@pytest.mark.parametrize(
    "url,kept",
    [
        ("https://example.org/a?b=c#d", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.org/x", False),
        ("https:///nohost", False),
        ("https://e.org/\x1b[2J", False),
        ("https://e.org/\u202ex", False),
        ("https://e.org/a b", False),
        ("", False),
        (None, False),
    ],
)
def test_safetext_web_url(url, kept):
    assert web_url(url) == (url if kept else None)


def test_safetext_claims_table_through_the_cli(tmp_path, capsys):
    path = tmp_path / "hostile.txt"
    path.write_text(
        "The army said on Tuesday that 80 militants were killed near Mopti \u202e"
        "\x1b]52;c;ZXZpbA==\x07 in heavy fighting \u200bnear the border\x1b[2J.\n",
        encoding="utf-8",
    )
    main(["claims", str(path)])
    out = capsys.readouterr().out
    assert "80 militants" in out and "army" in out
    assert "ZXZpbA" not in out
    for char in "\x1b\x07\u202e\u200b":
        assert char not in out, repr(char)


def test_safetext_json_text_escapes_invisible_characters_losslessly():
    import json

    from verifier.safetext import json_text

    text = "army\u202e said \x9b2J\u200b 80 </script>"
    line = json_text({"t": text})
    assert "\n" not in line and "\u202e" not in line and "\x9b" not in line
    assert "\\u202e" in line and "</script>" in line
    assert json.loads(line) == {"t": text}
    assert "\\u003c/script" in json_text({"t": text}, script=True)
