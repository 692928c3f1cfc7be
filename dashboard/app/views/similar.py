"""Similar articles: an article's nearest neighbours, and the story it belongs to across outlets."""

import streamlit as st

from dashboard.analysis.stories import DAYS, THRESHOLD
from dashboard.app import cached, context
from dashboard.app.charts.scores import similarity_bars
from dashboard.app.charts.timelines import story_timeline
from dashboard.app.i18n import SCORE_HELP, isolate, ltr, when_text
from dashboard.app.widgets import figures, lists, session, tables
from dashboard.text.literal import literal

ctx = context.current()
store, path, build = ctx.store, ctx.path, ctx.build
filters = ctx.filters
articles = ctx.articles

st.title(session.tr("Similar articles"))
if articles.empty:
    st.warning(session.tr("No article matches the filters."))
    st.stop()

article_id = lists.article_picker(store, articles)
left, right = st.columns([3, 2])
k = left.slider(session.tr("Neighbours"), 3, 30, 10, key="w_k")
hybrid = right.toggle(
    session.tr("Meaning + shared words"),
    value=True,
    key="w_hybrid",
    help=session.tr(
        "On: closeness in meaning and in shared words, averaged. Off: closeness in meaning alone."
    ),
)

row = store.articles_by_id([article_id]).iloc[0]
lists.article_card(row, body_chars=None)

timeline = cached.article_story(path, build, article_id)
if not timeline.empty:
    first = timeline.iloc[0]
    st.subheader(
        session.tr("The same story at {n} outlets").format(
            n=session.number(timeline["outlet"].nunique())
        )
    )
    st.caption(
        session.tr(
            "{n} articles within {days} days at similarity of at least {threshold}; first: "
            "{outlet} ({when})."
        ).format(
            n=session.number(len(timeline)),
            days=session.number(DAYS),
            threshold=ltr(session.number(THRESHOLD, ".2f")),
            outlet=isolate(literal(first["outlet"])),
            when=when_text(first["published_at"], session.lang()),
        )
        + " "
        + session.tr(SCORE_HELP["cosine"])
    )
    figures.chart(
        story_timeline(
            timeline, session.tr("Who published first, who followed"), lang=session.lang()
        ),
        f"story-{article_id}",
    )
    tables.table_with_downloads(
        timeline[["order", "outlet", "published_at", "lag_hours", "title", "id"]],
        key="story",
        name=f"story-{article_id}",
        hidden=tables.INTERNAL_COLUMNS,
    )

found = cached.neighbours(path, build, article_id, k, filters, hybrid)
label = session.tr(
    "Most similar (meaning and shared words)" if hybrid else "Most similar (meaning)"
)
figures.chart(similarity_bars(found, label, lang=session.lang()), f"similar-{article_id}")
scale = SCORE_HELP["hybrid" if hybrid else "meaning"]
st.caption(session.tr(SCORE_HELP["cosine"]) + " " + session.tr(scale))
for _, neighbour in found.iterrows():
    st.caption(
        session.tr("similarity {score}").format(
            score=ltr(session.number(neighbour["score"], ".2f"))
        )
    )
    lists.article_card(neighbour, body_chars=250)
