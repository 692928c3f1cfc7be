"""Near-duplicate articles: the same story run again with small edits, found with MinHash LSH.

Each text becomes the set of its word 3-grams (shingles), hashed from each word's own
hash, so that a text's shingles and MinHash signature (computed with numpy) depend on it
alone and can be made wherever the text is at hand. Texts that share a whole band of
their signatures are candidate pairs (LSH banding, with bands narrow enough that a pair
at the threshold is a candidate at least ``RECALL`` of the time); each candidate is
checked with the exact Jaccard similarity of the two shingle sets. Pairs at or above the
threshold are joined into groups, and each group's earliest article is its canonical copy.

>>> story = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة يضم مئتي سرير"
>>> near_duplicates(["a", "b", "c"], [story, story + " للأطفال", "خبر آخر مختلف تماما عن الأول"])
  id near_duplicate_of  similarity
0  b                 a       0.917
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from datasketch import MinHash

THRESHOLD = 0.7
NUM_PERM = 64
SHINGLE = 3
SCHEME = "affine32"  # datasketch permutations h -> a * h + b mod 2**32
RECALL = 0.98  # the least chance that a pair at the threshold becomes a candidate
MIN_WORDS = 8  # shorter texts are left out: a few shared words are not a shared story
_BATCH = 16  # texts whose shingles are permuted at once (more is slower: cache)
TEXT_BATCH = 1_000  # texts split into words and shingled at once
_MIX = tuple(np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9))


@dataclass
class Sketches:
    """The word 3-gram hashes (shingles) and MinHash signatures of texts, in text order.

    Text ``i``'s sorted distinct shingles are ``values[bounds[i]:bounds[i + 1]]`` (none when
    it is too short); its signature is row ``i`` of ``signatures`` (unused when it has no
    shingles). Each text's sketch depends on that text alone, so sketches made in slices, in
    any processes, join into the sketch of all the texts.
    """

    values: np.ndarray
    bounds: np.ndarray
    signatures: np.ndarray

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def shingles(self, i: int) -> np.ndarray:
        """Text ``i``'s sorted distinct shingles."""
        return self.values[self.bounds[i] : self.bounds[i + 1]]

    @classmethod
    def joined(cls, parts: Sequence[Sketches]) -> Sketches:
        """The sketches of the texts of ``parts``, one after the other."""
        bounds, offset = [np.zeros(1, np.int64)], 0
        for part in parts:
            bounds.append(part.bounds[1:] + offset)
            offset += len(part.values)
        return cls(
            np.concatenate([np.empty(0, np.uint32)] + [p.values for p in parts]),
            np.concatenate(bounds),
            np.concatenate([np.empty((0, NUM_PERM), np.uint32)] + [p.signatures for p in parts]),
        )


def sketch(texts: Iterable[str]) -> Sketches:
    """The :class:`Sketches` of texts, read ``TEXT_BATCH`` at a time (a generator keeps no
    more than a batch of them in memory)."""
    parts = []
    iterator = iter(texts)
    while batch := list(itertools.islice(iterator, TEXT_BATCH)):
        values, bounds = _batch_shingles(batch)
        parts.append(Sketches(values, bounds, _signatures(values, bounds)))
    return Sketches.joined(parts)


def near_duplicates(
    ids: Sequence[str],
    texts: Iterable[str] | Sketches,
    order: Sequence[object] | None = None,
    threshold: float = THRESHOLD,
) -> pd.DataFrame:
    """Find texts that are near-copies of another.

    Args:
        ids: One id per text.
        texts: The texts (title and body), one per id, read once (see :func:`sketch`); or
            their sketches, already made.
        order: Sort keys (e.g. publication dates); the earliest text of a
            group is its canonical copy. Position breaks ties.
        threshold: The least Jaccard similarity of word 3-gram sets.

    Returns:
        One row per non-canonical text of each group: ``id``,
        ``near_duplicate_of`` (the canonical id) and ``similarity`` (the
        exact Jaccard similarity with the canonical text, rounded to 3 places).
    """
    sketches = texts if isinstance(texts, Sketches) else sketch(texts)
    if len(sketches) != len(ids):
        raise ValueError(f"{len(ids)} ids for {len(sketches)} texts")
    usable = np.flatnonzero(np.diff(sketches.bounds) > 0).tolist()
    shingles = sketches.shingles
    parent = list(range(len(sketches)))
    for a, b in _candidates(sketches.signatures[usable], threshold):
        i, j = usable[a], usable[b]
        if _root(parent, i) != _root(parent, j) and _jaccard(shingles(i), shingles(j)) >= threshold:
            parent[_root(parent, i)] = _root(parent, j)
    groups: dict[int, list[int]] = {}
    for i in usable:
        groups.setdefault(_root(parent, i), []).append(i)
    keys = list(order) if order is not None else [0] * len(sketches)
    rows = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda m: (keys[m], m))
        first = members[0]
        for m in members[1:]:
            similarity = round(_jaccard(shingles(m), shingles(first)), 3)
            rows.append((ids[m], ids[first], similarity))
    return pd.DataFrame(rows, columns=["id", "near_duplicate_of", "similarity"])


