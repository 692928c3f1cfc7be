"""Topics: what the corpus is about, each topic in detail, its share over time and by outlet."""

import streamlit as st

from dashboard.analysis import query
from dashboard.app import cached, context, docmap
from dashboard.app.charts.timelines import coverage_lines
from dashboard.app.charts.topics import keyword_bars, outlet_heatmap, topic_dendrogram
from dashboard.app.i18n import SCORE_HELP, isolate, ltr, numbered
from dashboard.app.widgets import figures, layout, lists, rising, session, sidebar, tables
from dashboard.text.literal import literal

tr, lang = session.tr, session.lang()

ctx = context.current()
store, path, build = ctx.store, ctx.path, ctx.build
filters = ctx.filters
articles = ctx.articles
topics = cached.topics(path, build)

st.title(tr("Topics"))
if "topic_model" in store.manifest.get("files", {}) and not (store.path / "topic_model").exists():
    st.info(
        session.tr(
            "The topic model of this corpus is missing: its topics are shown as "
            "built, but adding articles to it needs a rebuild (python -m dashboard build)."
        )
    )
if topics.empty:
    st.info(tr("This corpus has no topics: it is too small for topic modelling."))
    st.stop()

notes = store.manifest.get("topics", {})
moved = notes.get("outlier_share_fitted", 0) - notes.get("outlier_share", 0)
summary = [
    tr("{topics} topics; {share} of articles in no topic.").format(
        topics=ltr(session.number(len(topics))),
        share=ltr(session.number(notes.get("outlier_share", 0), ".0%")),
    )
]
if moved > 0:
    summary.append(
        tr(
            "Articles in no topic were moved to their nearest topic when their similarity "
            "to it was at least {threshold}."
        ).format(threshold=ltr(session.number(notes["outlier_threshold"], ".2f")))
    )
if notes.get("transformed"):
    summary.append(
        tr(
            "Fitted on a sample of {fitted} articles; the other {rest} were assigned to the "
            "nearest topic."
        ).format(
            fitted=ltr(session.number(notes["fitted_on"])),
            rest=ltr(session.number(notes["transformed"])),
        )
    )
st.caption(" ".join(summary))

frequency = sidebar.frequency_picker(store)
shares = cached.topic_shares(path, build, filters, frequency)
labels = query.topic_labels(topics)
table = query.topic_table(articles, topics)
trend = shares[shares["topic"].ge(0)].dropna(subset=["share"]).groupby("topic")["share"].agg(list)
listing = table[["topic", "label", "articles", "share", "keywords"]].assign(
    keywords=table["keywords"].map(lambda words: "، ".join(words[:6])),
    trend=table["topic"].map(trend),
)

tabs = layout.tabs(
    {
        "list": "Topic list",
        "time": "Over time",
        "map": "Document map",
        "tree": "Hierarchy",
        "outlets": "By outlet",
        "rising": "What's rising",
    },
    key="w_topics_tab",
)
list_tab, time_tab, map_tab, tree_tab, outlet_tab, rising_tab = tabs.values()

with list_tab:
    tables.table_with_downloads(
        listing,
        key="topics",
        name="topics",
        column_config={
            "share": st.column_config.ProgressColumn(
                tr("share"), format="percent", max_value=1.0, help=tr(SCORE_HELP["share"])
            ),
            "trend": st.column_config.LineChartColumn(
                tr("share per {frequency}").format(frequency=tr(frequency)), y_min=0
            ),
            # A set width: sized to its longest row the column ran past the table's edge,
            # which hid the first (heaviest) keywords of right-to-left rows in English.
            "keywords": st.column_config.Column(
                tr("keywords"),
                help=tr("The words that set the topic apart from the others."),
                width="large",
            ),
        },
    )

    ids = table["topic"].tolist()
    current = session.view().topic
    chosen = st.selectbox(
        tr("Topic"),
        ids,
        index=ids.index(current) if current in ids else 0,
        format_func=session.topic_names(labels),
        key="w_topic",
    )
    session.update_view(topic=int(chosen))
    info = table[table["topic"] == chosen].iloc[0]
    name = labels[int(chosen)].removeprefix(f"{int(chosen)}: ")  # its number isolated apart
    st.subheader(numbered(int(chosen), literal(name), session.lang()))
    left, right = st.columns([2, 3])
    figures.chart(
        keyword_bars(
            list(info["keywords"]), list(info["weights"]), tr("Keywords (c-TF-IDF)"), lang=lang
        ),
        f"topic-{chosen}-keywords",
        left,
    )
    own = shares[shares["topic"].eq(chosen)].assign(series=labels[int(chosen)])
    left.caption(tr("Weight: ") + tr(SCORE_HELP["ctfidf"]))
    figures.chart(
        coverage_lines(own, share=True, title=tr("Share of all articles per period"), lang=lang),
        f"topic-{chosen}-share",
        right,
    )
    by_outlet = articles.loc[articles["topic"].eq(chosen), "outlet"].value_counts()
    st.caption(
        tr("Outlets: ")
        + " · ".join(
            f"{isolate(literal(outlet))} ({session.number(n)})"
            for outlet, n in by_outlet.head(8).items()
        )
    )
    st.markdown(tr("**Representative articles** (closest to the topic's centre)"))
    for _, article in store.articles_by_id(info["representative"]).iterrows():
        lists.article_card(article, body_chars=300)
    st.subheader(tr("Its articles"))
    lists.article_list(
        articles[articles["topic"].eq(chosen)], key="topic_articles", name=f"topic-{chosen}"
    )

with time_tab:
    largest = table.loc[table["topic"].ge(0), "topic"].head(8)
    top = shares[shares["topic"].isin(largest)].assign(
        series=lambda frame: frame["topic"].map(labels)
    )
    share = st.toggle(tr("Share of all articles"), value=True, key="w_topic_share")
    figures.chart(
        coverage_lines(
            top,
            share=share,
            title=tr("Largest topics over time (dotted: incomplete period)"),
            lang=lang,
        ),
        "topics_over_time",
    )
    tables.table_with_downloads(
        shares.assign(label=shares["topic"].map(labels)), key="topic_time", name="topics_over_time"
    )

with map_tab:
    docmap.panel(store, articles, labels)

with tree_tab:
    ids, linkage = cached.topic_tree(path, build)
    if len(ids) < 2:
        st.info(tr("A hierarchy needs at least two topics."))
    else:
        figures.chart(
            topic_dendrogram(ids, linkage, labels, tr("Topic hierarchy"), lang=lang),
            "topic_hierarchy",
        )

with outlet_tab:
    split = cached.outlet_topics(path, build, filters)
    figures.chart(
        outlet_heatmap(split, tr("Share of each outlet's articles per topic"), lang=lang),
        "topics_by_outlet",
    )
    tables.table_with_downloads(split, key="topic_outlets", name="topics_by_outlet")

with rising_tab:
    rising.rising_panel(cached.rising_topics(path, build, filters, frequency), articles, frequency)
