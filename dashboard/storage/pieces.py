"""One array kept as part files that a store's versions share, read as one array.

The vocabulary's token ids, the term bags and the text columns' offsets grow with every
``add``. Each is kept as parts read one after the other: ``NAME`` (say
``vocab.codes.i32``, all a fresh build writes), then ``STEM.1.SUFFIX``, ``STEM.2.SUFFIX``, ...
(``vocab.codes.1.i32``). An append hard-links the parts of the version before it
(:func:`~dashboard.storage.parts.link_or_copy`) and writes the new entries as one more
part; the last parts are joined while the last is at least as long as the one before it
and both fit in ``JOIN_BYTES`` (a binary counter, as the text rows' parts and the lexical
index's segments), so an array has a few parts and an append writes about its own size
(at most ``JOIN_BYTES`` at once). Read back (:func:`read`), the parts are the array one
file holds: a memory-mapped file when there is one part, else a :class:`Pieces` that
gathers by position from each. The kind follows the suffix: ``.npy`` (NumPy), ``.i32``
(raw int32) or ``.arrow`` (Arrow IPC, one string column ``term``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa

from dashboard.storage.parts import link_or_copy

JOIN_BYTES = 256 << 20  # parts are joined only while the joined part stays under this


def part_file(folder: Path, name: str, number: int) -> Path:
    """Part ``number`` of the array ``name`` (0 is ``name`` itself)."""
    stem, suffix = name.rsplit(".", 1)
    return Path(folder) / (name if number == 0 else f"{stem}.{number}.{suffix}")


def part_paths(folder: Path, name: str) -> list[Path]:
    """The part files of ``name`` in ``folder``, in order (the first always named)."""
    stem, suffix = name.rsplit(".", 1)
    pattern = re.compile(rf"{re.escape(stem)}\.(\d+)\.{re.escape(suffix)}")
    later = [
        (int(m[1]), p)
        for p in Path(folder).glob(f"{stem}.*.{suffix}")
        if (m := pattern.fullmatch(p.name))
    ]
    return [Path(folder) / name, *(p for _, p in sorted(later))]


def load(path: Path) -> np.ndarray | list[str]:
    """One part's values: memory-mapped for arrays, a list for Arrow strings."""
    if path.suffix == ".npy":
        return np.load(path, mmap_mode="r")
    if path.suffix == ".arrow":
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_file(source).read_all().column("term").to_pylist()
    if not path.stat().st_size:
        return np.zeros(0, dtype=np.int32)
    return np.memmap(path, dtype=np.int32, mode="r")


def save(path: Path, values: np.ndarray | list[str]) -> None:
    """Write one part (its kind from the suffix)."""
    if path.suffix == ".npy":
        np.save(path, np.asarray(values))
    elif path.suffix == ".arrow":
        table = pa.table({"term": pa.array(list(values), pa.string())})
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as w:
            w.write_table(table)
    else:
        path.write_bytes(np.asarray(values, dtype=np.int32).tobytes())


def append(previous: Path, folder: Path, name: str, values: np.ndarray | list[str]) -> None:
    """Write into ``folder`` the array ``name`` of ``previous`` followed by ``values``: the
    parts linked, ``values`` one more part (none when empty), joined as the module says."""
    stored = part_paths(previous, name)
    if not len(values):
        for number, path in enumerate(stored):
            link_or_copy(path, part_file(folder, name, number))
        return
    pending = Path(folder) / f".new.{name}"  # the suffix names the kind
    save(pending, values)
    size = pending.stat().st_size
    while stored and stored[-1].stat().st_size <= size <= JOIN_BYTES - stored[-1].stat().st_size:
        last = stored.pop()
        joined = Path(folder) / f".joined.{name}"
        if last.suffix == ".i32":  # raw: byte for byte
            with joined.open("wb") as handle, last.open("rb") as head, pending.open("rb") as tail:
                shutil.copyfileobj(head, handle, 1 << 20)
                shutil.copyfileobj(tail, handle, 1 << 20)
        else:
            save(joined, concatenated([load(last), load(pending)]))
        joined.replace(pending)
        size = pending.stat().st_size
    for number, path in enumerate(stored):
        link_or_copy(path, part_file(folder, name, number))
    pending.replace(part_file(folder, name, len(stored)))


def concatenated(parts: list) -> np.ndarray | list[str]:
    """Parts' values one after the other (a list for strings)."""
    if isinstance(parts[0], list):
        return [value for part in parts for value in part]
    return np.concatenate([np.asarray(part) for part in parts])


def read(folder: Path, name: str) -> np.ndarray | Pieces:
    """The array ``name`` of ``folder`` (numeric kinds): its one part memory-mapped, or its
    parts as one :class:`Pieces`."""
    parts = [load(path) for path in part_paths(folder, name)]
    return parts[0] if len(parts) == 1 else Pieces(parts)


def read_all(folder: Path, name: str) -> np.ndarray | list[str]:
    """The array ``name`` of ``folder`` in memory, its parts concatenated."""
    return concatenated([load(path) for path in part_paths(folder, name)])


def last(array: np.ndarray | Pieces) -> int:
    """The last value of a non-empty numeric array."""
    return int(array[len(array) - 1])


def present(folder: Path, name: str) -> bool:
    """Whether ``folder`` holds the array ``name`` (its first part)."""
    return (Path(folder) / name).is_file()


class Pieces:
    """Arrays read as their concatenation, by position: an index, a slice (step 1) or an
    integer array, each position read from the part that holds it."""

    def __init__(self, parts: list[np.ndarray]) -> None:
        self.parts = parts
        self.bounds = np.cumsum([0, *map(len, parts)])  # where each part starts
        self.dtype = parts[0].dtype

    def __len__(self) -> int:
        return int(self.bounds[-1])

    def __getitem__(self, index: int | slice | np.ndarray) -> np.ndarray:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                raise ValueError("slices of parts take a step of 1")
            return np.concatenate(
                [
                    np.asarray(part[max(start - low, 0) : max(stop - low, 0)])
                    for part, low in zip(self.parts, self.bounds, strict=False)
                ]
            )
        index = np.asarray(index)
        index = np.where(index < 0, index + len(self), index)
        part = np.searchsorted(self.bounds, index, side="right") - 1
        if not index.ndim:
            return self.parts[int(part)][int(index - self.bounds[part])]
        found = np.empty(index.shape, dtype=self.dtype)
        for k in np.unique(part):
            chosen = part == k
            found[chosen] = self.parts[k][index[chosen] - self.bounds[k]]
        return found
