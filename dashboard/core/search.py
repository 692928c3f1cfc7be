"""Search: BM25 over normalised Arabic, embedding similarity, and their rank fusion.

Documents are the stored ``search_text`` (already normalised). Each word counts as
itself and, when it carries them, without the clitics و/ف/ب/ل/ك and the article ال
(``والحكومة`` also counts as ``حكومة``), so a query word matches its prefixed forms
without stemming that damages names.

>>> terms("والحكومة تعلن")
['والحكومة', 'حكومة', 'تعلن']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from dashboard.core.arabic import is_keyword, tokenize
from dashboard.core.index import VectorIndex, open_index
from dashboard.core.store import Store

K1 = 1.2
B = 0.75
RRF_K = 60
_PREFIX = re.compile(r"^(?:[وف]?(?:بال|كال|لل|ال)|[وف][بلك]?|[بلك])(?=[\u0621-\u064a]{3,})")


def terms(text: str) -> list[str]:
    """Index terms of a text: keywords, plus their clitic-free form when it differs."""
    found: list[str] = []
    for token in tokenize(text):
        if not is_keyword(token):
            continue
        found.append(token)
        bare = _PREFIX.sub("", token)
        if bare != token and is_keyword(bare):
            found.append(bare)
    return found


@dataclass(frozen=True)
class Lexical:
    """BM25 weights (documents x terms) and row-normalised TF-IDF for document similarity."""

    vocabulary: dict[str, int]
    bm25: sparse.csc_matrix
    tfidf: sparse.csr_matrix

    @classmethod
    def fit(cls, texts: Sequence[str]) -> Lexical:
        """Index ``texts`` (one per document, in row order)."""
        vocabulary: dict[str, int] = {}
        rows, cols = [], []
        for row, text in enumerate(texts):
            ids = [vocabulary.setdefault(t, len(vocabulary)) for t in terms(text)]
            rows.extend([row] * len(ids))
            cols.extend(ids)
        shape = (len(texts), max(len(vocabulary), 1))
        counts = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape
        )
        counts.sum_duplicates()
        df = np.bincount(counts.indices, minlength=shape[1]).astype(np.float32)
        idf = np.log1p((shape[0] - df + 0.5) / (df + 0.5)).astype(np.float32)
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        norm = K1 * (1 - B + B * lengths / max(lengths.mean(), 1.0))
        tf = counts.copy()
        tf.data = tf.data * (K1 + 1) / (tf.data + np.repeat(norm, np.diff(tf.indptr)))
        bm25 = (tf @ sparse.diags(idf)).tocsc()
        tfidf = (counts.log1p() @ sparse.diags(idf)).tocsr()
        lengths = np.sqrt(np.asarray(tfidf.multiply(tfidf).sum(axis=1)).ravel())
        tfidf = sparse.diags(1 / np.maximum(lengths, 1e-9)) @ tfidf
        return cls(vocabulary, bm25, tfidf.tocsr().astype(np.float32))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (0 where no term matches)."""
        ids = sorted({self.vocabulary[t] for t in terms(query) if t in self.vocabulary})
        if not ids:
            return np.zeros(self.bm25.shape[0], dtype=np.float32)
        return np.asarray(self.bm25[:, ids].sum(axis=1), dtype=np.float32).ravel()

    def similar(self, row: int) -> np.ndarray:
        """TF-IDF cosine of every document with document ``row``."""
        return np.asarray((self.tfidf @ self.tfidf[row].T).todense(), dtype=np.float32).ravel()


def top(scores: np.ndarray, k: int, allowed: np.ndarray | None = None) -> np.ndarray:
    """Rows of the ``k`` highest positive scores, best first."""
    scores = np.where(allowed, scores, 0) if allowed is not None else scores
    k = min(k, int((scores > 0).sum()))
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    rows = np.argpartition(-scores, k - 1)[:k]
    return rows[np.argsort(-scores[rows], kind="stable")]


