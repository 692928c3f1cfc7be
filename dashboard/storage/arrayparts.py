"""Arrays kept as numbered part files that a store's versions share, read as one array.

What ``add`` extends without writing again what is stored (the embeddings, the similarity
index's side parts, the character vectors' parts, the vocabulary, the term bags and the text
columns' data and offsets) is kept as parts read one after the other: ``NAME`` (say
``embeddings.npy`` or ``vocab.codes.i32``, all a fresh build writes), then
``STEM.1.SUFFIX``, ``STEM.2.SUFFIX``, ... (``embeddings.1.npy``, ``vocab.codes.1.i32``:
:func:`part_file`: the names every store written before this module holds). A part's
kind follows its suffix: ``.npy`` (NumPy, 1-d or rows), ``.i32`` (raw int32), ``.bin`` (raw
bytes) or ``.arrow`` (Arrow IPC, one string column ``term``); the index's and the character
vectors' parts are read by their own modules.

The join rule (:func:`joined_parts`, a binary counter): an append hard-links the parts of
the version before it (:func:`~dashboard.storage.parts.link_or_copy`) and writes the new
entries as one more part, joined with the last stored parts while the last holds no more
bytes than the parts gathered so far (the new ones first) and all of them fit in
``PART_BYTES``. Appends of k bytes at a time leave about log2(PART_BYTES / k) small parts
after the full ones; an append writes its own bytes and, amortised, each byte is written
again about log2(PART_BYTES / k) times, never more than ``PART_BYTES`` at once. A part's
size is the bytes of its values (a file's less any header; an ``.npz``'s arrays together); a
similarity-index side counts the rows it holds times an embedding row's bytes.

Two readers: :func:`load_rows` reads the rows of a 2-d array (the embeddings), checking each
part's width and type, and :func:`read` the positions of a 1-d array (:func:`read_all` also
Arrow term lists, in memory). Both give the memory-mapped array of a single part, or its
parts as one :class:`PartedArray`, which reads an index, a slice, an array of indexes or a
mask from the parts that hold them; only ``np.asarray`` of the whole joins every part.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa

from dashboard.storage.parts import link_or_copy

PART_BYTES = 64 << 20  # a joined part holds at most this (65,536 rows of 512 float16)
RAW = {".i32": np.int32, ".bin": np.uint8}  # raw kinds: their values' type


def part_file(name: str, number: int) -> str:
    """The file name of part ``number`` of the array ``name`` (0 is ``name`` itself).

    >>> part_file("embeddings.npy", 0), part_file("vocab.codes.i32", 2)
    ('embeddings.npy', 'vocab.codes.2.i32')
    """
    stem, suffix = name.rsplit(".", 1)
    return name if number == 0 else f"{stem}.{number}.{suffix}"


def part_paths(folder: Path, name: str) -> list[Path]:
    """The part files of ``name`` in ``folder``, in order (none when its first is missing)."""
    folder = Path(folder)
    if not (folder / name).is_file():
        return []
    stem, suffix = name.rsplit(".", 1)
    pattern = re.compile(rf"{re.escape(stem)}\.(\d+)\.{re.escape(suffix)}")
    later = {
        int(m[1]): path
        for path in folder.glob(f"{stem}.*.{suffix}")
        if (m := pattern.fullmatch(path.name)) and int(m[1]) > 0
    }
    return [folder / name, *(later[k] for k in sorted(later))]


def present(folder: Path, name: str) -> bool:
    """Whether ``folder`` holds the array ``name`` (its first part)."""
    return (Path(folder) / name).is_file()


def joined_parts(sizes: Sequence[int], new: int, limit: int | None = None) -> int:
    """How many of the last stored parts (of ``sizes`` bytes) an append of ``new`` bytes
    writes again into its own part: while the last holds no more than the bytes gathered
    and all fit in ``limit`` (``PART_BYTES``).

    >>> joined_parts([100_000, 1_000, 1_000], 1_000), joined_parts([100_000, 2_000], 1_000)
    (2, 0)
    """
    limit = PART_BYTES if limit is None else limit
    count, gathered = 0, new
    while count < len(sizes):
        last = sizes[-1 - count]
        if last > gathered or last + gathered > limit:
            break
        count, gathered = count + 1, gathered + last
    return count


def link_parts(stored: Sequence[Path], folder: Path, name: str) -> None:
    """Hard-link ``stored`` into ``folder`` as the first parts of ``name``."""
    for number, path in enumerate(stored):
        link_or_copy(path, Path(folder) / part_file(name, number))


def value_bytes(path: Path) -> int:
    """The bytes of the values a part file holds (its size less any header; the arrays of
    an ``.npz`` together)."""
    if path.suffix == ".npy":
        return np.load(path, mmap_mode="r").nbytes
    if path.suffix == ".npz":
        with zipfile.ZipFile(path) as saved:
            return sum(_member_bytes(saved.open(member)) for member in saved.namelist())
    if path.suffix == ".arrow":
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_file(source).read_all().nbytes
    return path.stat().st_size


def _member_bytes(handle: BinaryIO) -> int:
    """The bytes of the array whose ``.npy`` header ``handle`` starts with (read alone)."""
    version = np.lib.format.read_magic(handle)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(handle)
    else:
        shape, _, dtype = np.lib.format.read_array_header_2_0(handle)
    return int(np.prod(shape, dtype=np.int64)) * dtype.itemsize


def load(path: Path) -> np.ndarray | list[str]:
    """One part's values: memory-mapped for arrays, a list for Arrow strings."""
    if path.suffix == ".npy":
        return np.load(path, mmap_mode="r")
    if path.suffix == ".arrow":
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_file(source).read_all().column("term").to_pylist()
    dtype = RAW[path.suffix]
    if not path.stat().st_size:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r")


