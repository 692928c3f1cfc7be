"""Similar articles: pick an article, see its nearest neighbours by meaning."""

import streamlit as st

from dashboard import cached, charts, widgets

store = cached.current_store()
path, build = str(store.path), store.manifest["build_id"]
filters = widgets.view().filters
articles = cached.filtered(store, filters)

st.title("Similar articles")
if articles.empty:
    st.warning("No article matches the filters.")
    st.stop()

choices = articles.sort_values("published_at", ascending=False).head(500)
options = choices["id"].tolist()
current = widgets.view().article
if current and current not in options and current in set(store.articles["id"]):
    options.insert(0, current)
titles = dict(zip(store.articles["id"], store.articles["title"], strict=True))
outlets = dict(zip(store.articles["id"], store.articles["outlet"], strict=True))
article_id = st.selectbox(
    "Article (the 500 most recent under the filters; narrow them with the search box)",
    options,
    index=options.index(current) if current in options else 0,
    format_func=lambda i: f"{titles[i]} — {outlets[i]}",
    key="w_article",
)
widgets.update_view(article=article_id)
k = st.slider("Neighbours", 3, 30, 10, key="w_k")

row = store.articles.set_index("id").loc[article_id].rename(article_id)
widgets.article_card(row, body_chars=None)
found = cached.neighbours(path, build, article_id, k, filters)
st.plotly_chart(charts.similarity_bars(found, "Most similar (cosine)"), width="stretch")
for _, neighbour in found.iterrows():
    st.caption(f"similarity {neighbour['score']:.3f}")
    widgets.article_card(neighbour, body_chars=250)
