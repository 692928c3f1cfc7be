"""Exact cosine neighbours for UMAP, so that no approximate neighbour search runs.

UMAP finds each row's neighbours by an exact scan below 4,096 rows and with
pynndescent above; pynndescent's ``nn_descent`` cannot be kept in numba's on-disk cache
(:mod:`dashboard.pipeline.jitcache`), so every build of a few thousand articles or more
compiled it again (about 13 s of one core), and a small first build (the demo) left the
larger builds' kernels uncompiled. :class:`ExactUMAP` hands UMAP the exact neighbours of
its rows instead, found by blocked matrix products over unit rows: one code path at every
size, exact at every size, and its transform of new rows (zero-shot topics transform the
articles no name took) scans the fitted rows exactly too.
"""

from __future__ import annotations

import warnings

import numpy as np
from umap import UMAP


def unit_rows(data: np.ndarray) -> np.ndarray:
    """``data`` as float32 rows of length one (an all-zero row stays zero)."""
    rows = np.asarray(data, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


def cosine_neighbours(
    data: np.ndarray,
    k: int,
    queries: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` rows of ``data`` nearest each query by cosine distance, nearest first.

    An exact scan (faiss's flat inner-product index over unit rows) in one thread: with two,
    the products' last bits, and so a few neighbours, depend on the thread count. It runs
    while the build's second core computes what the topic model does not need (20,000
    rows of 512 dimensions: 4.5 s). Without ``queries``
    the rows of ``data`` are the queries and each row is its own first neighbour (distance
    0, even beside an identical row), as UMAP expects of a neighbour graph. Equal
    similarities are ordered by row number.

    Returns:
        ``(indices, distances)``: int32 and float32 arrays of shape (queries, k), the
        distances being one minus the cosine similarity.
    """
    import faiss

    base = unit_rows(data)
    own = queries is None
    asked = base if own else unit_rows(queries)
    k = min(k, len(base))
    index = faiss.IndexFlatIP(base.shape[1])
    index.add(base)
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        sims, found = index.search(asked, min(k + own, len(base)))
    finally:
        faiss.omp_set_num_threads(threads)
    if own:  # the row itself first, then the k - 1 nearest others
        rows = np.arange(len(asked))[:, None]
        others = np.argsort(found == rows, axis=1, kind="stable")[:, : k - 1]
        found = np.hstack([rows, np.take_along_axis(found, others, axis=1)])
        first = np.full(rows.shape, np.inf, dtype=np.float32)
        sims = np.hstack([first, np.take_along_axis(sims, others, axis=1)])
    order = np.lexsort((found, -sims), axis=1)
    found = np.take_along_axis(found, order, axis=1).astype(np.int32)
    distances = np.maximum(0.0, 1.0 - np.take_along_axis(sims, order, axis=1))
    return found, distances.astype(np.float32)


class ExactIndex:
    """The fitted rows, searched exactly where UMAP's ``transform`` would ask pynndescent."""

    _angular_trees = True  # what UMAP reads of pynndescent's index before a query

    def __init__(self, data: np.ndarray) -> None:
        self.data = data

    def query(self, queries: np.ndarray, k: int, epsilon: float = 0.0):
        """The ``k`` fitted rows nearest each query row, as ``(indices, distances)``."""
        return cosine_neighbours(self.data, k, queries)


class ExactUMAP(UMAP):
    """UMAP with the cosine metric, fitted on the exact neighbours of its rows.

    Transforming the fitted rows returns their embedding, as UMAP does; other rows go
    through :class:`ExactIndex`.
    """

    def fit(self, X, y=None, *args, **kwargs):  # UMAP's signature
        """Find the exact neighbours of ``X``'s rows, then fit UMAP on them."""
        if self.metric != "cosine":
            raise ValueError(f"exact neighbours are cosine ones, not {self.metric!r}")
        data = np.ascontiguousarray(X, dtype=np.float32)
        if len(data) <= self.n_neighbors:  # UMAP then scans every pair itself
            self.precomputed_knn = (None, None, None)
            return super().fit(data, y, *args, **kwargs)
        indices, distances = cosine_neighbours(data, self.n_neighbors)
        self.precomputed_knn = (indices, distances, ExactIndex(data))
        with warnings.catch_warnings():  # UMAP warns that an index not its own cannot transform
            warnings.filterwarnings("ignore", "precomputed_knn", UserWarning)
            return super().fit(data, y, *args, **kwargs)
