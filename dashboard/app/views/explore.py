"""Explore: the filtered articles as a table, with downloads of exactly those rows."""

import streamlit as st

from dashboard.analysis import query
from dashboard.app import cached, context
from dashboard.app.widgets import session, tables

ctx = context.current()
store, path, build = ctx.store, ctx.path, ctx.build
articles = ctx.articles
labels = query.topic_labels(cached.topics(path, build))

st.title(session.tr("Explore & download"))
st.caption(f"{session.number(len(articles))} {session.tr('articles match the filters.')}")
available = ["id", "published_at", "outlet", "title", "topic", "topic_label", "tags", "url", "body"]
columns = st.multiselect(
    session.tr("Columns"),
    available,
    default=available[:8],
    format_func=session.headers(available),
    key="w_columns",
    persist_state="session",
)
if "body" in columns:  # read from disk for the filtered articles alone
    articles = cached.with_texts(path, build, articles)
frame = articles.assign(topic_label=articles["topic"].map(labels))
tables.table_with_downloads(frame[columns or available], key="explore", name="articles")
