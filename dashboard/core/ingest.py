"""Reading corpora of articles from files into the canonical article frame.

Every input record is either loaded, rejected with a reason, or dropped as an
exact duplicate of a loaded one: ``read == loaded + rejected + duplicates``.
``source_row`` is the line number of the record's first line in CSV/TSV and
JSON Lines files (header = line 1), the sheet row in Excel, and the 1-based
position of the record in JSON arrays and Parquet files, and the position of
the article on its page for raw text or HTML pages. Zip members are named
``archive.zip!member``, and the sheets of a workbook of several sheets
``book.xlsx!sheet``. Near-duplicates are loaded, marked and listed.

CSV, TSV and JSON Lines files are streamed: read, decoded and turned into
articles ``CHUNK_ROWS`` records (or ``CHUNK_CHARS`` characters) at a time, so that
reading holds no more than one chunk of raw text beside the articles, whose text
is kept as Arrow strings. The steps over the whole corpus read it one article at
a time (exact duplicates, learned boilerplate, near-duplicates), and copy text a
chunk at a time, so that memory stays a small multiple of the file. The small
files of an archive (or a folder) that share their columns are read into one
table, so that thousands of one-row members cost what one file of their rows
costs.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.core.arabic import normalize
from dashboard.core.boilerplate import MIN_ARTICLES, MIN_SHARE, learn, strip_all
from dashboard.core.clean import (
    clean_line,
    clean_text,
    duplicates_of,
    removed_by_cleaning,
    split_duplicates,
    strip_boilerplate,
)
from dashboard.core.dates import (
    RELATIVE_SOURCE,
    is_implausible,
    parse_date,
    parse_dates,
    relative_dates,
)
from dashboard.core.neardup import THRESHOLD as NEAR_THRESHOLD
from dashboard.core.neardup import near_duplicates
from dashboard.core.schema import ARTICLE_COLUMNS, article_id, empty_articles
from dashboard.core.scraped import split_page
from dashboard.core.sources import (
    FORMATS,
    IngestError,
    Limits,
    Log,
    Source,
    byte_blocks,
    decode,
    expand,
    format_of,
    members,
    read_all,
    text_lines,
)

__all__ = ["FORMATS", "IngestError", "IngestResult", "decode", "detect_columns", "read_corpus"]

# Canonical field -> input column names it is recognised under (case-insensitive).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "العنوان"),
    "body": (
        *("body", "content", "text", "article", "maintext", "articlebody"),
        *("النص", "المحتوى"),
    ),
    "fallback_body": ("description", "excerpt", "summary", "الملخص"),
    "published_at": (
        *("published_at", "date", "published", "date_publish", "date_extracted", "pubdate"),
        *("published_time", "article:published_time", "datepublished", "date_published"),
        *("created_at", "timestamp", "التاريخ"),
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
REQUIRED = ("body", "published_at")  # a fallback body column stands in for a missing body
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
CHUNK_ROWS = 20_000  # records read into one table before it is turned into articles
CHUNK_CHARS = 4 << 20  # or characters of text, whichever comes first (long articles)
CHUNK_ARTICLES = 5_000  # articles whose boilerplate is removed at once
# A JSON array is parsed in one piece (no incremental JSON parser is installed), into about
# ten times its size of Python objects: larger ones are refused, with what to do instead.
MAX_JSON_BYTES = 256 << 20
JSON_TOO_LARGE = (
    "a JSON file is read whole, and this one is too large for that: save it as JSON Lines "
    "(one record a line, .jsonl), which is read in chunks of any size"
)
# Text fields whose cleaning is reported record by record (bidirectional controls removed,
# and markup removed from every one but the body, where HTML is an input format).
REPORTED_FIELDS = ("title", "body", "outlet", "source", "tags")
MAX_CHANGE_WARNINGS = 20  # records named in the warnings per file; text_changes_list has all
MAX_NAMED = 10  # rows or cells named in one warning
# "\ud800" to "\udfff" escapes in JSON: lone halves of a surrogate pair, not characters.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
SURROGATE = re.compile("[\ud800-\udfff]")


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
    """Records before mapping, of one file or of several files with the same columns.

    ``records`` are lists aligned with ``columns`` (``frame`` instead holds typed
    columns, as Parquet and Excel give them); ``files`` and ``rows`` say where each
    record came from, ``bad`` holds the rows that did not parse, and ``names`` the
    files read into the table.
    """

    columns: list[str]
    records: list[list[object]]
    rows: list[int]
    files: list[str]
    names: list[str]
    bad: list[tuple[str, int, str, str]] = field(default_factory=list)  # file, row, reason, raw
    frame: pd.DataFrame | None = None
    tabular: bool = True  # columns of the file's own naming (not pages read by Marsad)
    chars: int = 0  # characters of text the records were read from, when known

    def to_frame(self) -> pd.DataFrame:
        """The records as a frame of the table's columns."""
        if self.frame is not None:
            return self.frame.reset_index(drop=True)
        return pd.DataFrame(self.records, columns=self.columns, dtype=object)

    def extend(self, other: _Table) -> None:
        """Add the records of a table with the same columns."""
        self.records += other.records
        self.rows += other.rows
        self.files += other.files
        self.names += other.names
        self.bad += other.bad
        self.chars += other.chars

    @property
    def size(self) -> int:
        """Records held, parsed or not."""
        return len(self.rows) + len(self.bad)


