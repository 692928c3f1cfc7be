"""An on-disk word index: the same whole-word matches as :class:`TextIndex`, memory-mapped.

For every distinct token of the normalised texts (a run of letters and digits, as
:func:`dashboard.storage.textindex.words` splits them), the sorted rows that hold it.
Three files beside a store's articles::

    words.arrow         the distinct tokens, sorted by code point (Arrow IPC, memory-mapped)
    word_offsets.npy    int64, token i's rows are postings[offsets[i]:offsets[i + 1]]
    word_postings.npy   uint32 row numbers (memory-mapped)

and, for phrases, the same for every pair of adjacent tokens (the words of a phrase
stand next to each other: only letters and digits make tokens, and nothing but
other characters may separate a phrase's words)::

    pair_keys.npy       uint64, sorted: first token's position * tokens + second's
    pair_offsets.npy    int64, pair i's rows are pair_postings[offsets[i]:offsets[i + 1]]
    pair_postings.npy   uint32 row numbers (memory-mapped)

A query word matches the tokens that :func:`dashboard.storage.textindex.word_matches`
accepts: each of its proclitic forms is looked up by binary search in the sorted
tokens (or, for ``word*``, the range of tokens that start with it), and their rows
are merged. A phrase needs its words in order: a two-word phrase is the rows of the
pairs (a form of the first word, a form of the second) — the second word's forms (or,
for ``word*``, their prefixes) are ranges of positions, so each first form is one
range of pair keys. A longer phrase keeps the rows holding all its adjacent pairs and
reads back just those (their ``search_text``) to check them with a :class:`TextIndex`,
so phrases match exactly as before. Nothing but the pages of the files a query
touches is read, so the server's memory does not grow with the corpus.

``add`` indexes its new rows alone, as one more segment: the same six files named
``wordindex.rows<first>.<file>`` (rows counted from the segment's first row), listed with
their rows in ``word_segments.npy`` (a fresh index is the one segment of the files above
and has no list), the stored segments hard-linked from the version before. The last two
segments are merged (:func:`merge_indexes`) while the last holds at least as many rows as
the one before it (a binary counter, as the lexical index's segments), so there are about
log2(rows / rows added at a time) of them, an add writes about log2 times its own rows
over time, and segments merged into the first are the files of one pass over every row.
A query looks each form up in every segment and sets the rows each one finds.
"""

from __future__ import annotations

import shutil
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.storage.parts import link_or_copy
from dashboard.storage.textindex import TextIndex, word_forms, words

VOCABULARY = "words.arrow"
OFFSETS = "word_offsets.npy"
POSTINGS = "word_postings.npy"
PAIR_KEYS, PAIR_OFFSETS, PAIR_POSTINGS = "pair_keys.npy", "pair_offsets.npy", "pair_postings.npy"
FILES = (VOCABULARY, OFFSETS, POSTINGS, PAIR_KEYS, PAIR_OFFSETS, PAIR_POSTINGS)
SEGMENTS = "word_segments.npy"  # int64 (first row, rows) of each segment, after an add
BLOCK = 1 << 16  # keys moved at a time when lists are merged
SAMPLE = 64  # a sorted term list holds every SAMPLE-th term in memory
LAST_CHAR = "\U0010ffff"  # greater than any character: [f, f + LAST_CHAR) holds f's prefixes


