"""Article text is data: clean it once for every terminal and file sink.

:func:`terminal_safe` (and :func:`one_line`) remove terminal control and escape sequences (CSI,
OSC including OSC 52 clipboard writes, DCS/SOS/PM/APC strings, other C0/C1 controls) and
invisible format characters (bidi embeddings, overrides, isolates and marks, zero-width
characters, soft hyphens, tag characters); newlines and tabs stay. :func:`for_terminal` shows
the same characters as visible escapes instead, for names a user must recognise (file names in
error lines). Markup safety is the renderer's job: build ``rich.text.Text`` objects from this
output, never markup strings.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

# ESC-introduced sequences: CSI; OSC and DCS/SOS/PM/APC strings up to BEL or ST; two-byte
# escapes; the same in their 8-bit C1 forms. An unterminated string loses only its introducer,
# so the text after it stays.
_SEQUENCES = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"  # strings
    r"|\x1b[ -/]*[0-~]"  # other escapes (with intermediate bytes)
)
# Single characters never shown: controls other than tab and newline, format characters
# (Unicode category Cf: bidi embeddings/overrides/isolates/marks, zero-width characters, soft
# hyphen, tags...) and lone surrogates (category Cs, which cannot be encoded).
_INVISIBLE = (
    r"\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    r"\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff"
    r"\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    r"\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_HIDDEN = re.compile(f"{_SEQUENCES}|[{_INVISIBLE}]")
_SEPARATORS = re.compile(r"\r\n?|[\u2028\u2029\x85]")  # line ends other than \n
_VISIBLE = re.compile(f"[{_INVISIBLE}\n\u2028\u2029]")


def terminal_safe(text: str) -> str:
    """``text`` without control, escape or invisible format characters; tabs and newlines stay.

    Windows and Unicode line ends become ``\\n``; a lone carriage return becomes a space (it
    would move the cursor back over text already shown).
    """
    text = _SEPARATORS.sub(lambda m: " " if m.group() == "\r" else "\n", text)
    return _HIDDEN.sub("", text)


def one_line(text: str, limit: int | None = None) -> str:
    """Terminal-safe text on one line, optionally shortened with an ellipsis."""
    flat = " ".join(terminal_safe(text).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


def for_terminal(text: str) -> str:
    """``text`` on one line with every control, format or surrogate character shown as a
    visible escape (``\\x1b``, ``\\u202e``, ``\\n``), for messages naming files and values.

    Idempotent: the escapes are plain characters.
    """
    return _VISIBLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return "\\n"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def web_url(value: str | None) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host and no space, control or format
    character; None otherwise (``javascript:``, ``data:``, relative or hidden-character URLs)."""
    if not value or _HIDDEN.search(value) or any(c.isspace() for c in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


# Characters JSON may hold raw but a terminal, an editor or a JavaScript parser would act on:
# C1 controls, format characters (bidi, zero-width), lone surrogates, line/paragraph separators.
_JSON_INVISIBLE = re.compile(
    "[\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_JSON_SCRIPT = re.compile("[<>&]")


def json_text(doc: Any, *, indent: int | None = None, script: bool = False) -> str:
    """UTF-8 JSON (one line unless ``indent``) with invisible characters written as ``\\u``
    escapes (the same data when parsed); ``script=True`` also escapes ``<``, ``>`` and ``&``
    for HTML pages."""
    text = _JSON_INVISIBLE.sub(_json_escape, json.dumps(doc, ensure_ascii=False, indent=indent))
    if script:
        text = _JSON_SCRIPT.sub(_json_escape, text)
    return text


def _json_escape(match: re.Match[str]) -> str:
    # Only string contents can hold these characters (JSON syntax is ASCII without <, >, &).
    data = match.group().encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{data[i]:02x}{data[i + 1]:02x}" for i in range(0, len(data), 2))
