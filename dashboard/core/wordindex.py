"""An on-disk word index: the same whole-word matches as :class:`TextIndex`, memory-mapped.

For every distinct token of the normalised texts (a run of letters and digits, as
:func:`dashboard.core.textindex.words` splits them), the sorted rows that hold it.
Three files beside a store's ``articles.parquet``::

    words.arrow         the distinct tokens, sorted by code point (Arrow IPC, memory-mapped)
    word_offsets.npy    int64, token i's rows are postings[offsets[i]:offsets[i + 1]]
    word_postings.npy   uint32 row numbers (memory-mapped)

A query word matches the tokens that :func:`dashboard.core.textindex.word_matches`
accepts: each of its proclitic forms is looked up by binary search in the sorted
tokens (or, for ``word*``, the range of tokens that start with it), and their rows
are merged. A phrase needs its words in order: the rows holding every word are read
back (their ``search_text`` only) and checked by a :class:`TextIndex` over just those
rows, so phrases match exactly as before. Nothing but the pages of the files a query
touches is read, so the server's memory does not grow with the corpus.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.core.textindex import TextIndex, word_forms, words

VOCABULARY = "words.arrow"
OFFSETS = "word_offsets.npy"
POSTINGS = "word_postings.npy"
FILES = (VOCABULARY, OFFSETS, POSTINGS)
LAST_CHAR = "\U0010ffff"  # greater than any character: [f, f + LAST_CHAR) holds f's prefixes


def write_word_index(texts: Iterable[str], folder: Path) -> int:
    """Index ``texts`` (normalised, in row order) into ``folder``; the number of rows."""
    ids: dict[str, int] = {}
    tokens, rows = array("I"), array("I")
    count = 0
    for row, text in enumerate(texts):
        found = {ids.setdefault(token, len(ids)) for token in words(text)}
        tokens.extend(found)
        rows.extend([row] * len(found))
        count = row + 1
    vocabulary = sorted(ids)
    rank = np.empty(len(ids), dtype=np.uint32)
    rank[[ids[token] for token in vocabulary]] = np.arange(len(ids), dtype=np.uint32)
    del ids
    by_token = rank[np.frombuffer(tokens, dtype=np.uint32)]
    order = np.argsort(by_token, kind="stable")  # rows stay ascending within a token
    offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(np.bincount(by_token, minlength=len(vocabulary)), out=offsets[1:])
    np.save(folder / POSTINGS, np.frombuffer(rows, dtype=np.uint32)[order])
    np.save(folder / OFFSETS, offsets)
    table = pa.table({"token": pa.array(vocabulary, type=pa.string())})
    with (
        pa.OSFile(str(folder / VOCABULARY), "wb") as sink,
        pa.ipc.new_file(sink, table.schema) as w,
    ):
        w.write_table(table)
    return count


class _Tokens:
    """The sorted tokens as a sequence of ``str``, for :func:`bisect.bisect_left`."""

    def __init__(self, column: pa.Array) -> None:
        self.column = column

    def __len__(self) -> int:
        return len(self.column)

    def __getitem__(self, i: int) -> str:
        return self.column[i].as_py()


class WordIndex:
    """Whole-word search over a store's rows through its on-disk word index (see the module).

    ``texts`` reads the normalised text of given rows (ascending), for phrases.
    """

    def __init__(self, folder: Path, rows: int, texts: Callable[[np.ndarray], pd.Series]) -> None:
        self.source = pa.memory_map(str(folder / VOCABULARY))
        column = pa.ipc.open_file(self.source).read_all().column("token").combine_chunks()
        self.tokens = _Tokens(column)
        self.offsets = np.load(folder / OFFSETS, mmap_mode="r")
        self.postings = np.load(folder / POSTINGS, mmap_mode="r")
        self.rows = rows
        self.texts = texts

    @staticmethod
    def present(folder: Path) -> bool:
        """Whether ``folder`` holds a word index."""
        return all((Path(folder) / name).is_file() for name in FILES)

    def __len__(self) -> int:
        return self.rows

    def token_range(self, form: str, prefix: bool) -> tuple[int, int]:
        """Positions [low, high) of the tokens equal to ``form`` (or starting with it)."""
        low = bisect_left(self.tokens, form)
        if prefix:
            return low, bisect_left(self.tokens, form + LAST_CHAR, low)
        found = low < len(self.tokens) and self.tokens[low] == form
        return low, low + int(found)

    def word_mask(self, word: str, prefix: bool = False) -> np.ndarray:
        """Boolean mask of the rows holding a token that is ``word`` behind proclitics (or,
        with ``prefix``, starts so): each matching token's rows are set, no sorting."""
        found = np.zeros(self.rows, dtype=bool)
        for form in word_forms(word):
            low, high = self.token_range(form, prefix)
            if high > low:
                found[self.postings[self.offsets[low] : self.offsets[high]]] = True
        return found

    def contains(self, term: str, prefix: bool = False) -> np.ndarray:
        """Boolean mask of the rows holding ``term`` (as :meth:`TextIndex.contains`)."""
        wanted = words(term)
        if not wanted:
            return np.zeros(self.rows, dtype=bool)
        last = len(wanted) - 1
        found = self.word_mask(wanted[0], prefix and last == 0)
        for i, word in enumerate(wanted[1:], start=1):
            if not found.any():
                break
            found &= self.word_mask(word, prefix and i == last)
        if last and found.any():
            rows = np.flatnonzero(found)
            texts = self.texts(rows)
            found[rows[~TextIndex(texts.reset_index(drop=True)).contains(term, prefix)]] = False
        return found
