"""Read reports from files and folders: text, Markdown, HTML, JSON(L), CSV/TSV and tables.

Every reader yields :class:`~verifier.model.Report` objects. Bad input (a missing path, an empty
or binary file, invalid UTF-8, malformed JSON, a file above the size limit, a table without its
text column) raises :class:`~verifier.errors.UserError` with one line naming the file.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from verifier.errors import UserError
from verifier.model import Report
from verifier.read.records import (
    ColumnMapping,
    id_hint,
    is_saved_dataset,
    json_records,
    jsonl_records,
    parse_date,
    read_delimited,
    read_saved_dataset,
    read_table,
    records,
)

log = logging.getLogger(__name__)

DEFAULT_MAX_MB = 25
DEFAULT_MAX_BYTES = DEFAULT_MAX_MB * 1024 * 1024
# Main-text extraction takes seconds per MB of markup: larger pages are not articles.
HTML_MAX_MB = 5
# Nor are pages of more elements: trafilatura's XPath search grows faster than linearly in
# them (54,472 repeated paragraphs took 5.7 s of CPU, a quarter of them 0.9 s).
HTML_MAX_ELEMENTS = 50_000

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
DELIMITED_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
TABLE_SUFFIXES = frozenset({".parquet", ".pq", ".arrow", ".feather", ".ipc"})
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES
    | HTML_SUFFIXES
    | JSON_SUFFIXES
    | JSONL_SUFFIXES
    | frozenset(DELIMITED_SUFFIXES)
    | TABLE_SUFFIXES
)

# A leading "date YYYY-MM-DD" marker (optionally "Date:"), possibly after whitespace.
DATE_MARKER = re.compile(r"\A\s*date:?[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)

# A Markdown front matter block: "---", "key: value" lines, "---".
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(\r?\n|\Z)", re.DOTALL)

_SNIFF_BYTES = 8192


def read_reports(
    paths: Iterable[str | Path],
    *,
    mapping: ColumnMapping | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Report]:
    """Yield the reports in ``paths`` (files or folders, folders walked in sorted order)."""
    mapping = mapping or ColumnMapping()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if is_saved_dataset(path):
                yield from read_saved_dataset(path, mapping)
                continue
            files = _walk(path)
            if not files:
                log.warning("%s: no readable files (suffixes: %s)", path, _suffix_list())
            for file in files:
                yield from read_file(file, mapping=mapping, max_bytes=max_bytes)
        elif path.exists():
            yield from read_file(path, mapping=mapping, max_bytes=max_bytes)
        else:
            raise UserError(f"{path}: no such file or folder")


def read_file(
    path: Path, *, mapping: ColumnMapping | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Report]:
    """Yield the reports of one file, chosen by its suffix (unknown suffixes read as text)."""
    mapping = mapping or ColumnMapping()
    suffix = path.suffix.lower()
    size = _check_size(path, max_bytes)
    if suffix in HTML_SUFFIXES and size > HTML_MAX_MB * 2**20:
        raise UserError(
            f"{path}: HTML page of {size / 2**20:.1f} MB, above the {HTML_MAX_MB} MB limit for "
            "web pages (save the article text as .txt instead)"
        )
    if suffix in TABLE_SUFFIXES:
        yield from read_table(path, mapping)
        return
    text = _decode(path)
    if suffix in HTML_SUFFIXES:
        yield _read_html(path, text)
    elif suffix in JSON_SUFFIXES:
        yield from records(path, json_records(path, text), mapping)
    elif suffix in JSONL_SUFFIXES:
        yield from records(path, jsonl_records(path, text), mapping)
    elif suffix in DELIMITED_SUFFIXES:
        yield from read_delimited(path, text, DELIMITED_SUFFIXES[suffix], mapping)
    else:
        yield _read_text(path, text)


# --- files and sizes --------------------------------------------------------------------------


def _walk(folder: Path) -> list[Path]:
    """Supported, non-hidden files under ``folder``, sorted by their relative path."""
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            file = Path(root) / name
            if name.startswith("."):
                continue
            if file.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(file)
            else:
                log.debug("skipping %s (unsupported suffix)", file)
    return sorted(files, key=lambda f: f.relative_to(folder).parts)


def _suffix_list() -> str:
    return " ".join(sorted(SUPPORTED_SUFFIXES))


def _check_size(path: Path, max_bytes: int) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    if size == 0:
        raise UserError(f"{path}: file is empty")
    if size > max_bytes:
        raise UserError(
            f"{path}: file is {size / 2**20:.1f} MB, above the {max_bytes / 2**20:g} MB limit "
            "(raise it with --max-mb)"
        )
    return size


def _decode(path: Path) -> str:
    """The file's text: UTF-8 (a BOM is dropped) or BOM-marked UTF-16; binary data is refused."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise UserError(f"{path}: invalid UTF-16 text") from None
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise UserError(f"{path}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UserError(
            f"{path}: not valid UTF-8 (byte {exc.start}, line {line}); convert it to UTF-8"
        ) from None
    if not text.strip():
        raise UserError(f"{path}: file has no text")
    return text


