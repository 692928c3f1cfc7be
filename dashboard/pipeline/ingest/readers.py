"""The tables of raw records in one file, whatever its format: the reader for each, and
the binary ones (Parquet, Excel).
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime

import pandas as pd
import pyarrow as pa

from dashboard.pipeline.ingest import sizes
from dashboard.pipeline.ingest.delimited import read_delimited
from dashboard.pipeline.ingest.jsonrecords import read_json, read_jsonl
from dashboard.pipeline.ingest.pages import read_page
from dashboard.pipeline.ingest.sources import (
    IngestError,
    Limits,
    Log,
    Source,
    byte_blocks,
    decode,
    format_of,
    read_all,
    text_lines,
)
from dashboard.pipeline.ingest.table import Table


def tables(
    source: Source, crawl_date: datetime | None, log: Log, limits: Limits
) -> Iterator[Table]:
    """The tables of raw records in one file: several for a long CSV, TSV or JSON Lines
    file (streamed), one per sheet of a workbook, one otherwise."""
    name, kind = source.name, format_of(source.name)
    if kind in ("delimited", "jsonl"):
        lines = text_lines(byte_blocks(source, log, limits), name, log)
        yield from (
            read_delimited(lines, name) if kind == "delimited" else read_jsonl(lines, name, log)
        )
        return
    if kind == "parquet":
        yield from _read_parquet(source, log, limits)
        return
    most = (sizes.MAX_JSON_BYTES, sizes.JSON_TOO_LARGE) if kind == "json" else None
    data = read_all(source, log, limits, most)
    if kind == "excel":
        yield from _read_excel(data, name, log)
        return
    text = decode(data, name)
    if "\x00" in text:
        log.warnings.append(f"{name}: removed {text.count(chr(0))} NUL characters")
        text = text.replace("\x00", "")
    if kind == "json":
        yield read_json(text, name, log)
    else:
        yield read_page(text, kind == "html", crawl_date, source.stamp, name, log)


def _read_parquet(source: Source, log: Log, limits: Limits) -> Iterator[Table]:
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
            batches = parquet.iter_batches(batch_size=sizes.CHUNK_ROWS)
            first = 1
            for batch in itertools.chain(batches, [] if parquet.metadata.num_rows else [None]):
                table = schema.empty_table() if batch is None else pa.Table.from_batches([batch])
                # With the file's schema (and its pandas metadata): typed as pd.read_parquet.
                frame = table.replace_schema_metadata(schema.metadata).to_pandas()
                rows = list(range(first, first + len(frame)))
                first += len(frame)
                columns = list(map(str, frame.columns))
                yield Table(columns, [], rows, [name] * len(frame), [name], frame=frame)
        except Exception as err:  # pyarrow raises many types for a damaged file
            raise IngestError(f"{name}: not a readable Parquet file: {err}") from err


def _read_excel(data: bytes, name: str, log: Log) -> Iterator[Table]:
    """Every sheet of a workbook (named ``book.xlsx!sheet`` when there are several); formula
    cells that hold no saved value are named in a warning."""
    try:
        sheets = pd.read_excel(io.BytesIO(data), dtype=object, sheet_name=None)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise IngestError(f"{name}: not a readable Excel file: {err}") from err
    several = len(sheets) > 1
    for sheet, cells in _formulas_without_values(data).items():
        shown = ", ".join(cells[: sizes.MAX_NAMED]) + (
            ", ..." if len(cells) > sizes.MAX_NAMED else ""
        )
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
        yield Table(
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
