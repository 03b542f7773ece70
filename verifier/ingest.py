"""Read reports from files and folders: text, Markdown, HTML, JSON(L), CSV/TSV and tables.

Every reader yields :class:`~verifier.model.Report` objects. Bad input (a missing path, an empty
or binary file, invalid UTF-8, malformed JSON, a file above the size limit, a table without its
text column) raises :class:`~verifier.errors.UserError` with one line naming the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from verifier.errors import UserError
from verifier.model import Report

log = logging.getLogger(__name__)

DEFAULT_MAX_MB = 25
DEFAULT_MAX_BYTES = DEFAULT_MAX_MB * 1024 * 1024

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

# Column names tried, in order, for a field the mapping leaves unset.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext", "full_text"),
    "id": (),
    "outlet": ("outlet", "source", "source_domain", "sitename", "publisher", "site", "domain"),
    "url": ("url", "link", "source_url", "uri"),
    "title": ("title", "headline"),
    "published": (
        "published",
        "date",
        "date_publish",
        "published_at",
        "publish_date",
        "pubdate",
        "datetime",
    ),
}

# Languages tried for free-form dates (all of dateparser's would take seconds per odd value).
DATE_LANGUAGES = ("en", "fr", "es", "pt", "de", "ar")

_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class ColumnMapping:
    """Which record columns hold the text and the metadata.

    A field left as None is looked up among :data:`COLUMN_ALIASES`; a name given explicitly must
    exist (the text and id columns in every record, the others in at least the header).
    Without an id column, ids come from :meth:`Report.make_id`, stable across runs.
    """

    text: str | None = None
    id: str | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None

    def resolve(self, columns: Iterable[str], source: str) -> dict[str, str | None]:
        """Map each field to a column present in ``columns``; raise if the text column is absent."""
        present = list(columns)
        lowered = {c.lower(): c for c in present}
        resolved: dict[str, str | None] = {}
        for name, aliases in COLUMN_ALIASES.items():
            explicit: str | None = getattr(self, name)
            if explicit is not None:
                if explicit not in present:
                    shown = ", ".join(present[:12]) or "none"
                    raise UserError(f"{source}: no {name} column {explicit!r} (columns: {shown})")
                resolved[name] = explicit
                continue
            resolved[name] = next((lowered[a] for a in aliases if a in lowered), None)
        if resolved["text"] is None:
            shown = ", ".join(present[:12]) or "none"
            raise UserError(
                f"{source}: no text column (looked for {', '.join(COLUMN_ALIASES['text'])}; "
                f"columns: {shown}); name it with --text-column"
            )
        return resolved


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
            if _is_saved_dataset(path):
                yield from _read_saved_dataset(path, mapping)
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
    _check_size(path, max_bytes)
    if suffix in TABLE_SUFFIXES:
        yield from _read_table(path, mapping)
        return
    text = _decode(path)
    if suffix in HTML_SUFFIXES:
        yield _read_html(path, text)
    elif suffix in JSON_SUFFIXES:
        yield from _records(path, _json_records(path, text), mapping)
    elif suffix in JSONL_SUFFIXES:
        yield from _records(path, _jsonl_records(path, text), mapping)
    elif suffix in DELIMITED_SUFFIXES:
        yield from _read_delimited(path, text, DELIMITED_SUFFIXES[suffix], mapping)
    else:
        yield _read_text(path, text)


def parse_date(value: object) -> date | None:
    """A date from an ISO string, a datetime, or a free-form value (via dateparser)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(
        text, languages=list(DATE_LANGUAGES), settings={"PREFER_DAY_OF_MONTH": "first"}
    )
    if parsed is None:
        log.info("unparsed date %r", text)
        return None
    return parsed.date()


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


def _check_size(path: Path, max_bytes: int) -> None:
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

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
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
        id=Report.make_id(text, _hint(outlet, url)),
        text=text,
        outlet=outlet or None,
        url=url or None,
        title=data.get("title") or None,
        published=parse_date(data.get("date")),
        path=str(path),
        meta=meta,
    )


# --- records: JSON, JSONL, CSV/TSV, tables ----------------------------------------------------