def fuse(rankings: Sequence[np.ndarray], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Reciprocal rank fusion: each ranking adds 1 / (60 + rank) to its rows.

    >>> fuse([np.array([3, 1]), np.array([1, 2])], 2)[0].tolist()
    [1, 3]
    """
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking.tolist()):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
    best = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
    rows = np.array([r for r, _ in best], dtype=np.int64)
    return rows, np.array([s for _, s in best], dtype=np.float32)


def hybrid_search(
    lexical: Lexical,
    index: VectorIndex,
    query: str,
    query_vector: np.ndarray,
    k: int,
    allowed: np.ndarray | None = None,
    depth: int = 100,
) -> tuple[np.ndarray, np.ndarray]:
    """Articles for a free-text query: BM25 and embedding rankings fused (RRF).

    Args:
        lexical: The store's BM25 index.
        index: A :class:`dashboard.core.index.VectorIndex`.
        query: The query text, any script.
        query_vector: The query embedded by the corpus's embedder.
        k: How many results.
        allowed: Optional boolean mask of rows that may be returned.
        depth: How deep each ranking goes before fusion.
    """
    words = top(lexical.scores(query), depth, allowed)
    meaning, _ = index.search(query_vector, depth, allowed)
    return fuse([words, meaning], k)


def hybrid_similar(
    lexical: Lexical,
    index: VectorIndex,
    row: int,
    k: int,
    allowed: np.ndarray | None = None,
    depth: int = 50,
) -> tuple[np.ndarray, np.ndarray]:
    """Articles like article ``row`` by meaning and by shared words, itself excluded.

    Candidates are the ``depth`` best of each ranking; each is scored by the mean of its
    embedding cosine and its TF-IDF cosine with the article. Both are cosines of the same
    pair, so a plain mean fuses them (on the demo it beat rank fusion, which discards how
    close a neighbour is).
    """
    mask = np.ones(lexical.tfidf.shape[0], dtype=bool) if allowed is None else allowed.copy()
    mask[row] = False
    words = lexical.similar(row)
    meaning, _ = index.similar_to(row, depth, mask)
    rows = np.union1d(meaning, top(words, depth, mask))
    if not len(rows):
        return rows, np.empty(0, dtype=np.float32)
    vectors = np.asarray(index.vectors[rows], dtype=np.float32)
    scores = (vectors @ np.asarray(index.vectors[row], np.float32) + words[rows]) / 2
    order = np.argsort(-scores, kind="stable")[:k]
    return rows[order], scores[order]


@dataclass(frozen=True)
class Searcher:
    """Everything similar-article and search queries need over one store."""

    articles: pd.DataFrame
    index: VectorIndex
    lexical: Lexical

    @classmethod
    def open(cls, store: Store) -> Searcher:
        """Index ``store``: its vector index (memory-mapped) and BM25 over ``search_text``."""
        articles = store.articles
        index = open_index(store.path, store.embeddings)
        return cls(articles, index, Lexical.fit(articles["search_text"].tolist()))

    def row(self, article_id: str) -> int:
        """Row of an article id.

        Raises:
            KeyError: for an unknown id.
        """
        found = np.flatnonzero(self.articles["id"].to_numpy() == article_id)
        if not len(found):
            raise KeyError(f"no article with id {article_id!r}")
        return int(found[0])

    def similar(
        self, article_id: str, k: int, allowed: np.ndarray | None = None, hybrid: bool = True
    ) -> pd.DataFrame:
        """The ``k`` articles most like ``article_id``: articles rows plus ``score``.

        Hybrid scores are mean (embedding, TF-IDF) cosines; otherwise embedding cosines.
        """
        row = self.row(article_id)
        if hybrid:
            rows, scores = hybrid_similar(self.lexical, self.index, row, k, allowed)
        else:
            rows, scores = self.index.similar_to(row, k, allowed)
        return self.articles.iloc[rows].assign(score=scores)

    def search(
        self, query: str, vector: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> pd.DataFrame:
        """The ``k`` best articles for ``query``: articles rows plus fused ``score``."""
        rows, scores = hybrid_search(self.lexical, self.index, query, vector, k, allowed)
        return self.articles.iloc[rows].assign(score=scores)

    def cosine(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact cosine similarity of ``vector`` with the articles at ``rows``."""
        vector = np.asarray(vector, dtype=np.float32)
        out = np.empty(len(rows), dtype=np.float32)
        for first in range(0, len(rows), 65_536):
            chunk = rows[first : first + 65_536]
            out[first : first + len(chunk)] = (
                np.asarray(self.index.vectors[chunk], np.float32) @ vector
            )
        return out


def records(found: pd.DataFrame) -> list[dict]:
    """Result rows as plain dicts: id, score, title, outlet, date (ISO)."""
    return [
        {
            "id": row.id,
            "score": round(float(row.score), 4),
            "title": row.title,
            "outlet": row.outlet,
            "date": row.published_at.isoformat(),
        }
        for row in found.itertuples(index=False)
    ]
