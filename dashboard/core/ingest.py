"""Reading corpora of articles from files into the canonical article frame.

Every input record is either loaded, rejected with a reason, or dropped as an
exact duplicate of a loaded one: ``read == loaded + rejected + duplicates``.
``source_row`` is the line number of the record's first line in CSV/TSV and
JSON Lines files (header = line 1), the sheet row in Excel, and the 1-based
position of the record in JSON arrays and Parquet files.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from dashboard.core.arabic import normalize
from dashboard.core.clean import clean_text, dedupe, strip_boilerplate
from dashboard.core.dates import parse_dates
from dashboard.core.schema import ARTICLE_COLUMNS, article_id, empty_articles

FORMATS = {
    ".csv": "delimited",
    ".tsv": "delimited",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".xlsx": "excel",
}
# Canonical field -> input column names it is recognised under (case-insensitive).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "العنوان"),
    "body": ("body", "content", "text", "article", "النص", "المحتوى"),
    "published_at": ("published_at", "date", "published", "date_extracted", "pubdate", "التاريخ"),
    "outlet": ("outlet", "source", "site", "publisher", "newspaper", "المصدر", "الموقع"),
    "url": ("url", "link", "الرابط"),
    "tags": ("tags", "keywords", "الكلمات", "الوسوم", "الكلمات المفتاحية", "الكلمات الدلالية"),
    "source": ("original_source", "source"),
    "source_id": ("id",),
}
REQUIRED = ("body", "published_at")
PROVENANCE = ("source_file", "source_row", "source_id", "boilerplate")
REJECTED_COLUMNS = ("source_file", "source_row", "reason", "raw")
TAG_SEPARATORS = re.compile(r"[,،|;]")
RAW_CHARS = 200


class IngestError(ValueError):
    """A file cannot be read as a corpus at all (format, encoding, columns)."""


@dataclass
class IngestResult:
    """What ``read_corpus`` made of its input."""

    articles: pd.DataFrame
    rejected: pd.DataFrame
    duplicates: pd.DataFrame
    report: dict = field(default_factory=dict)


@dataclass
class _Table:
    """The records of one file, before mapping: rows that parsed, and rows that did not."""

    frame: pd.DataFrame
    rows: list[int]
    bad: list[tuple[int, str, str]] = field(default_factory=list)  # (row, reason, raw)


def read_corpus(
    paths: Sequence[str | Path],
    mapping: dict[str, str] | None = None,
    crawl_date: datetime | None = None,
) -> IngestResult:
    """Read files and folders of articles into one canonical frame.

    Args:
        paths: Files (CSV, TSV, JSON Lines, JSON array, Parquet, Excel, any
            of them gzip'd) and folders, searched recursively.
        mapping: Canonical field -> input column, overriding detection.
        crawl_date: The base for relative dates ("منذ 20 يوما"); without it
            they are rejected.

    Returns:
        The loaded articles, the rejected records, the duplicates and a report.

    Raises:
        IngestError: A file is unsupported, undecodable or lacks required columns.
    """
    files = [f for p in paths for f in _expand(Path(p))]
    loaded, rejected, read = [], [], 0
    for path in files:
        table = _read_file(path)
        columns = _map_columns(list(table.frame.columns), mapping, path)
        articles, bad = _to_articles(table, columns, str(path), crawl_date)
        loaded.append(articles)
        rejected.append(bad)
        read += len(table.rows) + len(table.bad)
    articles = pd.concat([_empty_loaded(), *loaded], ignore_index=True)
    kept, duplicates = dedupe(articles)
    kept["id"] = _unique_ids(kept["id"])
    rejected_frame = pd.concat([_empty_rejected(), *rejected], ignore_index=True)
    report = {
        "read": read,
        "loaded": len(kept),
        "rejected": len(rejected_frame),
        "duplicates": len(duplicates),
        "reasons": dict(Counter(_reason_kind(r) for r in rejected_frame["reason"])),
        "files": [str(f) for f in files],
    }
    return IngestResult(kept, rejected_frame, duplicates, report)


def _expand(path: Path) -> list[Path]:
    """A file itself, or the supported files under a folder, sorted."""
    if path.is_dir():
        found = (p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        return sorted(p for p in found if _format(p))
    if not path.is_file():
        raise IngestError(f"{path}: no such file or folder")
    if not _format(path):
        raise IngestError(f"{path}: unsupported format (expected one of {', '.join(FORMATS)})")
    return [path]


def _format(path: Path) -> str | None:
    """The reader for a path from its suffix (looking through .gz)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return FORMATS.get(suffixes[-1]) if suffixes else None


def _read_file(path: Path) -> _Table:
    """Read one file into a table of raw records."""
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise IngestError(f"{path}: not a readable gzip file: {err}") from err
    kind = _format(path)
    if kind == "parquet":
        frame = pd.read_parquet(io.BytesIO(data))
        return _Table(frame, list(range(1, len(frame) + 1)))
    if kind == "excel":
        frame = pd.read_excel(io.BytesIO(data), dtype=object)
        return _Table(frame, list(range(2, len(frame) + 2)))
    text = decode(data, path)
    if kind == "jsonl":
        return _read_jsonl(text)
    if kind == "json":
        return _read_json(text, path)
    return _read_delimited(text, path)


def decode(data: bytes, path: Path | str = "<bytes>") -> str:
    """Decode text whose encoding is detected, not assumed.

    UTF-8 (with or without BOM), UTF-16 with a BOM, then Windows-1256 when
    the result is mostly Arabic, then ISO-8859-6.

    Raises:
        IngestError: None of them decodes the bytes.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1256", errors="replace")
    if _mostly_arabic(text):
        return text
    try:
        return data.decode("iso-8859-6")
    except UnicodeDecodeError as err:
        raise IngestError(
            f"{path}: cannot detect the encoding (tried UTF-8, UTF-16, Windows-1256, ISO-8859-6)"
        ) from err


def _mostly_arabic(text: str, threshold: float = 0.9) -> bool:
    """Whether nearly all non-ASCII letters are Arabic (as cp1256 Arabic decodes)."""
    letters = [c for c in text if not c.isascii() and c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return bool(letters) and arabic / len(letters) >= threshold


def _read_jsonl(text: str) -> _Table:
    """JSON Lines: one object a line; a line that does not parse is a bad row."""
    records, rows, bad = [], [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            bad.append((number, f"malformed row (line {number}): {err.msg}", line[:RAW_CHARS]))
            continue
        if not isinstance(record, dict):
            bad.append((number, f"malformed row (line {number}): not an object", line[:RAW_CHARS]))
            continue
        records.append(record)
        rows.append(number)
    return _Table(pd.DataFrame(records, dtype=object), rows, bad)


def _read_json(text: str, path: Path) -> _Table:
    """A JSON array of objects, or an object holding one such array."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise IngestError(f"{path}: not valid JSON: {err}") from err
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else [data]
    if not isinstance(data, list):
        raise IngestError(f"{path}: expected a JSON array of objects")
    records, rows, bad = [], [], []
    for number, record in enumerate(data, start=1):
        if isinstance(record, dict):
            records.append(record)
            rows.append(number)
        else:
            bad.append((number, f"malformed row (record {number}): not an object", _raw(record)))
    return _Table(pd.DataFrame(records, dtype=object), rows, bad)


def _read_delimited(text: str, path: Path) -> _Table:
    """CSV or TSV with a sniffed delimiter; broken rows become bad rows."""
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))
    lines = [line + "\n" for line in text.split("\n")]
    if lines[-1] == "\n":
        lines.pop()
    delimiter = _sniff(lines, "\t" if ".tsv" in path.suffixes else ",")
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header = next(reader, [])
    columns = [c.strip() for c in header]
    records, rows, bad = [], [], []
    for number, row, error in _csv_rows(lines, reader.line_num, delimiter, len(columns)):
        if error:
            bad.append((number, f"malformed row (line {number}): {error}", lines[number - 1]))
        else:
            records.append(row)
            rows.append(number)
    frame = pd.DataFrame(records, columns=columns, dtype=object)
    return _Table(frame, rows, [(n, r, raw.strip()[:RAW_CHARS]) for n, r, raw in bad])