def save(path: Path, values: np.ndarray | list[str]) -> None:
    """Write one part (its kind from the suffix)."""
    if path.suffix == ".npy":
        np.save(path, np.asarray(values))
    elif path.suffix == ".arrow":
        table = pa.table({"term": pa.array(list(values), pa.string())})
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as w:
            w.write_table(table)
    else:
        path.write_bytes(np.asarray(values, dtype=RAW[path.suffix]).tobytes())


def concatenated(parts: list) -> np.ndarray | list[str]:
    """Parts' values one after the other (a list for strings)."""
    if isinstance(parts[0], list):
        return [value for part in parts for value in part]
    return np.concatenate([np.asarray(part) for part in parts])


def append(previous: Path, folder: Path, name: str, values: np.ndarray | list[str]) -> list[Path]:
    """Write into ``folder`` the array ``name`` of ``previous`` followed by ``values``: the
    stored parts linked, ``values`` one more part (none when empty), joined with the last
    stored ones by the module's rule; the part files."""
    stored = part_paths(previous, name)
    if not len(values):
        link_parts(stored, folder, name)
        return [Path(folder) / part_file(name, k) for k in range(len(stored))]
    if isinstance(values, list):
        new = pa.array(values, pa.string()).nbytes
    else:
        values = np.asarray(values, dtype=RAW.get(Path(name).suffix))
        new = values.nbytes
    kept = len(stored) - joined_parts([value_bytes(p) for p in stored], new)
    link_parts(stored[:kept], folder, name)
    target = Path(folder) / part_file(name, kept)
    save(target, concatenated([load(path) for path in stored[kept:]] + [values]))
    return [Path(folder) / part_file(name, k) for k in range(kept)] + [target]


def append_rows(
    previous: Path,
    folder: Path,
    new: np.ndarray,
    name: str = "embeddings.npy",
    dtype: type = np.float16,
) -> list[Path]:
    """Write as the rows ``name`` of ``folder`` those of ``previous`` followed by ``new``
    (as ``dtype``), as :func:`append` does; the part files."""
    return append(previous, folder, name, np.asarray(new).astype(dtype, copy=False))


def read(folder: Path, name: str) -> np.ndarray | PartedArray:
    """The array ``name`` of ``folder`` (numeric kinds): its one part memory-mapped, or its
    parts as one :class:`PartedArray`.

    Raises:
        FileNotFoundError: there is no first part.
    """
    paths = part_paths(folder, name)
    if not paths:
        raise FileNotFoundError(Path(folder) / name)
    parts = [load(path) for path in paths]
    return parts[0] if len(parts) == 1 else PartedArray(parts)