# --- plain text, Markdown and HTML ------------------------------------------------------------

_MD_HEADING = re.compile(r"^[ \t]*#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _read_text(path: Path, text: str) -> Report:
    """A text or Markdown file; ``text`` stays raw so offsets point into the file."""
    markdown = path.suffix.lower() in {".md", ".markdown"}
    fields = _front_matter(text)
    published = parse_date(fields.get("date") or fields.get("published"))
    marker = DATE_MARKER.match(text)
    if marker:
        published = parse_date(marker.group(1))
    title = fields.get("title")
    if markdown and not title:
        heading = _MD_HEADING.search(text)
        if heading:
            title = heading.group(1).strip()
    outlet = fields.get("outlet") or fields.get("source")
    url = fields.get("url")
    return Report(
        id=Report.make_id(text),
        text=text,
        outlet=outlet,
        url=url,
        title=title,
        published=published,
        path=str(path),
        meta={"format": "markdown" if markdown else "text"},
    )


def _front_matter(text: str) -> dict[str, str]:
    """Simple ``key: value`` fields of a Markdown front matter block (quotes stripped)."""
    block = FRONT_MATTER.match(text)
    fields: dict[str, str] = {}
    for line in (block.group(1) or "").splitlines() if block else ():
        key, sep, value = line.partition(":")
        value = value.strip().strip("\"'")
        if sep and value and not key.startswith((" ", "\t", "-")):
            fields[key.strip().lower()] = value
    return fields


def _read_html(path: Path, html: str) -> Report:
    """The main text of a web page (trafilatura) with its title, date, site name and URL."""
    import trafilatura
    from trafilatura.settings import set_date_params

    quiet = logging.getLogger("trafilatura")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its complaints about a page become our one error line
    try:
        tree = trafilatura.load_html(html)
        elements = 0 if tree is None else sum(1 for _ in tree.iter())
        if elements > HTML_MAX_ELEMENTS:
            raise UserError(
                f"{path}: HTML page of {elements:,} elements, above the {HTML_MAX_ELEMENTS:,} "
                "limit for web pages (save the article text as .txt instead)"
            )
        doc = trafilatura.bare_extraction(
            tree if tree is not None else html,
            with_metadata=True,
            include_comments=False,
            # no free-text date search: dateparser over odd text took 25 s on a 1 KB page
            date_extraction_params=set_date_params(extensive=False),
        )
    finally:
        quiet.setLevel(level)
    data: Mapping[str, Any] = {}
    if doc is not None:
        data = doc if isinstance(doc, dict) else doc.as_dict()
    text = (data.get("text") or "").strip()
    if not text:
        raise UserError(f"{path}: no article text found in the HTML")
    outlet = data.get("sitename") or data.get("hostname")
    url = data.get("url")
    meta = {"format": "html"}
    if data.get("author"):
        meta["author"] = str(data["author"])
    return Report(
        id=Report.make_id(text, id_hint(outlet, url)),
        text=text,
        outlet=outlet or None,
        url=url or None,
        title=data.get("title") or None,
        published=parse_date(data.get("date")),
        path=str(path),
        meta=meta,
    )
