"""Overview: the corpus at a glance under the current filters."""

import streamlit as st

from dashboard.analysis import query
from dashboard.app import cached, context
from dashboard.app.charts.entities import entity_bars
from dashboard.app.charts.timelines import coverage_lines
from dashboard.app.charts.topics import topic_bars
from dashboard.app.i18n import date_text
from dashboard.app.widgets import figures, lists, rising, session, tables

ctx = context.current()
store, path, build = ctx.store, ctx.path, ctx.build
filters = ctx.filters
articles = ctx.articles

st.title(session.tr("Overview"))
if articles.empty:
    st.warning(
        session.tr("No article matches the filters. Widen the date range or clear the search.")
    )
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric(
    session.tr("Articles"),
    session.number(len(articles)),
    help=session.tr("of {total} in the corpus").format(total=session.number(len(store.articles))),
)
c2.metric(session.tr("Outlets"), session.number(articles["outlet"].nunique()))
first, last = articles["published_at"].min(), articles["published_at"].max()
c3.metric(
    session.tr("Days covered"),
    session.number(articles["published_at"].dt.normalize().nunique()),
    help=session.tr("Days with at least one article, from {first} to {last}").format(
        first=date_text(first, session.lang()), last=date_text(last, session.lang())
    ),
)
c4.metric(
    session.tr("Topics"),
    session.number(int(articles.loc[articles["topic"] >= 0, "topic"].nunique())),
)

frequency = query.auto_frequency(store.articles["published_at"].min(), last)
cov = query.coverage(
    articles, frequency, totals_from=cached.filtered(store, query.base_filters(filters))
)
cov = cov.assign(series=session.tr("All articles"))
figures.chart(
    coverage_lines(
        cov,
        share=False,
        title=session.tr(f"Articles per {frequency}"),
        lang=session.lang(),
        gap_name=session.tr("no articles collected"),
    ),
    "articles_per_period",
)
lists.crawl_date_note(cached.crawl_share(path, build))

left, right = st.columns(2)
table = query.topic_table(articles, cached.topics(path, build))
figures.chart(
    topic_bars(table, session.tr("Largest topics"), top=10, lang=session.lang()),
    "topics",
    left,
)
entities, _ = cached.entities(path, build, filters, 2)
figures.chart(
    entity_bars(entities, session.tr("Most mentioned entities"), top=15, lang=session.lang()),
    "entities",
    right,
)

st.subheader(session.tr("What's rising"))
rising.rising_panel(cached.rising_topics(path, build, filters, frequency), articles, frequency)

outlets = articles["outlet"].value_counts().rename_axis("outlet").reset_index(name="articles")
st.subheader(session.tr("Outlets"))
tables.table(outlets)
