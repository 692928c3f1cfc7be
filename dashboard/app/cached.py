"""The only place that caches: Streamlit wrappers around the layers' computations.

Resources (the opened store with its read-only frames and memory-mapped
embeddings) are cached once per build; results are cached by the hashable
filter state. Every key includes the build id, so a rebuilt corpus is never
served from a stale cache. Cached frames are shared: callers never mutate them.

Filtered rows, coverage with its shares and the articles behind a chart selection are
answered by the out-of-core engine (:mod:`dashboard.analysis.engine`) when the store holds
its files (every build and ``add`` writes them), else in memory: both give the same
numbers, and callers cannot tell which answered. A store with the engine's files is
held without its long texts (bodies, normalised texts) and without an in-memory keyword
index: keywords go through the engine's on-disk index, and texts are read by row for the
articles that need them (:func:`with_texts`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.analysis import (
    concordance,
    entity_profile,
    query,
    quote_queries,
    quote_store,
    quotes,
    stories,
    topic_time,
)
from dashboard.analysis.coverage import crawl_dated, outlet_attention
from dashboard.analysis.engine import Engine, prepared
from dashboard.analysis.logodds import distinctive, set_rows
from dashboard.analysis.search import Searcher
from dashboard.analysis.vocabulary import Vocabulary, rows_with, top_terms
from dashboard.config import Settings
from dashboard.pipeline.embed import Embedder, load_embedder
from dashboard.pipeline.entities.tables import cooccurrence, entity_table
from dashboard.storage import corpora
from dashboard.storage.store import MANIFEST, Store, StoreError
from dashboard.storage.textindex import TextIndex
from dashboard.storage.wordindex import WordIndex
from dashboard.text.marks import balanced


def store_location(corpus: str = "") -> tuple[str, str]:
    """(store path, build id) of ``corpus`` under the corpora root, "" for the configured
    store; the manifest is re-read each run.

    Raises:
        StoreError: no such corpus is built (a ``CorpusError`` for a name not built).
    """
    settings = Settings.from_env()
    path = corpora.resolve(settings.corpora, corpus, settings.store)
    manifest = Path(path) / MANIFEST
    if not manifest.exists():
        raise StoreError(
            f"No built corpus at {path}. Build the demo with `make build` or your own corpus "
            "with `python -m dashboard build --corpus PATH --out DIR`."
        )
    return str(path), json.loads(manifest.read_text())["build_id"]


# Built files the dashboard never reads: the topic model serves ``add`` alone, so a corpus
# whose model is missing or damaged is still served (the Topics page says so).
OPTIONAL = {"topic_model"}  # dashboard.pipeline.topics.MODEL_DIR (not imported: it loads BERTopic)


@st.cache_resource(max_entries=2, show_spinner="Opening the corpus…")
def open_store(path: str, build_id: str) -> Store:
    """The store at ``path``, checked against its manifest, frames loaded (shared, read-only)."""
    store = Store(Path(path), texts=not prepared(Path(path).resolve()))
    damaged = [name for name in store.verify() if name not in OPTIONAL]
    if damaged:
        corpus = " ".join(store.manifest["corpus"])
        raise StoreError(
            f"The corpus at {path} is damaged: {', '.join(damaged)} no longer match the "
            f"checksums of build {build_id}. Rebuild it with "
            f"`python -m dashboard build --corpus {corpus} --out {path}`."
        )
    _ = store.articles, store.embeddings, store.mentions, store.ids
    if store.texts:
        _ = store.text_index
    return store


LOG = logging.getLogger("marsad")


@st.cache_resource(max_entries=2, show_spinner=False)
def engine(path: str, build_id: str) -> Engine | None:
    """The out-of-core engine of the store at ``path``; None for a store built before the
    engine's files existed, which is answered in memory (the same numbers) and not changed
    here: a server may not write into a published build, and a rebuild writes them."""
    folder = Path(path).resolve()  # this build's own files, whatever the link points to later
    if not prepared(folder):
        LOG.warning(
            "%s has no out-of-core engine files (built before them); it is served from "
            "memory. Rebuild it to add them: %s",
            path,
            Store(Path(path)).rebuild_command(),
        )
        return None
    return Engine(folder)


def text_index(path: str, build_id: str) -> TextIndex | WordIndex:
    """The keyword index over every article: the engine's on disk, else the store's in
    memory (the same matches)."""
    found = engine(path, build_id)
    return found.words if found is not None else open_store(path, build_id).text_index


def with_texts(
    path: str, build_id: str, frame: pd.DataFrame, columns: tuple[str, ...] = ("body",)
) -> pd.DataFrame:
    """``frame`` (articles of the store, with their ids) with those of the long text
    ``columns`` it lacks, read from disk for its rows alone (``frame`` itself is kept)."""
    missing = [c for c in columns if c not in frame]
    if not missing:
        return frame
    store = open_store(path, build_id)
    found = engine(path, build_id).read(article_rows(store, frame), missing)
    return frame.assign(**{c: found[c].to_numpy() for c in missing})


def article_texts(path: str, build_id: str, article_id: str, columns: list[str]) -> list[str]:
    """The texts of one article's ``columns`` ("" for a column the store does not have)."""
    store = open_store(path, build_id)
    frame = store.articles_by_id([article_id])
    found = with_texts(path, build_id, frame, tuple(c for c in columns if c in store.columns))
    return [
        str(found[c].iat[0]) if c in found and pd.notna(found[c].iat[0]) else "" for c in columns
    ]


