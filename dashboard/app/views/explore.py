"""Explore: the filtered articles as a table, with downloads of exactly those rows."""

import streamlit as st

from dashboard.analysis import query
from dashboard.app import cached, widgets

store = cached.current_store(widgets.view().corpus)
path, build = str(store.path), store.manifest["build_id"]
articles = cached.filtered(store, widgets.view().filters)
labels = query.topic_labels(cached.topics(path, build))

st.title(widgets.tr("Explore & download"))
st.caption(f"{widgets.number(len(articles))} {widgets.tr('articles match the filters.')}")
available = ["id", "published_at", "outlet", "title", "topic", "topic_label", "tags", "url", "body"]
columns = st.multiselect(
    widgets.tr("Columns"),
    available,
    default=available[:8],
    format_func=widgets.headers(available),
    key="w_columns",
    persist_state="session",
)
if "body" in columns:  # read from disk for the filtered articles alone
    articles = cached.with_texts(path, build, articles)
frame = articles.assign(topic_label=articles["topic"].map(labels))
widgets.table_with_downloads(frame[columns or available], key="explore", name="articles")
