"""Distinctive words between two sets of articles: the weighted log-odds ratio with an
informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words").

For a word w with y_A occurrences among the n_A words of set A (y_B, n_B in B), the
prior of each word is the pooled counts of both sets scaled to a total of ``alpha0``:
a_w = alpha0 * (y_A + y_B) / (n_A + n_B). Then

    delta_w = log((y_A + a_w) / (n_A + alpha0 - y_A - a_w))
            - log((y_B + a_w) / (n_B + alpha0 - y_B - a_w))
    var_w   = 1 / (y_A + a_w) + 1 / (y_B + a_w)
    z_w     = delta_w / sqrt(var_w)

A large positive z marks a word set A uses more than set B, beyond what its counts
could show by chance; a large negative z the reverse. Words are counted as
:mod:`dashboard.analysis.vocabulary` counts them (stopwords out).

>>> z = log_odds(np.array([3.0, 1.0]), np.array([1.0, 3.0]), alpha0=2.0)[2]
>>> z.round(4).tolist()
[1.6008, -1.6008]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.analysis.query import Filters, filter_mask
from dashboard.analysis.vocabulary import Vocabulary, word_counts
from dashboard.storage.textindex import TextIndex

ALPHAS = (1.0, 10.0, 100.0, 1000.0, 10000.0)  # the prior totals offered; 100 by default
DEFAULT_ALPHA = 100.0
DISTINCTIVE_COLUMNS = [
    "term", "side", "z", "delta", "count_a", "count_b", "articles_a", "articles_b",
]  # fmt: skip


def log_odds(
    a: np.ndarray, b: np.ndarray, alpha0: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(delta, variance, z) of every word from its counts in set A and in set B.

    Args:
        a: Occurrences of each word in set A.
        b: Occurrences of the same words in set B (every word used at least once in A or B).
        alpha0: The prior's total: the pooled counts are scaled to sum to it.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    pooled = a + b
    if (pooled <= 0).any() or alpha0 <= 0:
        raise ValueError("every word must occur in one set at least, and alpha0 be positive")
    prior = alpha0 * pooled / pooled.sum()
    n_a, n_b = a.sum(), b.sum()
    delta = np.log((a + prior) / (n_a + alpha0 - a - prior)) - np.log(
        (b + prior) / (n_b + alpha0 - b - prior)
    )
    variance = 1.0 / (a + prior) + 1.0 / (b + prior)
    return delta, variance, delta / np.sqrt(variance)


def set_rows(
    articles: pd.DataFrame,
    base: Filters,
    own: Filters,
    index: TextIndex | None = None,
    rest_of: Filters | None = None,
) -> np.ndarray:
    """Positions of the articles of one set: those passing the view's filters ``base``
    and the set's own ``own`` (its query, outlets and dates); with ``rest_of``, those
    passing ``base`` but *not* the set ``rest_of`` ("the rest")."""
    keep = filter_mask(articles, base, index)
    other = rest_of if rest_of is not None else own
    inside = filter_mask(articles, other, index)
    chosen = keep & ~inside if rest_of is not None else keep & inside
    return np.flatnonzero(chosen.to_numpy())


def distinctive(
    vocab: Vocabulary, rows_a: np.ndarray, rows_b: np.ndarray, alpha0: float, top: int
) -> pd.DataFrame:
    """The ``top`` words most distinctive of set A (``side`` "a", z descending) and of set
    B (``side`` "b", z ascending), with their counts and articles in each set.

    Returns:
        :data:`DISTINCTIVE_COLUMNS`; no row when the sets hold fewer than two words.
    """
    count_a, articles_a = word_counts(vocab, rows_a)
    count_b, articles_b = word_counts(vocab, rows_b)
    used = np.flatnonzero(count_a + count_b)
    if len(used) < 2:
        return pd.DataFrame(columns=DISTINCTIVE_COLUMNS)
    delta, _, z = log_odds(count_a[used], count_b[used], alpha0)
    table = pd.DataFrame(
        {
            "term": vocab.terms[used],
            "side": np.where(z >= 0, "a", "b"),
            "z": z,
            "delta": delta,
            "count_a": count_a[used],
            "count_b": count_b[used],
            "articles_a": articles_a[used],
            "articles_b": articles_b[used],
        },
        columns=DISTINCTIVE_COLUMNS,
    )
    side_a = table[table["z"] > 0].sort_values(["z", "term"], ascending=[False, True]).head(top)
    side_b = table[table["z"] < 0].sort_values(["z", "term"]).head(top)
    return pd.concat([side_a, side_b], ignore_index=True)