def _json_records(path: Path, text: str) -> Iterator[tuple[int, Any]]:
    """Records of a JSON file: an object, a list of objects, or an object holding such a list."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from _jsonl_records(path, text)  # JSON Lines saved as .json
            return
        raise UserError(
            f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise UserError(f"{path}: JSON nested too deeply") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        has_text = any(isinstance(v, str) for v in data.values())
        if len(lists) == 1 and not has_text:
            data = lists[0]
        else:
            yield 1, data
            return
    if not isinstance(data, list):
        raise UserError(f"{path}: JSON must be an object or a list of objects")
    yield from enumerate(data, 1)


def _jsonl_records(path: Path, text: str) -> Iterator[tuple[int, Any]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(
                f"{path}: invalid JSON on line {lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        except RecursionError:
            raise UserError(f"{path}: JSON on line {lineno} nested too deeply") from None
        yield lineno, record


def _read_delimited(
    path: Path, text: str, delimiter: str, mapping: ColumnMapping
) -> Iterator[Report]:
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise UserError(f"{path}: malformed CSV on line {reader.line_num}: {exc}") from None
    if not header:
        raise UserError(f"{path}: no header row")
    columns = mapping.resolve(header, str(path))

    def rows() -> Iterator[tuple[int, Any]]:
        try:
            for row in reader:
                yield reader.line_num, row
        except csv.Error as exc:
            raise UserError(f"{path}: malformed CSV on line {reader.line_num}: {exc}") from None

    yield from _records(path, rows(), mapping, columns)


def _read_table(path: Path, mapping: ColumnMapping) -> Iterator[Report]:
    """Parquet, Arrow/Feather (file or stream) tables via pyarrow, the backend of ``datasets``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        if path.suffix.lower() in {".parquet", ".pq"}:
            table = pq.read_table(path)
        else:
            table = _read_arrow(path, pa)
    except (pa.ArrowException, OSError) as exc:
        raise UserError(f"{path}: cannot read table ({_first_line(exc)})") from None
    columns = mapping.resolve(table.column_names, str(path))
    yield from _records(path, enumerate(table.to_pylist(), 1), mapping, columns)


def _read_arrow(path: Path, pa: Any) -> Any:
    try:
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_file(source).read_all()
    except pa.ArrowInvalid:
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_stream(source).read_all()


def _is_saved_dataset(folder: Path) -> bool:
    return (folder / "dataset_info.json").is_file() and (folder / "state.json").is_file()


def _read_saved_dataset(folder: Path, mapping: ColumnMapping) -> Iterator[Report]:
    """A folder written by ``datasets.Dataset.save_to_disk``."""
    import datasets

    try:
        ds = datasets.load_from_disk(str(folder))
    except (OSError, ValueError) as exc:
        raise UserError(f"{folder}: cannot load dataset ({_first_line(exc)})") from None
    splits = [ds[name] for name in sorted(ds)] if isinstance(ds, datasets.DatasetDict) else [ds]
    for split in splits:
        columns = mapping.resolve(split.column_names, str(folder))
        yield from _records(folder, enumerate(split, 1), mapping, columns)


def _records(
    path: Path,
    records: Iterable[tuple[int, Any]],
    mapping: ColumnMapping,
    columns: dict[str, str | None] | None = None,
) -> Iterator[Report]:
    """Turn numbered records (dicts) into reports, resolving columns from the first record."""
    count = skipped = 0
    for number, record in records:
        where = f"{path}: record {number}"
        if not isinstance(record, Mapping):
            raise UserError(f"{where}: expected an object with a text field")
        if columns is None:
            columns = mapping.resolve(record.keys(), str(path))
        report = _record_report(record, columns, path, number, where)
        if report is None:
            skipped += 1
        else:
            count += 1
            yield report
    if skipped:
        log.warning("%s: skipped %d record(s) with empty text", path, skipped)
    if count == 0:
        raise UserError(f"{path}: no records with text")


def _record_report(
    record: Mapping[str, Any],
    columns: dict[str, str | None],
    path: Path,
    number: int,
    where: str,
) -> Report | None:
    def get(field: str) -> Any:
        column = columns[field]
        return None if column is None else record.get(column)

    text = get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if not isinstance(text, str):
        raise UserError(f"{where}: text column {columns['text']!r} is not a string")
    outlet, url, title = (_scalar(get(f)) for f in ("outlet", "url", "title"))
    if columns["id"] is not None:
        raw_id = _scalar(get("id"))
        if raw_id is None:
            raise UserError(f"{where}: id column {columns['id']!r} is empty")
        report_id = raw_id
    else:
        report_id = Report.make_id(text, _hint(outlet, url))
    return Report(
        id=report_id,
        text=text,
        outlet=outlet,
        url=url,
        title=title,
        published=parse_date(get("published")),
        path=str(path),
        meta={"record": str(number)},
    )


def _scalar(value: Any) -> str | None:
    """A metadata value as a trimmed string; nested values (dicts, lists) are ignored."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _hint(outlet: str | None, url: str | None) -> str:
    return f"{outlet or ''}|{url or ''}"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
