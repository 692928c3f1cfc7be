"""Reading corpora of articles from files into the canonical article frame.

Every input record is either loaded, rejected with a reason, or dropped as an
exact duplicate of a loaded one: ``read == loaded + rejected + duplicates``.
``source_row`` is the line number of the record's first line in CSV/TSV and
JSON Lines files (header = line 1), the sheet row in Excel, and the 1-based
position of the record in JSON arrays and Parquet files, and the position of
the article on its page for raw text or HTML pages. Zip members are named
``archive.zip!member``. Near-duplicates are loaded, marked and listed.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pandas as pd

from dashboard.core.arabic import normalize
from dashboard.core.clean import (
    clean_line,
    clean_text,
    dedupe,
    remove_repeated_lines,
    removed_by_cleaning,
    strip_boilerplate,
)
from dashboard.core.dates import is_implausible, parse_date, parse_dates
from dashboard.core.neardup import THRESHOLD as NEAR_THRESHOLD
from dashboard.core.neardup import near_duplicates
from dashboard.core.schema import ARTICLE_COLUMNS, article_id, empty_articles
from dashboard.core.scraped import split_page

FORMATS = {
    ".csv": "delimited",
    ".tsv": "delimited",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".xlsx": "excel",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".zip": "zip",
}
# Canonical field -> input column names it is recognised under (case-insensitive).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "العنوان"),
    "body": (
        *("body", "content", "text", "article", "maintext", "النص", "المحتوى"),
        *("excerpt", "description", "summary", "الملخص"),
    ),
    "published_at": (
        *("published_at", "date", "published", "date_publish", "date_extracted", "pubdate"),
        "التاريخ",
    ),
    "outlet": (
        *("outlet", "source", "site", "publisher", "newspaper", "source_domain"),
        *("المصدر", "الموقع"),
    ),
    "url": ("url", "link", "الرابط"),
    "tags": ("tags", "keywords", "الكلمات", "الوسوم", "الكلمات المفتاحية", "الكلمات الدلالية"),
    "source": ("original_source", "source"),
    "source_id": ("id",),
    "related": ("related", "related_titles"),
    "date_source": ("date_source",),
}
REQUIRED = ("body", "published_at")
# The fields a person maps by hand, in the order a form shows them.
MAPPABLE = ("title", "body", "published_at", "outlet", "url", "tags")
# Readers whose records have columns of the file's own naming (pages have Marsad's).
TABULAR = frozenset({"delimited", "jsonl", "json", "parquet", "excel"})
# Columns beside the canonical ones: where each record came from, what was cut from it,
# related headlines, how its date was found, and the copies of its story.
EXTRA = {
    "source_file": "object",
    "source_row": "int64",
    "source_id": "object",
    "boilerplate": "object",
    "related": "object",
    "date_source": "object",
    "near_duplicate_of": "object",
    "also_published_by": "object",
}
PROVENANCE = tuple(EXTRA)
REJECTED_COLUMNS = ("source_file", "source_row", "reason", "raw")
TAG_SEPARATORS = re.compile(r"[,،|;]")
RAW_CHARS = 200
MAX_MEMBER_BYTES = 1 << 30  # a zip member or gzip file that unpacks to more is refused
MAX_ARCHIVE_BYTES = 4 << 30  # a zip whose members unpack to more in all is cut off there
# Text fields whose cleaning is reported record by record (bidirectional controls removed,
# and markup removed from every one but the body, where HTML is an input format).
REPORTED_FIELDS = ("title", "body", "outlet", "source", "tags")
MAX_CHANGE_WARNINGS = 20  # records named in the warnings per file; text_changes_list has all


class IngestError(ValueError):
    """A file cannot be read as a corpus at all (format, encoding, columns).

    ``columns`` holds the columns of the tables that were read, so that a
    person can map them when none was recognised.
    """

    def __init__(self, message: str, columns: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.columns = list(columns)


@dataclass
class IngestResult:
    """What ``read_corpus`` made of its input.

    ``articles`` holds every loaded article, near-duplicates included (they
    carry ``near_duplicate_of``); ``duplicates`` the exact duplicates left out,
    with ``duplicate_of``; ``near_duplicates`` one row per near-copy.
    """

    articles: pd.DataFrame
    rejected: pd.DataFrame
    duplicates: pd.DataFrame
    report: dict = field(default_factory=dict)
    near_duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def columns(self) -> list[str]:
        """The columns of the tables read, in the order first met (see ``IngestError``)."""
        return self.report.get("columns", [])


@dataclass
class _Table:
    """The records of one file, before mapping: rows that parsed, and rows that did not."""

    frame: pd.DataFrame
    rows: list[int]
    bad: list[tuple[int, str, str]] = field(default_factory=list)  # (row, reason, raw)


@dataclass
class _Log:
    """Problems met while reading: whole files that failed, and warnings."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_corpus(
    paths: Sequence[str | Path],
    mapping: dict[str, str] | None = None,
    crawl_date: datetime | None = None,
    near_threshold: float = NEAR_THRESHOLD,
) -> IngestResult:
    """Read files and folders of articles into one canonical frame.

    A file that cannot be read at all (format, encoding, columns) is listed
    in ``report["errors"]`` and the others are still read.

    Args:
        paths: Files (CSV, TSV, JSON Lines, JSON array, news-please JSON,
            Parquet, Excel, plain-text or HTML pages, any of them gzip'd or
            in a zip) and folders, searched recursively.
        mapping: Canonical field -> input column of the tables, overriding
            detection; an empty column leaves the field unused.
        crawl_date: The base for relative dates ("منذ 20 يوما"), and the
            date of a page that shows none; without it relative dates are
            rejected and undated pages take their file's time.
        near_threshold: The least Jaccard similarity (word 3-grams) of two
            near-duplicate articles.

    Returns:
        The loaded articles, the rejected records, the duplicates and a report.

    Raises:
        IngestError: Nothing could be read, and the message says why.
    """
    log = _Log()
    files: list[Path] = []
    for p in paths:
        try:
            files.extend(_expand(Path(p), log))
        except IngestError as err:
            log.errors.append(str(err))
    loaded, rejected, changes, read = [], [], [], 0
    found: dict[str, None] = {}  # the tables' columns, in the order first met
    for path in files:
        for name, data, stamp in _members(path, log):
            tabular = _format(name) in TABULAR
            try:
                table = _read_data(name, data, stamp, crawl_date, log)
                if tabular:
                    found.update(dict.fromkeys(map(str, table.frame.columns)))
                columns = _map_columns(
                    list(table.frame.columns), mapping if tabular else None, name
                )
            except IngestError as err:
                log.errors.append(str(err))
                continue
            articles, bad, changed = _to_articles(table, columns, name, crawl_date)
            loaded.append(articles)
            rejected.append(bad)
            changes.extend(changed)
            read += len(table.rows) + len(table.bad)
    if log.errors and not loaded:
        raise IngestError("; ".join(log.errors), columns=list(found))
    articles = pd.concat([_empty_loaded(), *loaded], ignore_index=True)
    kept, duplicates = dedupe(articles)
    kept["id"] = _unique_ids(kept["id"])
    kept = _remove_repeated_lines(kept)
    near = near_duplicates(
        kept["id"].tolist(),
        [f"{t}\n{b}" for t, b in zip(kept["title"], kept["body"], strict=True)],
        order=kept["published_at"].tolist(),
        threshold=near_threshold,
    )
    kept = _link_copies(kept, duplicates, near)
    rejected_frame = pd.concat([_empty_rejected(), *rejected], ignore_index=True)
    report = {
        "read": read,
        "loaded": len(kept),
        "rejected": len(rejected_frame),
        "duplicates": len(duplicates),
        "near_duplicates": len(near),
        "reasons": dict(Counter(_reason_kind(r) for r in rejected_frame["reason"])),
        "date_sources": dict(Counter(kept["date_source"])),
        "boilerplate_lines_removed": sum(len(b.split("\n")) for b in kept["boilerplate"] if b),
        "boilerplate_articles": sum(bool(b) for b in kept["boilerplate"]),
        "boilerplate_chars_removed": sum(len(b) for b in kept["boilerplate"]),
        "text_changes": len({(c["source_file"], c["source_row"]) for c in changes}),
        "text_changes_list": changes,
        "duplicate_list": _listing(duplicates, "duplicate_of"),
        "near_duplicate_list": near.to_dict("records"),
        "files": [str(f) for f in files],
        "columns": list(found),
        "errors": log.errors,
        "warnings": log.warnings + _change_warnings(changes),
    }
    return IngestResult(kept, rejected_frame, duplicates, report, near)


