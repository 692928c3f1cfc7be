"""The words of a corpus as numbers: each article's tokens as ids, so that the words and
phrases of any set of articles are counted at numpy speed.

Tokens are read from each article's ``search_text``: its title and body as cleaning
left them (boilerplate out), normalised by :func:`dashboard.text.arabic.normalize`, and
split by :data:`dashboard.text.arabic.TOKEN`. A token is a *word* when
:func:`dashboard.text.arabic.is_keyword` holds: stopwords (the packaged list and
``news_stopwords.txt``), numbers and single letters are not. A *phrase* is two or three
neighbouring tokens of one article, each a word, so no phrase bridges a stopword.
Latin words are counted in lower case.

>>> vocab = Vocabulary.from_texts(pd.Series(["وزارة الصحة في غزة", "وزارة الصحة تعلن"]))
>>> top_terms(vocab, np.arange(2), 1, 2)[["term", "count", "articles", "share"]].values.tolist()
[['الصحة', 2, 2, 1.0], ['وزارة', 2, 2, 1.0]]
>>> top_terms(vocab, np.arange(2), 2, 5)["term"].tolist()
['وزارة الصحة', 'الصحة تعلن']
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.analysis.termbags import (
    MASK,
    NAMES,
    WORDS,
    Bag,
    bags_present,
    extend_bags,
    spans,
    write_bags,
)
from dashboard.storage import arrayparts
from dashboard.storage.arrayparts import PartedArray
from dashboard.text.arabic import TOKEN, display_stopwords, is_keyword

TERM_COLUMNS = ["term", "words", "count", "articles", "share"]
MAX_WORDS = 3  # the longest phrase counted


# A store's vocabulary, written beside its articles (``engine.prepare``), each array in
# parts after an ``add`` (:mod:`dashboard.storage.arrayparts`: ``vocab.codes.1.i32``, ...):
TERMS = "vocab.terms.arrow"  # the distinct tokens (lower case), by id (Arrow IPC)
KEEP = "vocab.keep.npy"  # bool by id: a word
CODES = "vocab.codes.i32"  # int32 token ids, article after article (raw, memory-mapped)
STARTS = "vocab.starts.npy"  # int64: article i is codes[starts[i]:starts[i + 1]]
VOCABULARY_FILES = (TERMS, KEEP, CODES, STARTS)


class Coder(dict):
    """Token (as written) -> id, a new token taking its lower-case form's id, or the next
    one: a Latin word's spellings are one term, and ids follow first appearance."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        super().__init__()
        self.terms = list(terms)  # the distinct lower-case tokens, by id
        self.lowered = {term: i for i, term in enumerate(self.terms)}

    def __missing__(self, token: str) -> int:
        low = token.lower()
        found = self.lowered.get(low)
        if found is None:
            found = self.lowered[low] = len(self.terms)
            self.terms.append(low)
        self[token] = found
        return found

    def code(self, text: str) -> map:
        """The ids of ``text``'s tokens, in order."""
        return map(self.__getitem__, TOKEN.findall(text))


def write_vocabulary(texts: Iterable[str], folder: Path, previous: Path | None = None) -> None:
    """Save the vocabulary of ``texts`` (normalised, in row order) into ``folder``, streaming
    its token ids to disk; with ``previous`` (a folder holding one), that of ``previous``'s
    rows followed by ``texts`` (:func:`extend_vocabulary`)."""
    folder = Path(folder)
    if previous is not None:
        extend_vocabulary(texts, folder, Path(previous))
        return
    coder = Coder()
    starts = [0]
    with (folder / CODES).open("wb") as handle:
        for text in texts:
            codes = array("i", coder.code(text))
            handle.write(codes.tobytes())
            starts.append(starts[-1] + len(codes))
    keep = np.fromiter(map(is_keyword, coder.terms), dtype=bool, count=len(coder.terms))
    for name, values in ((STARTS, np.asarray(starts, dtype=np.int64)), (KEEP, keep)):
        arrayparts.save(folder / name, values)
    arrayparts.save(folder / TERMS, coder.terms)
    write_bags(folder, arrayparts.load(folder / CODES), np.asarray(starts, dtype=np.int64), keep)


