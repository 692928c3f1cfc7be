"""Search: BM25 over normalised Arabic, embedding similarity, and their rank fusion.

Documents are the stored ``search_text`` (already normalised). Each word counts as
itself and, when it carries them, without the clitics و/ف/ب/ل/ك and the article ال
(``والحكومة`` also counts as ``حكومة``), so a query word matches its prefixed forms
without stemming that damages names.

>>> terms("والحكومة تعلن")
['والحكومة', 'حكومة', 'تعلن']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from scipy import sparse

from dashboard.core.arabic import is_keyword, strip_clitics, tokenize
from dashboard.core.charvec import CharVectors, article_texts
from dashboard.core.index import VectorIndex, open_index
from dashboard.core.store import Store

K1 = 1.2
B = 0.75
RRF_K = 60
# Weights of the similar-article parts and of BM25 in search (see hybrid_similar and
# hybrid_search), chosen on the tuning half of ``make bench BENCH=quality``'s 2,000 Al
# Mayadeen articles (tag-Jaccard@5, tuning / checking half): meaning, words, characters,
# latent rows and date 0.137 / 0.131 against TF-IDF character 2-4-grams + SVD on the
# same cleaned bodies 0.122 / 0.119 (0.129 / 0.126 given the same date part), and 0.123 /
# 0.121 without the date part; search P@10 over 160 tag queries (80 a half), score fusion
# (not the default: see hybrid_search) 0.404 / 0.379 against BM25 0.391 / 0.370,
# embeddings 0.306 / 0.274 and rank fusion 0.378 / 0.339.
SIMILAR_WEIGHTS = {"meaning": 1.0, "words": 4.0, "chars": 1.0, "latent": 1.0, "date": 0.7}
DATE_SCALE_DAYS = 30.0
SEARCH_WORDS_WEIGHT = 0.9


def terms(text: str) -> list[str]:
    """Index terms of a text: keywords, plus their clitic-free form when it differs."""
    found: list[str] = []
    for token in tokenize(text):
        if not is_keyword(token):
            continue
        found.append(token)
        bare = strip_clitics(token)
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


def scaled(scores: np.ndarray, best: np.ndarray) -> np.ndarray:
    """``scores`` placed between the lowest (0) and the highest (1) of ``best``, the
    scores of one ranking's best articles; lower scores clip to 0.

    >>> scaled(np.array([4.0, 2.0, 1.0]), np.array([4.0, 2.0])).tolist()
    [1.0, 0.0, 0.0]
    """
    if not len(best):
        return np.zeros(len(scores), dtype=np.float32)
    low, high = float(best.min()), float(best.max())
    if high <= low:
        return (scores >= high).astype(np.float32)
    return np.clip((scores - low) / (high - low), 0.0, 1.0).astype(np.float32)


def hybrid_search(
    lexical: Lexical,
    index: VectorIndex,
    query: str,
    query_vector: np.ndarray,
    k: int,
    allowed: np.ndarray | None = None,
    depth: int = 100,
    fusion: str = "rrf",
) -> tuple[np.ndarray, np.ndarray]:
    """Articles for a free-text query: BM25 and embedding rankings fused.

    ``fusion="rrf"`` (the default) is reciprocal rank fusion. ``fusion="scores"`` ranks
    the union of both rankings' ``depth`` best by a match score in [0, 1]:
    ``SEARCH_WORDS_WEIGHT`` x the BM25 score + the rest x the cosine of meaning, each
    scaled between its ranking's ``depth``-th best (0) and best (1) article
    (:func:`scaled`); meaning alone for a query with no indexed word. On tag queries of
    a real corpus it stood above BM25 where rank fusion fell below it, but at any weight
    above 0.6 it loses a relevant article that rank fusion finds in the demo corpus, and
    at 0.6 or below it falls below BM25 on tags: measured (``make bench BENCH=quality``),
    not the default.

    Args:
        lexical: The store's BM25 index.
        index: A :class:`dashboard.core.index.VectorIndex`.
        query: The query text, any script.
        query_vector: The query embedded by the corpus's embedder.
        k: How many results.
        allowed: Optional boolean mask of rows that may be returned.
        depth: How deep each ranking goes before fusion.
        fusion: ``"scores"`` or ``"rrf"``.
    """
    bm25 = lexical.scores(query)
    words = top(bm25, depth, allowed)
    meaning, closeness = index.search(query_vector, depth, allowed)
    if fusion == "rrf":
        return fuse([words, meaning], k)
    rows = np.union1d(words, meaning)
    if not len(rows):
        return rows, np.empty(0, dtype=np.float32)
    cosine = np.asarray(index.vectors[rows], dtype=np.float32) @ np.asarray(
        query_vector, np.float32
    )
    weight = SEARCH_WORDS_WEIGHT if len(words) else 0.0
    scores = weight * scaled(bm25[rows], bm25[words]) + (1 - weight) * scaled(cosine, closeness)
    order = np.lexsort((rows, -scores))[:k]
    return rows[order], scores[order].astype(np.float32)


def date_closeness(days: np.ndarray, row: int) -> np.ndarray:
    """How close in time every article is to article ``row``: exp(-days apart / 30), 1 on
    the same day, 0 where either date is unknown (``days`` is NaN there).

    >>> date_closeness(np.array([0.0, 30.0, np.nan]), 0).round(3).tolist()
    [1.0, 0.368, 0.0]
    """
    apart = np.abs(days - days[row])
    return np.where(np.isnan(apart), 0.0, np.exp(-apart / DATE_SCALE_DAYS)).astype(np.float32)


def hybrid_similar(
    lexical: Lexical,
    index: VectorIndex,
    row: int,
    k: int,
    allowed: np.ndarray | None = None,
    depth: int = 50,
    chars: CharVectors | None = None,
    days: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Articles like article ``row`` by meaning, shared words, shared spelling and date.

    Candidates are the ``depth`` best of each text ranking; each is scored by a weighted
    mean of its closeness to the article: embedding cosine, word TF-IDF cosine and,
    when the store has them, character n-gram TF-IDF cosine and the cosine of its latent
    rows (:class:`dashboard.core.charvec.CharVectors`), and, when ``days`` (publication
    day numbers) are given, closeness in time (:func:`date_closeness`). The weights
    (``SIMILAR_WEIGHTS``) were chosen on the tuning half of ``make bench
    BENCH=quality``. Every part lies in [0, 1], so the score does too.
    """
    mask = np.ones(lexical.tfidf.shape[0], dtype=bool) if allowed is None else allowed.copy()
    mask[row] = False
    parts = {"words": lexical.similar(row)}
    if chars is not None:
        parts["chars"] = chars.similar(row)
        parts["latent"] = np.maximum(chars.latent_similar(row), 0)
    meaning, _ = index.similar_to(row, depth, mask)
    rows = meaning
    for scores in parts.values():
        rows = np.union1d(rows, top(scores, depth, mask))
    if not len(rows):
        return rows, np.empty(0, dtype=np.float32)
    vectors = np.asarray(index.vectors[rows], dtype=np.float32)
    parts = {name: scores[rows] for name, scores in parts.items()}
    parts["meaning"] = np.maximum(vectors @ np.asarray(index.vectors[row], np.float32), 0)
    if days is not None:
        parts["date"] = date_closeness(days, row)[rows]
    weights = {name: SIMILAR_WEIGHTS[name] for name in parts}
    total = sum(weights.values())
    scores = sum(weights[name] * parts[name] for name in parts) / total
    order = np.lexsort((rows, -scores))[:k]
    return rows[order], scores[order].astype(np.float32)