def _change_warnings(changes: list[dict]) -> list[str]:
    """A warning per record whose text cleaning changed (see ``REPORTED_FIELDS``), naming its
    file, row and fields; past ``MAX_CHANGE_WARNINGS`` records of a file, one line counts the rest.
    """
    by_record: dict[tuple[str, int], list[str]] = {}
    for change in changes:
        controls = [r for r in change["removed"] if r.startswith("U+")]
        removed = [f"bidirectional controls {' '.join(controls)}"] if controls else []
        removed += [r for r in change["removed"] if not r.startswith("U+")]
        key = (change["source_file"], change["source_row"])
        by_record.setdefault(key, []).append(f"{change['field']}: {' and '.join(removed)} removed")
    warnings, per_file = [], Counter()
    for (name, row), parts in by_record.items():
        per_file[name] += 1
        if per_file[name] <= MAX_CHANGE_WARNINGS:
            warnings.append(f"{name} row {row}: {'; '.join(parts)}")
    warnings += [
        f"{name}: {n - MAX_CHANGE_WARNINGS} more rows had text removed the same way "
        "(every row is in text_changes_list)"
        for name, n in per_file.items()
        if n > MAX_CHANGE_WARNINGS
    ]
    return warnings


def _listing(frame: pd.DataFrame, of: str) -> list[dict]:
    """Rows of a duplicates frame as small dicts for the report."""
    columns = ["id", of, "outlet", "source_file", "source_row"]
    return frame[columns].astype({"source_row": "int64"}).to_dict("records")


