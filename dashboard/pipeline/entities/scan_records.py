"""Each kept article's raw scan as one compressed record, read by its id alone.

A scan part's rows (:mod:`.scan_store`) are sorted by article id in Parquet row groups of
thousands of rows; the old articles a changed decision touches are spread over nearly every
row group, so reading their rows decodes about the whole table, which grows with the store.
Beside each part, its articles' scans are also kept as records::

    scan_records.parquet, scan_records.1.parquet ...  article_id, start, stop (bytes)
    scan_records.bin, scan_records.1.bin ...          the records, zlib-compressed apart

so that reading some articles' scans costs what their records weigh, whatever the store's
size. A record is the article's rows as text: its items ("field US key US value US count
RS", the fields but 'loose' in their stored order), an FS, then its loose words ("word US
count US" in their order), which :func:`parsed` turns back into the :class:`Article` that
:func:`~.scan_table.table_scans` gives from the same rows.
"""

from __future__ import annotations

import mmap
import zlib
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.pipeline.entities.article import Article
from dashboard.pipeline.entities.scan_table import COUNTED, SEPARATOR

RECORDS = "scan_records"
UNIT, ITEM, LOOSE = "\x1f", "\x1e", "\x1c"  # between values, after an item, before loose words
LEVEL = 1  # zlib level: records are small and written by every build


def index_name(part: int) -> str:
    """The file of part ``part``'s record index (0: the build's)."""
    return f"{RECORDS}.parquet" if part == 0 else f"{RECORDS}.{part}.parquet"


def data_name(part: int) -> str:
    """The file of part ``part``'s records."""
    return f"{RECORDS}.bin" if part == 0 else f"{RECORDS}.{part}.bin"


def recordable(rows: pa.Table) -> bool:
    """Whether no key or value of ``rows`` holds a character records separate values by."""
    pattern = f"[{LOOSE}-{UNIT}]"
    return not any(
        pc.any(pc.match_substring_regex(rows.column(c).cast(pa.string()), pattern)).as_py()
        for c in ("key", "value")
    )


def has_records(folder: Path, part: int) -> bool:
    """Whether part ``part`` of the scans in ``folder`` keeps its records."""
    return (folder / index_name(part)).is_file() and (folder / data_name(part)).is_file()


def _texts(rows: pa.Table) -> tuple[pa.Array, np.ndarray]:
    """Each row's text in its record (the 'article' row: the FS before the loose words) and
    each row's section (0 items, 1 the FS, 2 loose words)."""
    field = rows.column("field").combine_chunks().cast(pa.string())
    key = rows.column("key").combine_chunks().cast(pa.string())
    value = rows.column("value").combine_chunks().cast(pa.string())
    count = rows.column("count").combine_chunks().cast(pa.string())
    empty = pa.scalar("")
    item = pc.binary_join_element_wise(field, key, value, count, UNIT)
    item = pc.binary_join_element_wise(item, empty, ITEM)
    loose = pc.binary_join_element_wise(key, count, empty, UNIT)
    is_loose = pc.equal(field, "loose")
    is_article = pc.equal(field, "article")
    text = pc.if_else(is_loose, loose, pc.if_else(is_article, pa.scalar(LOOSE), item))
    section = np.where(is_loose.to_numpy(zero_copy_only=False), 2, 0)
    section[is_article.to_numpy(zero_copy_only=False)] = 1
    return text, section


def _chunk_records(rows: pa.Table) -> tuple[list[str], list[bytes]]:
    """The ids and compressed records of the articles of ``rows`` (each article's rows
    together, as a part keeps them)."""
    ids = rows.column("article_id").combine_chunks().cast(pa.string())
    codes = pc.dictionary_encode(ids).indices.to_numpy(zero_copy_only=False)
    runs = np.cumsum(np.r_[True, codes[1:] != codes[:-1]]) - 1
    text, section = _texts(rows)
    order = np.lexsort([section, runs])  # each article's items, then the FS, then loose words
    text = text.take(pa.array(order)).cast(pa.large_string())
    offsets = np.frombuffer(text.buffers()[1], np.int64, len(text) + 1, text.offset * 8)
    data = memoryview(text.buffers()[2]) if text.buffers()[2] is not None else memoryview(b"")
    starts = np.flatnonzero(np.r_[True, runs[order][1:] != runs[order][:-1]])
    bounds = offsets[np.r_[starts, len(order)]].tolist()
    records = [zlib.compress(data[a:b], LEVEL) for a, b in pairwise(bounds)]
    return ids.take(pa.array(order[starts])).to_pylist(), records


