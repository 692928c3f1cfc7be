"""Character n-gram TF-IDF vectors: how an article is spelled, beside what it means.

Arabic attaches clitics and inflects inside the word (الحكومة، وللحكومة، حكومات), so
articles on one story share many character 2-4-grams even where their words differ.
N-grams are hashed into a fixed number of buckets with numpy (no vocabulary to
keep, about 40x faster than scikit-learn's Python analyzer), weighted by
sublinear TF times IDF, and each row keeps only its ``KEEP`` heaviest buckets, so a
store holds a small sparse matrix and the IDF. The fit counts each text twice (first each
bucket's documents, then each row, weighed with the IDF of all texts and pruned at once),
so it holds the kept rows, never every article's counts. New articles are weighted with
the stored IDF, without a refit.

The rows, folded into ``FOLDED`` buckets, are also reduced by a truncated SVD to
``DIMENSIONS`` latent dimensions (latent semantic analysis): two articles on one story
that share few exact n-grams still share their directions. New articles are folded
into the fitted space without a refit (:meth:`CharVectors.extended`), through the SVD's
right singular vectors, kept with the store, so that folding in reads no fitted row.
The vectors' files (``charvec.npz`` and the parts ``add`` writes) are written and read by
:mod:`dashboard.storage.charparts`.

>>> vectors = CharVectors.fit(["وزارة الصحة", "وزارة الصحة العامة", "كرة القدم"])
>>> bool(vectors.similar(0)[1] > vectors.similar(0)[2])
True
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import overload

import numpy as np
from scipy import sparse

from dashboard.text.arabic import normalize

BUCKETS = 1 << 18
SIZES = (2, 3, 4)
KEEP = 400
DIMENSIONS = 256
FOLDED = 1 << 15  # buckets of the latent space: the SVD's cost grows with its columns
SAMPLE = 100_000  # rows the SVD is fitted on at most; the others are folded into its basis
FOLD_ROWS = 10_000  # rows folded into the basis at once
_PRIME = np.uint64(1_000_003)


def ngram_ids(text: str, buckets: int = BUCKETS) -> np.ndarray:
    """Hashed bucket (int32) of every character 2-, 3- and 4-gram of the normalised text."""
    codes = np.frombuffer(normalize(text).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    found = []
    for size in SIZES:
        count = len(codes) - size + 1
        if count <= 0:
            continue
        hashed = np.full(count, size, dtype=np.uint64)
        for offset in range(size):
            hashed *= _PRIME
            hashed += codes[offset : offset + count]
        hashed %= np.uint64(buckets)
        found.append(hashed)
    return np.concatenate(found).astype(np.int32) if found else np.empty(0, dtype=np.int32)


def counts(texts: Sequence[str]) -> sparse.csr_matrix:
    """Documents x buckets n-gram counts."""
    indptr, indices, data = [0], [], []
    for text in texts:
        ids, freq = np.unique(ngram_ids(text), return_counts=True)
        indices.append(ids)
        data.append(freq.astype(np.float32))
        indptr.append(indptr[-1] + len(ids))
    return sparse.csr_matrix(
        (
            np.concatenate(data) if data else np.empty(0, np.float32),
            np.concatenate(indices) if indices else np.empty(0, np.int32),
            np.array(indptr),
        ),
        shape=(len(texts), BUCKETS),
    )


def weighed_row(
    ids: np.ndarray, freq: np.ndarray, idf: np.ndarray, keep: int = KEEP
) -> tuple[np.ndarray, np.ndarray]:
    """One article's buckets and weights: sublinear TF x IDF of its bucket counts ``freq``
    (float32), the ``keep`` heaviest, of unit length."""
    values = (1 + np.log(freq)) * idf[ids]
    if len(values) > keep:
        best = np.argpartition(-values, keep - 1)[:keep]
        values, ids = values[best], ids[best]
    norm = np.linalg.norm(values)
    return ids, values / norm if norm > 0 else values


def weigh(matrix: sparse.csr_matrix, idf: np.ndarray, keep: int = KEEP) -> sparse.csr_matrix:
    """Sublinear TF x IDF, the ``keep`` heaviest buckets of each row, rows of unit length."""
    rows = RowWriter(np.minimum(np.diff(matrix.indptr), keep), matrix.shape[1])
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        rows.put(row, *weighed_row(matrix.indices[start:end], matrix.data[start:end], idf, keep))
    return rows.matrix()


class RowWriter:
    """A CSR matrix filled row by row into arrays of its final size (sizes known first)."""

    def __init__(self, sizes: np.ndarray, columns: int) -> None:
        self.indptr = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=self.indptr[1:])
        self.indices = np.empty(self.indptr[-1], dtype=np.int32)
        self.data = np.empty(self.indptr[-1], dtype=np.float32)
        self.columns = columns

    def put(self, row: int, ids: np.ndarray, values: np.ndarray) -> None:
        """Write row ``row``'s buckets and weights."""
        start, end = self.indptr[row], self.indptr[row + 1]
        self.indices[start:end] = ids
        self.data[start:end] = values

    def matrix(self) -> sparse.csr_matrix:
        """The filled rows."""
        shape = (len(self.indptr) - 1, self.columns)
        return sparse.csr_matrix((self.data, self.indices, self.indptr), shape=shape, copy=False)


