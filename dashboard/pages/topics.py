"""Topics: what the corpus is about, each topic's keywords and articles, and topics over time."""

import streamlit as st

from dashboard import cached, charts, widgets
from dashboard.core import query

store = cached.current_store()
path, build = str(store.path), store.manifest["build_id"]
filters = widgets.view().filters
articles = cached.filtered(store, filters)
topics = cached.topics(path, build)

st.title("Topics")
if topics.empty:
    st.info("This corpus has no topics: it is too small for topic modelling.")
    st.stop()

table = query.topic_table(articles, topics)
notes = store.manifest.get("topics", {})
moved = notes.get("outlier_share_fitted", 0) - notes.get("outlier_share", 0)
st.caption(
    f"{len(topics)} topics; {notes.get('outlier_share', 0):.0%} of articles in no topic"
    + (
        f" ({moved:.0%} more were moved from the outliers to their nearest topic, "
        f"cosine similarity ≥ {notes['outlier_threshold']:.2f})."
        if moved > 0
        else "."
    )
)
left, right = st.columns([3, 2])
left.plotly_chart(charts.topic_bars(table, "Articles per topic"), width="stretch")

labels = query.topic_labels(topics)
ids = table["topic"].tolist()
current = widgets.view().topic
chosen = right.selectbox(
    "Topic",
    ids,
    index=ids.index(current) if current in ids else 0,
    format_func=labels.get,
    key="w_topic",
)
widgets.update_view(topic=int(chosen))
info = table[table["topic"] == chosen].iloc[0]
right.plotly_chart(
    charts.keyword_bars(list(info["keywords"]), list(info["weights"]), "Keywords (c-TF-IDF)"),
    width="stretch",
)

frequency = widgets.frequency_picker(store)
cov = cached.coverage(path, build, filters, frequency, "topic")
st.plotly_chart(charts.stacked_share(cov, "Share of all coverage, largest topics"), width="stretch")

st.subheader(f"Representative articles — {labels[int(chosen)]}")
by_id = store.articles.set_index("id")
for article_id in info["representative"]:
    widgets.article_card(by_id.loc[article_id].rename(article_id), body_chars=300)

st.subheader("All topics")
shown = table[["topic", "label", "articles", "share", "keywords"]].assign(
    keywords=table["keywords"].map(lambda words: "، ".join(words))
)
widgets.table_with_downloads(shown, key="topics", name="topics")
