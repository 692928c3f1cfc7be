"""Each article's distinct words and two-word phrases with their occurrences ("term bags"),
saved beside the vocabulary at build time, each array in parts after an ``add``
(:mod:`dashboard.storage.arrayparts`: the stored parts linked, the new articles' entries one
more part).

Counting the words or phrases of a set of articles then sums its articles' entries with
``np.bincount``, where counting from the token ids sorts every token of the set: the
top words of all 30,080 SaudiNewsNet articles took 1.6 s of CPU that way.

A bag lists, per article and in ascending id order, each counted term once with the number
of times it occurs there. Words are token ids that are words (``Vocabulary.keep``); a
phrase is two neighbouring words of one article, numbered in the order phrases first
appear in the corpus (so ``add`` appends new phrases and the files equal a fresh build's),
its two token ids kept in ``keys`` as ``first << 32 | second``.

>>> from dashboard.analysis.vocabulary import Vocabulary
>>> vocab = Vocabulary.from_texts(["وزارة الصحة وزارة الصحة", "الصحة في غزة"])
>>> pairs = make_bags(vocab.codes, vocab.starts, vocab.keep)[PAIRS]
>>> [(vocab.terms[k >> 32], vocab.terms[k & MASK]) for k in pairs.keys]
[('وزارة', 'الصحة'), ('الصحة', 'وزارة')]
>>> pairs.totals(np.arange(2))
(array([2, 1]), array([1, 1]))
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.storage import arrayparts

MASK = (1 << 32) - 1
ROWS = 20_000  # articles made into bags at a time (memory holds their tokens a few times)
WORDS, PAIRS = 1, 2  # the phrase lengths kept as bags
NAMES = {WORDS: "words", PAIRS: "pairs"}


def bag_files(n: int) -> tuple[str, ...]:
    """The files of the bag of ``n``-word terms: ids, counts, starts (and phrase keys)."""
    stem = f"vocab.{NAMES[n]}"
    files = (f"{stem}.ids.i32", f"{stem}.counts.i32", f"{stem}.starts.npy")
    return files + ((f"{stem}.keys.npy",) if n == PAIRS else ())


BAG_FILES = bag_files(WORDS) + bag_files(PAIRS)


@dataclass(frozen=True, eq=False)
class Bag:
    """Every article's distinct terms of one length and their occurrences."""

    ids: np.ndarray  # int32 term ids, article after article, ascending within one
    counts: np.ndarray  # int32 occurrences of each
    starts: np.ndarray  # int64, one more than articles: article i is ids[starts[i]:starts[i + 1]]
    size: int  # number of distinct terms (token ids for words, phrase ids for phrases)
    keys: np.ndarray | None = None  # int64 by phrase id: first << 32 | second token id

    def totals(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(occurrences, articles using it) of every term id in the articles ``rows``."""
        places, _ = spans(self.starts, rows)
        ids = self.ids[places]
        counts = np.bincount(ids, weights=self.counts[places], minlength=self.size)
        return counts.astype(np.int64), np.bincount(ids, minlength=self.size)

    @classmethod
    def load(cls, folder: Path, n: int, words: int) -> Bag:
        """The bag saved in ``folder`` (``words``: the vocabulary's size), its entries
        memory-mapped."""
        ids, counts, starts = (arrayparts.read(folder, name) for name in bag_files(n)[:3])
        keys = arrayparts.read_all(folder, bag_files(PAIRS)[3]) if n == PAIRS else None
        size = len(keys) if keys is not None else words
        return cls(ids, counts, starts, size, keys)


def spans(starts: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(places, owner): the places of the articles ``rows``' entries in an array cut by
    ``starts`` (article i is ``[starts[i], starts[i + 1])``), article after article, and
    each place's article as an index into ``rows``."""
    rows = np.asarray(rows, dtype=np.int64)
    first = starts[rows]
    lengths = starts[rows + 1] - first
    owner = np.repeat(np.arange(len(rows)), lengths)
    before = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return first[owner] + np.arange(int(lengths.sum())) - before, owner


class PairNumbers:
    """Phrase keys -> phrase ids, a new phrase taking the next id in order of first use.
    Known phrases are ``keys`` (ids 0, 1, ...), or some of them: ``keys`` with their
    ``ids`` among ``size`` known in all (those the phrases to number can meet)."""

    def __init__(
        self, keys: np.ndarray, ids: np.ndarray | None = None, size: int | None = None
    ) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        self.known = keys if ids is None else None  # every known key, by id
        ids = np.arange(len(keys), dtype=np.int64) if ids is None else np.asarray(ids, np.int64)
        self.size = len(keys) if size is None else size
        self.added: list[np.ndarray] = []
        order = np.argsort(keys, kind="stable")
        self.sorted, self.sorted_ids = keys[order], ids[order]

    def number(self, keys: np.ndarray) -> np.ndarray:
        """The ids of ``keys`` (in order of use), numbering the new ones."""
        distinct, first, back = np.unique(keys, return_index=True, return_inverse=True)
        where = np.searchsorted(self.sorted, distinct).clip(max=max(len(self.sorted) - 1, 0))
        known = (
            self.sorted[where] == distinct if len(self.sorted) else np.zeros(len(distinct), bool)
        )
        ids = np.empty(len(distinct), dtype=np.int64)
        ids[known] = self.sorted_ids[where[known]]
        fresh = np.flatnonzero(~known)
        fresh = fresh[np.argsort(first[fresh], kind="stable")]
        ids[fresh] = self.size + np.arange(len(fresh))
        if len(fresh):
            self.size += len(fresh)
            self.added.append(distinct[fresh])
            merged = np.concatenate([self.sorted, distinct[fresh]])
            order = np.argsort(merged, kind="stable")
            self.sorted = merged[order]
            self.sorted_ids = np.concatenate([self.sorted_ids, ids[fresh]])[order]
        return ids[back]

    def new(self) -> np.ndarray:
        """The keys numbered here, by id."""
        return np.concatenate(self.added) if self.added else np.zeros(0, dtype=np.int64)

    def all(self) -> np.ndarray:
        """Every phrase key, by id (when every known key was given)."""
        return np.concatenate([self.known, self.new()])


def entries(owner: np.ndarray, ids: np.ndarray, rows: int) -> tuple[np.ndarray, ...]:
    """(ids, counts, lengths) of each of ``rows`` articles' distinct ids."""
    key, counts = np.unique(owner.astype(np.int64) << 32 | ids, return_counts=True)
    lengths = np.bincount(key >> 32, minlength=rows)
    return (key & MASK).astype(np.int32), counts.astype(np.int32), lengths


def chunk_bags(
    codes: np.ndarray, starts: np.ndarray, keep: np.ndarray, numbers: PairNumbers
) -> dict[int, tuple[np.ndarray, ...]]:
    """The word and phrase entries of the articles whose token ids are ``codes`` (their
    ``starts`` counted from 0), phrases numbered by ``numbers``."""
    rows = len(starts) - 1
    owner = np.repeat(np.arange(rows), np.diff(starts))
    word = keep[codes]
    found = {WORDS: entries(owner[word], codes[word].astype(np.int64), rows)}
    pair, keys = phrase_keys(codes, owner, word)
    found[PAIRS] = entries(owner[:-1][pair], numbers.number(keys), rows)
    return found


def phrase_keys(
    codes: np.ndarray, owner: np.ndarray, word: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(whether each token starts a phrase, the phrases' keys) of neighbouring words of
    one article (``owner``: each token's article)."""
    pair = word[:-1] & word[1:] & (owner[:-1] == owner[1:])
    return pair, codes[:-1][pair].astype(np.int64) << 32 | codes[1:][pair]


def write_bags(folder: Path, codes: np.ndarray, starts: np.ndarray, keep: np.ndarray) -> None:
    """Save the bags of every article of the vocabulary (``codes``, ``starts``, ``keep``)
    into ``folder``, ``ROWS`` articles at a time."""
    folder = Path(folder)
    numbers = PairNumbers(np.zeros(0, dtype=np.int64))
    bag_starts = {n: [np.zeros(1, dtype=np.int64)] for n in NAMES}
    handles = {n: [(folder / f).open("wb") for f in bag_files(n)[:2]] for n in NAMES}
    try:
        for low in range(0, len(starts) - 1, ROWS):
            high = min(low + ROWS, len(starts) - 1)
            part = np.asarray(codes[int(starts[low]) : int(starts[high])])
            made = chunk_bags(part, np.asarray(starts[low : high + 1]) - starts[low], keep, numbers)
            for n, (ids, counts, lengths) in made.items():
                handles[n][0].write(ids.tobytes())
                handles[n][1].write(counts.tobytes())
                bag_starts[n].append(bag_starts[n][-1][-1] + np.cumsum(lengths))
    finally:
        for pair in handles.values():
            for handle in pair:
                handle.close()
    for n in NAMES:
        np.save(folder / bag_files(n)[2], np.concatenate(bag_starts[n]).astype(np.int64))
    np.save(folder / bag_files(PAIRS)[3], numbers.all())


def extend_bags(
    folder: Path, previous: Path, codes: np.ndarray, starts: np.ndarray, keep: np.ndarray
) -> None:
    """Save into ``folder`` the bags of ``previous`` (a folder holding bags) followed by
    those of the new articles whose token ids are ``codes`` (``starts`` counted from 0):
    each array the stored parts, linked, and one more part of the new entries (new phrases
    take the next ids), read back the arrays :func:`write_bags` writes from every row."""
    keys = arrayparts.read_all(previous, bag_files(PAIRS)[3])
    owner = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    met = np.unique(phrase_keys(codes, owner, keep[codes])[1])  # the new rows' phrases
    held = np.flatnonzero(pd.Index(met).get_indexer(keys) >= 0)  # one pass, no sort of all
    numbers = PairNumbers(keys[held], held, len(keys))
    made: dict[int, list[list[np.ndarray]]] = {n: [[], [], []] for n in NAMES}
    for low in range(0, len(starts) - 1, ROWS):
        high = min(low + ROWS, len(starts) - 1)
        part = codes[starts[low] : starts[high]]
        found = chunk_bags(part, starts[low : high + 1] - starts[low], keep, numbers)
        for n, arrays in found.items():
            for kept, array in zip(made[n], arrays, strict=True):
                kept.append(array)
    for n, (ids, counts, lengths) in made.items():
        ids_file, counts_file, starts_file = bag_files(n)[:3]
        ends = arrayparts.last(arrayparts.read(previous, starts_file)) + np.cumsum(
            join(lengths, np.int64)
        )
        arrayparts.append(previous, folder, ids_file, join(ids, np.int32))
        arrayparts.append(previous, folder, counts_file, join(counts, np.int32))
        arrayparts.append(previous, folder, starts_file, ends.astype(np.int64))
    arrayparts.append(previous, folder, bag_files(PAIRS)[3], numbers.new())


def join(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    """``arrays`` one after the other (an empty array of ``dtype`` for none)."""
    return np.concatenate(arrays).astype(dtype) if arrays else np.zeros(0, dtype=dtype)


def make_bags(codes: np.ndarray, starts: np.ndarray, keep: np.ndarray) -> dict[int, Bag]:
    """The bags of every article of a vocabulary held in memory."""
    numbers = PairNumbers(np.zeros(0, dtype=np.int64))
    made = chunk_bags(np.asarray(codes), np.asarray(starts), keep, numbers)
    bags = {}
    for n, (ids, counts, lengths) in made.items():
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        keys = numbers.all() if n == PAIRS else None
        bags[n] = Bag(ids, counts, offsets, len(keys) if keys is not None else len(keep), keys)
    return bags


def bags_present(folder: Path) -> bool:
    """Whether ``folder`` holds the saved bags."""
    return all(arrayparts.present(folder, name) for name in BAG_FILES)