class _Batches:
    """Tables waiting to be turned into articles, joined while their columns agree."""

    def __init__(self) -> None:
        self.pending: dict[tuple, _Table] = {}
        self.held = self.chars = 0

    def add(self, table: _Table) -> list[_Table]:
        """Hold ``table`` (joined to one with its columns); returns the tables ready."""
        if table.frame is not None:
            return [table]
        key = (table.tabular, tuple(table.columns))
        if key in self.pending:
            self.pending[key].extend(table)
        else:
            self.pending[key] = table
        self.held += table.size
        self.chars += table.chars
        return self.flush() if self.held >= CHUNK_ROWS or self.chars >= CHUNK_CHARS else []

    def flush(self) -> list[_Table]:
        """Every table held, in the order first met."""
        ready, self.pending, self.held, self.chars = list(self.pending.values()), {}, 0, 0
        return ready


def read_corpus(
    paths: Sequence[str | Path],
    mapping: dict[str, str] | None = None,
    crawl_date: datetime | None = None,
    near_threshold: float = NEAR_THRESHOLD,
    follow_links: bool = False,
) -> IngestResult:
    """Read files and folders of articles into one canonical frame.

    A file that cannot be read at all (format, encoding, columns, limits) is
    listed in ``report["errors"]`` and the others are still read.

    Args:
        paths: Files (CSV, TSV, JSON Lines, JSON array, news-please JSON,
            Parquet, Excel, plain-text or HTML pages, any of them gzip'd or
            in a zip) and folders, searched recursively.
        mapping: Canonical field -> input column of the tables, overriding
            detection; an empty column leaves the field unused.
        crawl_date: The base for relative dates ("منذ 20 يوما"), and the
            date of a page that shows none; dates on a later day are rejected
            as future dates. Without it relative dates are rejected and undated
            pages take their file's time.
        near_threshold: The least Jaccard similarity (word 3-grams) of two
            near-duplicate articles.
        follow_links: Follow symbolic links inside folders (they are skipped,
            and named in the warnings, by default).

    Returns:
        The loaded articles, the rejected records, the duplicates and a report.

    Raises:
        IngestError: Nothing could be read, and the message says why.
    """
    log, limits = Log(), Limits.from_settings()
    files: list[Path] = []
    for p in paths:
        try:
            files.extend(expand(Path(p), log, follow_links))
        except IngestError as err:
            log.errors.append(str(err))
    loaded, rejected, changes, fallbacks = [], [], [], []
    read = 0
    found: dict[str, None] = {}  # the tables' columns, in the order first met
    batches = _Batches()

    def take(table: _Table) -> None:
        nonlocal read
        try:
            columns = _map_columns(table.columns, mapping if table.tabular else None, _label(table))
        except IngestError as err:
            log.errors.append(str(err))
            return
        articles, bad, changed, fallback = _to_articles(table, columns, crawl_date)
        loaded.append(articles)
        rejected.append(bad)
        changes.extend(changed)
        fallbacks.extend(fallback)
        read += table.size

    for path in files:
        for source in members(path, log, limits):
            tabular = format_of(source.name) in TABULAR
            try:
                for table in _tables(source, crawl_date, log, limits):
                    table.tabular = tabular
                    if tabular:
                        found.update(dict.fromkeys(map(str, table.columns)))
                    for ready in batches.add(table):
                        take(ready)
            except IngestError as err:
                log.errors.append(str(err))
            except (zipfile.BadZipFile, EOFError) as err:
                log.errors.append(f"{path}: not a readable zip file: {err}")
            except OSError as err:
                log.errors.append(f"{source.name}: cannot be read: {err}")
    for ready in batches.flush():
        take(ready)
    if log.errors and not loaded:
        raise IngestError("; ".join(log.errors), columns=list(found))
    # Without the empty frame's object columns when there are chunks: concatenating the
    # chunks keeps their Arrow strings as they are, where object columns would copy them.
    kept, duplicates = _dedupe(loaded or [_empty_loaded()])
    kept["id"] = _unique_ids(kept["id"])
    kept = _remove_repeated_lines(kept)
    # The bodies before boilerplate removal are gone: hand their Arrow memory back, so that
    # the next step's Python and numpy objects do not come on top of it.
    pa.default_memory_pool().release_unused()
    near = near_duplicates(
        kept["id"].tolist(),
        (f"{t}\n{b}" for t, b in zip(kept["title"], kept["body"], strict=True)),
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
        "bodies_from_fallback": fallbacks,
        "text_changes": len({(c["source_file"], c["source_row"]) for c in changes}),
        "text_changes_list": changes,
        "duplicate_list": _listing(duplicates, "duplicate_of"),
        "near_duplicate_list": near.to_dict("records"),
        "files": [str(f) for f in files],
        "columns": list(found),
        "errors": log.errors,
        "warnings": log.warnings + _fallback_warnings(fallbacks) + _change_warnings(changes),
    }
    return IngestResult(kept, rejected_frame, duplicates, report, near)


