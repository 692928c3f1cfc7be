"""JSON Lines, JSON arrays and single article objects (news-please) read into tables."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator

from dashboard.pipeline.ingest import sizes
from dashboard.pipeline.ingest.cells import short_repr
from dashboard.pipeline.ingest.columns import COLUMN_ALIASES, column_key
from dashboard.pipeline.ingest.sources import IngestError, Log
from dashboard.pipeline.ingest.table import Table, dict_table

# "\ud800" to "\udfff" escapes in JSON: lone halves of a surrogate pair, not characters.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


SURROGATE = re.compile("[\ud800-\udfff]")


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
    return ", ".join(map(str, rows[: sizes.MAX_NAMED])) + (
        ", ..." if len(rows) > sizes.MAX_NAMED else ""
    )


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


def read_jsonl(lines: Iterator[str], name: str, log: Log) -> Iterator[Table]:
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
            bad.append((name, number, why, line.strip()[: sizes.RAW_CHARS]))
        else:
            if SURROGATE_ESCAPE.search(line):
                record = _mend(record)
                mended.append(number)
            if long:
                long_numbers.append(number)
            records.append(record)
            rows.append(number)
        if len(records) + len(bad) >= sizes.CHUNK_ROWS or chars >= sizes.CHUNK_CHARS:
            yield dict_table(name, records, rows, bad, chars)
            records, rows, bad, chars = [], [], [], 0
    _json_warnings(name, mended, long_numbers, log)
    yield dict_table(name, records, rows, bad, chars)


def read_json(text: str, path: str, log: Log) -> Table:
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
        fields = {column_key(a) for name in ("title", "body") for a in COLUMN_ALIASES[name]}
        lists = [v for v in data.values() if isinstance(v, list)]
        is_article = any(column_key(k) in fields for k in data)
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
                (
                    path,
                    number,
                    f"malformed row (record {number}): not an object",
                    short_repr(record),
                )
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
    return dict_table(path, records, rows, bad)


def _long_digits(record: dict) -> bool:
    """Whether a record has a field of more digits than Python converts to an integer."""
    limit = sys.get_int_max_str_digits() or sys.maxsize
    return any(
        isinstance(v, str) and len(v) > limit and v.lstrip("-").isdigit() for v in record.values()
    )
