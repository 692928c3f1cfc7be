"""Row arrays kept as numbered ``.npy`` parts, memory-mapped and read as one array.

A store's embeddings are ``embeddings.npy`` (its first rows, the only file of a store that
``add`` never touched), then ``embeddings.1.npy``, ``embeddings.2.npy``, ...: the rows each
``add`` appended. :func:`append_rows` hard-links the earlier version's parts (the same
file, not a copy) and writes only the new rows, as one more part, joined with the last
stored parts while the last is no longer than the rows joined so far and all fit in
``PART_ROWS`` (a binary counter, as :mod:`dashboard.storage.parts` joins Parquet parts):
rows appended k at a time leave about log2(PART_ROWS / k) small parts, and an append
rewrites at most ``PART_ROWS`` stored rows.

:class:`PartedRows` reads the parts as one (n, d) array: a row, a slice or rows by number
(sorted or not, a boolean mask) come from the memory-mapped parts they lie in, and only
``np.asarray`` of the whole joins every row in memory.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from dashboard.storage.parts import link_or_copy

PART_ROWS = 65_536  # rows a joined part holds at most (64 MB of 512 float16 columns)


def part_file(stem: str, number: int, suffix: str = ".npy") -> str:
    """The name of part ``number`` of the rows ``stem``.

    >>> part_file("embeddings", 0), part_file("embeddings", 2)
    ('embeddings.npy', 'embeddings.2.npy')
    """
    return f"{stem}{suffix}" if number == 0 else f"{stem}.{number}{suffix}"


def part_paths(folder: Path, stem: str, suffix: str = ".npy") -> list[Path]:
    """The parts of ``stem`` in ``folder``, in row order (none when its first is missing)."""
    folder = Path(folder)
    if not (folder / part_file(stem, 0, suffix)).is_file():
        return []
    pattern = re.compile(rf"{re.escape(stem)}\.(\d+){re.escape(suffix)}")
    numbered = {}
    for path in folder.glob(f"{stem}.*{suffix}"):
        match = pattern.fullmatch(path.name)
        if match and int(match.group(1)) > 0:
            numbered[int(match.group(1))] = path
    return [folder / part_file(stem, 0, suffix)] + [numbered[k] for k in sorted(numbered)]


def joined_parts(sizes: list[int], new: int, limit: int = PART_ROWS) -> int:
    """How many of the last stored parts (of ``sizes`` rows) an append of ``new`` rows
    writes again into its own part: while the last is no longer than the rows gathered and
    all fit in ``limit``.

    >>> joined_parts([100_000, 1_000, 1_000], 1_000), joined_parts([100_000, 2_000], 1_000)
    (2, 0)
    """
    count, gathered = 0, new
    while count < len(sizes):
        last = sizes[-1 - count]
        if last > gathered or last + gathered > limit:
            break
        count, gathered = count + 1, gathered + last
    return count


class PartedRows:
    """Memory-mapped row parts read as one (n, d) array (see the module's description)."""

    ndim = 2

    def __init__(self, parts: list[np.ndarray]) -> None:
        self.parts = parts
        self.starts = np.cumsum([0] + [len(p) for p in parts])
        self.shape = (int(self.starts[-1]), parts[0].shape[1])
        self.dtype = parts[0].dtype

    def __len__(self) -> int:
        return self.shape[0]

    def __array__(self, dtype: object = None, copy: object = None) -> np.ndarray:
        joined = np.concatenate([np.asarray(p) for p in self.parts])
        return joined if dtype is None else joined.astype(dtype, copy=False)

    def __getitem__(self, key: object) -> np.ndarray:
        if isinstance(key, tuple):
            rows = self[key[0]]
            return rows[(slice(None), *key[1:])] if rows.ndim == 2 else rows[key[1:]]
        if isinstance(key, int | np.integer):
            row = int(key) + len(self) if key < 0 else int(key)
            if not 0 <= row < len(self):
                raise IndexError(f"row {key} of {len(self)}")
            part = int(np.searchsorted(self.starts, row, side="right")) - 1
            return np.asarray(self.parts[part][row - self.starts[part]])
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self))
            if step != 1:
                return self[np.arange(start, stop, step)]
            return self._span(start, max(stop, start))
        rows = np.asarray(key)
        if rows.dtype == bool:
            if rows.shape != (len(self),):
                raise IndexError(f"a mask of {rows.shape} for {len(self)} rows")
            rows = np.flatnonzero(rows)
        return self._take(rows.astype(np.int64, copy=False))

    def _span(self, start: int, stop: int) -> np.ndarray:
        """Rows ``start:stop``, from the parts they lie in."""
        pieces = []
        for part, first in zip(self.parts, self.starts[:-1], strict=True):
            low, high = max(start - first, 0), min(stop - first, len(part))
            if low < high:
                pieces.append(np.asarray(part[low:high]))
        if len(pieces) == 1:
            return pieces[0]
        if not pieces:
            return np.empty((0, self.shape[1]), dtype=self.dtype)
        return np.concatenate(pieces)

    def _take(self, rows: np.ndarray) -> np.ndarray:
        """Rows by number (any order), each read from its part."""
        rows = np.where(rows < 0, rows + len(self), rows)
        if rows.size and (rows.min() < 0 or rows.max() >= len(self)):
            raise IndexError(f"rows out of range for {len(self)} rows")
        found = np.empty((len(rows), self.shape[1]), dtype=self.dtype)
        part_of = np.searchsorted(self.starts, rows, side="right") - 1
        for part in np.unique(part_of):
            at = part_of == part
            found[at] = self.parts[part][rows[at] - self.starts[part]]
        return found