def _sniff(lines: list[str], default: str) -> str:
    """The delimiter: csv.Sniffer on a sample, checked against the header line."""
    sample = "".join(lines[:50])[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = default
    header = lines[0] if lines else ""
    if delimiter in header:
        return delimiter
    counts = {d: header.count(d) for d in ",\t;|"}
    best = max(counts, key=counts.get)
    return best if counts[best] else default


def _csv_rows(
    lines: list[str], start: int, delimiter: str, width: int
) -> Iterator[tuple[int, list[str], str]]:
    """Yield (line number, fields, error) for each record after the header.

    A record whose fields do not match the header is an error. When such a
    record spans several lines (an unclosed quote swallowed what followed),
    only its first line is rejected and parsing restarts on the next line.
    """
    pos = start
    while pos < len(lines):
        reader = csv.reader(itertools.islice(lines, pos, None), delimiter=delimiter, strict=True)
        consumed, restart = 0, None
        try:
            for row in reader:
                number, span = pos + consumed + 1, reader.line_num - consumed
                consumed = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) == width:
                    yield number, row, ""
                    continue
                yield number, [], f"expected {width} fields, found {len(row)}"
                if span > 1:
                    restart = number
                    break
        except csv.Error as err:
            restart = pos + consumed + 1
            yield restart, [], str(err)
        if restart is None:
            return
        pos = restart