def write_word_index(texts: Iterable[str], folder: Path) -> int:
    """Index ``texts`` (normalised, in row order) into ``folder``; the number of rows."""
    ids: dict[str, int] = {}
    tokens, rows = array("I"), array("I")
    pairs, pair_rows = array("Q"), array("I")
    count = 0
    for row, text in enumerate(texts):
        sequence = [ids.setdefault(token, len(ids)) for token in words(text)]
        found = set(sequence)
        tokens.extend(found)
        rows.extend([row] * len(found))
        adjacent = {(a << 32) | b for a, b in pairwise(sequence)}
        pairs.extend(adjacent)
        pair_rows.extend([row] * len(adjacent))
        count = row + 1
    vocabulary = sorted(ids)
    rank = np.empty(len(ids), dtype=np.uint64)
    rank[[ids[token] for token in vocabulary]] = np.arange(len(ids), dtype=np.uint64)
    del ids
    by_token = rank[np.frombuffer(tokens, dtype=np.uint32)]
    del tokens
    write_postings(folder, (OFFSETS, POSTINGS), by_token, rows, len(vocabulary))
    del by_token, rows
    pair = np.frombuffer(pairs, dtype=np.uint64)
    keys = rank[pair >> np.uint64(32)] * np.uint64(max(len(vocabulary), 1))
    keys += rank[pair & np.uint64(0xFFFFFFFF)]
    del pairs, pair
    write_postings(folder, (PAIR_KEYS, PAIR_OFFSETS, PAIR_POSTINGS), keys, pair_rows)
    write_vocabulary(vocabulary, folder)
    return count


def write_vocabulary(vocabulary: list[str] | pa.Array, folder: Path) -> None:
    """Save the sorted distinct tokens (Arrow IPC)."""
    column = vocabulary if isinstance(vocabulary, pa.Array) else pa.array(vocabulary, pa.string())
    table = pa.table({"token": column})
    with (
        pa.OSFile(str(folder / VOCABULARY), "wb") as sink,
        pa.ipc.new_file(sink, table.schema) as w,
    ):
        w.write_table(table)


def read_tokens(folder: Path) -> pa.Array:
    """The sorted distinct tokens of the index in ``folder``, as an Arrow array."""
    with pa.OSFile(str(folder / VOCABULARY)) as source:
        return pa.ipc.open_file(source).read_all().column("token").combine_chunks()


class Place:
    """Where one segment's files are: ``folder / (prefix + name)`` for each name."""

    def __init__(self, folder: Path, prefix: str = "") -> None:
        self.folder, self.prefix = Path(folder), prefix

    def __truediv__(self, name: str) -> Path:
        return self.folder / f"{self.prefix}{name}"


def segment_place(folder: Path, first: int) -> Place:
    """The place of the segment of ``folder`` starting at row ``first``."""
    return Place(folder, f"wordindex.rows{first}." if first else "")


def layout(folder: Path, rows: int) -> list[tuple[int, int]]:
    """(first row, rows) of each segment of the index of ``rows`` rows in ``folder``."""
    listed = Path(folder) / SEGMENTS
    if not listed.is_file():
        return [(0, rows)]
    return [(int(first), int(count)) for first, count in np.load(listed)]


def extend_word_index(previous: Path, texts: Iterable[str], first: int, folder: Path) -> None:
    """Write into ``folder`` the index of ``previous``'s ``first`` rows followed by ``texts``
    without reading the earlier rows again: the new rows are one more segment, the stored
    segments are linked, and the last ones merged as the module says."""
    folder = Path(folder)
    added = write_word_index(texts, segment_place(folder, first))
    segments = [(f, n, Path(previous)) for f, n in layout(previous, first)] + [
        (first, added, folder)
    ]
    while len(segments) > 1 and segments[-2][1] <= segments[-1][1]:
        (one, rows, home), (other, more, there) = segments[-2:]
        merging = Place(folder, ".merging.")
        places = [segment_place(home, one), segment_place(there, other)]
        merge_indexes(places, [0, other - one], merging)
        for place, stored in zip(places, (home, there), strict=True):
            if stored == folder:  # written by this call: replaced by the merged segment
                for name in FILES:
                    (place / name).unlink()
        for name in FILES:
            (merging / name).replace(segment_place(folder, one) / name)
        segments[-2:] = [(one, rows + more, folder)]
    for start, _rows, home in segments:
        if home != folder:
            for name in FILES:
                link_or_copy(segment_place(home, start) / name, segment_place(folder, start) / name)
    if len(segments) > 1:
        np.save(folder / SEGMENTS, np.asarray([s[:2] for s in segments], dtype=np.int64))


