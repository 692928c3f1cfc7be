"""Per-article tables kept as ordered part files, read as one table; versions that share files.

A parted table ``NAME`` of a store folder is a folder of Parquet files in one schema::

    NAME/part-00000.parquet    its first rows
    NAME/part-00001.parquet    the rows after them, ...

Read in name order they are the table: :class:`Parted` reads it (whole, some columns, in
batches, or some rows), and pandas (``pd.read_parquet(folder / NAME)``), pyarrow and DuckDB
(``read_parquet('NAME/*.parquet')``, or :meth:`Parted.sql` with the table's row numbers)
read the same files as one table. A fresh table is cut into parts of at most ``PART_ROWS``
rows. Appending rows (:func:`append_parted`) hard-links the earlier version's parts (the same
file, not a copy; a copy across file systems) and writes only the new rows, as one more
part: the last parts are joined while the last is at least as long as the one before it
and both fit in one part (a binary counter, as the lexical index's segments), so rows
appended k at a time leave about log2(PART_ROWS / k) small parts, and an append rewrites
at most one part's rows. A store written before tables were parted holds ``NAME.parquet``:
it is read as a table of one part, and its first append links that file as part 0 (the
file itself stays as it is).

A keyed table (``KEYED`` names each one's key column: the mentions by their article's id,
the quotes and their checks by their article's row) may have rows replaced
(:func:`append_replacing`): an append writes the rows of the earlier keys it changes in its
new part, with the new keys' rows, and the part lists in its file's metadata the keys whose
rows in the parts before it no longer count (its tombstones), so no stored part is written
again. :func:`read_replacing` reads the table with those rows left out. Such a table is read
through it, not as plain files (pandas or DuckDB over the folder would see the hidden rows).

:func:`shared_checksums` lets a new version reuse the recorded checksum of every file it
shares with the version before it (same device and inode: a hard link of a file that
version's manifest lists) instead of hashing its bytes again; verifying the new version
still hashes every file.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

PART_ROWS = 50_000  # rows of one part at most (a fresh table's parts; joins stop there)
ROW_GROUP = 10_000  # rows of one row group: reading some rows decompresses their groups alone
PARTED = ("articles",)  # the store's frames kept as parted tables
# Tables ``add`` appends to with rows replaced, and their key columns.
KEYED = {"mentions": "article_id", "quotes": "row", "quote_checks": "row"}
REPLACED = b"replaced"  # metadata key of a part's tombstones: the keys, as a JSON list


def part_name(number: int) -> str:
    """File name of a table's part ``number``.

    >>> part_name(3)
    'part-00003.parquet'
    """
    return f"part-{number:05d}.parquet"


def link_or_copy(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (a copy across file systems)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


@dataclass(frozen=True)
class Parted:
    """Read access to the parted table ``name`` of ``folder`` (or its single-file form)."""

    folder: Path
    name: str

    @property
    def root(self) -> Path:
        """The folder of the parts."""
        return Path(self.folder) / self.name

    def paths(self) -> list[Path]:
        """The part files in row order (the single file of an older store; none when
        the table is missing)."""
        if self.root.is_dir():
            return sorted(self.root.glob("part-*.parquet"))
        single = Path(self.folder) / f"{self.name}.parquet"
        return [single] if single.is_file() else []

    def present(self) -> bool:
        """Whether the table is there (parted or as one file)."""
        return bool(self.paths())

    def schema(self) -> pa.Schema:
        """The table's Arrow schema (its first part's)."""
        return pq.read_schema(self.paths()[0])

    def sizes(self) -> list[int]:
        """Rows of each part, in order."""
        return [pq.ParquetFile(p).metadata.num_rows for p in self.paths()]

    def __len__(self) -> int:
        return sum(self.sizes())

    def table(self, columns: Sequence[str] | None = None) -> pa.Table:
        """The whole table (or ``columns``) as one Arrow table."""
        columns = None if columns is None else list(columns)
        tables = [pq.read_table(p, columns=columns) for p in self.paths()]
        return pa.concat_tables(tables) if len(tables) > 1 else tables[0]

    def read(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The whole table (or ``columns``) as a frame, as ``pd.read_parquet`` reads it."""
        return self.table(columns).to_pandas()

    def batches(self, columns: Sequence[str], batch: int = 10_000) -> Iterator[pa.RecordBatch]:
        """``columns`` of every row, part after part, ``batch`` rows at most at a time."""
        for path in self.paths():
            yield from pq.ParquetFile(path).iter_batches(batch_size=batch, columns=list(columns))

    def take(self, rows: np.ndarray, columns: Sequence[str]) -> pd.DataFrame:
        """``columns`` of the given rows (table positions, in that order), reading only the
        row groups that hold them."""
        rows = np.asarray(rows, dtype=np.int64)
        files, starts = [], [0]
        for path in self.paths():
            source = pq.ParquetFile(path)
            meta = source.metadata
            for group in range(meta.num_row_groups):
                files.append((source, group))
                starts.append(starts[-1] + meta.row_group(group).num_rows)
        starts = np.asarray(starts, dtype=np.int64)
        group = np.searchsorted(starts, rows, side="right") - 1
        groups = np.unique(group)
        tables = [files[g][0].read_row_group(files[g][1], columns=list(columns)) for g in groups]
        table = pa.concat_tables(tables) if tables else self.schema().empty_table()
        sizes = starts[groups + 1] - starts[groups]
        before = np.cumsum(sizes) - sizes  # where each read group starts in ``table``
        local = before[np.searchsorted(groups, group)] + rows - starts[group]
        return table.select(list(columns)).take(pa.array(local, pa.int64())).to_pandas()

    def sql(self, columns: Sequence[str]) -> str:
        """A DuckDB query of ``columns`` of every row with its table position as ``row``."""
        selects, start = [], 0
        for path, size in zip(self.paths(), self.sizes(), strict=True):
            quoted = str(path).replace("'", "''")
            selects.append(
                f"SELECT file_row_number + {start} AS row, {', '.join(columns)} "
                f"FROM read_parquet('{quoted}', file_row_number = true)"
            )
            start += size
        return " UNION ALL ".join(selects)


