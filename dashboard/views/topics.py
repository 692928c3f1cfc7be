"""Topics: what the corpus is about, each topic in detail, its share over time and by outlet."""

import streamlit as st

from dashboard import cached, charts, widgets
from dashboard.core import query
from dashboard.core.literal import literal

store = cached.current_store(widgets.view().corpus)
path, build = str(store.path), store.manifest["build_id"]
filters = widgets.view().filters
articles = cached.filtered(store, filters)
topics = cached.topics(path, build)

st.title(widgets.tr("Topics"))
if "topic_model" in store.manifest.get("files", {}) and not (store.path / "topic_model").exists():
    st.info(
        widgets.tr(
            "The topic model of this corpus is missing: its topics are shown as "
            "built, but adding articles to it needs a rebuild (python -m dashboard build)."
        )
    )
if topics.empty:
    st.info(widgets.tr("This corpus has no topics: it is too small for topic modelling."))
    st.stop()

notes = store.manifest.get("topics", {})
moved = notes.get("outlier_share_fitted", 0) - notes.get("outlier_share", 0)
sampled = (
    f" Fitted on a sample of {notes['fitted_on']:,} articles; the other "
    f"{notes['transformed']:,} were assigned to the nearest topic."
    if notes.get("transformed")
    else ""
)
st.caption(
    f"{len(topics)} topics; {notes.get('outlier_share', 0):.0%} of articles in no topic"
    + (
        f" (outliers were moved to their nearest topic when cosine similarity "
        f"≥ {notes['outlier_threshold']:.2f})."
        if moved > 0
        else "."
    )
    + sampled
)

frequency = widgets.frequency_picker(store)
shares = cached.topic_shares(path, build, filters, frequency)
labels = query.topic_labels(topics)
table = query.topic_table(articles, topics)
trend = shares[shares["topic"].ge(0)].dropna(subset=["share"]).groupby("topic")["share"].agg(list)
listing = table[["topic", "label", "articles", "share", "keywords"]].assign(
    keywords=table["keywords"].map(lambda words: "، ".join(words[:6])),
    trend=table["topic"].map(trend),
)

list_tab, time_tab, map_tab, tree_tab, outlet_tab, rising_tab = st.tabs(
    ["Topic list", "Over time", "Document map", "Hierarchy", "By outlet", "What's rising"]
)

with list_tab:
    widgets.table_with_downloads(
        listing,
        key="topics",
        name="topics",
        column_config={
            "share": st.column_config.ProgressColumn("share", format="percent", max_value=1.0),
            "trend": st.column_config.LineChartColumn(f"share per {frequency}", y_min=0),
        },
    )

    ids = table["topic"].tolist()
    current = widgets.view().topic
    chosen = st.selectbox(
        widgets.tr("Topic"),
        ids,
        index=ids.index(current) if current in ids else 0,
        format_func=labels.get,
        key="w_topic",
    )
    widgets.update_view(topic=int(chosen))
    info = table[table["topic"] == chosen].iloc[0]
    st.subheader(literal(labels[int(chosen)]))
    left, right = st.columns([2, 3])
    widgets.chart(
        charts.keyword_bars(list(info["keywords"]), list(info["weights"]), "Keywords (c-TF-IDF)"),
        f"topic-{chosen}-keywords",
        left,
    )
    own = shares[shares["topic"].eq(chosen)].assign(series=labels[int(chosen)])
    widgets.chart(
        charts.coverage_lines(
            own, share=True, title=widgets.tr("Share of all articles per period")
        ),
        f"topic-{chosen}-share",
        right,
    )
    by_outlet = articles.loc[articles["topic"].eq(chosen), "outlet"].value_counts()
    st.caption(
        widgets.tr("Outlets: ")
        + " · ".join(f"{literal(outlet)} ({n})" for outlet, n in by_outlet.head(8).items())
    )
    st.markdown("**Representative articles** (closest to the topic's centre)")
    for _, article in store.articles_by_id(info["representative"]).iterrows():
        widgets.article_card(article, body_chars=300)

with time_tab:
    largest = table.loc[table["topic"].ge(0), "topic"].head(8)
    top = shares[shares["topic"].isin(largest)].assign(
        series=lambda frame: frame["topic"].map(labels)
    )
    share = st.toggle("Share of all articles", value=True, key="w_topic_share")
    widgets.chart(
        charts.coverage_lines(
            top,
            share=share,
            title=widgets.tr("Largest topics over time (dotted: incomplete period)"),
        ),
        "topics_over_time",
    )
    widgets.table_with_downloads(
        shares.assign(label=shares["topic"].map(labels)), key="topic_time", name="topics_over_time"
    )

with map_tab:
    placed = articles.dropna(subset=["map_x"]) if "map_x" in articles else articles.iloc[:0]
    if placed.empty:
        st.info(widgets.tr("No article of this selection is on the map (the map is a sample)."))
    else:
        points = placed.assign(label=placed["topic"].map(labels))
        st.caption(f"{len(placed):,} articles on the map (sampled above a size).")
        widgets.chart(charts.document_map(points, widgets.tr("Articles by topic")), "document_map")

with tree_tab:
    ids, linkage = cached.topic_tree(path, build)
    if len(ids) < 2:
        st.info(widgets.tr("A hierarchy needs at least two topics."))
    else:
        widgets.chart(
            charts.topic_dendrogram(ids, linkage, labels, widgets.tr("Topic hierarchy")),
            "topic_hierarchy",
        )

with outlet_tab:
    split = cached.outlet_topics(path, build, filters)
    widgets.chart(
        charts.outlet_heatmap(split, widgets.tr("Share of each outlet's articles per topic")),
        "topics_by_outlet",
    )
    widgets.table_with_downloads(split, key="topic_outlets", name="topics_by_outlet")

with rising_tab:
    widgets.rising_panel(cached.rising_topics(path, build, filters, frequency), articles, frequency)
