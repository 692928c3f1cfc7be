"""The entity scans a store keeps, in files that ``add`` appends to and reads in parts.

The scan table (:mod:`~dashboard.pipeline.entities.scan_table`) is kept as::

    scans.parquet, scans.1.parquet ...          the articles' rows, a part per build or add,
                                                each sorted by article id
    scan_keys.parquet, scan_keys.1.parquet ...  each part's key index: (text, field,
                                                article_id) sorted by text, for the fields
                                                merging looks articles up by (INDEXED)
    scan_totals.parquet                         the corpus totals, surface forms and the
                                                decisions merging took from them
    scan_records[.N].parquet, .bin              each part's articles' scans as records
                                                read by id (:mod:`.scan_records`)

Parts are written in row groups of ROW_GROUP rows, so that the rows of some articles, or of
some keys, are read from the row groups whose min..max range holds one (the file's
statistics), not from the whole table. ``add`` links the stored parts into the new version,
writes its new articles' part and the totals, and never rewrites the stored rows. A store
written before (one ``scans.parquet`` holding the totals) is read whole and written in parts
once, by the first ``add``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.pipeline.entities.article import Article
from dashboard.pipeline.entities.corpus_totals import Decisions, Query, Totals, decisions
from dashboard.pipeline.entities.scan_records import (
    Records,
    data_name,
    has_records,
    index_name,
    part_chunks,
    write_records,
)
from dashboard.pipeline.entities.scan_table import (
    SCAN_COLUMNS,
    ScanTableError,
    check_scan_table,
    decision_rows,
    surface_rows,
    table_decisions,
    table_scans,
    table_totals,
    totals_rows,
)
from dashboard.pipeline.gazetteer import gazetteer
from dashboard.storage.parts import link_or_copy

ROWS, KEYS, TOTALS_FILE = "scans", "scan_keys", "scan_totals.parquet"
KEYS_COLUMNS = ("text", "field", "article_id")
INDEXED = {"counts": "key", "candidates": "key", "loose": "key", "extended": "value"}
ROW_GROUP = 8_192
BATCH = 1 << 20  # rows of a whole table read (or written) at a time: 128 row groups
CODED = pa.dictionary(pa.int32(), pa.string())
_PART = re.compile(rf"^{ROWS}(?:\.(\d+))?\.parquet$")


def part_name(stem: str, part: int) -> str:
    """The file of part ``part`` (0: the build's, named as a store's frame)."""
    return f"{stem}.parquet" if part == 0 else f"{stem}.{part}.parquet"


def write_part(folder: Path, table: pd.DataFrame, part: int) -> None:
    """Write the article rows of a scan table (its rows of article '' are left out) as part
    ``part`` of the scans kept in ``folder``, with its key index (both sorted stably: an
    article's rows, and a key's rows of one article, keep their order). The rows are put in
    order while their text columns are still dictionary codes, and made plain strings, in
    records and in the key index, BATCH rows at a time: the part is never held as strings
    whole (a multiple of ROW_GROUP rows a batch, so the row groups are those of one write)."""
    coded = pa.Table.from_pandas(table[list(SCAN_COLUMNS)], preserve_index=False)
    coded = coded.take(by_article(table["article_id"]))
    with pq.ParquetWriter(folder / part_name(ROWS, part), _plain(coded.schema)) as out:
        for rows in _batches(coded):
            out.write_table(rows, ROW_GROUP)
    write_records(folder, part, _batches(coded))
    keys = []
    for field, column in INDEXED.items():
        chosen = coded.filter(pc.equal(coded.column("field").cast(pa.string()), field))
        named = pa.DictionaryArray.from_arrays(np.zeros(len(chosen), np.int32), [field])
        keys.append(
            pa.table(
                [_unified(chosen.column(column)), named, _unified(chosen.column("article_id"))],
                names=list(KEYS_COLUMNS),
            )
        )
    index = pa.concat_tables(keys).unify_dictionaries()
    index = index.take(by_text(index))
    with pq.ParquetWriter(folder / part_name(KEYS, part), _plain(index.schema)) as out:
        for rows in _batches(index):
            out.write_table(rows, ROW_GROUP)


def _batches(coded: pa.Table) -> Iterable[pa.Table]:
    """``coded``'s rows BATCH at a time, as plain strings (see :func:`_arrow`)."""
    for start in range(0, max(len(coded), 1), BATCH):
        yield _stringed(coded.slice(start, BATCH))