def _batch_shingles(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct 3-gram hashes of a batch of texts, one after the other, and where
    each text's start and end (``bounds[i]`` to ``bounds[i + 1]``; none when it is too short).

    Each word is hashed on its own (``pd.util.hash_array``: SipHash with a fixed key, the
    same in every process and run); 3-grams are hashed from the words' hashes and sorted
    per text, all vectorised.
    """
    words = [text.split() for text in texts]
    sizes = np.array([len(w) if len(w) >= MIN_WORDS else 0 for w in words], dtype=np.int64)
    flat = list(itertools.chain.from_iterable(w for w, n in zip(words, sizes, strict=True) if n))
    del words
    codes = pd.util.hash_array(np.array(flat, dtype=object), categorize=False)
    del flat
    grams = codes[: len(codes) - SHINGLE + 1] * _MIX[0]
    for k in range(1, SHINGLE):
        grams ^= codes[k : len(codes) - SHINGLE + 1 + k] * _MIX[k]
    grams ^= grams >> np.uint64(29)
    grams *= _MIX[1]
    grams >>= np.uint64(32)
    doc = np.repeat(np.arange(len(texts), dtype=np.uint64), sizes)
    within = doc[: len(grams)] == doc[SHINGLE - 1 :]  # a 3-gram must not span two texts
    keys = _distinct((doc[: len(grams)][within] << np.uint64(32)) | grams[within])
    bounds = np.searchsorted(keys >> np.uint64(32), np.arange(len(texts) + 1, dtype=np.uint64))
    return (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32), bounds.astype(np.int64)


def _signatures(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """MinHash signatures (one row of NUM_PERM uint32 per text), with datasketch's permutations;
    a text without shingles gets a row of the largest value.

    The shingles of ``_BATCH`` texts are permuted at once; the minimum per
    text is taken with ``np.minimum.reduceat``.
    """
    a, b = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations
    signatures = np.full((len(bounds) - 1, NUM_PERM), np.iinfo(np.uint32).max, dtype=np.uint32)
    usable = np.flatnonzero(np.diff(bounds) > 0)
    for first in range(0, len(usable), _BATCH):
        rows = usable[first : first + _BATCH]
        flat = np.concatenate([values[bounds[r] : bounds[r + 1]] for r in rows])
        starts = np.cumsum(np.diff(bounds)[rows]) - np.diff(bounds)[rows]
        permuted = np.multiply(flat[:, None], a)  # uint32 arithmetic wraps: mod 2**32
        permuted += b
        signatures[rows] = np.minimum.reduceat(permuted, starts, axis=0)
    return signatures


def _candidates(signatures: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    """Pairs of rows that share a whole band of their signatures (LSH banding, see
    :func:`band_rows`)."""
    rows = band_rows(threshold)
    pairs: set[tuple[int, int]] = set()
    for band in range(NUM_PERM // rows):
        block = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        _, group, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared = np.flatnonzero(counts[group] > 1)
        by_group: dict[int, list[int]] = {}
        for row in shared.tolist():
            by_group.setdefault(int(group[row]), []).append(row)
        for members in by_group.values():
            pairs.update(itertools.combinations(members, 2))
    return pairs


def band_rows(threshold: float) -> int:
    """The most signature rows per band (``NUM_PERM // rows`` bands) with which two texts of
    Jaccard similarity ``threshold`` share a band at least ``RECALL`` of the time: the
    fewest candidates to check for that recall (each is checked exactly, so a wider net
    finds more copies and no false ones).

    >>> band_rows(0.7), round(1 - (1 - 0.7**4) ** 16, 3)
    (4, 0.988)
    """
    for rows in range(NUM_PERM, 0, -1):
        if 1 - (1 - threshold**rows) ** (NUM_PERM // rows) >= RECALL:
            return rows
    return 1


def _distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values (np.sort then a mask: far faster than np.unique here)."""
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _jaccard(left: np.ndarray, right: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted distinct arrays."""
    common = len(np.intersect1d(left, right, assume_unique=True))
    return common / (len(left) + len(right) - common)


def _root(parent: list[int], i: int) -> int:
    """The representative of ``i``'s group (union-find with path halving)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