def current_store(corpus: str) -> Store:
    """The store of ``corpus`` (the one chosen in the sidebar), at its current build."""
    return open_store(*store_location(corpus))


@st.cache_data(max_entries=64, show_spinner=False)
def filtered_rows(path: str, build_id: str, filters: query.Filters) -> np.ndarray:
    """Row positions of the articles passing ``filters``."""
    found = engine(path, build_id)
    if found is not None:
        return found.filtered_rows(filters)
    store = open_store(path, build_id)
    mask = query.filter_mask(store.articles, filters, text_index(path, build_id))
    return np.flatnonzero(mask.to_numpy())


def filtered(store: Store, filters: query.Filters) -> pd.DataFrame:
    """The filtered articles of ``store`` (a view over the shared frame: do not mutate)."""
    build_id = store.manifest["build_id"]
    return store.articles.iloc[filtered_rows(str(store.path), build_id, filters)]


@st.cache_data(max_entries=64, show_spinner=False)
def coverage(
    path: str,
    build_id: str,
    filters: query.Filters,
    frequency: str,
    breakdown: str,
    series: tuple[query.Series, ...] = (),
) -> pd.DataFrame:
    """Coverage of the filtered articles by outlet or topic, or of compared series."""
    found = engine(path, build_id)
    if found is not None and not any(s.kind == "entity" for s in series):
        return found.coverage(topics(path, build_id), filters, frequency, breakdown, series)
    store = open_store(path, build_id)
    return query.coverage_view(
        store.articles,
        topics(path, build_id),
        filters,
        frequency,
        breakdown,
        series,
        mentions=store.mentions,
        index=text_index(path, build_id),
    )


def article_rows(store: Store, frame: pd.DataFrame) -> np.ndarray:
    """Positions in ``store.articles`` of the articles of ``frame`` (by id), in its order.

    Cached results hold these rather than the articles: a frame of bodies weighs megabytes
    pickled into the cache, and again in every run that reads it back.
    """
    return store.ids.get_indexer(frame["id"])


def period_articles(
    path: str,
    build_id: str,
    filters: query.Filters,
    frequency: str,
    breakdown: str,
    series: tuple[query.Series, ...],
    label: str | None,
    first: str,
    last: str = "",
) -> pd.DataFrame:
    """The articles behind a chart selection: one series (None: all) from the period of
    ``first`` to that of ``last`` (a view over the shared frame: do not mutate)."""
    rows = period_rows(path, build_id, filters, frequency, breakdown, series, label, first, last)
    return open_store(path, build_id).articles.iloc[rows]


@st.cache_data(max_entries=64, show_spinner=False)
def period_rows(
    path: str,
    build_id: str,
    filters: query.Filters,
    frequency: str,
    breakdown: str,
    series: tuple[query.Series, ...],
    label: str | None,
    first: str,
    last: str = "",
) -> np.ndarray:
    """Positions of the articles behind a chart selection (see :func:`period_articles`)."""
    answer = engine(path, build_id)
    if answer is not None and not any(s.kind == "entity" for s in series):
        picked = (topics(path, build_id), filters, frequency, breakdown, series, label)
        return answer.period_rows(
            *picked, pd.Timestamp(first), pd.Timestamp(last) if last else None
        )
    store = open_store(path, build_id)
    found = query.period_articles(
        store.articles,
        topics(path, build_id),
        filters,
        frequency,
        breakdown,
        series,
        label,
        pd.Timestamp(first),
        pd.Timestamp(last) if last else None,
        mentions=store.mentions,
        index=text_index(path, build_id),
    )
    return article_rows(store, found)