def write_word_index_chunks(chunks: Iterable[list[str]], folder: Path) -> int:
    """Index texts given in chunks of rows (in row order) into ``folder``: the very files
    :func:`write_word_index` writes from every row at once, with memory bounded by one
    chunk's index and the merged key lists (each chunk is indexed alone on disk, then all
    are merged in one pass that writes the postings into a memory-mapped file); the
    number of rows."""
    runs: list[Path] = []
    firsts: list[int] = []
    count = 0
    try:
        for chunk in chunks:
            run = folder / f".run-{len(runs)}"
            run.mkdir()
            runs.append(run)
            firsts.append(count)
            count += write_word_index(chunk, run)
        if not runs:
            return write_word_index([], folder)
        merge_indexes(runs, firsts, folder)
    finally:
        for run in runs:
            shutil.rmtree(run, ignore_errors=True)
    return count


def merge_indexes(runs: list[Path], firsts: list[int], folder: Path) -> None:
    """Write into ``folder`` the index of the rows of each index in ``runs`` (their rows
    counted from ``firsts``, ascending), as :func:`write_word_index` writes it from all rows."""
    tokens = [read_tokens(run) for run in runs]
    merged = pc.unique(pa.chunked_array(tokens, type=pa.string()))
    vocabulary = merged.take(pc.array_sort_indices(merged))  # UTF-8 bytes sort as code points
    ats = [pc.index_in(t, value_set=vocabulary).to_numpy(zero_copy_only=False) for t in tokens]
    ats = [at.astype(np.int64) for at in ats]
    size = len(vocabulary)
    merge_postings(runs, (OFFSETS, POSTINGS), ats, firsts, size, folder)
    # A pair's key is its first token's position * tokens + its second's.
    keys = np.zeros(0, dtype=np.uint64)
    for run, at in zip(runs, ats, strict=True):
        keys = np.union1d(keys, relabelled(np.load(run / PAIR_KEYS), at, len(at), size))
    np.save(folder / PAIR_KEYS, keys)
    pair_ats = [
        np.searchsorted(keys, relabelled(np.load(run / PAIR_KEYS), at, len(at), size))
        for run, at in zip(runs, ats, strict=True)
    ]
    merge_postings(runs, (PAIR_OFFSETS, PAIR_POSTINGS), pair_ats, firsts, len(keys), folder)
    write_vocabulary(vocabulary, folder)


