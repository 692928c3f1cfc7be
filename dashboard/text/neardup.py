"""Near-duplicate articles: the same story run again with small edits, found with MinHash LSH.

Each text becomes the set of its word 3-grams (shingles). MinHash signatures
are computed for all texts at once with numpy; datasketch's ``MinHashLSH``
proposes candidate pairs; each candidate is checked with the exact Jaccard
similarity of the two shingle sets. Pairs at or above the threshold are
joined into groups, and each group's earliest article is its canonical copy.

>>> story = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة يضم مئتي سرير"
>>> near_duplicates(["a", "b", "c"], [story, story + " للأطفال", "خبر آخر مختلف تماما عن الأول"])
  id near_duplicate_of  similarity
0  b                 a       0.917
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

THRESHOLD = 0.7
NUM_PERM = 64
SHINGLE = 3
SCHEME = "affine32"  # datasketch permutations h -> a * h + b mod 2**32
MIN_WORDS = 8  # shorter texts are left out: a few shared words are not a shared story
_BATCH = 64  # texts whose shingles are permuted at once
TEXT_BATCH = 1_000  # texts split into words and shingled at once
_MIX = tuple(np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9))


def near_duplicates(
    ids: Sequence[str],
    texts: Iterable[str],
    order: Sequence[object] | None = None,
    threshold: float = THRESHOLD,
) -> pd.DataFrame:
    """Find texts that are near-copies of another.

    Args:
        ids: One id per text.
        texts: The texts (title and body), one per id: read once, ``TEXT_BATCH`` at a
            time, so a generator keeps no more than a batch of them in memory.
        order: Sort keys (e.g. publication dates); the earliest text of a
            group is its canonical copy. Position breaks ties.
        threshold: The least Jaccard similarity of word 3-gram sets.

    Returns:
        One row per non-canonical text of each group: ``id``,
        ``near_duplicate_of`` (the canonical id) and ``similarity`` (the
        exact Jaccard similarity with the canonical text, rounded to 3 places).
    """
    shingles = _shingles(texts)
    if len(shingles) != len(ids):
        raise ValueError(f"{len(ids)} ids for {len(shingles)} texts")
    usable = [i for i, s in enumerate(shingles) if len(s)]
    signatures = _signatures([shingles[i] for i in usable])
    parent = list(range(len(shingles)))
    for a, b in _candidates(signatures, threshold):
        i, j = usable[a], usable[b]
        if _root(parent, i) != _root(parent, j) and _jaccard(shingles[i], shingles[j]) >= threshold:
            parent[_root(parent, i)] = _root(parent, j)
    groups: dict[int, list[int]] = {}
    for i in usable:
        groups.setdefault(_root(parent, i), []).append(i)
    keys = list(order) if order is not None else [0] * len(shingles)
    rows = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda m: (keys[m], m))
        first = members[0]
        for m in members[1:]:
            similarity = round(_jaccard(shingles[m], shingles[first]), 3)
            rows.append((ids[m], ids[first], similarity))
    return pd.DataFrame(rows, columns=["id", "near_duplicate_of", "similarity"])


def _shingles(texts: Iterable[str]) -> list[np.ndarray]:
    """The sorted distinct word 3-gram hashes (uint32) of each text; empty when too short.

    Texts are read ``TEXT_BATCH`` at a time; each text's hashes are a view into its batch's
    array. Words are numbered in the order first met across all texts (as ``pd.factorize``
    of every word at once would number them), so the hashes do not depend on the batch size.
    """
    vocabulary: dict[str, int] = {}
    shingles: list[np.ndarray] = []
    iterator = iter(texts)
    while batch := list(itertools.islice(iterator, TEXT_BATCH)):
        values, bounds = _batch_shingles(batch, vocabulary)
        shingles += [values[bounds[i] : bounds[i + 1]] for i in range(len(batch))]
    return shingles


def _batch_shingles(
    texts: Sequence[str], vocabulary: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct 3-gram hashes of a batch of texts, one after the other, and where
    each text's start and end (``bounds[i]`` to ``bounds[i + 1]``; none when it is too short).

    Words are numbered with ``pd.factorize`` within the batch, then mapped to their number
    in ``vocabulary`` (new words get the next numbers, in the order first met); 3-grams are
    hashed from the numbers and sorted per text, all vectorised.
    """
    words = [text.split() for text in texts]
    sizes = np.array([len(w) if len(w) >= MIN_WORDS else 0 for w in words], dtype=np.int64)
    flat = list(itertools.chain.from_iterable(w for w, n in zip(words, sizes, strict=True) if n))
    del words
    local, uniques = pd.factorize(np.array(flat, dtype=object))
    del flat
    known = np.array([vocabulary.setdefault(w, len(vocabulary)) for w in uniques], dtype=np.uint64)
    codes = known[local] + np.uint64(1)
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
    return (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32), bounds


def _signatures(shingles: list[np.ndarray]) -> np.ndarray:
    """MinHash signatures (one row of NUM_PERM uint32 per text), with datasketch's permutations.

    The shingles of a batch of texts are permuted at once; the minimum per
    text is taken with ``np.minimum.reduceat``.
    """
    a, b = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations
    signatures = np.empty((len(shingles), NUM_PERM), dtype=np.uint32)
    for first in range(0, len(shingles), _BATCH):
        batch = shingles[first : first + _BATCH]
        flat = np.concatenate(batch)
        starts = np.cumsum([0] + [len(s) for s in batch[:-1]])
        permuted = np.multiply(flat[:, None], a)  # uint32 arithmetic wraps: mod 2**32
        permuted += b
        signatures[first : first + len(batch)] = np.minimum.reduceat(permuted, starts, axis=0)
    return signatures


def _candidates(signatures: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    """Pairs of rows that share a whole band of their signatures (LSH banding).

    The number of bands and rows per band are datasketch's ``MinHashLSH``
    choice for ``threshold`` and NUM_PERM.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    pairs: set[tuple[int, int]] = set()
    for band in range(lsh.b):
        block = np.ascontiguousarray(signatures[:, band * lsh.r : (band + 1) * lsh.r])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * lsh.r))).ravel()
        _, group, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared = np.flatnonzero(counts[group] > 1)
        by_group: dict[int, list[int]] = {}
        for row in shared.tolist():
            by_group.setdefault(int(group[row]), []).append(row)
        for rows in by_group.values():
            pairs.update(itertools.combinations(rows, 2))
    return pairs


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