@st.cache_data(max_entries=32, show_spinner=False)
def collected_periods(
    path: str, build_id: str, filters: query.Filters, frequency: str
) -> pd.Series:
    """Every period of the view's window: whether any article passes the filters in it."""
    store = open_store(path, build_id)
    cov = query.coverage_grid(
        pd.DataFrame(columns=["period", "series"]),
        ["all"],
        filtered(store, filters),
        frequency,
        query.collection_window(store.articles, filters),
    )
    return pd.Series(~cov["gap"].to_numpy(dtype=bool), index=pd.DatetimeIndex(cov["period"]))


@st.cache_data(max_entries=8, show_spinner=False)
def crawl_share(path: str, build_id: str) -> float:
    """Share of the articles whose date is a crawl time, not a publication time."""
    store = open_store(path, build_id)
    return float(crawl_dated(store.articles, store.manifest).mean() or 0.0)


@st.cache_data(max_entries=32, show_spinner=False)
def topics(path: str, build_id: str) -> pd.DataFrame:
    """The topic info frame, each label without a mark its cut left unpaired
    (:func:`dashboard.text.marks.balanced`: a store built before labels were balanced keeps
    such labels in its topics.parquet; read here, every page shows them balanced)."""
    frame = open_store(path, build_id).frame("topics")
    return frame.assign(label=frame["label"].map(balanced))


@st.cache_data(max_entries=8, show_spinner=False)
def entity_names(path: str, build_id: str, top: int) -> list[str]:
    """The ``top`` entities in the most articles of the whole corpus."""
    return entity_table(mentions(path, build_id))["entity"].head(top).tolist()


def mentions(path: str, build_id: str) -> pd.DataFrame:
    """All entity mentions (the store's shared frame: do not mutate)."""
    return open_store(path, build_id).mentions