def _label(table: _Table) -> str:
    """The files of a table, for a message: the first, and how many more."""
    names = list(dict.fromkeys(table.names))
    more = f" (and {len(names) - 1:,} more with the same columns)" if len(names) > 1 else ""
    return f"{names[0]}{more}" if names else "?"


def _fallback_warnings(fallbacks: list[dict]) -> list[str]:
    """A line per table whose bodies came from a fallback column, saying why."""
    return [
        f"{f['source_file']}: {f['rows']} bodies taken from the column {f['column']!r} "
        f"({f['reason']})"
        for f in fallbacks
    ]


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


def _dedupe(parts: list[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``clean.dedupe`` of the articles of every chunk, in order, emptying ``parts``: the
    duplicates are found over all of them, then dropped a chunk at a time, so that only one
    chunk's text is copied at once."""
    # Chunks concatenated without the object columns of an empty frame keep their Arrow
    # strings as they are, where object columns would copy them.
    duplicate_of = duplicates_of(pd.concat(parts, ignore_index=True))
    kept, duplicates, start = [], [], 0
    while parts:
        part = parts.pop(0)
        marks = duplicate_of[start : start + len(part)]
        start += len(part)
        chunk_kept, chunk_duplicates = split_duplicates(part, marks)
        kept.append(chunk_kept)
        duplicates.append(chunk_duplicates)
    duplicates = [d for d in duplicates if len(d)] or duplicates[:1]
    return pd.concat(kept, ignore_index=True), pd.concat(
        [_empty_loaded(), *duplicates], ignore_index=True
    )


def _remove_repeated_lines(articles: pd.DataFrame) -> pd.DataFrame:
    """Remove the boilerplate lines learned from the corpus, adding them to ``boilerplate``.

    Learning reads the bodies one at a time; removal goes ``CHUNK_ARTICLES`` articles at a
    time, each chunk's text kept as Arrow strings, so that no step holds a second copy of
    every body as Python strings.
    """
    learned = learn(
        articles["body"], articles["outlet"], MIN_ARTICLES, MIN_SHARE, articles["title"]
    )
    bodies, cut = [], []
    for start in range(0, len(articles), CHUNK_ARTICLES):
        part = articles.iloc[start : start + CHUNK_ARTICLES]
        kept, removed = strip_all(
            part["body"], part["outlet"], part["tags"], learned, part["title"]
        )
        bodies.append(pd.Series(kept, dtype="str"))
        cut.append(
            pd.Series(
                [
                    "\n".join(filter(None, [old, *lines]))
                    for old, lines in zip(part["boilerplate"], removed, strict=True)
                ],
                dtype="str",
            )
        )
    if not bodies:
        return articles
    return articles.assign(
        body=pd.concat(bodies, ignore_index=True).array,
        boilerplate=pd.concat(cut, ignore_index=True).array,
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


def _tables(
    source: Source, crawl_date: datetime | None, log: Log, limits: Limits
) -> Iterator[_Table]:
    """The tables of raw records in one file: several for a long CSV, TSV or JSON Lines
    file (streamed), one per sheet of a workbook, one otherwise."""
    name, kind = source.name, format_of(source.name)
    if kind in ("delimited", "jsonl"):
        lines = text_lines(byte_blocks(source, log, limits), name, log)
        yield from (
            _read_delimited(lines, name) if kind == "delimited" else _read_jsonl(lines, name, log)
        )
        return
    if kind == "parquet":
        yield from _read_parquet(source, log, limits)
        return
    most = (MAX_JSON_BYTES, JSON_TOO_LARGE) if kind == "json" else None
    data = read_all(source, log, limits, most)
    if kind == "excel":
        yield from _read_excel(data, name, log)
        return
    text = decode(data, name)
    if "\x00" in text:
        log.warnings.append(f"{name}: removed {text.count(chr(0))} NUL characters")
        text = text.replace("\x00", "")
    if kind == "json":
        yield _read_json(text, name, log)
    else:
        yield _read_page(text, kind == "html", crawl_date, source.stamp, name, log)


def _read_parquet(source: Source, log: Log, limits: Limits) -> Iterator[_Table]:
    """A Parquet file, its columns typed as stored, ``CHUNK_ROWS`` rows at a time.

    A file on disk is read from disk as its batches are needed; a zip member or a gzip'd
    file is unpacked into memory first (Parquet needs to seek), within the archive limits.
    """
    import pyarrow.parquet as pq

    name = source.name
    with source.open() as raw:
        on_disk = isinstance(raw, io.BufferedReader) and not name.lower().endswith(".gz")
        handle = raw if on_disk else io.BytesIO(read_all(source, log, limits))
        if handle.seek(0, io.SEEK_END) == 0:
            raise IngestError(f"{name}: empty file (0 bytes)")
        handle.seek(0)
        try:
            parquet = pq.ParquetFile(handle)
            schema = parquet.schema_arrow
            batches = parquet.iter_batches(batch_size=CHUNK_ROWS)
            first = 1
            for batch in itertools.chain(batches, [] if parquet.metadata.num_rows else [None]):
                table = schema.empty_table() if batch is None else pa.Table.from_batches([batch])
                # With the file's schema (and its pandas metadata): typed as pd.read_parquet.
                frame = table.replace_schema_metadata(schema.metadata).to_pandas()
                rows = list(range(first, first + len(frame)))
                first += len(frame)
                columns = list(map(str, frame.columns))
                yield _Table(columns, [], rows, [name] * len(frame), [name], frame=frame)
        except Exception as err:  # pyarrow raises many types for a damaged file
            raise IngestError(f"{name}: not a readable Parquet file: {err}") from err


def _read_excel(data: bytes, name: str, log: Log) -> Iterator[_Table]:
    """Every sheet of a workbook (named ``book.xlsx!sheet`` when there are several); formula
    cells that hold no saved value are named in a warning."""
    try:
        sheets = pd.read_excel(io.BytesIO(data), dtype=object, sheet_name=None)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise IngestError(f"{name}: not a readable Excel file: {err}") from err
    several = len(sheets) > 1
    for sheet, cells in _formulas_without_values(data).items():
        shown = ", ".join(cells[:MAX_NAMED]) + (", ..." if len(cells) > MAX_NAMED else "")
        log.warnings.append(
            f"{name}!{sheet} cell(s) {shown}: {len(cells)} formula(s) without a saved value, "
            "read as empty; open and save the workbook in a spreadsheet program to compute them"
        )
    used = {sheet: frame for sheet, frame in sheets.items() if len(frame.columns)}
    if several and len(used) < len(sheets):
        empty = [sheet for sheet in sheets if sheet not in used]
        log.warnings.append(f"{name}: skipped empty sheet(s): {', '.join(map(repr, empty))}")
    for sheet, frame in (used or dict(list(sheets.items())[:1])).items():
        label = f"{name}!{sheet}" if several else name
        rows = list(range(2, len(frame) + 2))
        yield _Table(
            list(map(str, frame.columns)), [], rows, [label] * len(frame), [label], frame=frame
        )


def _formulas_without_values(data: bytes) -> dict[str, list[str]]:
    """Sheet -> the cells (e.g. "B2") holding a formula whose value was never saved."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
            if not any(re.search(rb"<f[ >/]", book.read(n)) for n in sheets):
                return {}
    except (zipfile.BadZipFile, OSError):
        return {}
    import openpyxl  # only for workbooks with formulas
    from openpyxl.utils import get_column_letter

    formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    missing: dict[str, list[str]] = {}
    for sheet in formulas.worksheets:
        cells = zip(
            sheet.iter_rows(values_only=True),
            values[sheet.title].iter_rows(values_only=True),
            strict=False,
        )
        for number, (written, saved) in enumerate(cells, start=1):
            for column, (formula, value) in enumerate(zip(written, saved, strict=False), 1):
                if isinstance(formula, str) and formula.startswith("=") and value is None:
                    missing.setdefault(sheet.title, []).append(
                        f"{get_column_letter(column)}{number}"
                    )
    return missing


def _loads(text: str) -> tuple[object, int]:
    """``json.loads``, integers longer than Python converts kept as their digits; returns the
    value and how many integers were kept so."""
    kept = 0
    limit = sys.get_int_max_str_digits() or sys.maxsize

    def integer(digits: str) -> int | str:
        nonlocal kept
        if len(digits) - digits.startswith("-") > limit:
            kept += 1
            return digits
        return int(digits)

    return json.loads(text, parse_int=integer), kept


def _mend(value: object) -> object:
    """Lone surrogates (from "\\ud800" escapes) replaced by U+FFFD, in strings at any depth."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_mend(v) for v in value]
    if isinstance(value, dict):
        return {_mend(k): _mend(v) for k, v in value.items()}
    return value


def _named(rows: list[int]) -> str:
    """Row numbers for a warning: the first few, and "..." when there are more."""
    return ", ".join(map(str, rows[:MAX_NAMED])) + (", ..." if len(rows) > MAX_NAMED else "")


def _json_warnings(name: str, mended: list[int], long_numbers: list[int], log: Log) -> None:
    """Warnings naming the rows whose surrogates were replaced or long integers kept as text."""
    if mended:
        log.warnings.append(
            f"{name} row(s) {_named(mended)}: lone surrogate escapes (\\ud800-\\udfff, not "
            "characters) replaced by U+FFFD"
        )
    if long_numbers:
        log.warnings.append(
            f"{name} row(s) {_named(long_numbers)}: integers of more than "
            f"{sys.get_int_max_str_digits():,} digits kept as text"
        )


def _json_record(line: str, number: int, name: str) -> tuple[dict | None, str, int]:
    """One JSON Lines record: (record, '', long integers) or (None, why it is malformed, 0)."""
    try:
        record, long_numbers = _loads(line)
    except RecursionError:
        return None, f"malformed row (line {number}): nested too deeply", 0
    except json.JSONDecodeError as err:
        return None, f"malformed row (line {number}): {err.msg}", 0
    except ValueError as err:
        return None, f"malformed row (line {number}): {err}", 0
    if not isinstance(record, dict):
        return None, f"malformed row (line {number}): not an object", 0
    return record, "", long_numbers


def _read_jsonl(lines: Iterator[str], name: str, log: Log) -> Iterator[_Table]:
    """JSON Lines: one object a line, ``CHUNK_ROWS`` at a time; a line that does not parse is
    a bad row."""
    records, rows, bad, mended, long_numbers = [], [], [], [], []
    chars = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        chars += len(line)
        record, why, long = _json_record(line, number, name)
        if record is None:
            bad.append((name, number, why, line.strip()[:RAW_CHARS]))
        else:
            if SURROGATE_ESCAPE.search(line):
                record = _mend(record)
                mended.append(number)
            if long:
                long_numbers.append(number)
            records.append(record)
            rows.append(number)
        if len(records) + len(bad) >= CHUNK_ROWS or chars >= CHUNK_CHARS:
            yield _dict_table(name, records, rows, bad, chars)
            records, rows, bad, chars = [], [], [], 0
    _json_warnings(name, mended, long_numbers, log)
    yield _dict_table(name, records, rows, bad, chars)


def _read_json(text: str, path: str, log: Log) -> _Table:
    """A JSON array of objects, an object holding one such array, or one article object.

    A single object with article fields (a news-please file: ``title``,
    ``maintext``, ``date_publish``, ...) is one record.
    """
    try:
        data, long = _loads(text)
    except RecursionError as err:
        raise IngestError(
            f"{path}: not valid JSON: nested more than {sys.getrecursionlimit():,} levels deep"
        ) from err
    except ValueError as err:  # JSONDecodeError among them
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
            bad.append(
                (path, number, f"malformed row (record {number}): not an object", _raw(record))
            )
    mended = []
    if SURROGATE_ESCAPE.search(text):
        for position, record in enumerate(records):
            fixed = _mend(record)
            if fixed != record:
                records[position] = fixed
                mended.append(rows[position])
    kept = [row for row, record in zip(rows, records, strict=True) if long and _long_digits(record)]
    _json_warnings(path, mended, kept, log)
    return _dict_table(path, records, rows, bad)


def _long_digits(record: dict) -> bool:
    """Whether a record has a field of more digits than Python converts to an integer."""
    limit = sys.get_int_max_str_digits() or sys.maxsize
    return any(
        isinstance(v, str) and len(v) > limit and v.lstrip("-").isdigit() for v in record.values()
    )


def _dict_table(
    name: str,
    records: list[dict],
    rows: list[int],
    bad: list[tuple[str, int, str, str]],
    chars: int = 0,
) -> _Table:
    """A table of dict records, its columns the keys in the order first met."""
    columns = list(dict.fromkeys(str(k) for record in records for k in record))
    values = [[record.get(c) for c in columns] for record in records]
    return _Table(columns, values, rows, [name] * len(rows), [name], bad, chars=chars)


def _read_page(
    text: str, is_html: bool, crawl_date: datetime | None, stamp: datetime, name: str, log: Log
) -> _Table:
    """A raw article page: one record per article on it (see ``scraped.split_page``).

    HTML pages go through trafilatura for their main text, title, site name
    and date (or, when it cannot parse the page, its text without the markup).
    An article whose text shows no date takes the page's date, the crawl date,
    or else the file's time, and says which in ``date_source``.
    """
    meta: dict[str, object] = {}
    if is_html:
        text, meta = _html_page(text, name, log)
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
    return _dict_table(name, records, list(range(1, len(records) + 1)), [])


def _html_page(page: str, name: str, log: Log) -> tuple[str, dict[str, object]]:
    """The main text of an HTML page (trafilatura), and its title, site name, date and tags;
    a page trafilatura cannot parse (markup nested too deeply) gives its text without tags."""
    import trafilatura  # slow to import: only for HTML pages

    try:
        document = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=False
        )
    except RecursionError:
        document = None
    if document is not None and (document.text or "").strip():
        meta = {
            "title": document.title,
            "sitename": document.sitename,
            "date": document.date,
            "url": document.url,
            "tags": [t.strip() for t in (document.tags or []) if t.strip()],
        }
        return document.text or "", meta
    text, title = _markup_text(page)
    if text:
        log.warnings.append(
            f"{name}: the HTML could not be parsed (nested too deeply, or no main text found); "
            "read its text without the markup"
        )
    return text, {"title": title}


def _markup_text(page: str) -> tuple[str, str]:
    """The text of an HTML page without scripts, styles and tags, one line per block; and
    its <title>."""
    found = re.search(r"<title[^>]*>(.*?)</title\s*>", page, re.IGNORECASE | re.DOTALL)
    title = " ".join(html.unescape(found.group(1)).split()) if found else ""
    body = re.sub(r"<head\b.*?</head\s*>", " ", page, count=1, flags=re.IGNORECASE | re.DOTALL)
    body = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", body, flags=re.IGNORECASE | re.DOTALL)
    lines = (" ".join(html.unescape(part).split()) for part in re.split(r"<[^>]*>", body))
    text = "\n".join(line for line in lines if line)
    return (f"{title}\n{text}" if title else text), title


def _read_delimited(lines: Iterator[str], path: str) -> Iterator[_Table]:
    """CSV or TSV with a sniffed delimiter, ``CHUNK_ROWS`` lines at a time; broken rows,
    and rows that repeat the header, become bad rows."""
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))
    lines = iter(lines)
    head = list(itertools.islice(lines, 50))
    delimiter = _sniff(head, "\t" if ".tsv" in PurePosixPath(path).suffixes else ",")
    columns: list[str] | None = None
    offset = 0
    for chunk in _line_chunks(itertools.chain(head, lines)):
        start = 0
        if columns is None:
            reader = csv.reader(chunk, delimiter=delimiter, strict=True)
            try:
                header = next(reader, [])
            except csv.Error as err:
                raise IngestError(f"{path}: the header line cannot be read: {err}") from err
            columns, start = [c.strip() for c in header], reader.line_num
        records, rows, bad = [], [], []
        for number, row, error in _csv_rows(chunk, start, delimiter, len(columns)):
            line = offset + number
            raw = chunk[number - 1].strip()[:RAW_CHARS]
            if error:
                bad.append((path, line, f"malformed row (line {line}): {error}", raw))
            elif [cell.strip() for cell in row] == columns:
                bad.append((path, line, f"repeated header row (line {line})", raw))
            else:
                records.append(row)
                rows.append(line)
        offset += len(chunk)
        yield _Table(
            columns, records, rows, [path] * len(rows), [path], bad, chars=sum(map(len, chunk))
        )
    if columns is None:
        yield _Table([], [], [], [], [path])


