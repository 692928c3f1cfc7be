"""Long text columns kept for reading by row: compressed rows in part files, and their offsets.

Parquet reads whole column chunks, so showing 20 articles of a million would decompress
the bodies of every row group they fall in. For ``title``, ``body`` and ``search_text``
a store keeps, beside its articles::

    text.<column>.bin       each row's UTF-8 text, zlib-compressed, one after the other
    text.<column>.<k>.bin   the rows after those of the parts before it (k = 1, 2, ...)
    text.<column>.npy       int64 offsets: row i is bin[offsets[i]:offsets[i + 1]] of the
                            parts read one after the other
    text.<column>.<k>.npy   the offsets of the rows after those of the parts before it

All are memory-mapped, so reading k rows touches k slices, whatever the corpus size. A
fresh column is one part; rows appended by ``add`` are one more part of the data and one of
the offsets, the earlier parts hard-linked from the store's previous version (not copied)
and the last ones joined as :mod:`dashboard.storage.arrayparts` joins parts, so the part
files of a column are a few and an append rewrites at most ``PART_BYTES`` of each.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import numpy as np

from dashboard.storage import arrayparts

COLUMNS = ("title", "body", "search_text")
LEVEL = 1  # fast; article text still shrinks about threefold


def paths(folder: Path, column: str) -> tuple[Path, Path]:
    """The first data file and the offsets file of ``column``."""
    return Path(folder) / f"text.{column}.bin", Path(folder) / f"text.{column}.npy"


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
    data, offsets = (path.name for path in paths(previous, column))
    earlier = arrayparts.read(previous, offsets)
    packed = io.BytesIO()
    ends = _append(packed, texts, arrayparts.last(earlier))
    arrayparts.append(previous, folder, data, np.frombuffer(packed.getbuffer(), dtype=np.uint8))
    arrayparts.append(previous, folder, offsets, np.asarray(ends, dtype=np.int64))
    return len(earlier) - 1 + len(ends)


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
        data, offsets = (path.name for path in paths(folder, column))
        self.offsets = arrayparts.read(folder, offsets)
        self.data = arrayparts.read(folder, data)  # a row's bytes lie in one part

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
            packed = self.data[start:end].tobytes()
            found.append(zlib.decompress(packed).decode("utf-8"))
        return found