@st.cache_data(max_entries=32, max_size="256MB", show_spinner=False)
def entities(
    path: str, build_id: str, filters: query.Filters, min_support: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(entity table, co-occurrence pairs) over the filtered articles."""
    found = filtered_mentions(path, build_id, filters)
    return entity_table(found), cooccurrence(found, min_support=min_support)


def filtered_mentions(path: str, build_id: str, filters: query.Filters) -> pd.DataFrame:
    """The entity mentions of the filtered articles (not cached itself: the cached results
    built from it are small, while pickling millions of mentions per call is not)."""
    rows = filtered_rows(path, build_id, filters)
    ids = open_store(path, build_id).articles["id"].iloc[rows]
    found = mentions(path, build_id)
    return found[found["article_id"].isin(ids)]


@st.cache_data(max_entries=32, show_spinner=False)
def entity_matrix(path: str, build_id: str, filters: query.Filters, top: int) -> pd.DataFrame:
    """Shared-article counts between the ``top`` most mentioned filtered entities."""
    return entity_profile.matrix(filtered_mentions(path, build_id, filters), top)


def entity_page(
    path: str, build_id: str, filters: query.Filters, entity: str, frequency: str
) -> dict[str, pd.DataFrame]:
    """One entity over the filtered articles: neighbours, coverage by outlet, neighbour
    trends and its articles (newest first, with ``mentions``)."""
    page = dict(entity_tables(path, build_id, filters, entity, frequency))
    rows, counts = page.pop("rows"), page.pop("mentions")
    articles = open_store(path, build_id).articles.iloc[rows].assign(mentions=counts)
    return {**page, "articles": articles.reset_index(drop=True)}


@st.cache_data(max_entries=32, show_spinner=False)
def entity_tables(
    path: str, build_id: str, filters: query.Filters, entity: str, frequency: str
) -> dict[str, pd.DataFrame | np.ndarray]:
    """:func:`entity_page`'s tables, with its articles as positions and mention counts."""
    found = filtered_mentions(path, build_id, filters)
    store = open_store(path, build_id)
    articles = filtered(store, filters)
    listed = entity_profile.articles_of(found, articles, entity)
    return {
        "neighbours": entity_profile.neighbours(found, entity),
        "coverage": entity_profile.coverage_by_outlet(found, articles, entity, frequency),
        "trends": entity_profile.neighbour_trends(found, articles, entity, frequency),
        "rows": article_rows(store, listed),
        "mentions": listed["mentions"].to_numpy(),
    }


@st.cache_data(max_entries=64, show_spinner=False)
def neighbours(
    path: str,
    build_id: str,
    article_id: str,
    k: int,
    filters: query.Filters,
    hybrid: bool = True,
) -> pd.DataFrame:
    """The ``k`` articles most like ``article_id`` among the filtered ones (meaning + words)."""
    allowed = allowed_mask(path, build_id, filters)
    return searcher(path, build_id).similar(article_id, k, allowed, hybrid=hybrid)


@st.cache_resource(max_entries=2, show_spinner="Indexing the corpus for search…")
def searcher(path: str, build_id: str) -> Searcher:
    """The store's vector index and lexical index (shared, read-only; memory-mapped from
    the store's files when it has them)."""
    return Searcher.open(open_store(path, build_id))


@st.cache_resource(max_entries=1, show_spinner="Loading the query embedder…")
def query_embedder(name: str) -> Embedder:
    """The embedder the corpus was built with, for queries."""
    return load_embedder(name, Settings.from_env().threads)


@st.cache_data(max_entries=128, show_spinner=False)
def query_vector(path: str, build_id: str, text: str) -> np.ndarray:
    """``text`` embedded with the corpus's own embedder."""
    name = open_store(path, build_id).manifest["embedder"]["name"]
    return query_embedder(name).embed_queries([text])[0]


def allowed_mask(path: str, build_id: str, filters: query.Filters) -> np.ndarray:
    """Boolean mask over all articles of those passing ``filters``."""
    allowed = np.zeros(len(open_store(path, build_id).articles), dtype=bool)
    allowed[filtered_rows(path, build_id, filters)] = True
    return allowed


@st.cache_data(max_entries=64, show_spinner="Searching…")
def search(path: str, build_id: str, text: str, k: int, filters: query.Filters) -> pd.DataFrame:
    """The ``k`` best articles for a free-text query among the filtered ones."""
    vector = query_vector(path, build_id, text)
    return searcher(path, build_id).search(text, vector, k, allowed_mask(path, build_id, filters))


@st.cache_data(max_entries=4, show_spinner="Finding stories across outlets…")
def story_labels(path: str, build_id: str, threshold: float, days: int) -> np.ndarray:
    """A story number per article (-1 for none)."""
    store = open_store(path, build_id)
    return stories.story_labels(store.embeddings, store.articles["published_at"], threshold, days)


@st.cache_data(max_entries=64, show_spinner=False)
def article_story(path: str, build_id: str, article_id: str) -> pd.DataFrame:
    """The story ``article_id`` belongs to, first publisher first (no rows when none)."""
    labels = story_labels(path, build_id, stories.THRESHOLD, stories.DAYS)
    return stories.article_story(open_store(path, build_id).articles, labels, article_id)


@st.cache_data(max_entries=64, show_spinner="Measuring attention…")
def attention(
    path: str,
    build_id: str,
    text: str,
    article_id: str,
    threshold: float,
    frequency: str,
    filters: query.Filters,
) -> tuple[pd.DataFrame, np.ndarray]:
    """(articles per period and outlet near a query or an article, every filtered score)."""
    found = searcher(path, build_id)
    if article_id:
        vector = np.asarray(found.index.vectors[found.row(article_id)], dtype=np.float32)
    else:
        vector = query_vector(path, build_id, text)
    rows = filtered_rows(path, build_id, filters)
    scores = found.cosine(vector, rows)
    table = stories.attention(found.articles.iloc[rows], scores, threshold, frequency)
    return table, scores


def topic_base(store: Store, filters: query.Filters) -> pd.DataFrame:
    """The articles a topic's share is taken against: the filtered ones, topic filter aside."""
    return filtered(store, replace(filters, topics=()))


@st.cache_data(max_entries=32, show_spinner=False)
def topic_shares(path: str, build_id: str, filters: query.Filters, frequency: str) -> pd.DataFrame:
    """Articles and share per topic and period among the filtered articles."""
    base = topic_base(open_store(path, build_id), filters)
    return topic_time.topic_shares(base, frequency)


@st.cache_data(max_entries=32, show_spinner=False)
def rising_topics(path: str, build_id: str, filters: query.Filters, frequency: str) -> pd.DataFrame:
    """Topics bursting in the latest complete period, with their labels."""
    table = topic_time.rising(topic_shares(path, build_id, filters, frequency))
    return table.assign(label=table["topic"].map(query.topic_labels(topics(path, build_id))))


@st.cache_data(max_entries=32, show_spinner=False)
def outlet_topics(path: str, build_id: str, filters: query.Filters) -> pd.DataFrame:
    """How each outlet splits its filtered coverage over the largest topics."""
    base = topic_base(open_store(path, build_id), filters)
    return topic_time.outlet_topics(base, topics(path, build_id))


@st.cache_data(max_entries=8, show_spinner=False)
def topic_tree(path: str, build_id: str) -> tuple[list[int], np.ndarray]:
    """(topic ids, linkage matrix) of the topic hierarchy."""
    store = open_store(path, build_id)
    return topic_time.topic_tree(store.articles["topic"].to_numpy(), store.embeddings)


@st.cache_data(max_entries=16, show_spinner="Finding every place…")
def concordance_lines(
    path: str, build_id: str, filters: query.Filters, width: int
) -> concordance.Concordance:
    """Keyword-in-context lines of the filters' query in the filtered articles."""
    store = open_store(path, build_id)
    found = filtered(store, filters)
    if not concordance.positive_terms(query.parse_query(filters.text)):
        found = found.iloc[:0]  # nothing is looked for: no text is read
    texts = ("title", "body", "search_text")
    return concordance.concordance_lines(
        with_texts(path, build_id, found, texts), filters.text, width
    )


@st.cache_data(max_entries=32, show_spinner=False)
def outlet_shares(path: str, build_id: str, filters: query.Filters, frequency: str) -> pd.DataFrame:
    """Each outlet's share of its own filtered articles that match the query, per period."""
    store = open_store(path, build_id)
    return outlet_attention(store.articles, filters, frequency, text_index(path, build_id))


@st.cache_data(max_entries=2, show_spinner=False)
def all_quotes(path: str, build_id: str) -> pd.DataFrame:
    """Every quote of a store without saved quotes (built before them, so held with its
    texts), computed once per build."""
    store = open_store(path, build_id)
    return quotes.extract_quotes(store.articles, store.mentions)


@st.cache_data(max_entries=32, show_spinner=False)
def quote_search(
    path: str, build_id: str, filters: query.Filters, speaker: str, text: str
) -> pd.DataFrame:
    """The quotes of the filtered articles whose speaker and words match, newest first:
    read from the store's saved quotes by the filtered rows (else from every quote)."""
    rows = filtered_rows(path, build_id, filters)
    found = engine(path, build_id)
    if found is not None:
        listed = quote_store.read_quotes(found.folder, rows)
    else:
        listed = all_quotes(path, build_id)
        ids = open_store(path, build_id).articles["id"].iloc[rows]
        listed = listed[listed["article_id"].isin(ids)]
    return quote_queries.search_quotes(listed, speaker, text).reset_index(drop=True)


@st.cache_data(max_entries=32, show_spinner=False)
def entity_quotes(path: str, build_id: str, filters: query.Filters, entity: str) -> pd.DataFrame:
    """What ``entity`` said in the filtered articles, newest first."""
    found = quote_search(path, build_id, filters, "", "")
    return quote_queries.quotes_of(found, entity).reset_index(drop=True)


@st.cache_resource(max_entries=2, show_spinner="Counting the corpus's words…")
def vocabulary(path: str, build_id: str) -> Vocabulary:
    """Every article's tokens as ids (shared, read-only): memory-mapped from the store's
    files when it has them, else counted from the held texts."""
    found = engine(path, build_id)
    if found is not None:
        return Vocabulary.load(found.folder)
    return Vocabulary.from_texts(open_store(path, build_id).articles["search_text"])


@st.cache_data(max_entries=64, show_spinner=False)
def words(path: str, build_id: str, filters: query.Filters, n: int, top: int) -> pd.DataFrame:
    """The ``top`` words (``n`` = 1) or n-word phrases of the filtered articles."""
    return top_terms(vocabulary(path, build_id), filtered_rows(path, build_id, filters), n, top)


@st.cache_data(max_entries=32, show_spinner=False)
def contrast_rows(
    path: str,
    build_id: str,
    filters: query.Filters,
    set_a: query.Filters,
    set_b: query.Filters,
    rest: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the articles of set A and of set B (with ``rest``: the filtered
    articles not in A)."""
    store = open_store(path, build_id)
    articles, index = store.articles, text_index(path, build_id)
    rows_a = set_rows(articles, filters, set_a, index)
    return rows_a, set_rows(articles, filters, set_b, index, rest_of=set_a if rest else None)


@st.cache_data(max_entries=32, show_spinner=False)
def distinctive_words(
    path: str,
    build_id: str,
    filters: query.Filters,
    set_a: query.Filters,
    set_b: query.Filters,
    rest: bool,
    alpha: float,
    top: int,
) -> pd.DataFrame:
    """The words most distinctive of set A and of set B (weighted log-odds z)."""
    rows_a, rows_b = contrast_rows(path, build_id, filters, set_a, set_b, rest)
    return distinctive(vocabulary(path, build_id), rows_a, rows_b, alpha, top)


def term_articles(path: str, build_id: str, rows: np.ndarray, term: str) -> pd.DataFrame:
    """The articles among ``rows`` where ``term`` is counted (a view: do not mutate)."""
    found = rows_with(vocabulary(path, build_id), rows, term)
    return open_store(path, build_id).articles.iloc[found]
