"""Nearest neighbours over unit-length article embeddings (exact cosine search)."""

from __future__ import annotations

import numpy as np

BLOCK = 8192


def nearest(
    vectors: np.ndarray, query: np.ndarray, k: int, allowed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``vectors`` most similar to ``query``, best first.

    Args:
        vectors: (n, d) unit-length rows, float16 or float32 (memory-mapped is fine).
        query: (d,) unit-length vector.
        k: How many neighbours.
        allowed: Optional boolean mask of rows that may be returned.

    Returns:
        (row positions, cosine scores), each of length at most ``k``.
    """
    query = np.asarray(query, dtype=np.float32)
    scores = np.empty(len(vectors), dtype=np.float32)
    for start in range(0, len(vectors), BLOCK):
        block = np.asarray(vectors[start : start + BLOCK], dtype=np.float32)
        scores[start : start + len(block)] = block @ query
    if allowed is not None:
        scores[~allowed] = -np.inf
    k = min(k, int(np.isfinite(scores).sum()))
    if k <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    return top, scores[top]
