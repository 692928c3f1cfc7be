"""The only place that caches: Streamlit wrappers around ``core`` computations.

Resources (the opened store with its read-only frames and memory-mapped
embeddings) are cached once per build; results are cached by the hashable
filter state. Every key includes the build id, so a rebuilt corpus is never
served from a stale cache. Cached frames are shared: callers never mutate them.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.config import Settings
from dashboard.core import query, similar
from dashboard.core.entities import cooccurrence, entity_table
from dashboard.core.store import MANIFEST, Store, StoreError


def store_location() -> tuple[str, str]:
    """(store path, build id) of the configured store; the manifest is re-read each run."""
    path = Settings.from_env().store
    manifest = Path(path) / MANIFEST
    if not manifest.exists():
        raise StoreError(
            f"No built corpus at {path}. Build the demo with `make build` or your own corpus "
            "with `python -m dashboard build --corpus PATH --out DIR`."
        )
    return str(path), json.loads(manifest.read_text())["build_id"]


@st.cache_resource(max_entries=2, show_spinner="Opening the corpus…")
def open_store(path: str, build_id: str) -> Store:
    """The store at ``path``, its frames loaded (shared, read-only)."""
    store = Store(Path(path))
    _ = store.articles, store.embeddings, store.manifest
    return store


def current_store() -> Store:
    """The store of the configured path at its current build."""
    return open_store(*store_location())


@st.cache_data(max_entries=64, show_spinner=False)
def filtered_rows(path: str, build_id: str, filters: query.Filters) -> np.ndarray:
    """Row positions of the articles passing ``filters``."""
    mask = query.filter_mask(open_store(path, build_id).articles, filters)
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
    series: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Coverage of the filtered articles by outlet, topic or keyword queries."""
    store = open_store(path, build_id)
    return query.coverage_view(
        store.articles, topics(path, build_id), filters, frequency, breakdown, series
    )


@st.cache_data(max_entries=32, show_spinner=False)
def topics(path: str, build_id: str) -> pd.DataFrame:
    """The topic info frame."""
    return open_store(path, build_id).frame("topics")


@st.cache_data(max_entries=32, show_spinner=False)
def mentions(path: str, build_id: str) -> pd.DataFrame:
    """All entity mentions."""
    return open_store(path, build_id).frame("mentions")


@st.cache_data(max_entries=32, show_spinner=False)
def entities(
    path: str, build_id: str, filters: query.Filters, min_support: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(entity table, co-occurrence pairs) over the filtered articles."""
    rows = filtered_rows(path, build_id, filters)
    ids = open_store(path, build_id).articles["id"].iloc[rows]
    found = mentions(path, build_id)
    found = found[found["article_id"].isin(ids)]
    return entity_table(found), cooccurrence(found, min_support=min_support)


@st.cache_data(max_entries=64, show_spinner=False)
def neighbours(
    path: str, build_id: str, article_id: str, k: int, filters: query.Filters
) -> pd.DataFrame:
    """The ``k`` articles most similar to ``article_id`` among the filtered ones."""
    store = open_store(path, build_id)
    articles = store.articles
    row = int(np.flatnonzero(articles["id"].to_numpy() == article_id)[0])
    allowed = np.zeros(len(articles), dtype=bool)
    allowed[filtered_rows(path, build_id, filters)] = True
    rows, scores = similar.similar_to(store.embeddings, row, k, allowed)
    return articles.iloc[rows].assign(score=scores)
