"""Similar articles: an article's nearest neighbours, and the story it belongs to across outlets."""

import streamlit as st

from dashboard import cached, charts, widgets
from dashboard.core.stories import DAYS, THRESHOLD, story_timeline

store = cached.current_store()
path, build = str(store.path), store.manifest["build_id"]
filters = widgets.view().filters
articles = cached.filtered(store, filters)

st.title(widgets.tr("Similar articles"))
if articles.empty:
    st.warning(widgets.tr("No article matches the filters."))
    st.stop()

choices = articles.sort_values("published_at", ascending=False).head(500)
options = choices["id"].tolist()
current = widgets.view().article
if current and current not in options and current in set(store.articles["id"]):
    options.insert(0, current)
titles = dict(zip(store.articles["id"], store.articles["title"], strict=True))
outlets = dict(zip(store.articles["id"], store.articles["outlet"], strict=True))
article_id = st.selectbox(
    widgets.tr("Article (the 500 most recent under the filters; narrow them with the search box)"),
    options,
    index=options.index(current) if current in options else 0,
    format_func=lambda i: f"{titles[i]} — {outlets[i]}",
    key="w_article",
)
widgets.update_view(article=article_id)
left, right = st.columns([3, 2])
k = left.slider(widgets.tr("Neighbours"), 3, 30, 10, key="w_k")
hybrid = right.toggle(
    widgets.tr("Meaning + shared words"),
    value=True,
    key="w_hybrid",
    help="On: mean of embedding and TF-IDF cosine. Off: embedding cosine alone.",
)

row = store.articles.set_index("id").loc[article_id].rename(article_id)
widgets.article_card(row, body_chars=None)

labels = cached.story_labels(path, build, THRESHOLD, DAYS)
position = int((store.articles["id"] == article_id).to_numpy().nonzero()[0][0])
story = int(labels[position])
if story >= 0:
    timeline = story_timeline(store.articles, labels, story)
    first = timeline.iloc[0]
    st.subheader(f"The same story at {timeline['outlet'].nunique()} outlets")
    st.caption(
        f"{len(timeline)} articles within {DAYS} days at similarity ≥ {THRESHOLD}; "
        f"first: {first['outlet']} (\u2066{first['published_at']:%Y-%m-%d %H:%M}\u2069)."
    )
    st.plotly_chart(
        charts.story_timeline(timeline, widgets.tr("Who published first, who followed"))
    )
    widgets.table_with_downloads(
        timeline[["order", "outlet", "published_at", "lag_hours", "title", "id"]],
        key="story",
        name=f"story-{article_id}",
    )

found = cached.neighbours(path, build, article_id, k, filters, hybrid)
label = "Most similar (mean of embedding and TF-IDF cosine)" if hybrid else "Most similar (cosine)"
st.plotly_chart(charts.similarity_bars(found, label), width="stretch")
for _, neighbour in found.iterrows():
    st.caption(f"similarity {neighbour['score']:.3f}")
    widgets.article_card(neighbour, body_chars=250)