def write_records(folder: Path, part: int, chunks: Iterable[pa.Table]) -> bool:
    """Write the records of part ``part`` from its rows, given in chunks in the part's order
    (an article's rows may straddle two chunks). False, and none written, when a key or
    value holds a separator (:func:`recordable`): the part is then read from its rows."""
    ids: list[str] = []
    sizes: list[int] = []
    carry: pa.Table | None = None
    data, whole = folder / data_name(part), True
    with data.open("wb") as out:

        def flush(rows: pa.Table) -> None:
            found, records = _chunk_records(rows)
            ids.extend(found)
            sizes.extend(len(r) for r in records)
            out.write(b"".join(records))

        for chunk in chunks:
            if not recordable(chunk):
                whole = False
                break
            rows = chunk if carry is None else pa.concat_tables([carry, chunk])
            if not len(rows):
                continue
            last = rows.column("article_id").combine_chunks().cast(pa.string())
            tail = pc.equal(last, last[len(last) - 1]).to_numpy(zero_copy_only=False)
            cut = len(rows) - int(np.argmin(tail[::-1])) if not tail.all() else 0
            if cut:
                flush(rows.slice(0, cut))
            carry = rows.slice(cut)
        if whole and carry is not None and len(carry):
            flush(carry)
    if not whole:  # stopped at a separator
        data.unlink()
        return False
    stops = np.cumsum(np.asarray(sizes, dtype=np.int64))
    starts = stops - np.asarray(sizes, dtype=np.int64)
    index = pa.table({"article_id": pa.array(ids, pa.string()), "start": starts, "stop": stops})
    pq.write_table(index, folder / index_name(part))
    return True


def part_chunks(path: Path, groups: int = 64) -> Iterable[pa.Table]:
    """A stored scan part's rows, ``groups`` row groups at a time."""
    source = pq.ParquetFile(path)
    for first in range(0, source.metadata.num_row_groups, groups):
        chosen = range(first, min(first + groups, source.metadata.num_row_groups))
        yield source.read_row_groups(list(chosen))


class Records:
    """The records of one scan part."""

    def __init__(self, folder: Path, part: int) -> None:
        index = pq.read_table(folder / index_name(part))
        self.ids = index.column("article_id").combine_chunks()
        self.starts = index.column("start").to_numpy()
        self.stops = index.column("stop").to_numpy()
        self.path = folder / data_name(part)

    def read(self, wanted: list[str]) -> dict[str, Article]:
        """The scans of the articles of ``wanted`` this part holds, by id."""
        if not wanted or not len(self.ids):
            return {}
        at = pc.index_in(pa.array(wanted, pa.string()), value_set=self.ids)
        found = [(i, int(p)) for i, p in zip(wanted, at.to_pylist(), strict=True) if p is not None]
        if not found:
            return {}
        out = {}
        handle = self.path.open("rb")
        with handle, mmap.mmap(handle.fileno(), 0, prot=mmap.PROT_READ) as data:
            for article_id, p in found:
                record = zlib.decompress(data[self.starts[p] : self.stops[p]])
                out[article_id] = parsed(record.decode("utf-8"))
        return out


def parsed(record: str) -> Article:
    """The :class:`Article` a record keeps."""
    head, _, tail = record.partition(LOOSE)
    art = Article()
    keys: dict[str, tuple[str, ...]] = {}
    for item in head.split(ITEM)[:-1]:
        field, text, value, count = item.split(UNIT)
        key = keys.get(text) or keys.setdefault(text, tuple(text.split(SEPARATOR)))
        if field in COUNTED:
            getattr(art, field)[key] = int(count)
        elif field == "extended":
            art.extended[key] = tuple(value.split(SEPARATOR))
        else:
            getattr(art, field)[key] = value
    words = tail.split(UNIT)
    art.loose = Counter(dict(zip(words[0:-1:2], map(int, words[1:-1:2]), strict=True)))
    return art