def _remove_repeated_lines(articles: pd.DataFrame) -> pd.DataFrame:
    """Remove the boilerplate lines learned from the corpus, adding them to ``boilerplate``."""
    bodies, removed = remove_repeated_lines(
        articles["body"].tolist(), articles["outlet"].tolist(), articles["tags"].tolist()
    )
    return articles.assign(
        body=bodies,
        boilerplate=[
            "\n".join(filter(None, [old, *lines]))
            for old, lines in zip(articles["boilerplate"], removed, strict=True)
        ],
    )


def _link_copies(
    articles: pd.DataFrame, duplicates: pd.DataFrame, near: pd.DataFrame
) -> pd.DataFrame:
    """Mark near-copies and list, on each canonical article, who else ran the story and when."""
    of_near = dict(zip(near["id"], near["near_duplicate_of"], strict=True))
    by_id = articles.set_index("id")[["outlet", "published_at"]]
    copies: dict[str, list[str]] = {}
    for copy_id, original in of_near.items():
        outlet, date = by_id.loc[copy_id]
        copies.setdefault(original, []).append(_copy_label(outlet, date))
    for outlet, date, original in zip(
        duplicates["outlet"], duplicates["published_at"], duplicates["duplicate_of"], strict=True
    ):
        original = of_near.get(original, original)
        copies.setdefault(original, []).append(_copy_label(outlet, date))
    return articles.assign(
        near_duplicate_of=[of_near.get(i, "") for i in articles["id"]],
        also_published_by=[copies.get(i, []) for i in articles["id"]],
    )


