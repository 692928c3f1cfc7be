"""CSV and TSV files, streamed a chunk of lines at a time with a sniffed delimiter."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import PurePosixPath

from dashboard.pipeline.ingest import sizes
from dashboard.pipeline.ingest.sources import IngestError
from dashboard.pipeline.ingest.table import Table


def read_delimited(lines: Iterator[str], path: str) -> Iterator[Table]:
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
            raw = chunk[number - 1].strip()[: sizes.RAW_CHARS]
            if error:
                bad.append((path, line, f"malformed row (line {line}): {error}", raw))
            elif [cell.strip() for cell in row] == columns:
                bad.append((path, line, f"repeated header row (line {line})", raw))
            else:
                records.append(row)
                rows.append(line)
        offset += len(chunk)
        yield Table(
            columns, records, rows, [path] * len(rows), [path], bad, chars=sum(map(len, chunk))
        )
    if columns is None:
        yield Table([], [], [], [], [path])


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
        full = len(chunk) >= sizes.CHUNK_ROWS or chars >= sizes.CHUNK_CHARS
        if full and (quotes % 2 == 0 or len(chunk) >= 4 * sizes.CHUNK_ROWS):
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