def write_parted(
    table: pd.DataFrame | pa.Table, folder: Path, name: str, rows: int = PART_ROWS
) -> list[Path]:
    """Write ``table`` as the parted table ``name`` of ``folder`` (parts of ``rows`` rows at
    most; one part when it is empty); the part files."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    root = Path(folder) / name
    root.mkdir()
    written = []
    for number, start in enumerate(range(0, max(table.num_rows, 1), rows)):
        written.append(root / part_name(number))
        pq.write_table(table.slice(start, rows), written[-1], row_group_size=ROW_GROUP)
    return written


def append_parted(
    previous: Path, folder: Path, name: str, new: pd.DataFrame, rows: int = PART_ROWS
) -> list[Path]:
    """Write as the table ``name`` of ``folder`` the one of ``previous`` followed by the rows
    of ``new`` (in the stored schema, null in the columns ``new`` lacks): the stored parts
    are linked, the new rows written as one more part, joined with the last stored ones
    while the last is at least as long as the one before it and both fit in ``rows``; the
    part files.

    Raises:
        ValueError: ``new`` has a column that the stored table lacks.
    """
    return append_replacing(previous, folder, name, new, (), None, rows)


def in_order(frame: pd.DataFrame, key: str, order: pd.Index) -> pd.DataFrame:
    """The rows of ``frame`` in the order of their ``key`` in ``order`` (the articles' ids),
    each key's rows in the order they have (a stable sort: sorted runs merge fast)."""
    keys = frame[key]
    if isinstance(keys.dtype, pd.CategoricalDtype):
        place = order.get_indexer(keys.cat.categories)[keys.cat.codes.to_numpy()]
    else:
        place = order.get_indexer(keys)
    return frame.iloc[np.argsort(place, kind="stable")].reset_index(drop=True)


def replaced_keys(path: Path) -> set:
    """The keys whose rows in the parts before it the part at ``path`` replaces."""
    raw = (pq.read_schema(path).metadata or {}).get(REPLACED)
    return set(json.loads(raw)) if raw else set()


def _without(table: pa.Table, key: str, keys: set) -> pa.Table:
    """``table`` less its rows whose ``key`` is one of ``keys``."""
    if not keys:
        return table
    column = table.column(key)
    kind = column.type.value_type if pa.types.is_dictionary(column.type) else column.type
    gone = pc.is_in(column.cast(kind), pa.array(sorted(keys), kind))
    return table.filter(pc.invert(gone))


def read_replacing(
    folder: Path,
    name: str,
    key: str,
    keys: Sequence | None = None,
    columns: Sequence[str] | None = None,
    ordered: bool = True,
) -> pd.DataFrame:
    """The keyed table ``name`` of ``folder`` (every row, or those whose ``key`` is in
    ``keys``), without the rows a later part replaces: sorted by ``key`` when ``ordered``
    (stable: a key's rows in their order), else in the order of the parts that hold them;
    ``columns`` (with ``key``) or every column."""
    if columns is not None:
        columns = list(dict.fromkeys([key, *columns]))
    wanted = None if keys is None else np.asarray(list(keys)).tolist()
    tables, later = [], set()
    for path in reversed(Parted(folder, name).paths()):
        filters = None if wanted is None else [(key, "in", wanted)]
        tables.append(_without(pq.read_table(path, columns=columns, filters=filters), key, later))
        later |= replaced_keys(path)
    frame = pa.concat_tables(tables[::-1]).to_pandas()
    return frame.sort_values(key, kind="stable", ignore_index=True) if ordered else frame


def append_replacing(
    previous: Path,
    folder: Path,
    name: str,
    new: pd.DataFrame | pa.Table,
    replaced: Sequence,
    key: str | None,
    rows: int = PART_ROWS,
) -> list[Path]:
    """Write as the table ``name`` of ``folder`` the one of ``previous`` with the rows of
    the keys ``replaced`` (values of column ``key``) replaced by the rows of ``new``, which
    also adds rows (a frame in the stored schema, null in the columns it lacks): the stored
    parts are linked and ``new`` written as one more part listing ``replaced``, joined with
    the last stored parts while the last is at least as long as the one before it and both
    fit in ``rows`` (their replaced rows left out, their lists kept); the part files.

    Raises:
        ValueError: ``new`` has a column that the stored table lacks.
    """
    stored = Parted(previous, name)  # may have no such table (``new`` an Arrow table then)
    if isinstance(new, pd.DataFrame):
        schema = stored.schema()
        extra = sorted(set(new.columns) - set(schema.names))
        if extra:
            raise ValueError(f"{stored.root} has no column {', '.join(extra)}")
        new = pa.Table.from_pandas(
            new.reindex(columns=schema.names), schema=schema, preserve_index=False
        )
    paths, sizes = stored.paths(), stored.sizes()
    gone, pending = set(np.asarray(list(replaced)).tolist()), new
    while paths and sizes[-1] <= pending.num_rows and sizes[-1] + pending.num_rows <= rows:
        last = paths.pop()
        sizes.pop()
        kept = pq.read_table(last, schema=new.schema)
        pending = pa.concat_tables([_without(kept, key, gone), pending])
        gone |= replaced_keys(last)
    metadata = {k: v for k, v in (pending.schema.metadata or {}).items() if k != REPLACED}
    if gone:  # never the tombstones of the stored part whose schema it was read with
        metadata[REPLACED] = json.dumps(sorted(gone)).encode()
    pending = pending.replace_schema_metadata(metadata)
    root = Path(folder) / name
    root.mkdir()
    written = []
    for number, path in enumerate(paths):
        written.append(root / part_name(number))
        link_or_copy(path, written[-1])
    written.append(root / part_name(len(paths)))
    pq.write_table(pending, written[-1], row_group_size=ROW_GROUP)
    return written


def store_files(folder: Path) -> list[Path]:
    """Every file a store's manifest lists: those at its top and in its parted tables'
    folders."""
    folder = Path(folder)
    files = [p for p in folder.iterdir() if p.is_file()]
    for name in (*PARTED, *KEYED):
        if (folder / name).is_dir():
            files.extend(p for p in (folder / name).iterdir() if p.is_file())
    return sorted(files)


def shared_checksums(previous: Path | None, files: dict) -> dict[tuple[int, int], str]:
    """The checksums ``files`` (a manifest's: names in ``previous`` to hex digests) records,
    by device and inode of the file they name, to be reused for the hard links of those
    files (none without ``previous``)."""
    found: dict[tuple[int, int], str] = {}
    for name, digest in files.items() if previous is not None else ():
        try:
            stat = (Path(previous) / name).stat()
        except OSError:
            continue
        found[(stat.st_dev, stat.st_ino)] = digest
    return found
