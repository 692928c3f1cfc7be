"""Overview: the corpus at a glance under the current filters."""

import streamlit as st

from dashboard import cached, charts, widgets
from dashboard.core import query

store = cached.current_store(widgets.view().corpus)
path, build = str(store.path), store.manifest["build_id"]
filters = widgets.view().filters
articles = cached.filtered(store, filters)

st.title(widgets.tr("Overview"))
if articles.empty:
    st.warning(
        widgets.tr("No article matches the filters. Widen the date range or clear the search.")
    )
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric(
    widgets.tr("Articles"), f"{len(articles):,}", help=f"of {len(store.articles):,} in the corpus"
)
c2.metric(widgets.tr("Outlets"), articles["outlet"].nunique())
first, last = articles["published_at"].min(), articles["published_at"].max()
c3.metric(
    widgets.tr("Days covered"),
    f"{articles['published_at'].dt.normalize().nunique():,}",
    help=widgets.tr("Days with at least one article, from {first} to {last}").format(
        first=f"{first:%Y-%m-%d}", last=f"{last:%Y-%m-%d}"
    ),
)
c4.metric(widgets.tr("Topics"), int(articles.loc[articles["topic"] >= 0, "topic"].nunique()))

frequency = query.auto_frequency(store.articles["published_at"].min(), last)
cov = query.coverage(
    articles, frequency, totals_from=cached.filtered(store, query.base_filters(filters))
)
widgets.chart(
    charts.coverage_lines(
        cov,
        share=False,
        title=widgets.tr(f"Articles per {frequency}"),
        gap_name=widgets.tr("no articles collected"),
    ),
    "articles_per_period",
)
widgets.crawl_date_note(cached.crawl_share(path, build))

left, right = st.columns(2)
table = query.topic_table(articles, cached.topics(path, build))
widgets.chart(charts.topic_bars(table, widgets.tr("Largest topics"), top=10), "topics", left)
entities, _ = cached.entities(path, build, filters, 2)
widgets.chart(
    charts.entity_bars(entities, widgets.tr("Most mentioned entities"), top=15), "entities", right
)

st.subheader(widgets.tr("What's rising"))
widgets.rising_panel(cached.rising_topics(path, build, filters, frequency), articles, frequency)

outlets = articles["outlet"].value_counts().rename_axis("outlet").reset_index(name="articles")
st.subheader(widgets.tr("Outlets"))
st.dataframe(outlets, hide_index=True, width="stretch")