def extend_vocabulary(texts: Iterable[str], folder: Path, previous: Path) -> None:
    """Save into ``folder`` the vocabulary of ``previous``'s rows followed by ``texts``,
    reading only the new rows: each of its arrays (:data:`VOCABULARY_FILES`, the bags) is
    the stored parts, linked, and one more part of the new rows' entries (new tokens take
    the next ids), so read back they are the arrays of one pass over every row."""
    terms = read_terms(previous)
    coder, known = Coder(terms), len(terms)
    before = arrayparts.read(previous, STARTS)
    codes, lengths = array("i"), array("q")
    for text in texts:
        found = array("i", coder.code(text))
        codes.extend(found)
        lengths.append(len(found))
    codes = np.frombuffer(codes, dtype=np.int32) if codes else np.zeros(0, dtype=np.int32)
    lengths = np.frombuffer(lengths, dtype=np.int64) if lengths else np.zeros(0, np.int64)
    new_terms = coder.terms[known:]
    new_keep = np.fromiter(map(is_keyword, new_terms), dtype=bool, count=len(new_terms))
    arrayparts.append(previous, folder, CODES, codes)
    arrayparts.append(previous, folder, STARTS, arrayparts.last(before) + np.cumsum(lengths))
    arrayparts.append(previous, folder, KEEP, new_keep)
    arrayparts.append(previous, folder, TERMS, new_terms)
    keep = np.concatenate([arrayparts.read_all(previous, KEEP), new_keep])
    if bags_present(previous):
        extend_bags(folder, previous, codes, np.concatenate([[0], np.cumsum(lengths)]), keep)
    else:  # bags made for every row
        write_bags(folder, arrayparts.read(folder, CODES), arrayparts.read(folder, STARTS), keep)


def read_terms(folder: Path) -> list[str]:
    """The distinct tokens of the vocabulary saved in ``folder``, by id."""
    return arrayparts.read_all(folder, TERMS)


def vocabulary_present(folder: Path) -> bool:
    """Whether ``folder`` holds a saved vocabulary."""
    return all(arrayparts.present(folder, name) for name in VOCABULARY_FILES)


