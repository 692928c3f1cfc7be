"""Long text columns kept for reading by row: compressed rows in part files, and their offsets.

Parquet reads whole column chunks, so showing 20 articles of a million would decompress
the bodies of every row group they fall in. For ``title``, ``body`` and ``search_text``
a store keeps, beside its articles::

    text.<column>.bin       each row's UTF-8 text, zlib-compressed, one after the other
    text.<column>.<k>.bin   the rows after those of the parts before it (k = 1, 2, ...)
    text.<column>.npy       int64 offsets: row i is bin[offsets[i]:offsets[i + 1]] of the
                            parts read one after the other
    text.<column>.<k>.npy   the offsets of the rows after those of the parts before it
                            (:mod:`dashboard.storage.pieces`)

All are memory-mapped, so reading k rows touches k slices, whatever the corpus size. A
fresh column is one part; rows appended by ``add`` are one more part, and the earlier
parts are hard-linked from the store's previous version (not copied), and so are the
offsets' parts (the new rows' ends are one more part, joined as the data's). The last parts are
joined, byte for byte, while the last is at least as long as the one before it and both fit
in ``JOIN_BYTES`` (a binary counter, as the articles' parts), so the part files of a column
are a few and an append rewrites at most ``JOIN_BYTES``.
"""

from __future__ import annotations

import re
import shutil
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import numpy as np

from dashboard.storage import pieces
from dashboard.storage.parts import link_or_copy

COLUMNS = ("title", "body", "search_text")
LEVEL = 1  # fast; article text still shrinks about threefold
JOIN_BYTES = 256 << 20  # parts are joined only while the joined part stays under this


def paths(folder: Path, column: str) -> tuple[Path, Path]:
    """The first data file and the offsets file of ``column``."""
    return Path(folder) / f"text.{column}.bin", Path(folder) / f"text.{column}.npy"


def data_parts(folder: Path, column: str) -> list[Path]:
    """The data files of ``column``, in row order."""
    first = paths(folder, column)[0]
    pattern = re.compile(rf"text\.{re.escape(column)}\.(\d+)\.bin")
    later = [
        (int(m[1]), p)
        for p in Path(folder).glob(f"text.{column}.*.bin")
        if (m := pattern.fullmatch(p.name))
    ]
    return [first, *(p for _, p in sorted(later))]


def part_file(folder: Path, column: str, number: int) -> Path:
    """Data file ``number`` of ``column`` (0 is ``text.<column>.bin``)."""
    return paths(folder, column)[0] if number == 0 else Path(folder) / f"text.{column}.{number}.bin"


def write_texts(folder: Path, column: str, texts: Iterable[str | None]) -> int:
    """Write one text column (None as "") as one part; the number of rows."""
    data, offsets = paths(folder, column)
    with data.open("wb") as handle:
        ends = _append(handle, texts, 0)
    np.save(offsets, np.asarray([0, *ends], dtype=np.int64))
    return len(ends)


def extend_texts(previous: Path, folder: Path, column: str, texts: Iterable[str | None]) -> int:
    """Write into ``folder`` the column of ``previous`` followed by ``texts``: its parts
    linked, the new rows one more part, joined with the last ones as the module says; the
    number of rows. The offsets and the data, their parts read one after the other, are
    those :func:`write_texts` writes from every row."""
    offsets = paths(previous, column)[1].name
    earlier = pieces.read(previous, offsets)
    rows = len(earlier) - 1
    stored = data_parts(previous, column)
    pending = Path(folder) / f".text.{column}.new"
    with pending.open("wb") as handle:
        ends = _append(handle, texts, pieces.last(earlier))
    size = pending.stat().st_size
    while stored and stored[-1].stat().st_size <= size <= JOIN_BYTES - stored[-1].stat().st_size:
        last = stored.pop()
        joined = Path(folder) / f".text.{column}.joined"
        with joined.open("wb") as handle, last.open("rb") as head, pending.open("rb") as tail:
            shutil.copyfileobj(head, handle, 1 << 20)
            shutil.copyfileobj(tail, handle, 1 << 20)
        joined.replace(pending)
        size = pending.stat().st_size
    for number, path in enumerate(stored):
        link_or_copy(path, part_file(folder, column, number))
    pending.replace(part_file(folder, column, len(stored)))
    pieces.append(previous, folder, offsets, np.asarray(ends, dtype=np.int64))
    return rows + len(ends)


def _append(handle: BinaryIO, texts: Iterable[str | None], position: int) -> list[int]:
    """Write each text compressed at ``position`` on; where each one ends."""
    ends = []
    for text in texts:
        packed = zlib.compress((text or "").encode("utf-8"), LEVEL)
        handle.write(packed)
        position += len(packed)
        ends.append(position)
    return ends


class RowTexts:
    """Read access to one text column by row (see the module)."""

    def __init__(self, folder: Path, column: str) -> None:
        self.offsets = pieces.read(folder, paths(folder, column)[1].name)
        parts = data_parts(folder, column)
        sizes = [p.stat().st_size for p in parts]
        self.starts = np.cumsum([0, *sizes])  # where each part starts in the column's bytes
        self.data = [
            np.memmap(p, dtype=np.uint8, mode="r") if n else None
            for p, n in zip(parts, sizes, strict=True)
        ]

    @staticmethod
    def present(folder: Path, column: str) -> bool:
        """Whether ``folder`` holds ``column``."""
        return all(p.is_file() for p in paths(folder, column))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def get(self, rows: Iterable[int]) -> list[str]:
        """The texts of ``rows``, in that order."""
        rows = np.fromiter(rows, dtype=np.int64)
        found: list[str] = []
        if not len(rows):
            return found
        for start, end in zip(
            self.offsets[rows].tolist(), self.offsets[rows + 1].tolist(), strict=True
        ):
            if start == end:
                found.append("")
                continue
            part = int(np.searchsorted(self.starts, start, side="right")) - 1
            local = start - int(self.starts[part])
            packed = self.data[part][local : local + end - start].tobytes()
            found.append(zlib.decompress(packed).decode("utf-8"))
        return found
