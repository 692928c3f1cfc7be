"""Long text columns kept for reading by row: one file of compressed rows and their offsets.

Parquet reads whole column chunks, so showing 20 articles of a million would decompress
the bodies of every row group they fall in. For ``title``, ``body`` and ``search_text``
a store keeps, beside its articles::

    text.<column>.bin       each row's UTF-8 text, zlib-compressed, one after the other
    text.<column>.npy       int64 offsets: row i is bin[offsets[i]:offsets[i + 1]]

Both are memory-mapped, so reading k rows touches k slices, whatever the corpus size.
"""

from __future__ import annotations

import shutil
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import numpy as np

COLUMNS = ("title", "body", "search_text")
LEVEL = 1  # fast; article text still shrinks about threefold


def paths(folder: Path, column: str) -> tuple[Path, Path]:
    """The data and offsets files of ``column``."""
    return Path(folder) / f"text.{column}.bin", Path(folder) / f"text.{column}.npy"


def write_texts(folder: Path, column: str, texts: Iterable[str | None]) -> int:
    """Write one text column (None as ""); the number of rows."""
    data, offsets = paths(folder, column)
    with data.open("wb") as handle:
        ends = _append(handle, texts, 0)
    np.save(offsets, np.asarray([0, *ends], dtype=np.int64))
    return len(ends)


def extend_texts(previous: Path, folder: Path, column: str, texts: Iterable[str | None]) -> int:
    """Write into ``folder`` the column of ``previous`` followed by ``texts``; the number
    of rows (the files are those :func:`write_texts` writes from every row)."""
    data, offsets = paths(folder, column)
    old_data, old_offsets = paths(previous, column)
    shutil.copyfile(old_data, data)
    earlier = np.load(old_offsets)
    with data.open("ab") as handle:
        ends = _append(handle, texts, int(earlier[-1]))
    np.save(offsets, np.concatenate([earlier, np.asarray(ends, dtype=np.int64)]))
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
        data, offsets = paths(folder, column)
        self.offsets = np.load(offsets, mmap_mode="r")
        self.data = np.memmap(data, dtype=np.uint8, mode="r") if data.stat().st_size else None

    @staticmethod
    def present(folder: Path, column: str) -> bool:
        """Whether ``folder`` holds ``column``."""
        return all(p.is_file() for p in paths(folder, column))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def get(self, rows: Iterable[int]) -> list[str]:
        """The texts of ``rows``, in that order."""
        found = []
        for row in rows:
            start, end = int(self.offsets[row]), int(self.offsets[row + 1])
            packed = b"" if self.data is None else self.data[start:end].tobytes()
            found.append(zlib.decompress(packed).decode("utf-8") if packed else "")
        return found