def _copy_label(outlet: str, date: pd.Timestamp) -> str:
    """ "outlet (2024-06-10)": who ran a copy of a story, and when."""
    return f"{outlet or '?'} ({date:%Y-%m-%d})" if not pd.isna(date) else outlet or "?"


def _expand(path: Path, log: _Log) -> list[Path]:
    """A file itself, or the supported files under a folder, sorted (the others are named)."""
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        skipped = [p.name for p in found if not _format(p.name)]
        if skipped:
            log.warnings.append(
                f"{path}: skipped {len(skipped)} file(s) of unsupported format: "
                + ", ".join(skipped[:5])
                + (", ..." if len(skipped) > 5 else "")
            )
        supported = [p for p in found if _format(p.name)]
        if not supported:
            raise IngestError(
                f"{path}: no supported files in this folder (expected one of {', '.join(FORMATS)})"
            )
        return supported
    if not path.is_file():
        raise IngestError(f"{path}: no such file or folder")
    if not _format(path.name):
        raise IngestError(f"{path}: unsupported format (expected one of {', '.join(FORMATS)})")
    return [path]


def _format(name: str) -> str | None:
    """The reader for a file name from its suffix (looking through .gz)."""
    suffixes = [s.lower() for s in PurePosixPath(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return FORMATS.get(suffixes[-1]) if suffixes else None


def _members(path: Path, log: _Log) -> Iterator[tuple[str, bytes, datetime]]:
    """(name, bytes, time) of a file, or of each supported file inside a zip.

    Zip members are read in memory and never extracted, so a member named
    "../x.csv" or "/etc/x.csv" cannot write anywhere; its name is shown
    without the unsafe parts.
    """
    stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)
    if _format(path.name) != "zip":
        yield str(path), path.read_bytes(), stamp
        return
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = 0
            for info in archive.infolist():
                if info.is_dir():
                    continue
                name = _safe_member_name(info.filename)
                if name != info.filename:
                    log.warnings.append(
                        f"{path}: member {info.filename!r} has an unsafe path; "
                        f"read in memory as {name!r}, nothing extracted"
                    )
                kind = _format(name)
                if kind in (None, "zip"):
                    log.warnings.append(f"{path}: member {name!r} skipped (unsupported format)")
                    continue
                if info.file_size > MAX_MEMBER_BYTES:
                    log.errors.append(
                        f"{path}!{name}: member too large: unpacks to {info.file_size:,} bytes, "
                        f"over the limit of {MAX_MEMBER_BYTES:,}; refused without unpacking"
                    )
                    continue
                unpacked += info.file_size
                if unpacked > MAX_ARCHIVE_BYTES:
                    log.errors.append(
                        f"{path}: members unpack to more than {MAX_ARCHIVE_BYTES:,} bytes in all; "
                        f"refused from {name!r} on"
                    )
                    return
                # zipfile reads no more than the declared size (a lie fails the CRC check).
                yield f"{path}!{name}", archive.read(info), datetime(*info.date_time)
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        log.errors.append(f"{path}: not a readable zip file: {err}")


def _safe_member_name(name: str) -> str:
    """A zip member's path without drive letters, leading slashes or '..' parts."""
    parts = [p for p in re.split(r"[\\/]+", name) if p not in ("", ".", "..")]
    parts = [re.sub(r"^[A-Za-z]:", "", p) for p in parts]
    return "/".join(p for p in parts if p) or "unnamed"


def _read_data(
    name: str, data: bytes, stamp: datetime, crawl_date: datetime | None, log: _Log
) -> _Table:
    """Read the bytes of one file into a table of raw records."""
    if name.lower().endswith(".gz"):
        data = _gunzip(data, name, log)
    if not data:
        raise IngestError(f"{name}: empty file (0 bytes)")
    kind = _format(name)
    if kind == "parquet":
        try:
            frame = pd.read_parquet(io.BytesIO(data))
        except Exception as err:  # pyarrow raises many types for a damaged file
            raise IngestError(f"{name}: not a readable Parquet file: {err}") from err
        return _Table(frame, list(range(1, len(frame) + 1)))
    if kind == "excel":
        try:
            frame = pd.read_excel(io.BytesIO(data), dtype=object)
        except Exception as err:  # openpyxl raises many types for a damaged file
            raise IngestError(f"{name}: not a readable Excel file: {err}") from err
        return _Table(frame, list(range(2, len(frame) + 2)))
    text = decode(data, name)
    if "\x00" in text:
        log.warnings.append(f"{name}: removed {text.count(chr(0))} NUL characters")
        text = text.replace("\x00", "")
    if kind == "jsonl":
        return _read_jsonl(text)
    if kind == "json":
        return _read_json(text, name)
    if kind in ("text", "html"):
        return _read_page(text, kind == "html", crawl_date, stamp)
    return _read_delimited(text, name)


def _gunzip(data: bytes, name: str, log: _Log) -> bytes:
    """Decompress gzip data; a truncated stream gives what it holds, with a warning."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, MAX_MEMBER_BYTES + 1)
        if len(out) > MAX_MEMBER_BYTES:
            raise IngestError(
                f"{name}: too large: unpacks to more than {MAX_MEMBER_BYTES:,} bytes; "
                "refused, unpacking stopped at the limit"
            )
        out += inflater.flush()
    except zlib.error as err:
        raise IngestError(f"{name}: not a readable gzip file: {err}") from err
    if not inflater.eof:
        if not out:
            raise IngestError(f"{name}: truncated gzip file with nothing readable")
        log.warnings.append(
            f"{name}: truncated gzip file; read the first {len(out)} bytes it holds "
            "(a record cut at the end is rejected)"
        )
    return out


def decode(data: bytes, path: Path | str = "<bytes>") -> str:
    """Decode text whose encoding is detected, not assumed.

    UTF-8 (with or without BOM), UTF-16 with a BOM or without one (when the
    bytes read as Arabic or ASCII text that way), then Windows-1256 when the
    result is mostly Arabic, then ISO-8859-6. Bytes that are mostly UTF-8 but
    not all of it (mixed encodings in one file) are refused, not misread.

    Raises:
        IngestError: None of them decodes the bytes, or they mix encodings.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if len(data) % 2 == 0 and data.count(0) >= len(data) // 8:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _plain_text(text):
                return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if _mostly_utf8(data):
            line = data.count(b"\n", 0, err.start) + 1
            raise IngestError(
                f"{path}: mixed text encodings: mostly UTF-8, but line {line} is not; "
                "save the whole file as UTF-8 and try again"
            ) from err
    text = data.decode("cp1256", errors="replace")
    if _mostly_arabic(text):
        return text
    try:
        text = data.decode("iso-8859-6")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_arabic(text):
        return text
    raise IngestError(
        f"{path}: cannot detect the text encoding (tried UTF-8, UTF-16, Windows-1256 and "
        "ISO-8859-6); save the file as UTF-8 and try again"
    )


def _mostly_utf8(data: bytes) -> bool:
    """Whether more non-ASCII characters decode as UTF-8 than fail to."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return sum(1 for c in text if not c.isascii()) - bad > bad


def _plain_text(text: str) -> bool:
    """Whether nearly every character is Arabic, ASCII or common punctuation."""
    odd = sum(1 for c in text if not (c.isascii() or "\u0600" <= c <= "\u06ff" or c in "«»“”…–—"))
    return odd <= len(text) // 100


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


def _read_json(text: str, path: str) -> _Table:
    """A JSON array of objects, an object holding one such array, or one article object.

    A single object with article fields (a news-please file: ``title``,
    ``maintext``, ``date_publish``, ...) is one record.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise IngestError(f"{path}: not valid JSON: {err}") from err
    if isinstance(data, dict):
        fields = {_column_key(a) for name in ("title", "body") for a in COLUMN_ALIASES[name]}
        lists = [v for v in data.values() if isinstance(v, list)]
        is_article = any(_column_key(k) in fields for k in data)
        data = lists[0] if len(lists) == 1 and not is_article else [data]
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


def _read_page(text: str, is_html: bool, crawl_date: datetime | None, stamp: datetime) -> _Table:
    """A raw article page: one record per article on it (see ``scraped.split_page``).

    HTML pages go through trafilatura for their main text, title, site name
    and date. An article whose text shows no date takes the page's date, the
    crawl date, or else the file's time, and says which in ``date_source``.
    """
    meta: dict[str, object] = {}
    if is_html:
        text, meta = _html_page(text)
    articles = split_page(text, crawl_date)
    if articles and meta:
        first = articles[0]
        first.title = first.title or str(meta.get("title") or "")
        first.outlet = first.outlet or str(meta.get("sitename") or "")
        first.tags = first.tags or list(meta.get("tags") or [])
    page_date = parse_date(str(meta.get("date") or ""))
    records = []
    for article in articles:
        date, source = article.published_at, "text"
        if date is None and page_date is not None:
            date, source = page_date, "page metadata"
        elif date is None and crawl_date is not None:
            date, source = crawl_date, "crawl date"
        elif date is None:
            date, source = stamp, "file time"
        records.append(
            {
                "title": article.title,
                "body": article.body,
                "published_at": date,
                "outlet": article.outlet,
                "original_source": article.original_source,
                "url": str(meta.get("url") or "") if article is articles[0] else "",
                "tags": article.tags,
                "related": article.related,
                "date_source": source,
                "boilerplate": "\n".join(article.removed),
            }
        )
    if not records:
        records = [dict.fromkeys(("title", "body", "published_at"), "")]
    return _Table(pd.DataFrame(records, dtype=object), list(range(1, len(records) + 1)))


def _html_page(page: str) -> tuple[str, dict[str, object]]:
    """The main text of an HTML page (trafilatura), and its title, site name, date and tags."""
    import trafilatura  # slow to import: only for HTML pages

    document = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None:
        return "", {}
    meta = {
        "title": document.title,
        "sitename": document.sitename,
        "date": document.date,
        "url": document.url,
        "tags": [t.strip() for t in (document.tags or []) if t.strip()],
    }
    return document.text or "", meta


def _read_delimited(text: str, path: str) -> _Table:
    """CSV or TSV with a sniffed delimiter; broken rows become bad rows."""
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))
    lines = [line + "\n" for line in text.split("\n")]
    if lines[-1] == "\n":
        lines.pop()
    delimiter = _sniff(lines, "\t" if ".tsv" in PurePosixPath(path).suffixes else ",")
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