def _stringed(table: pa.Table) -> pa.Table:
    """A table with its text columns plain strings, without pandas metadata."""
    columns = [c if pa.types.is_integer(c.type) else c.cast(pa.string()) for c in table.columns]
    return pa.table(columns, names=table.column_names)


def _plain(schema: pa.Schema) -> pa.Schema:
    """``schema`` with its text columns plain strings and no pandas metadata."""
    fields = [f if pa.types.is_integer(f.type) else f.with_type(pa.string()) for f in schema]
    return pa.schema(fields)


def _unified(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A text column as dictionary codes of one type (int32 codes of strings)."""
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    return column.cast(CODED)


def by_text(index: pa.Table) -> np.ndarray:
    """Positions of the key index's rows in the order of a stable sort by text, then
    article id: the distinct values of each are sorted once, then the rows by their ranks
    (``np.lexsort`` is stable: rows equal in both keep their order)."""
    if not len(index):
        return np.arange(0)
    columns = ("article_id", "text")  # np.lexsort sorts by its last key first
    return np.lexsort([_ranks(pa.concat_arrays(index.column(c).chunks)) for c in columns])


def _ranks(values: pa.Array) -> np.ndarray:
    """Each value's rank among the distinct values (in Arrow's order of strings)."""
    encoded = pc.dictionary_encode(values)
    order = np.asarray(pc.sort_indices(encoded.dictionary))
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(len(order))
    return ranks[encoded.indices.to_numpy(zero_copy_only=False)]


def by_article(ids: pd.Series) -> np.ndarray:
    """Positions of the rows of ``ids`` but those of article '', in the order of a stable
    sort by id: the runs of rows of one article (a scan table holds each article's rows
    together) sorted stably by their id, each run's rows as they are; a sort of the
    articles, not of their rows."""
    codes, found = pd.factorize(ids)
    names = np.asarray(found, dtype=object).astype(str)
    empty = np.flatnonzero(names == "")
    kept = np.flatnonzero(codes != empty[0]) if len(empty) else np.arange(len(codes))
    if not len(kept):
        return kept
    codes = codes[kept]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    order = np.argsort(names[codes[starts]], kind="stable")
    lengths = np.diff(np.r_[starts, len(codes)])[order]
    placed = np.r_[0, np.cumsum(lengths)[:-1]]  # where each run starts in the sorted rows
    return kept[np.arange(len(codes)) + np.repeat(starts[order] - placed, lengths)]


def write_totals(folder: Path, totals: Totals, made: Decisions | None) -> None:
    """Write the corpus totals (with the surface forms) and the decisions taken from them."""
    rows = totals_rows(totals) + surface_rows(totals.surfaces)
    rows += decision_rows(made) if made is not None else []
    frame = pd.DataFrame(rows, columns=list(SCAN_COLUMNS)).drop(columns="article_id")
    pq.write_table(_arrow(frame.astype({"count": "int64"})), folder / TOTALS_FILE, ROW_GROUP)


def write_scans(
    folder: Path, table: pd.DataFrame, merged: tuple[Totals, Decisions] | None = None
) -> None:
    """Write a whole scan table (article rows, then the rows of article '' keeping the totals
    and surface forms) into ``folder`` as a store keeps it: one part, the totals and the
    decisions taken from them. ``merged``: the totals and decisions of the merge that made
    the table (else read back from its rows and taken again)."""
    write_part(folder, table, 0)
    if merged is None:
        totals = table_totals(table[(table["article_id"].astype(str) == "").to_numpy()])
        if totals is None:
            raise ScanTableError("the scan table keeps no corpus totals")
        merged = totals, decisions(totals, gazetteer())
    write_totals(folder, *merged)


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """A frame as an Arrow table of plain strings (each row group then keeps a dictionary of
    its own values, not the whole table's)."""
    return _stringed(pa.Table.from_pandas(frame, preserve_index=False))


def _opened(path: Path) -> pq.ParquetFile:
    """A part file, its text columns read as dictionaries."""
    names = pq.read_schema(path).names
    return pq.ParquetFile(path, read_dictionary=[n for n in names if n != "count"])


def _member(column: pa.ChunkedArray | pa.Array, texts: set[str]) -> np.ndarray:
    """Whether each value of a (dictionary-encoded) string column is one of ``texts``."""
    out = []
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    wanted = pa.array(sorted(texts), pa.string())
    for chunk in chunks:
        if pa.types.is_dictionary(chunk.type):
            known = pc.is_in(chunk.dictionary, value_set=wanted).to_numpy(zero_copy_only=False)
            out.append(known[chunk.indices.to_numpy(zero_copy_only=False)])
        else:
            out.append(pc.is_in(chunk, value_set=wanted).to_numpy(zero_copy_only=False))
    return np.concatenate(out) if out else np.zeros(0, dtype=bool)


def _decoded(table: pa.Table) -> pa.Table:
    """``table`` with its dictionary columns as plain strings: a few rows read from many
    row groups would otherwise turn into categories holding every row group's dictionary
    (joined first, then each split into a key by :func:`~.scan_table.table_scans`)."""
    columns = [
        c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def sorted_rows(path: Path, column: str, texts: set[str], columns: list[str]) -> pa.Table:
    """The rows of a Parquet file sorted by ``column`` whose value is one of ``texts``, read
    from the row groups whose min..max range holds one of them alone."""
    source = _opened(path)
    meta, at = source.metadata, source.schema_arrow.get_field_index(column)
    wanted = sorted(texts)
    groups = []
    for group in range(meta.num_row_groups):
        stats = meta.row_group(group).column(at).statistics
        if stats is None or not stats.has_min_max:
            groups.append(group)
            continue
        first = bisect_left(wanted, stats.min)
        if first < len(wanted) and wanted[first] <= stats.max:
            groups.append(group)
    table = source.read_row_groups(groups, columns=columns) if groups and wanted else None
    if table is None:
        schema = source.schema_arrow
        return pa.schema([schema.field(c) for c in columns]).empty_table()
    return table.filter(pa.array(_member(table.column(column), set(wanted))))


class StoredScans:
    """The scans a store keeps, read in parts: the totals, and the scans of some articles."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.parts = sorted(
            int(m.group(1) or 0) for p in self.folder.iterdir() if (m := _PART.match(p.name))
        )
        self.whole = not (self.folder / TOTALS_FILE).is_file()  # written before the parts
        if not self.parts:
            raise ScanTableError(f"no {part_name(ROWS, 0)} in {self.folder}")
        for part in self.parts:
            names = pq.ParquetFile(self.folder / part_name(ROWS, part)).schema_arrow.names
            missing = [c for c in SCAN_COLUMNS if c not in names]
            if missing:
                raise ScanTableError(f"the scan table lacks columns: {', '.join(missing)}")

    def _rows(
        self, columns: list[str], keep: Callable[[pa.RecordBatch], np.ndarray]
    ) -> pd.DataFrame:
        """The rows of the whole (first) table for which ``keep(batch)`` is true."""
        source = pq.ParquetFile(self.folder / part_name(ROWS, 0))
        parts = []
        for batch in source.iter_batches(batch_size=BATCH, columns=columns):
            mask = keep(batch)
            if mask.any():
                parts.append(batch.filter(pa.array(mask)))
        schema = source.schema_arrow
        table = pa.Table.from_batches(parts, schema=pa.schema([schema.field(c) for c in columns]))
        return table.to_pandas()

    @cached_property
    def _stored_totals(self) -> pd.DataFrame:
        if self.whole:
            rows = self._rows(list(SCAN_COLUMNS), lambda b: _member(b.column("article_id"), {""}))
            check_scan_table(rows)
            return rows
        return _opened(self.folder / TOTALS_FILE).read().to_pandas().assign(article_id="")

    def totals(self) -> Totals | None:
        """The corpus totals kept (None when the table keeps none)."""
        return table_totals(self._stored_totals)

    def decisions(self) -> Decisions | None:
        """The decisions merging took from the totals kept (None when not kept)."""
        return None if self.whole else table_decisions(self._stored_totals)

    def _articles_with(self, field: str, column: str, texts: set[str]) -> pd.DataFrame:
        """(article_id, text) of the rows of ``field`` whose ``column`` is one of ``texts``."""
        if self.whole:

            def named(batch: pa.RecordBatch) -> np.ndarray:
                return _member(batch.column("field"), {field}) & _member(
                    batch.column(column), texts
                )

            found = self._rows(["article_id", "field", column], named)
            return pd.DataFrame({"article_id": found["article_id"], "text": found[column]})
        parts = []
        for part in self.parts:
            rows = sorted_rows(
                self.folder / part_name(KEYS, part), "text", texts, list(KEYS_COLUMNS)
            )
            rows = rows.filter(pa.array(_member(rows.column("field"), {field})))
            parts.append(_decoded(rows.select(["article_id", "text"])).to_pandas())
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    def fetch(self, query: Query) -> dict[str, Article]:
        """The raw scans of the old articles that ``query`` names: a row of one of its
        fields whose 'key' or 'value' is one of its texts."""
        found = [self._articles_with(field, column, texts) for field, column, texts in query]
        ids = sorted({str(i) for frame in found for i in frame.get("article_id", [])} - {""})
        if not ids:
            return {}
        found: dict[str, Article] = {}
        if not self.whole:
            for part in self.parts:
                if has_records(self.folder, part):
                    found.update(Records(self.folder, part).read(ids))
        ids = [i for i in ids if i not in found]
        if not ids:
            return found
        wanted = set(ids)
        if self.whole:
            rows = self._rows(list(SCAN_COLUMNS), lambda b: _member(b.column("article_id"), wanted))
        else:
            columns = list(SCAN_COLUMNS)
            tables = [
                sorted_rows(self.folder / part_name(ROWS, p), "article_id", wanted, columns)
                for p in self.parts
                if not has_records(self.folder, p)
            ]
            if not tables:
                raise ScanTableError(f"the kept scans have no scan of articles {ids[:3]}")
            rows = _decoded(pa.concat_tables(tables, promote_options="permissive")).to_pandas()
        per_article, _ = table_scans(rows, ids)
        return found | dict(zip(ids, per_article, strict=True))

    def loose(self, words: set[str]) -> dict[str, set[str]]:
        """Article id -> which of ``words`` stand alone in it, for the articles with any."""
        found = self._articles_with("loose", "key", words) if words else None
        if found is None or found.empty:
            return {}
        out: dict[str, set[str]] = {}
        ids, texts = found["article_id"].astype(str), found["text"].astype(str)
        for article_id, text in zip(ids.tolist(), texts.tolist(), strict=True):
            out.setdefault(article_id, set()).add(text)
        return out

    def write(
        self, folder: Path, added: pd.DataFrame, totals: Totals, made: Decisions | None
    ) -> None:
        """Write into ``folder`` (a new version) the stored parts, linked (a table written
        before the parts is written in parts, once), ``added`` (the new articles' rows) as
        one more part, and ``totals`` with ``made``. A stored part kept without its records
        (written before they were) gets them, read from its rows once."""
        if self.whole:
            write_part(folder, pd.read_parquet(self.folder / part_name(ROWS, 0)), 0)
            parts = [0]
        else:
            for part in self.parts:
                names = [part_name(ROWS, part), part_name(KEYS, part)]
                if has_records(self.folder, part):
                    names += [index_name(part), data_name(part)]
                else:
                    write_records(folder, part, part_chunks(self.folder / part_name(ROWS, part)))
                for name in names:
                    link_or_copy(self.folder / name, folder / name)
            parts = self.parts
        write_part(folder, added, max(parts) + 1)
        write_totals(folder, totals, made)