def _line_chunks(lines: Iterator[str]) -> Iterator[list[str]]:
    """Lines in chunks of about ``CHUNK_ROWS`` lines or ``CHUNK_CHARS`` characters, each cut
    where no quoted field is open (an even count of quotes so far), or at four times
    ``CHUNK_ROWS`` lines when a quote is never closed."""
    chunk: list[str] = []
    quotes = chars = 0
    for line in lines:
        chunk.append(line)
        quotes += line.count('"')
        chars += len(line)
        full = len(chunk) >= CHUNK_ROWS or chars >= CHUNK_CHARS
        if full and (quotes % 2 == 0 or len(chunk) >= 4 * CHUNK_ROWS):
            yield chunk
            chunk, quotes, chars = [], 0, 0
    if chunk:
        yield chunk


def _sniff(lines: list[str], default: str) -> str:
    """The delimiter: the only candidate in the header line, else csv.Sniffer on a sample,
    checked against the header line."""
    header = lines[0] if lines else ""
    present = [d for d in ",\t;|" if d in header]
    if len(present) == 1:  # what the sniffer's answer, checked against the header, would be
        return present[0]
    sample = "".join(lines[:50])[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = default
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
    missing = [
        name
        for name in REQUIRED
        if name not in columns and not (name == "body" and "fallback_body" in columns)
    ]
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
    table: _Table, columns: dict[str, str], crawl_date: datetime | None
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict], list[dict]]:
    """Turn a table's records into canonical articles, rejected records, the changes
    cleaning made to their text (see ``_text_changes``) and the bodies taken from a
    fallback column."""
    frame = table.to_frame()

    def text(name: str) -> list[str]:
        if name not in columns:
            return [""] * len(frame)
        return [_text(v) for v in frame[columns[name]]]

    tag_values = frame[columns["tags"]] if "tags" in columns else [None] * len(frame)
    raw = {name: text(name) for name in ("title", "body", "outlet", "source")}
    raw["body"], fallbacks = _fallback_bodies(raw["body"], text("fallback_body"), columns, table)
    urls = text("url")
    raw["outlet"] = [o if o.strip() else _host(u) for o, u in zip(raw["outlet"], urls, strict=True)]
    raw["tags"] = [_tags(v) for v in tag_values]
    changes = _text_changes(raw, table.rows, table.files)
    titles = [clean_line(t) if "\n" in t else clean_text(t) for t in raw["title"]]
    stripped = [strip_boilerplate(clean_text(b)) for b in raw["body"]]
    raw_dates = frame[columns["published_at"]].reset_index(drop=True)
    dates = parse_dates(raw_dates, base=crawl_date)
    relative = relative_dates(raw_dates, base=crawl_date)
    reasons = [
        _reason(title, body, raw, date, crawl_date)
        for title, (body, _), raw, date in zip(titles, stripped, raw_dates, dates, strict=True)
    ]
    related = frame[columns["related"]] if "related" in columns else [None] * len(frame)
    cut = frame["boilerplate"] if "boilerplate" in frame else [""] * len(frame)
    out = pd.DataFrame(
        {
            "title": titles,
            "body": [body for body, _ in stripped],
            "published_at": dates,
            "outlet": [clean_line(o) for o in raw["outlet"]],
            "url": urls,
            "tags": [[t for t in map(clean_line, tags) if t] for tags in raw["tags"]],
            "source": [clean_line(s) for s in raw["source"]],
            "source_file": table.files,
            "source_row": table.rows,
            "source_id": text("source_id"),
            "boilerplate": [
                "\n".join(filter(None, [_text(page), *removed]))
                for page, (_, removed) in zip(cut, stripped, strict=True)
            ],
            "related": [_links(v) for v in related],
            "date_source": [
                given or (RELATIVE_SOURCE if moved else "field")
                for given, moved in zip(text("date_source"), relative, strict=True)
            ],
        }
    )
    ok = pd.Series([r is None for r in reasons], dtype=bool)
    out = out.loc[ok]
    out.insert(0, "id", _ids(out))
    bad = [
        (table.files[position], table.rows[position], reason, _raw(frame.iloc[position].to_dict()))
        for position, reason in enumerate(reasons)
        if reason is not None
    ]
    bad_frame = pd.DataFrame(table.bad + bad, columns=list(REJECTED_COLUMNS))
    return out.reset_index(drop=True), bad_frame, changes, fallbacks