def detect_columns(found: Sequence[object]) -> dict[str, str]:
    """Canonical field -> input column, recognised by name (see ``COLUMN_ALIASES``).

    >>> detect_columns(["Headline", "النص", "date", "notes"])
    {'title': 'Headline', 'body': 'النص', 'published_at': 'date'}
    """
    keys = {_column_key(c): c for c in reversed(found)}
    columns: dict[str, str] = {}
    for name, aliases in COLUMN_ALIASES.items():
        taken = set(columns.values())
        match = next((keys[a] for a in map(_column_key, aliases) if a in keys), None)
        if match is not None and match not in taken:
            columns[name] = match
    return columns


def _map_columns(found: list[str], mapping: dict[str, str] | None, path: str) -> dict[str, str]:
    """Canonical field -> input column for one file, from aliases and ``mapping``."""
    columns = detect_columns(found)
    for name, column in (mapping or {}).items():
        if name not in COLUMN_ALIASES:
            raise IngestError(
                f"mapping names unknown field {name!r}; known: {list(COLUMN_ALIASES)}"
            )
        if not column:
            columns.pop(name, None)
            continue
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
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Turn one file's records into canonical articles, rejected records and the changes
    cleaning made to their text (see ``_text_changes``)."""
    frame = table.frame.reset_index(drop=True)

    def text(name: str) -> list[str]:
        if name not in columns:
            return [""] * len(frame)
        return [_text(v) for v in frame[columns[name]]]

    tag_values = frame[columns["tags"]] if "tags" in columns else [None] * len(frame)
    raw = {name: text(name) for name in ("title", "body", "outlet", "source")}
    raw["tags"] = [_tags(v) for v in tag_values]
    changes = _text_changes(raw, table.rows, source_file)
    titles = [clean_text(t) for t in raw["title"]]
    stripped = [strip_boilerplate(clean_text(b)) for b in raw["body"]]
    raw_dates = frame[columns["published_at"]].reset_index(drop=True)
    dates = parse_dates(raw_dates, base=crawl_date)
    reasons = [
        _reason(title, body, raw, date)
        for title, (body, _), raw, date in zip(titles, stripped, raw_dates, dates, strict=True)
    ]
    urls = text("url")
    outlets = [clean_line(o) or _host(u) for o, u in zip(raw["outlet"], urls, strict=True)]
    related = frame[columns["related"]] if "related" in columns else [None] * len(frame)
    cut = frame["boilerplate"] if "boilerplate" in frame else [""] * len(frame)
    out = pd.DataFrame(
        {
            "title": titles,
            "body": [body for body, _ in stripped],
            "published_at": dates,
            "outlet": outlets,
            "url": urls,
            "tags": [[t for t in map(clean_line, tags) if t] for tags in raw["tags"]],
            "source": [clean_line(s) for s in raw["source"]],
            "source_file": source_file,
            "source_row": table.rows,
            "source_id": text("source_id"),
            "boilerplate": [
                "\n".join(filter(None, [_text(page), *removed]))
                for page, (_, removed) in zip(cut, stripped, strict=True)
            ],
            "related": [_links(v) for v in related],
            "date_source": [d or "field" for d in text("date_source")],
        }
    )
    ok = pd.Series([r is None for r in reasons])
    out = out.loc[ok]
    out.insert(0, "id", _ids(out))
    bad = [(row, reason, _raw(record)) for row, reason, record in _rejects(table, reasons)]
    bad_frame = pd.DataFrame(
        [(source_file, *b) for b in table.bad + bad], columns=list(REJECTED_COLUMNS)
    )
    return out.reset_index(drop=True), bad_frame, changes


def _text_changes(fields: dict[str, list], rows: list[int], source_file: str) -> list[dict]:
    """Each record and field whose cleaning removed bidirectional controls or markup (in
    ``REPORTED_FIELDS``), with what was removed, in row order."""
    changes = []
    for name in REPORTED_FIELDS:
        for row, value in zip(rows, fields[name], strict=True):
            removed = removed_by_cleaning(
                "\n".join(value) if isinstance(value, list) else value, markup=name != "body"
            )
            if removed:
                where = {"source_file": source_file, "source_row": row}
                changes.append({**where, "field": name, "removed": removed})
    return sorted(changes, key=lambda change: change["source_row"])


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
        if is_implausible(_text(raw_date)):
            return f"implausible date: {_text(raw_date)[:60]!r}"
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
    """A cell as a string: missing values (None, NaN, pd.NA, NaT) become ''."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
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


def _links(value: object) -> list[str]:
    """Related headlines from a list, or from a string with one per line or "|" between."""
    if isinstance(value, str):
        value = re.split(r"[|\n]", value)
    if value is None or not pd.api.types.is_list_like(value):
        return []
    return [" ".join(_text(v).split()) for v in value if _text(v).strip()]


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
    for name, dtype in EXTRA.items():
        frame[name] = pd.Series(dtype=dtype)
    return frame[[*ARTICLE_COLUMNS, *PROVENANCE]]


def _empty_rejected() -> pd.DataFrame:
    """An empty rejected-records frame."""
    return pd.DataFrame({name: pd.Series(dtype="object") for name in REJECTED_COLUMNS})
