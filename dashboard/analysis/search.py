"""Search: BM25 over normalised Arabic, embedding similarity, and their rank fusion.

The lexical index (BM25 and TF-IDF over the stored ``search_text``) is
:class:`dashboard.storage.lexical.Lexical`; this module ranks and fuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from dashboard.storage.charparts import load_chars
from dashboard.storage.index import VectorIndex, open_index
from dashboard.storage.lexical import Lexical
from dashboard.storage.store import Store
from dashboard.text.charvec import ArticleTexts, CharVectors

# Search fuses the BM25 and the meaning rankings by weighted reciprocal rank (see
# hybrid_search): each article gains weight x (RANK_OFFSET + 1) / (RANK_OFFSET + its
# place) in each. Weights, offset, the similar-article parts and the date boost were
# chosen on the tuning half of ``make bench BENCH=quality`` (2,000 Al Mayadeen articles;
# 160 tag queries, 80 a half) and read on the checking half: the figures are in the
# README ("Similar articles and search, measured").
SEARCH_WEIGHTS = {"words": 0.8, "meaning": 0.2}
RANK_OFFSET = 5
SIMILAR_WEIGHTS = {"meaning": 1.0, "words": 4.0, "chars": 1.0, "latent": 1.0}
DATE_SCALE_DAYS = 30.0
DATE_BOOST = 0.5  # text closeness x (1 + DATE_BOOST x date closeness) / (1 + DATE_BOOST)


def top(scores: np.ndarray, k: int, allowed: np.ndarray | None = None) -> np.ndarray:
    """Rows of the ``k`` highest positive scores, best first."""
    scores = np.where(allowed, scores, 0) if allowed is not None else scores
    k = min(k, int((scores > 0).sum()))
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    rows = np.argpartition(-scores, k - 1)[:k]
    return rows[np.argsort(-scores[rows], kind="stable")]


def fuse(
    rankings: Sequence[np.ndarray],
    k: int,
    weights: Sequence[float] | None = None,
    offset: int = RANK_OFFSET,
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted reciprocal rank fusion, scaled to [0, 1].

    Each ranking adds weight x (offset + 1) / (offset + its place) to its rows (places
    from 1), weights summing to 1 (equal when ``None``): 1 for a row first in every
    ranking.

    >>> fuse([np.array([3, 1]), np.array([1, 2])], 2)[0].tolist()
    [1, 3]
    >>> rows, scores = fuse([np.array([3]), np.array([1])], 2, weights=[0.8, 0.2])
    >>> rows.tolist(), [round(float(s), 2) for s in scores]
    ([3, 1], [0.8, 0.2])
    """
    weights = [1 / len(rankings)] * len(rankings) if weights is None else list(weights)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for place, row in enumerate(ranking.tolist(), start=1):
            gain = weight * (offset + 1) / (offset + place)
            fused[row] = fused.get(row, 0.0) + gain
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
    """Articles for a free-text query: the BM25 and embedding rankings fused.

    Each ranking's ``depth`` best are fused by weighted reciprocal rank (:func:`fuse`,
    ``SEARCH_WEIGHTS``, ``RANK_OFFSET``): shared words lead and meaning lifts the articles
    it agrees on, so the score is 1 for an article first in both rankings. Meaning
    alone ranks a query with no indexed word.

    Args:
        lexical: The store's BM25 index.
        index: The store's vector index.
        query: Query text.
        query_vector: The query's embedding (``embed_queries``).
        k: Results to return.
        allowed: Optional boolean mask of eligible rows.
        depth: How deep each ranking goes before fusion.
    """
    words = top(lexical.scores(query), depth, allowed)
    meaning, _ = index.search(query_vector, depth, allowed)
    if not len(words):
        return fuse([meaning], k)
    return fuse([words, meaning], k, [SEARCH_WEIGHTS["words"], SEARCH_WEIGHTS["meaning"]])


def date_closeness(days: np.ndarray, row: int, rows: np.ndarray | None = None) -> np.ndarray:
    """How close in time the articles at ``rows`` (every article when None) are to article
    ``row``: exp(-days apart / 30), 1 on the same day, 0 where either date is unknown
    (``days`` is NaN there). Computing it for the candidates alone keeps a similar-article
    query off a pass over every article (106 ms of CPU at 5 million).

    >>> [round(float(x), 3) for x in date_closeness(np.array([0.0, 30.0, np.nan]), 0)]
    [1.0, 0.368, 0.0]
    >>> date_closeness(np.array([0.0, 30.0, np.nan]), 0, np.array([2, 0])).tolist()
    [0.0, 1.0]
    """
    apart = np.abs((days if rows is None else days[rows]) - days[row])
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

    Candidates are the ``depth`` best of each text ranking; each is scored by its text
    closeness, a weighted mean (``SIMILAR_WEIGHTS``) of embedding cosine, word TF-IDF
    cosine and, when the store has them, character n-gram TF-IDF cosine and the cosine
    of its latent rows (:class:`dashboard.text.charvec.CharVectors`). When ``days``
    (publication day numbers) are given, the text closeness is multiplied by
    (1 + ``DATE_BOOST`` x closeness in time) / (1 + ``DATE_BOOST``)
    (:func:`date_closeness`): an article of the same day keeps its text closeness, one
    far apart in time two thirds of it, so time reorders articles that share text and
    never lifts one that shares none. Every part lies in [0, 1], so the score does too.
    Weights and boost were chosen on the tuning half of ``make bench BENCH=quality``.
    """
    mask = np.ones(len(lexical), dtype=bool) if allowed is None else allowed.copy()
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
    weights = {name: SIMILAR_WEIGHTS[name] for name in parts}
    total = sum(weights.values())
    scores = sum(weights[name] * parts[name] for name in parts) / total
    if days is not None:
        scores = scores * (1 + DATE_BOOST * date_closeness(days, row, rows)) / (1 + DATE_BOOST)
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
        """Index ``store``: its vector index (memory-mapped), its lexical index (saved with
        the store and memory-mapped, else fitted over ``search_text``) and its character
        n-gram vectors (absent in stores built before them)."""
        articles = store.articles
        index = open_index(store.path, store.embeddings)
        chars = load_chars(store.path)
        if chars is not None and chars.rows.shape[0] != len(articles):
            chars = None
        lexical = (
            Lexical.load(store.path)
            if Lexical.present(store.path)
            else Lexical.fit(articles["search_text"].tolist())
        )
        return cls(articles, index, lexical, chars)

    @classmethod
    def over(cls, articles: pd.DataFrame, vectors: np.ndarray) -> Searcher:
        """Index an article frame (``title``, ``body``, ``search_text``) and its embeddings
        in memory, as a build would store them."""
        texts = ArticleTexts(articles["title"], articles["body"])
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
        found = int(self.positions.get_indexer([article_id])[0])
        if found < 0:
            raise KeyError(f"no article with id {article_id!r}")
        return found

    @cached_property
    def positions(self) -> pd.Index:
        """The articles' ids (unique in a store), hashed once for lookups by id: comparing
        every id took 20 ms a lookup at 250,000 articles, linear in the corpus."""
        return pd.Index(self.articles["id"])

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
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows and fused scores of the ``k`` best articles for ``query``."""
        return hybrid_search(self.lexical, self.index, query, vector, k, allowed)

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