def read_all(folder: Path, name: str) -> np.ndarray | list[str]:
    """The array ``name`` of ``folder`` in memory, its parts concatenated (a list for Arrow
    strings)."""
    paths = part_paths(folder, name)
    if not paths:
        raise FileNotFoundError(Path(folder) / name)
    return concatenated([load(path) for path in paths])


def last(array: np.ndarray | PartedArray) -> int:
    """The last value of a non-empty numeric array."""
    return int(array[len(array) - 1])


def load_rows(folder: Path, name: str = "embeddings.npy") -> np.ndarray | PartedArray:
    """The rows ``name`` of ``folder``, memory-mapped: the array of a single part, or the
    parts as one :class:`PartedArray`.

    Raises:
        FileNotFoundError: there is no first part.
        ValueError: a part is not a 2-d float array of the first part's width and type
            (the message names it).
    """
    paths = part_paths(folder, name)
    if not paths:
        raise FileNotFoundError(Path(folder) / name)
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
    return parts[0] if len(parts) == 1 else PartedArray(parts)


class PartedArray:
    """Arrays (1-d, or rows of one width) read as their concatenation along the first axis:
    an index, a slice, an array of indexes (any shape) or a boolean mask, each entry read
    from the part that holds it; ``array[rows, columns]`` for rows."""

    def __init__(self, parts: list[np.ndarray]) -> None:
        self.parts = parts
        self.starts = np.cumsum([0, *map(len, parts)])  # where each part starts
        self.shape = (int(self.starts[-1]), *parts[0].shape[1:])
        self.ndim = len(self.shape)
        self.dtype = parts[0].dtype

    def __len__(self) -> int:
        return self.shape[0]

    def __array__(self, dtype: object = None, copy: object = None) -> np.ndarray:
        joined = np.concatenate([np.asarray(p) for p in self.parts])
        return joined if dtype is None else joined.astype(dtype, copy=False)

    def __getitem__(self, key: object) -> np.ndarray:
        if isinstance(key, tuple):
            rows = self[key[0]]
            return rows[(slice(None), *key[1:])] if np.ndim(rows) == self.ndim else rows[key[1:]]
        if isinstance(key, int | np.integer):
            at = int(key) + len(self) if key < 0 else int(key)
            if not 0 <= at < len(self):
                raise IndexError(f"index {key} of {len(self)}")
            part = int(np.searchsorted(self.starts, at, side="right")) - 1
            found = self.parts[part][at - self.starts[part]]
            return np.asarray(found) if isinstance(found, np.ndarray) else found
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self))
            if step != 1:
                return self[np.arange(start, stop, step)]
            return self._span(start, max(stop, start))
        index = np.asarray(key)
        if index.dtype == bool:
            if index.shape != (len(self),):
                raise IndexError(f"a mask of {index.shape} for {len(self)} entries")
            index = np.flatnonzero(index)
        return self._take(index.astype(np.int64, copy=False))

    def _span(self, start: int, stop: int) -> np.ndarray:
        """Entries ``start:stop``, from the parts they lie in."""
        spans = []
        for part, first in zip(self.parts, self.starts[:-1], strict=True):
            low, high = max(start - first, 0), min(stop - first, len(part))
            if low < high:
                spans.append(np.asarray(part[low:high]))
        if len(spans) == 1:
            return spans[0]
        if not spans:
            return np.empty((0, *self.shape[1:]), dtype=self.dtype)
        return np.concatenate(spans)

    def _take(self, index: np.ndarray) -> np.ndarray:
        """Entries by position (any order and shape), each read from its part."""
        index = np.where(index < 0, index + len(self), index)
        if index.size and (index.min() < 0 or index.max() >= len(self)):
            raise IndexError(f"indexes out of range for {len(self)} entries")
        found = np.empty(index.shape + self.shape[1:], dtype=self.dtype)
        part_of = np.searchsorted(self.starts, index, side="right") - 1
        for part in np.unique(part_of):
            at = part_of == part
            found[at] = self.parts[part][index[at] - self.starts[part]]
        return found