def load_rows(folder: Path, stem: str = "embeddings") -> np.ndarray | PartedRows:
    """The rows ``stem`` of ``folder``, memory-mapped: the array of a single part, or the
    parts as one :class:`PartedRows`.

    Raises:
        FileNotFoundError: there is no first part.
        ValueError: a part is not a 2-d float array of the first part's width and type
            (the message names it).
    """
    paths = part_paths(folder, stem)
    if not paths:
        raise FileNotFoundError(Path(folder) / part_file(stem, 0))
    parts = []
    for path in paths:
        try:
            part = np.load(path, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError, EOFError) as error:
            raise ValueError(f"{path.name}: not a readable array: {error}") from None
        first = parts[0] if parts else part
        if part.ndim != 2 or part.dtype.kind != "f":
            raise ValueError(f"{path.name}: a {part.ndim}-d {part.dtype} array")
        if part.shape[1] != first.shape[1] or part.dtype != first.dtype:
            raise ValueError(f"{path.name}: {part.dtype} rows of {part.shape[1]}, not as its first")
        parts.append(part)
    return parts[0] if len(parts) == 1 else PartedRows(parts)


def append_rows(
    previous: Path,
    folder: Path,
    new: np.ndarray,
    stem: str = "embeddings",
    dtype: type = np.float16,
    limit: int = PART_ROWS,
) -> list[Path]:
    """Write as the rows ``stem`` of ``folder`` those of ``previous`` followed by ``new``
    (as ``dtype``): the stored parts linked, the new rows one more part, joined with the
    last stored ones as :func:`joined_parts` says; the part files."""
    stored = part_paths(previous, stem)
    sizes = [len(np.load(p, mmap_mode="r")) for p in stored]
    joined = joined_parts(sizes, len(new), limit)
    kept = len(stored) - joined
    written = []
    for number, path in enumerate(stored[:kept]):
        written.append(Path(folder) / part_file(stem, number))
        link_or_copy(path, written[-1])
    rows = [np.load(p, mmap_mode="r") for p in stored[kept:]] + [np.asarray(new)]
    written.append(Path(folder) / part_file(stem, kept))
    np.save(written[-1], np.concatenate(rows).astype(dtype, copy=False))
    return written