def _fallback_bodies(
    bodies: list[str], fallback: list[str], columns: dict[str, str], table: _Table
) -> tuple[list[str], list[dict]]:
    """Bodies with the fallback column (``description``, ...) standing in where the body is
    empty or there is no body column; and a line per file saying how many, and why."""
    if "fallback_body" not in columns:
        return bodies, []
    reason = "the body is empty" if "body" in columns else "there is no body column"
    used: Counter[str] = Counter()
    out = []
    for body, spare, name in zip(bodies, fallback, table.files, strict=True):
        if not body.strip() and spare.strip():
            used[name] += 1
            body = spare
        out.append(body)
    column = columns["fallback_body"]
    return out, [
        {"source_file": name, "column": column, "rows": n, "reason": reason}
        for name, n in used.items()
    ]


def _text_changes(fields: dict[str, list], rows: list[int], files: list[str]) -> list[dict]:
    """Each record and field whose cleaning removed bidirectional controls or markup (in
    ``REPORTED_FIELDS``), with what was removed, in row order."""
    changes = []
    for name in REPORTED_FIELDS:
        for row, source_file, value in zip(rows, files, fields[name], strict=True):
            removed = removed_by_cleaning(
                "\n".join(value) if isinstance(value, list) else value, markup=name != "body"
            )
            if removed:
                where = {"source_file": source_file, "source_row": row}
                changes.append({**where, "field": name, "removed": removed})
    return sorted(changes, key=lambda change: (change["source_file"], change["source_row"]))


