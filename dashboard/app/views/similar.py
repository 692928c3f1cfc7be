"""Similar articles: an article's nearest neighbours, and the story it belongs to across outlets."""

import streamlit as st

from dashboard.analysis.stories import DAYS, THRESHOLD
from dashboard.app import cached, widgets
from dashboard.app.charts.scores import similarity_bars
from dashboard.app.charts.timelines import story_timeline
from dashboard.app.i18n import SCORE_HELP, isolate, ltr, when_text
from dashboard.text.literal import literal

store = cached.current_store(widgets.view().corpus)
path, build = str(store.path), store.manifest["build_id"]
filters = widgets.view().filters
articles = cached.filtered(store, filters)

st.title(widgets.tr("Similar articles"))
if articles.empty:
    st.warning(widgets.tr("No article matches the filters."))
    st.stop()

article_id = widgets.article_picker(store, articles)
left, right = st.columns([3, 2])
k = left.slider(widgets.tr("Neighbours"), 3, 30, 10, key="w_k")
hybrid = right.toggle(
    widgets.tr("Meaning + shared words"),
    value=True,
    key="w_hybrid",
    help=widgets.tr(
        "On: closeness in meaning and in shared words, averaged. Off: closeness in meaning alone."
    ),
)

row = store.articles_by_id([article_id]).iloc[0]
widgets.article_card(row, body_chars=None)

timeline = cached.article_story(path, build, article_id)
if not timeline.empty:
    first = timeline.iloc[0]
    st.subheader(
        widgets.tr("The same story at {n} outlets").format(
            n=widgets.number(timeline["outlet"].nunique())
        )
    )
    st.caption(
        widgets.tr(
            "{n} articles within {days} days at similarity of at least {threshold}; first: "
            "{outlet} ({when})."
        ).format(
            n=widgets.number(len(timeline)),
            days=widgets.number(DAYS),
            threshold=ltr(widgets.number(THRESHOLD, ".2f")),
            outlet=isolate(literal(first["outlet"])),
            when=when_text(first["published_at"], widgets.lang()),
        )
        + " "
        + widgets.tr(SCORE_HELP["cosine"])
    )
    widgets.chart(
        story_timeline(
            timeline, widgets.tr("Who published first, who followed"), lang=widgets.lang()
        ),
        f"story-{article_id}",
    )
    widgets.table_with_downloads(
        timeline[["order", "outlet", "published_at", "lag_hours", "title", "id"]],
        key="story",
        name=f"story-{article_id}",
    )

found = cached.neighbours(path, build, article_id, k, filters, hybrid)
label = widgets.tr(
    "Most similar (meaning and shared words)" if hybrid else "Most similar (meaning)"
)
widgets.chart(similarity_bars(found, label, lang=widgets.lang()), f"similar-{article_id}")
scale = SCORE_HELP["hybrid" if hybrid else "meaning"]
st.caption(widgets.tr(SCORE_HELP["cosine"]) + " " + widgets.tr(scale))
for _, neighbour in found.iterrows():
    st.caption(
        widgets.tr("similarity {score}").format(
            score=ltr(widgets.number(neighbour["score"], ".2f"))
        )
    )
    widgets.article_card(neighbour, body_chars=250)