def _map_columns(found: list[str], mapping: dict[str, str] | None, path: Path) -> dict[str, str]:
    """Canonical field -> input column for one file, from aliases and ``mapping``."""
    keys = {_column_key(c): c for c in reversed(found)}
    columns: dict[str, str] = {}
    for name, aliases in COLUMN_ALIASES.items():
        taken = set(columns.values())
        match = next((keys[a] for a in map(_column_key, aliases) if a in keys), None)
        if match is not None and match not in taken:
            columns[name] = match
    for name, column in (mapping or {}).items():
        if name not in COLUMN_ALIASES:
            raise IngestError(
                f"mapping names unknown field {name!r}; known: {list(COLUMN_ALIASES)}"
            )
        if column not in found:
            raise IngestError(
                f"{path}: mapped column {column!r} (for {name!r}) not found; columns found: {found}"
            )
        columns = {k: v for k, v in columns.items() if v != column}
        columns[name] = column
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        expected = {name: list(COLUMN_ALIASES[name]) for name in missing}
        raise IngestError(
            f"{path}: missing required columns {missing}; columns found: {found}; "
            f"expected one of: {expected} (or pass mapping=)"
        )
    return columns


def _column_key(name: object) -> str:
    """A column name folded for matching."""
    return normalize(str(name)).strip().lower()