def _reason(
    title: str, body: str, raw_date: object, date: pd.Timestamp, crawl_date: datetime | None
) -> str | None:
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
    if crawl_date is not None and date >= _next_day(crawl_date):
        return (
            f"future date: {_text(raw_date)[:60]!r} is {date:%Y-%m-%d}, "
            f"after the crawl date {crawl_date:%Y-%m-%d}"
        )
    return None


def _next_day(moment: datetime) -> pd.Timestamp:
    """Midnight at the start of the day after ``moment``."""
    return pd.Timestamp(moment.date() + timedelta(days=1))


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
    counts = ids.groupby(ids).cumcount().tolist()
    return pd.Series(
        [i if n == 0 else f"{i}-{n + 1}" for i, n in zip(ids, counts, strict=True)],
        index=ids.index,
        dtype=ids.dtype,
    )


def _text(value: object) -> str:
    """A cell as a string: missing values (None, NaN, pd.NA, NaT) become '', bytes are decoded
    as UTF-8, and the items of a list (paragraphs) are joined a line each."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, list | tuple | np.ndarray):
        return "\n".join(part for part in map(_text, value) if part.strip())
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return ""
    return str(value)


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
    try:
        text = repr(record)
    except RecursionError:
        return "(nested too deeply to show)"
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
