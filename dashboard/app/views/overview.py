"""Overview: the corpus at a glance under the current filters."""

import streamlit as st

from dashboard.analysis import query
from dashboard.app import cached, widgets
from dashboard.app.charts.entities import entity_bars
from dashboard.app.charts.timelines import coverage_lines
from dashboard.app.charts.topics import topic_bars
from dashboard.app.i18n import date_text

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
    widgets.tr("Articles"),
    widgets.number(len(articles)),
    help=widgets.tr("of {total} in the corpus").format(total=widgets.number(len(store.articles))),
)
c2.metric(widgets.tr("Outlets"), widgets.number(articles["outlet"].nunique()))
first, last = articles["published_at"].min(), articles["published_at"].max()
c3.metric(
    widgets.tr("Days covered"),
    widgets.number(articles["published_at"].dt.normalize().nunique()),
    help=widgets.tr("Days with at least one article, from {first} to {last}").format(
        first=date_text(first, widgets.lang()), last=date_text(last, widgets.lang())
    ),
)
c4.metric(
    widgets.tr("Topics"),
    widgets.number(int(articles.loc[articles["topic"] >= 0, "topic"].nunique())),
)

frequency = query.auto_frequency(store.articles["published_at"].min(), last)
cov = query.coverage(
    articles, frequency, totals_from=cached.filtered(store, query.base_filters(filters))
)
cov = cov.assign(series=widgets.tr("All articles"))
widgets.chart(
    coverage_lines(
        cov,
        share=False,
        title=widgets.tr(f"Articles per {frequency}"),
        lang=widgets.lang(),
        gap_name=widgets.tr("no articles collected"),
    ),
    "articles_per_period",
)
widgets.crawl_date_note(cached.crawl_share(path, build))

left, right = st.columns(2)
table = query.topic_table(articles, cached.topics(path, build))
widgets.chart(
    topic_bars(table, widgets.tr("Largest topics"), top=10, lang=widgets.lang()),
    "topics",
    left,
)
entities, _ = cached.entities(path, build, filters, 2)
widgets.chart(
    entity_bars(entities, widgets.tr("Most mentioned entities"), top=15, lang=widgets.lang()),
    "entities",
    right,
)

st.subheader(widgets.tr("What's rising"))
widgets.rising_panel(cached.rising_topics(path, build, filters, frequency), articles, frequency)

outlets = articles["outlet"].value_counts().rename_axis("outlet").reset_index(name="articles")
st.subheader(widgets.tr("Outlets"))
widgets.table(outlets)