def _to_articles(
    table: _Table, columns: dict[str, str], source_file: str, crawl_date: datetime | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn one file's records into canonical articles and rejected records."""
    frame = table.frame.reset_index(drop=True)

    def text(name: str) -> list[str]:
        if name not in columns:
            return [""] * len(frame)
        return [_text(v) for v in frame[columns[name]]]

    titles = [clean_text(t) for t in text("title")]
    stripped = [strip_boilerplate(clean_text(b)) for b in text("body")]
    raw_dates = frame[columns["published_at"]].reset_index(drop=True)
    dates = parse_dates(raw_dates, base=crawl_date)
    reasons = [
        _reason(title, body, raw, date)
        for title, (body, _), raw, date in zip(titles, stripped, raw_dates, dates, strict=True)
    ]
    urls = text("url")
    outlets = [o or _host(u) for o, u in zip(text("outlet"), urls, strict=True)]
    tag_values = frame[columns["tags"]] if "tags" in columns else [None] * len(frame)
    out = pd.DataFrame(
        {
            "title": titles,
            "body": [body for body, _ in stripped],
            "published_at": dates,
            "outlet": outlets,
            "url": urls,
            "tags": [_tags(v) for v in tag_values],
            "source": text("source"),
            "source_file": source_file,
            "source_row": table.rows,
            "source_id": text("source_id"),
            "boilerplate": ["\n".join(removed) for _, removed in stripped],
        }
    )
    ok = pd.Series([r is None for r in reasons])
    out = out.loc[ok]
    out.insert(0, "id", _ids(out))
    bad = [(row, reason, _raw(record)) for row, reason, record in _rejects(table, reasons)]
    bad_frame = pd.DataFrame(
        [(source_file, *b) for b in table.bad + bad], columns=list(REJECTED_COLUMNS)
    )
    return out.reset_index(drop=True), bad_frame


def _rejects(table: _Table, reasons: list[str | None]) -> Iterator[tuple[int, str, dict]]:
    """(row, reason, record) for each record that has a reason to be rejected."""
    for position, reason in enumerate(reasons):
        if reason is not None:
            yield table.rows[position], reason, table.frame.iloc[position].to_dict()


def _reason(title: str, body: str, raw_date: object, date: pd.Timestamp) -> str | None:
    """Why a record cannot be loaded, or None when it can."""
    if not title and not body:
        return "missing title and body"
    if not body:
        return "empty body"
    if pd.isna(date):
        if not _text(raw_date).strip():
            return "missing date"
        return f"unparseable date: {_text(raw_date)[:60]!r}"
    return None


def _ids(frame: pd.DataFrame) -> list[str]:
    """schema.article_id for each row."""
    return [
        article_id(url, outlet, title, date.isoformat())
        for url, outlet, title, date in zip(
            frame["url"], frame["outlet"], frame["title"], frame["published_at"], strict=True
        )
    ]


def _unique_ids(ids: pd.Series) -> pd.Series:
    """Suffix "-2", "-3", ... to repeated ids (same outlet, title and date, no URL)."""
    counts = ids.groupby(ids).cumcount()
    return ids.where(counts == 0, ids + "-" + (counts + 1).astype(str))


def _text(value: object) -> str:
    """A cell as a string: missing values become ''."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return value if isinstance(value, str) else str(value)


def _host(url: str) -> str:
    """The host of a URL without "www.", '' when there is none."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _tags(value: object) -> list[str]:
    """Tags from a list, a JSON list string or a delimited string."""
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            value = value.strip("[]")
    if isinstance(value, str):
        parts = TAG_SEPARATORS.split(value)
    elif value is not None and pd.api.types.is_list_like(value):
        parts = [_text(v) for v in value]
    else:
        parts = []
    return [" ".join(p.split()) for p in parts if p and p.strip()]


def _raw(record: object) -> str:
    """A short repr of a record for the rejected table."""
    if isinstance(record, dict):
        record = {k: v for k, v in record.items() if _text(v) != ""}
    text = repr(record)
    return text if len(text) <= RAW_CHARS else text[: RAW_CHARS - 1] + "…"


def _reason_kind(reason: str) -> str:
    """A reason without its details, for counting: "unparseable date"."""
    return re.sub(r"\s*\((?:line|record) \d+\)", "", reason).split(":")[0]


def _empty_loaded() -> pd.DataFrame:
    """An empty loaded-articles frame: canonical columns plus provenance."""
    frame = empty_articles()
    for name in PROVENANCE:
        frame[name] = pd.Series(dtype="int64" if name == "source_row" else "object")
    return frame[[*ARTICLE_COLUMNS, *PROVENANCE]]


def _empty_rejected() -> pd.DataFrame:
    """An empty rejected-records frame."""
    return pd.DataFrame({name: pd.Series(dtype="object") for name in REJECTED_COLUMNS})