@dataclass(frozen=True)
class Grams:
    """Every n-gram of words in a set of articles, one entry per place it occurs."""

    parts: tuple[np.ndarray, ...]  # the token id of each of its n words
    owner: np.ndarray  # the article it occurs in (an index into the set's rows)


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Every article's tokens as ids into one list of distinct tokens."""

    terms: np.ndarray  # the distinct tokens (str), by id
    keep: np.ndarray  # bool by id: a word (counted), not a stopword, number or letter
    codes: np.ndarray | PartedArray  # int32 token ids, article after article
    starts: np.ndarray | PartedArray  # int64, one more than articles: article i is
    # codes[starts[i]:starts[i + 1]]
    bags: dict[int, Bag] = field(default_factory=dict)  # saved bags by phrase length (termbags)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        """The vocabulary of normalised texts (one per article, in row order).

        Each token becomes its id as it is read, so no list of every token's text is ever
        held: on 4,914 SaudiNewsNet articles (1.46 million tokens) the vocabulary holds
        17 MiB and building it peaks at 39 MiB (224 MiB when every token's text was held
        first).
        """
        coder = Coder()
        codes = array("i")
        starts = [0]
        for text in texts:
            codes.extend(coder.code(text))
            starts.append(len(codes))
        terms = np.asarray(coder.terms, dtype=object)
        keep = np.fromiter(map(is_keyword, terms), dtype=bool, count=len(terms))
        read = np.frombuffer(codes, dtype=np.int32) if codes else np.zeros(0, dtype=np.int32)
        return cls(terms, keep, read, np.asarray(starts, dtype=np.int64))

    @classmethod
    def load(cls, folder: Path) -> Vocabulary:
        """The vocabulary saved in ``folder`` (:func:`write_vocabulary`), its token ids
        memory-mapped: the words and phrases of a set of articles read the pages of those
        articles' ids alone."""
        folder = Path(folder)
        terms = np.asarray(read_terms(folder), dtype=object)
        keep = arrayparts.read_all(folder, KEEP)
        bags = {n: Bag.load(folder, n, len(terms)) for n in NAMES} if bags_present(folder) else {}
        codes, starts = (arrayparts.read(folder, name) for name in (CODES, STARTS))
        return cls(terms, keep, codes, starts, bags)

    def __len__(self) -> int:
        return len(self.starts) - 1

    @cached_property
    def ids(self) -> pd.Index:
        """The distinct tokens as an index, for lookups by token."""
        return pd.Index(self.terms)

    @cached_property
    def shown(self) -> np.ndarray:
        """bool by id: a word a table of top words lists, one not among
        :func:`dashboard.text.arabic.display_stopwords` (function words, adverbs and
        auxiliaries that carry no subject; the entity rules count them as words)."""
        hidden = display_stopwords()
        listed = np.fromiter(
            (t not in hidden for t in self.terms), dtype=bool, count=len(self.terms)
        )
        return self.keep & listed

    def tokens(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(token ids, owning article as an index into ``rows``) of the articles ``rows``."""
        places, owner = spans(self.starts, rows)
        return self.codes[places], owner

    def grams(self, rows: np.ndarray, n: int) -> Grams:
        """Every n-gram of neighbouring words within one article of ``rows``."""
        tokens, owner = self.tokens(rows)
        size = len(tokens) - n + 1
        if size <= 0:
            empty = np.zeros(0, dtype=np.int64)
            return Grams(tuple(empty for _ in range(n)), empty)
        word = self.keep[tokens]
        valid = np.ones(size, dtype=bool)
        for k in range(n):
            valid &= word[k : k + size]
        for k in range(1, n):
            valid &= owner[k : k + size] == owner[:size]
        places = np.flatnonzero(valid)
        return Grams(tuple(tokens[places + k] for k in range(n)), owner[places])

    def word_ids(self, term: str) -> np.ndarray | None:
        """The token ids of a term's words (None when one is not in the vocabulary)."""
        found = self.ids.get_indexer(term.lower().split())
        return None if (found < 0).any() or not len(found) else found


def groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a stable order sorting ``keys``, whether each sorted place starts a new key).

    Sorting and comparing neighbours: ``np.unique`` took 20 times as long on millions.
    """
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    return order, np.concatenate([[True], ordered[1:] != ordered[:-1]])[: len(keys)]


def gram_keys(grams: Grams, vocabulary_size: int) -> np.ndarray:
    """One int64 key per n-gram place, equal for equal n-grams (compacted word by word,
    so no product of ids overflows)."""
    key = grams.parts[0].astype(np.int64)
    for part in grams.parts[1:]:
        order, new = groups(key)
        compact = np.empty(len(key), dtype=np.int64)
        compact[order] = np.cumsum(new) - 1
        key = compact * vocabulary_size + part
    return key


def term_counts(
    vocab: Vocabulary, rows: np.ndarray, n: int
) -> tuple[Grams, np.ndarray, np.ndarray, np.ndarray]:
    """(n-grams, a place of each distinct one, its occurrences, the articles using it)."""
    grams = vocab.grams(rows, n)
    order, new = groups(gram_keys(grams, len(vocab.terms)))
    firsts = np.flatnonzero(new)
    count = np.diff(np.append(firsts, len(order)))
    owner = grams.owner[order]  # ascending within each n-gram: the sort is stable
    first_use = new | np.concatenate([[True], owner[1:] != owner[:-1]])
    articles = np.add.reduceat(first_use, firsts) if len(firsts) else count
    return grams, order[firsts], count, articles


def top_terms(vocab: Vocabulary, rows: np.ndarray, n: int, top: int) -> pd.DataFrame:
    """The ``top`` words (``n`` = 1) or n-word phrases of the articles ``rows``, by
    occurrences, then articles, then spelling; no word, and no phrase that starts or ends
    with one, that :attr:`Vocabulary.shown` leaves out (تم، بشكل، يمكن).

    Returns:
        :data:`TERM_COLUMNS`: the term (normalised words joined by a space), its number
        of words, its occurrences, the articles using it, and their share of ``rows``.
    """
    if not 1 <= n <= MAX_WORDS:
        raise ValueError(f"phrases of 1 to {MAX_WORDS} words, not {n}")
    bag = vocab.bags.get(n)
    if bag is not None:  # the saved bags: sums over the articles' entries
        count, articles = bag.totals(rows)
        used = np.flatnonzero(count)
        count, articles = count[used], articles[used]
        parts = (used,) if bag.keys is None else (bag.keys[used] >> 32, bag.keys[used] & MASK)
        spell = lambda chosen: [part[chosen] for part in parts]  # noqa: E731
    else:  # every n-gram place of the articles, sorted
        grams, place, count, articles = term_counts(vocab, rows, n)
        spell = lambda chosen: [part[place[chosen]] for part in grams.parts]  # noqa: E731
    words = spell(np.arange(len(count)))
    ranked = np.flatnonzero(vocab.shown[words[0]] & vocab.shown[words[-1]])
    key = count[ranked] * (len(rows) + 1) + articles[ranked]  # occurrences, then articles
    if len(ranked) > top > 0:  # spell out only the top and those tied with its last
        ranked = ranked[key >= np.partition(key, len(key) - top)[len(key) - top]]
    spelled = [vocab.terms[ids] for ids in spell(ranked)]
    terms = [" ".join(words) for words in zip(*spelled, strict=True)] if n > 1 else list(spelled[0])
    order = np.lexsort((np.asarray(terms, dtype=object), -articles[ranked], -count[ranked]))
    order = order[:top]
    terms, ranked = [terms[i] for i in order], ranked[order]
    return pd.DataFrame(
        {
            "term": terms,
            "words": n,
            "count": count[ranked].astype(np.int64),
            "articles": articles[ranked].astype(np.int64),
            "share": articles[ranked] / max(len(rows), 1),
        },
        columns=TERM_COLUMNS,
    )


def word_counts(vocab: Vocabulary, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(occurrences, articles using it) of every word id in the articles ``rows``."""
    if WORDS in vocab.bags:
        return vocab.bags[WORDS].totals(rows)
    tokens, owner = vocab.tokens(rows)
    counted = vocab.keep[tokens]
    tokens, owner = tokens[counted].astype(np.int64), owner[counted]
    size = len(vocab.terms)
    count = np.bincount(tokens, minlength=size)
    pairs = np.sort(owner * size + tokens)
    used = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])] % size if len(pairs) else pairs
    return count, np.bincount(used, minlength=size)


def rows_with(vocab: Vocabulary, rows: np.ndarray, term: str) -> np.ndarray:
    """The articles of ``rows`` (positions, in order) where ``term`` is counted: the word,
    or the phrase's words side by side, as :func:`top_terms` counts them."""
    rows = np.asarray(rows, dtype=np.int64)
    wanted = vocab.word_ids(term)
    if wanted is None or len(wanted) > MAX_WORDS:
        return rows[:0]
    grams = vocab.grams(rows, len(wanted))
    hit = np.logical_and.reduce([part == i for part, i in zip(grams.parts, wanted, strict=True)])
    return rows[np.flatnonzero(np.bincount(grams.owner[hit], minlength=len(rows)))]
