"""BERTopic over Arabic news: an Arabic-aware vectorizer, outlier reduction, readable labels.

BERTopic's defaults drop Arabic from keywords (its English preprocessing keeps
only ``[A-Za-z0-9 ]``) and leave many articles in the outlier topic -1. Here
the vectorizer tokenises normalised Arabic, keeps no stopword, number or lone
letter, shows each keyword in its most frequent surface spelling, and outliers
close enough to a topic are reassigned to it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from bertopic.backend import BaseEmbedder

from dashboard.core.arabic import DIACRITICS, TATWEEL, TOKEN, is_keyword, normalize
from dashboard.core.embed import Embedder

MAX_OUTLIER_SHARE = 0.15
MIN_REASSIGN_SIMILARITY = 0.35
KEYWORDS_SHOWN = 10


def analyze(text: str) -> list[str]:
    """Unigrams and adjacent bigrams of keyword tokens from normalised text.

    A bigram is formed only from two neighbouring tokens that are both keywords,
    so no bigram bridges a removed stopword.

    >>> analyze("أعلنت وزارة الصحة عن حملة التطعيم في القاهرة")
    ['وزارة', 'الصحة', 'حملة', 'التطعيم', 'القاهرة', 'وزارة الصحة', 'حملة التطعيم']
    """
    tokens = TOKEN.findall(normalize(text))
    keep = [is_keyword(token) for token in tokens]
    unigrams = [token for token, ok in zip(tokens, keep, strict=True) if ok]
    bigrams = [
        f"{tokens[i]} {tokens[i + 1]}" for i in range(len(tokens) - 1) if keep[i] and keep[i + 1]
    ]
    return unigrams + bigrams


def make_vectorizer(n_docs: int):
    """A CountVectorizer on :func:`analyze`, its document-frequency floor set by corpus size."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(analyzer=analyze, min_df=2 if n_docs < 5000 else 5)


_SURFACE = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u064b-\u065f\u0640]+|[A-Za-z]+")