def fitted_rows(texts: Sequence[str], keep: int = KEEP) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The weighed rows of ``texts`` and the IDF taken over them, what ``weigh(counts(texts),
    idf)`` gives, in memory that grows with the kept rows only: a first pass counts each
    bucket's documents (and each row's size), a second counts each text again and keeps its
    weighed row."""
    df = np.zeros(BUCKETS, dtype=np.int64)
    sizes = np.zeros(len(texts), dtype=np.int64)
    for row, text in enumerate(texts):
        ids, _ = np.unique(ngram_ids(text), return_counts=True)  # faster than without counts
        df[ids] += 1
        sizes[row] = min(len(ids), keep)
    idf = (np.log((1 + len(texts)) / (1 + df.astype(np.float32))) + 1).astype(np.float32)
    rows = RowWriter(sizes, BUCKETS)
    for row, text in enumerate(texts):
        ids, freq = np.unique(ngram_ids(text), return_counts=True)
        rows.put(row, *weighed_row(ids, freq.astype(np.float32), idf, keep))
    return rows.matrix(), idf


def folded(rows: sparse.csr_matrix) -> sparse.csr_matrix:
    """``rows`` with bucket b counted in bucket b mod ``FOLDED``, the SVD's columns."""
    matrix = sparse.csr_matrix(
        (rows.data.copy(), rows.indices % FOLDED, rows.indptr.copy()), shape=(rows.shape[0], FOLDED)
    )
    matrix.sum_duplicates()
    return matrix


class ArticleTexts(Sequence[str]):
    """The text whose n-grams stand for each article: its title and whole body, joined when
    read (a thousand at a time when iterated), so that a fit over every article does not
    hold every body a second time as Python strings. Titles and bodies are lists or pandas
    columns (read by position)."""

    def __init__(self, titles: Sequence[str], bodies: Sequence[str]) -> None:
        self.titles, self.bodies = (
            getattr(titles, "array", titles),
            getattr(bodies, "array", bodies),
        )
        if len(self.titles) != len(self.bodies):
            raise ValueError(f"{len(self.titles)} titles for {len(self.bodies)} bodies")

    def __len__(self) -> int:
        return len(self.titles)

    @overload
    def __getitem__(self, row: int) -> str: ...

    @overload
    def __getitem__(self, row: slice) -> list[str]: ...

    def __getitem__(self, row: int | slice) -> str | list[str]:
        if isinstance(row, slice):
            titles, bodies = self.titles[row], self.bodies[row]
            return [f"{title}\n{body}" for title, body in zip(titles, bodies, strict=True)]
        return f"{self.titles[row]}\n{self.bodies[row]}"

    def __iter__(self) -> Iterator[str]:
        for start in range(0, len(self), 1000):
            yield from self[start : start + 1000]