@dataclass(frozen=True)
class Searcher:
    """Everything similar-article and search queries need over one store."""

    articles: pd.DataFrame
    index: VectorIndex
    lexical: Lexical
    chars: CharVectors | None = None

    @classmethod
    def open(cls, store: Store) -> Searcher:
        """Index ``store``: its vector index (memory-mapped), BM25 over ``search_text``
        and its character n-gram vectors (absent in stores built before them)."""
        articles = store.articles
        index = open_index(store.path, store.embeddings)
        chars = CharVectors.load(store.path)
        if chars is not None and chars.rows.shape[0] != len(articles):
            chars = None
        return cls(articles, index, Lexical.fit(articles["search_text"].tolist()), chars)

    @classmethod
    def over(cls, articles: pd.DataFrame, vectors: np.ndarray) -> Searcher:
        """Index an article frame (``title``, ``body``, ``search_text``) and its embeddings
        in memory, as a build would store them."""
        texts = article_texts(articles["title"], articles["body"])
        return cls(
            articles,
            VectorIndex(np.asarray(vectors, dtype=np.float16)),
            Lexical.fit(articles["search_text"].tolist()),
            CharVectors.fit(texts),
        )

    def row(self, article_id: str) -> int:
        """Row of an article id.

        Raises:
            KeyError: for an unknown id.
        """
        found = np.flatnonzero(self.articles["id"].to_numpy() == article_id)
        if not len(found):
            raise KeyError(f"no article with id {article_id!r}")
        return int(found[0])

    def similar_rows(
        self, row: int, k: int, allowed: np.ndarray | None = None, mode: str = "hybrid"
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows and scores of the ``k`` articles most like row ``row``.

        ``mode``: ``"hybrid"`` (meaning, words, spelling and date), ``"text"`` (the same
        without date), ``"words"`` (meaning and words only) or ``"meaning"`` (embedding
        cosine alone).
        """
        if mode == "meaning":
            return self.index.similar_to(row, k, allowed)
        chars = self.chars if mode in ("hybrid", "text") else None
        days = self.days if mode == "hybrid" else None
        return hybrid_similar(self.lexical, self.index, row, k, allowed, chars=chars, days=days)

    @cached_property
    def days(self) -> np.ndarray:
        """Each article's publication day number (NaN where its date is unknown)."""
        dates = pd.to_datetime(self.articles["published_at"])
        return np.where(
            dates.isna(), np.nan, dates.to_numpy().astype("datetime64[D]").astype(float)
        )

    def similar(
        self, article_id: str, k: int, allowed: np.ndarray | None = None, hybrid: bool = True
    ) -> pd.DataFrame:
        """The ``k`` articles most like ``article_id``: articles rows plus ``score``.

        Hybrid scores are weighted means of cosines; otherwise embedding cosines.
        """
        mode = "hybrid" if hybrid else "meaning"
        rows, scores = self.similar_rows(self.row(article_id), k, allowed, mode)
        return self.articles.iloc[rows].assign(score=scores)

    def search_rows(
        self,
        query: str,
        vector: np.ndarray,
        k: int,
        allowed: np.ndarray | None = None,
        fusion: str = "rrf",
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows and fused scores of the ``k`` best articles for ``query``."""
        return hybrid_search(self.lexical, self.index, query, vector, k, allowed, fusion=fusion)

    def search(
        self, query: str, vector: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> pd.DataFrame:
        """The ``k`` best articles for ``query``: articles rows plus fused ``score`` (the
        rank) and ``similarity``, the cosine of meaning with the query on the scale of
        :meth:`similar` and of attention (:meth:`cosine`)."""
        rows, scores = self.search_rows(query, vector, k, allowed)
        found = self.articles.iloc[rows]
        return found.assign(score=scores, similarity=self.cosine(vector, rows))

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
    """Result rows as plain dicts: id, score, title, outlet, date (ISO), and a search
    result's ``similarity`` (its ``score`` only ranks)."""
    extra = ["similarity"] if "similarity" in found else []
    return [
        {
            "id": row.id,
            "score": round(float(row.score), 4),
            "title": row.title,
            "outlet": row.outlet,
            "date": row.published_at.isoformat(),
        }
        | {name: round(float(getattr(row, name)), 4) for name in extra}
        for row in found.itertuples(index=False)
    ]
