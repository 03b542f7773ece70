"""Structured records (JSON, JSONL, CSV/TSV, Parquet/Arrow tables, ``datasets`` folders) as reports.

A :class:`ColumnMapping` says which record field holds the text and the metadata; records with
empty text are skipped with a warning, every other fault is a one-line
:class:`~verifier.errors.UserError` naming the file and the record.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from verifier.errors import UserError
from verifier.model import Report
from verifier.safetext import for_terminal

log = logging.getLogger(__name__)

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
        """Map each field to a column present in ``columns``; raise if the text column is absent,
        named twice, or (without an explicit name) found under several aliases."""
        present = list(columns)
        lowered = {c.lower(): c for c in present}
        _check_duplicates(present, source)
        resolved: dict[str, str | None] = {}
        for name, aliases in COLUMN_ALIASES.items():
            explicit: str | None = getattr(self, name)
            if explicit is not None:
                if explicit not in present:
                    shown = ", ".join(map(_shown, present[:12])) or "none"
                    raise UserError(f"{source}: no {name} column {explicit!r} (columns: {shown})")
                resolved[name] = explicit
                continue
            resolved[name] = next((lowered[a] for a in aliases if a in lowered), None)
        candidates = [lowered[a] for a in COLUMN_ALIASES["text"] if a in lowered]
        if self.text is None and len(candidates) > 1:
            raise UserError(
                f"{source}: several text columns ({', '.join(map(_shown, candidates))}); "
                "choose one with --text-column"
            )
        if resolved["text"] is None:
            shown = ", ".join(map(_shown, present[:12])) or "none"
            raise UserError(
                f"{source}: no text column (looked for {', '.join(COLUMN_ALIASES['text'])}; "
                f"columns: {shown}); name it with --text-column"
            )
        return resolved


def _check_duplicates(columns: list[str], source: str) -> None:
    """Columns named twice (ignoring case) would be picked silently: name them instead."""
    seen: dict[str, str] = {}
    twice: list[str] = []
    for column in columns:
        key = column.strip().lower()
        if key in seen and seen[key] not in twice:
            twice.append(seen[key])
        seen.setdefault(key, column)
    if twice:
        raise UserError(f"{source}: duplicate columns: {', '.join(map(_shown, twice))}")


def _shown(column: str) -> str:
    return for_terminal(column) if column and column == column.strip() else repr(column)


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


def json_records(path: Path, text: str) -> Iterator[tuple[int, Any]]:
    """Records of a JSON file: an object, a list of objects, or an object holding such a list."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from jsonl_records(path, text)  # JSON Lines saved as .json
            return
        raise UserError(
            f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise UserError(f"{path}: JSON nested too deeply") from None
    except _DuplicateKey as exc:
        raise UserError(f"{path}: duplicate key {_shown(str(exc))} in a JSON object") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise UserError(f"{path}: unreadable JSON value ({_short(exc)})") from None
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


def jsonl_records(path: Path, text: str) -> Iterator[tuple[int, Any]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as exc:
            raise UserError(
                f"{path}: invalid JSON on line {lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        except RecursionError:
            raise UserError(f"{path}: JSON on line {lineno} nested too deeply") from None
        except _DuplicateKey as exc:
            raise UserError(f"{path}: duplicate key {_shown(str(exc))} on line {lineno}") from None
        except ValueError as exc:
            raise UserError(
                f"{path}: unreadable JSON value on line {lineno} ({_short(exc)})"
            ) from None
        yield lineno, record


class _DuplicateKey(Exception):
    """A JSON object names a key twice (``json`` would keep the last value silently)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def _short(exc: Exception) -> str:
    return str(exc).split(";")[0].split(":")[0]


def read_delimited(
    path: Path, text: str, delimiter: str, mapping: ColumnMapping
) -> Iterator[Report]:
    """Rows of a CSV/TSV file with a header row (RFC 4180 quoting, checked strictly).

    A quote left open (which would swallow the rest of the file into one field), text after a
    closing quote, or a row whose field count differs from the header's is one error line.
    """
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1  # the line the current row starts on

    def malformed(exc: csv.Error) -> UserError:
        hint = " (a quote opened here is never closed?)" if "end of data" in str(exc) else ""
        return UserError(f"{path}: malformed CSV in the row starting on line {start}: {exc}{hint}")

    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise malformed(exc) from None
    if not header:
        raise UserError(f"{path}: no header row")
    columns = mapping.resolve(header, str(path))

    def rows() -> Iterator[tuple[int, Any]]:
        nonlocal start
        try:
            start = reader.line_num + 1
            for row in reader:
                if row:
                    if len(row) != len(header):
                        raise UserError(
                            f"{path}: the row starting on line {start} has {len(row)} field(s), "
                            f"the header has {len(header)} (a stray quote or delimiter?)"
                        )
                    yield start, dict(zip(header, row, strict=True))
                start = reader.line_num + 1
        except csv.Error as exc:
            raise malformed(exc) from None

    yield from records(path, rows(), mapping, columns)


def read_table(path: Path, mapping: ColumnMapping) -> Iterator[Report]:
    """Parquet, Arrow/Feather (file or stream) tables via pyarrow, the backend of ``datasets``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        if path.suffix.lower() in {".parquet", ".pq"}:
            table = pq.read_table(path)
        else:
            table = _read_arrow(path, pa)
    except (pa.ArrowException, OSError) as exc:
        raise UserError(f"{path}: cannot read table ({first_line(exc)})") from None
    columns = mapping.resolve(table.column_names, str(path))
    yield from records(path, enumerate(table.to_pylist(), 1), mapping, columns)


def _read_arrow(path: Path, pa: Any) -> Any:
    try:
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_file(source).read_all()
    except pa.ArrowInvalid:
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_stream(source).read_all()


def is_saved_dataset(folder: Path) -> bool:
    return (folder / "dataset_info.json").is_file() and (folder / "state.json").is_file()


def read_saved_dataset(folder: Path, mapping: ColumnMapping) -> Iterator[Report]:
    """A folder written by ``datasets.Dataset.save_to_disk``."""
    import datasets

    try:
        ds = datasets.load_from_disk(str(folder))
    except (OSError, ValueError) as exc:
        raise UserError(f"{folder}: cannot load dataset ({first_line(exc)})") from None
    splits = [ds[name] for name in sorted(ds)] if isinstance(ds, datasets.DatasetDict) else [ds]
    for split in splits:
        columns = mapping.resolve(split.column_names, str(folder))
        yield from records(folder, enumerate(split, 1), mapping, columns)


def records(
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
        raise UserError(f"{where}: text column {_shown(str(columns['text']))} is not a string")
    outlet, url, title = (_scalar(get(f)) for f in ("outlet", "url", "title"))
    for field, value in (("text", text), ("outlet", outlet), ("url", url), ("title", title)):
        _check_encodable(value, field, where)
    if columns["id"] is not None:
        raw_id = _scalar(get("id"))
        _check_encodable(raw_id, "id", where)
        if raw_id is None:
            raise UserError(f"{where}: id column {columns['id']!r} is empty")
        report_id = raw_id
    else:
        report_id = Report.make_id(text, id_hint(outlet, url))
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


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_encodable(value: str | None, field: str, where: str) -> None:
    """JSON may escape half of a UTF-16 pair (``\\ud800``): such text cannot be stored or shown."""
    if value is not None and (found := _SURROGATE.search(value)):
        raise UserError(
            f"{where}: {field} holds an invalid \\u{ord(found.group()):04x} escape "
            f"(half of a UTF-16 pair) at character {found.start()}"
        )


def _scalar(value: Any) -> str | None:
    """A metadata value as a trimmed string; nested values (dicts, lists) are ignored."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def id_hint(outlet: str | None, url: str | None) -> str:
    return f"{outlet or ''}|{url or ''}"


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