def latent_space(
    rows: sparse.csr_matrix, dimensions: int = DIMENSIONS, sample: int = SAMPLE
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The latent rows U x S, singular values S and basis V (folded buckets x dimensions)
    of the truncated SVD of the folded ``rows``. Above ``sample`` rows the SVD is of a
    seeded sample of ``sample`` of them (its memory and CPU grow with its rows), and every
    row is folded into its basis as :meth:`CharVectors.extended` folds new ones
    (:func:`fold_in`)."""
    from sklearn.utils.extmath import randomized_svd

    total = rows.shape[0]
    picked = rows
    if total > sample:
        picked = rows[np.sort(np.random.default_rng(0).choice(total, sample, replace=False))]
    size = max(min(dimensions, picked.shape[0] - 1), 1)
    left, singular, right = randomized_svd(folded(picked), size, n_iter=4, random_state=0)
    basis = np.ascontiguousarray(right.T * (singular > 0), dtype=np.float32)
    if picked is rows:
        latent = (left * singular).astype(np.float32, copy=False)
        return latent, singular.astype(np.float32, copy=False), basis
    del left, picked
    return fold_in(rows, basis), singular.astype(np.float32, copy=False), basis


def fold_in(rows: sparse.csr_matrix, basis: np.ndarray) -> np.ndarray:
    """The latent rows (float32) of weighed ``rows`` in the space of ``basis`` (folded
    buckets x dimensions): folded rows x V, ``FOLD_ROWS`` rows at a time."""
    basis = np.asarray(basis, dtype=np.float32)
    latent = np.empty((rows.shape[0], basis.shape[1]), dtype=np.float32)
    for start in range(0, rows.shape[0], FOLD_ROWS):
        latent[start : start + FOLD_ROWS] = folded(rows[start : start + FOLD_ROWS]) @ basis
    return latent


@dataclass(frozen=True)
class CharVectors:
    """Unit-length sparse character n-gram TF-IDF rows, the IDF that weighed them, and
    their latent rows.

    ``latent`` holds U x S of the truncated SVD of the first ``fitted`` rows (rows added
    since are folded in; a fit of more than ``SAMPLE`` rows folds them all into the basis
    of a sample's SVD: :func:`latent_space`), ``singular`` the singular values S and
    ``basis`` the right singular vectors V (folded buckets x dimensions; None in stores
    written before it was kept).
    """

    rows: sparse.csr_matrix
    idf: np.ndarray
    latent: np.ndarray
    singular: np.ndarray
    fitted: int
    basis: np.ndarray | None = None

    @classmethod
    def fit(
        cls, texts: Sequence[str], dimensions: int = DIMENSIONS, sample: int = SAMPLE
    ) -> CharVectors:
        """Weigh ``texts`` (one per article, in row order) with IDF taken over them and
        reduce them to at most ``dimensions`` latent dimensions (:func:`latent_space`)."""
        rows, idf = fitted_rows(texts)
        latent, singular, basis = latent_space(rows, dimensions, sample)
        return cls(rows, idf, latent, singular, rows.shape[0], basis)

    def extended(self, texts: Sequence[str]) -> CharVectors:
        """These rows plus rows for ``texts``, weighed with the same IDF and folded into
        the same latent space (:func:`fold_in`) by the kept basis (:meth:`derived_basis` once,
        for a store that has none)."""
        new = weigh(counts(texts), self.idf)
        basis = self.basis if self.basis is not None else self.derived_basis()
        return CharVectors(
            sparse.vstack([self.rows, new]).tocsr(),
            self.idf,
            np.vstack([self.latent, fold_in(new, basis)]),
            self.singular,
            self.fitted,
            basis,
        )

    def derived_basis(self) -> np.ndarray:
        """The right singular vectors from the fitted rows A (folded) and the latent rows
        U S: V = Aᵀ (U S) / S², which reads every fitted row."""
        fitted = folded(self.rows[: self.fitted])
        scale = np.divide(
            1.0, self.singular**2, where=self.singular > 0, out=np.zeros_like(self.singular)
        )
        latent = np.asarray(self.latent[: self.fitted], dtype=np.float32)
        return np.asarray(fitted.T @ latent * scale, dtype=np.float32)

    @cached_property
    def columns(self) -> sparse.csc_matrix:
        """The rows by bucket, for summing only the buckets an article has."""
        return self.rows.tocsc()

    @cached_property
    def unit_latent(self) -> np.ndarray:
        """The latent rows scaled to unit length (zero rows stay zero)."""
        latent = np.asarray(self.latent, dtype=np.float32)
        norms = np.linalg.norm(latent, axis=1, keepdims=True)
        return np.divide(latent, norms, where=norms > 0, out=np.zeros_like(latent))

    def similar(self, row: int) -> np.ndarray:
        """Cosine of every article's n-gram vector with article ``row``'s."""
        start, end = self.rows.indptr[row], self.rows.indptr[row + 1]
        ids, weights = self.rows.indices[start:end], self.rows.data[start:end]
        return np.asarray(self.columns[:, ids] @ weights, dtype=np.float32).ravel()

    def latent_similar(self, row: int) -> np.ndarray:
        """Cosine of every article's latent row with article ``row``'s."""
        return self.unit_latent @ self.unit_latent[row]