def relabelled(keys: np.ndarray, at: np.ndarray, size: int, merged: int) -> np.ndarray:
    """Pair keys over ``size`` tokens as keys over ``merged`` tokens (token i is ``at[i]``
    there); the order is kept, as ``at`` grows with i."""
    at, size, merged = at.astype(np.uint64), np.uint64(max(size, 1)), np.uint64(max(merged, 1))
    return at[keys // size] * merged + at[keys % size]


def merge_postings(
    runs: list[Path],
    names: tuple[str, str],
    ats: list[np.ndarray],
    firsts: list[int],
    size: int,
    folder: Path,
) -> None:
    """Write the (offsets, postings) files ``names`` over ``size`` keys from those of each
    run (its key i is ``ats[run][i]``, its rows counted from ``firsts[run]``): within each
    key, the runs' rows one run after the other. The postings go straight into a
    memory-mapped file, so they are never all in memory."""
    counts = np.zeros(size, dtype=np.int64)
    for run, at in zip(runs, ats, strict=True):
        counts[at] += np.diff(np.load(run / names[0], mmap_mode="r"))
    offsets = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    np.save(folder / names[0], offsets)
    if not offsets[-1]:  # nothing to map
        np.save(folder / names[1], np.zeros(0, dtype=np.uint32))
        return
    found = np.lib.format.open_memmap(
        folder / names[1], mode="w+", dtype=np.uint32, shape=(int(offsets[-1]),)
    )
    filled = offsets[:-1].copy()  # where each key's next rows go
    for run, at, first in zip(runs, ats, firsts, strict=True):
        run_offsets = np.load(run / names[0])
        rows = np.load(run / names[1], mmap_mode="r")
        run_counts = np.diff(run_offsets)
        shift = filled[at] - run_offsets[:-1]
        for low in range(0, len(run_counts), BLOCK):
            high = min(low + BLOCK, len(run_counts))
            start, end = int(run_offsets[low]), int(run_offsets[high])
            where = np.repeat(shift[low:high], run_counts[low:high]) + np.arange(start, end)
            found[where] = rows[start:end] + np.uint32(first)
        filled[at] += run_counts
    found.flush()
    del found


def write_postings(
    folder: Path, names: tuple[str, ...], keys: np.ndarray, rows: array, size: int | None = None
) -> None:
    """Save the rows of each key, ascending within a key: the offsets and postings files
    of ``names`` (keys are 0..size-1), or the distinct keys, offsets and postings."""
    order = np.argsort(keys, kind="stable")  # rows were added in ascending order
    found = keys[order]
    if size is not None:
        counts = np.bincount(found, minlength=size)
    else:
        starts = np.flatnonzero(np.r_[True, found[1:] != found[:-1]]) if len(found) else found
        np.save(folder / names[0], found[starts].astype(np.uint64))
        counts = np.diff(np.r_[starts, len(found)])
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    np.save(folder / names[-2], offsets)
    np.save(folder / names[-1], np.frombuffer(rows, dtype=np.uint32)[order])


class SortedTerms:
    """Distinct strings sorted by code point (an Arrow array, memory-mapped when loaded),
    looked up by binary search: among every ``SAMPLE``-th string, held in memory (a C
    bisection), then among the strings between two of them, over their UTF-8 bytes (which
    sort as the code points), one string's bytes read a step. No table of every string is
    built in memory."""

    def __init__(self, column: pa.Array) -> None:
        self.column = column
        _validity, offsets, data = column.buffers()
        wide = np.int64 if pa.types.is_large_string(column.type) else np.int32
        ends = np.frombuffer(offsets, dtype=wide) if offsets is not None else np.zeros(1, wide)
        self.ends = memoryview(ends[column.offset : column.offset + len(column) + 1])
        self.data = memoryview(data) if data is not None else memoryview(b"")
        self.sample = column.take(pa.array(range(0, len(column), SAMPLE), pa.int64())).to_pylist()

    def __len__(self) -> int:
        return len(self.column)

    def __getitem__(self, i: int) -> str:
        return self.column[i].as_py()

    def position(self, term: str, low: int = 0) -> int:
        """Where ``term`` is or would be (the first position from ``low`` not before it)."""
        above = bisect_left(self.sample, term)  # string SAMPLE * above is not before it
        high = min(SAMPLE * above, len(self))
        low = max(low, SAMPLE * (above - 1) + 1)
        key, ends, data = term.encode("utf-8"), self.ends, self.data
        while low < high:
            middle = (low + high) // 2
            if data[ends[middle] : ends[middle + 1]].tobytes() < key:
                low = middle + 1
            else:
                high = middle
        return low

    def get(self, term: str) -> int | None:
        """The position of ``term``, None when absent."""
        at = self.position(term)
        return at if at < len(self) and self[at] == term else None


class Segment:
    """One segment's files, memory-mapped: its rows count from ``first``."""

    def __init__(self, place: Place, first: int) -> None:
        self.first = first
        self.source = pa.memory_map(str(place / VOCABULARY))
        column = pa.ipc.open_file(self.source).read_all().column("token").combine_chunks()
        self.tokens = SortedTerms(column)
        self.offsets = np.load(place / OFFSETS, mmap_mode="r")
        self.postings = np.load(place / POSTINGS, mmap_mode="r")
        self.pair_keys = np.load(place / PAIR_KEYS, mmap_mode="r")
        self.pair_offsets = np.load(place / PAIR_OFFSETS, mmap_mode="r")
        self.pair_postings = np.load(place / PAIR_POSTINGS, mmap_mode="r")

    def token_range(self, form: str, prefix: bool) -> tuple[int, int]:
        """Positions [low, high) of the tokens equal to ``form`` (or starting with it)."""
        low = self.tokens.position(form)
        if prefix:
            return low, self.tokens.position(form + LAST_CHAR, low)
        found = low < len(self.tokens) and self.tokens[low] == form
        return low, low + int(found)

    def word_rows(self, forms: tuple[str, ...], prefix: bool, found: np.ndarray) -> None:
        """Set in ``found`` (this segment's rows) the rows holding one of ``forms``."""
        for form in forms:
            low, high = self.token_range(form, prefix)
            if high > low:
                found[self.postings[self.offsets[low] : self.offsets[high]]] = True

    def pair_rows(
        self, heads: tuple[str, ...], tails: tuple[str, ...], prefix: bool, found: np.ndarray
    ) -> None:
        """Set in ``found`` (this segment's rows) the rows where a form of ``heads`` stands
        right before one of ``tails`` (or, with ``prefix``, a token starting with one)."""
        size = np.uint64(max(len(self.tokens), 1))
        ranges = [self.token_range(form, prefix) for form in tails]
        ranges = np.array([t for t in ranges if t[1] > t[0]], dtype=np.uint64).reshape(-1, 2)
        if not len(ranges):
            return
        for head, end in (self.token_range(form, False) for form in heads):
            if end == head:
                continue
            bounds = np.searchsorted(self.pair_keys, np.uint64(head) * size + ranges)
            for low, high in bounds:
                if high > low:
                    found[self.pair_postings[self.pair_offsets[low] : self.pair_offsets[high]]] = 1


class WordIndex:
    """Whole-word search over a store's rows through its on-disk word index (see the module).

    ``texts`` reads the normalised text of given rows (ascending), for phrases.
    """

    def __init__(self, folder: Path, rows: int, texts: Callable[[np.ndarray], pd.Series]) -> None:
        self.segments = [
            Segment(segment_place(folder, first), first) for first, _ in layout(folder, rows)
        ]
        self.rows = rows
        self.texts = texts

    @staticmethod
    def present(folder: Path) -> bool:
        """Whether ``folder`` holds a word index (every file of every segment)."""
        firsts = [first for first, _ in layout(folder, 0)]
        return all((segment_place(folder, f) / name).is_file() for f in firsts for name in FILES)

    def __len__(self) -> int:
        return self.rows

    def word_mask(self, word: str, prefix: bool = False) -> np.ndarray:
        """Boolean mask of the rows holding a token that is ``word`` behind proclitics (or,
        with ``prefix``, starts so): each matching token's rows are set, no sorting."""
        found = np.zeros(self.rows, dtype=bool)
        forms = word_forms(word)
        for segment in self.segments:
            segment.word_rows(forms, prefix, found[segment.first :])
        return found

    def pair_mask(self, first: str, second: str, prefix: bool = False) -> np.ndarray:
        """Boolean mask of the rows where a form of ``first`` stands right before a form of
        ``second`` (or, with ``prefix``, a token starting with one)."""
        found = np.zeros(self.rows, dtype=bool)
        heads, tails = word_forms(first), word_forms(second)
        for segment in self.segments:
            segment.pair_rows(heads, tails, prefix, found[segment.first :])
        return found

    def contains(self, term: str, prefix: bool = False) -> np.ndarray:
        """Boolean mask of the rows holding ``term`` (as :meth:`TextIndex.contains`)."""
        wanted = words(term)
        if not wanted:
            return np.zeros(self.rows, dtype=bool)
        last = len(wanted) - 1
        if not last:
            return self.word_mask(wanted[0], prefix)
        found = self.pair_mask(wanted[0], wanted[1], prefix and last == 1)
        for i in range(2, last + 1):
            if not found.any():
                break
            found &= self.pair_mask(wanted[i - 1], wanted[i], prefix and i == last)
        if last > 1 and found.any():
            rows = np.flatnonzero(found)
            texts = self.texts(rows)
            found[rows[~TextIndex(texts.reset_index(drop=True)).contains(term, prefix)]] = False
        return found