def surface_forms(texts: Iterable[str]) -> dict[str, str]:
    """Map each normalised word to its most frequent spelling (no diacritics or tatweel)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for raw in _SURFACE.findall(text):
            shown = DIACRITICS.sub("", raw).replace(TATWEEL, "")
            if shown:
                counts[normalize(shown)][shown] += 1
    return {norm: forms.most_common(1)[0][0] for norm, forms in counts.items()}


def display_keyword(keyword: str, forms: dict[str, str]) -> str:
    """A keyword (uni- or bigram of normalised words) in its surface spelling."""
    return " ".join(forms.get(word, word) for word in keyword.split())


class BertopicEmbedder(BaseEmbedder):
    """Lets BERTopic call a Marsad embedder (needed for ``transform`` and word embeddings)."""

    def __init__(self, embedder: Embedder) -> None:
        super().__init__()
        self.embedder = embedder

    def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
        """Embed documents or words for BERTopic."""
        return self.embedder.embed_documents(documents)


@dataclass
class TopicResult:
    """What topic modelling produced for a corpus."""

    assignments: np.ndarray
    info: pd.DataFrame
    model: object | None
    notes: dict = field(default_factory=dict)


def min_topic_size(n_docs: int) -> int:
    """Smallest topic worth showing: grows with the square root of the corpus.

    About 10 articles at 400, 22 at 2,000 and 88 at 31,000.
    """
    return max(5, int(np.sqrt(n_docs) / 2))


def fit_topics(
    texts: Sequence[str],
    embeddings: np.ndarray,
    embedder: Embedder,
    *,
    min_size: int | None = None,
    seed: int = 42,
) -> TopicResult:
    """Fit BERTopic on precomputed embeddings and describe each topic.

    Args:
        texts: One text per article (what was embedded).
        embeddings: Unit-length rows aligned with ``texts``.
        embedder: The embedder that made them (BERTopic needs it for transform).
        min_size: Smallest topic; by default :func:`min_topic_size`.
        seed: UMAP random state, for reproducible topics.

    Returns:
        Topic per article (-1 = outlier) and one info row per topic.
    """
    n_docs = len(texts)
    min_size = min_size or min_topic_size(n_docs)
    if n_docs < max(30, 3 * min_size):
        notes = {"skipped": f"{n_docs} articles are too few for topic modelling"}
        return TopicResult(np.full(n_docs, -1), empty_topic_info(), None, notes)

    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer
    from hdbscan import HDBSCAN
    from umap import UMAP

    umap_model = UMAP(
        n_neighbors=15,
        n_components=5,
        min_dist=0.0,
        metric="cosine",
        random_state=seed,
        low_memory=True,
    )
    hdbscan_model = HDBSCAN(
        min_cluster_size=min_size,
        # A small min_samples keeps HDBSCAN from merging real news into a few giant topics.
        min_samples=min(5, min_size),
        metric="euclidean",
        cluster_selection_method="eom",
        prediction_data=True,
    )
    model = BERTopic(
        embedding_model=BertopicEmbedder(embedder),
        umap_model=umap_model,
        hdbscan_model=hdbscan_model,
        vectorizer_model=make_vectorizer(n_docs),
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        top_n_words=KEYWORDS_SHOWN,
    )
    docs = list(texts)
    topics, _ = model.fit_transform(docs, embeddings)
    topics = np.asarray(topics)
    notes = {"outlier_share_fitted": float(np.mean(topics == -1)), "min_topic_size": min_size}
    reduced, threshold = reduce_outliers(topics, embeddings)
    if (reduced != topics).any():
        model.update_topics(docs, topics=reduced.tolist(), vectorizer_model=make_vectorizer(n_docs))
    notes.update(
        outlier_strategy="embedding similarity to topic centroids",
        outlier_threshold=threshold,
        outlier_share=float(np.mean(reduced == -1)),
        topics=len(set(reduced.tolist()) - {-1}),
    )
    info = describe_topics(model, reduced, embeddings, surface_forms(docs))
    return TopicResult(reduced, info, model, notes)


def centroids(topics: np.ndarray, embeddings: np.ndarray) -> dict[int, np.ndarray]:
    """Unit-length mean embedding of each topic (outliers excluded)."""
    out = {}
    for topic in sorted(set(topics.tolist()) - {-1}):
        mean = embeddings[topics == topic].mean(axis=0)
        out[topic] = mean / (np.linalg.norm(mean) or 1.0)
    return out


def reduce_outliers(topics: np.ndarray, embeddings: np.ndarray) -> tuple[np.ndarray, float]:
    """Reassign outliers to their nearest topic centroid when similar enough.

    An outlier moves when its cosine similarity to the nearest centroid reaches
    a threshold: ``MIN_REASSIGN_SIMILARITY``, lowered just as far as needed to
    bring the outlier share down to ``MAX_OUTLIER_SHARE``.

    Returns:
        The new topic array and the similarity threshold used.
    """
    outliers = np.flatnonzero(topics == -1)
    cents = centroids(topics, embeddings)
    if not len(outliers) or not cents:
        return topics.copy(), 1.0
    ids = np.array(list(cents))
    sims = embeddings[outliers] @ np.stack(list(cents.values())).T
    best, nearest = sims.max(axis=1), ids[sims.argmax(axis=1)]
    allowed = int(MAX_OUTLIER_SHARE * len(topics))
    must_move = len(outliers) - allowed
    threshold = MIN_REASSIGN_SIMILARITY
    if must_move > 0:
        threshold = min(threshold, float(np.sort(best)[::-1][must_move - 1]))
    moved = topics.copy()
    take = best >= threshold
    moved[outliers[take]] = nearest[take]
    return moved, threshold


def empty_topic_info() -> pd.DataFrame:
    """A topic info frame with no rows."""
    return pd.DataFrame(
        {
            "topic": pd.Series(dtype="int64"),
            "label": pd.Series(dtype="object"),
            "keywords": pd.Series(dtype="object"),
            "weights": pd.Series(dtype="object"),
            "size": pd.Series(dtype="int64"),
            "representative": pd.Series(dtype="object"),
        }
    )


def describe_topics(
    model, topics: np.ndarray, embeddings: np.ndarray, forms: dict[str, str]
) -> pd.DataFrame:
    """One row per topic: label, keywords with weights, size, representative article rows.

    ``representative`` holds the row positions of the three articles closest to
    the topic's centroid.
    """
    rows = []
    for topic, centroid in centroids(topics, embeddings).items():
        members = np.flatnonzero(topics == topic)
        words = [(w, s) for w, s in (model.get_topic(topic) or []) if w]
        keywords = [display_keyword(w, forms) for w, _ in words]
        closest = members[np.argsort(-(embeddings[members] @ centroid))[:3]]
        rows.append(
            {
                "topic": topic,
                "label": " · ".join(distinct_prefix(keywords, 3)),
                "keywords": keywords,
                "weights": [round(float(s), 4) for _, s in words],
                "size": len(members),
                "representative": closest.tolist(),
            }
        )
    if not rows:
        return empty_topic_info()
    return pd.DataFrame(rows).sort_values("size", ascending=False, ignore_index=True)


def distinct_prefix(keywords: list[str], n: int) -> list[str]:
    """The first ``n`` keywords, skipping any contained in one already taken.

    >>> distinct_prefix(["وزارة الصحة", "الصحة", "حملة", "لقاح"], 3)
    ['وزارة الصحة', 'حملة', 'لقاح']
    """
    taken: list[str] = []
    for word in keywords:
        if any(word in t or t in word for t in taken):
            continue
        taken.append(word)
        if len(taken) == n:
            break
    return taken
