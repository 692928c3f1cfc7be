"""Article reader: one article as text, its entities marked, its topic, the articles most
like it and the story it belongs to across outlets."""

import html
from urllib.parse import urlsplit

import streamlit as st

from dashboard.analysis.coverage import date_kinds
from dashboard.analysis.highlight import TYPES, clean, css_class, highlight, legend, stylesheet
from dashboard.analysis.query import topic_labels
from dashboard.analysis.stories import DAYS
from dashboard.app import cached, context
from dashboard.app.i18n import SCORE_HELP
from dashboard.app.widgets import layout, lists, session

DATE_KIND_NOTES = {
    "published": "Date: publication date.",
    "crawl": "Date: when the page was crawled or the file written, not when the article was "
    "published.",
    "relative": 'Date: a relative date ("3 days ago") counted back from the crawl date, so it is '
    "approximate.",
}

ctx = context.current()
store, path, build = ctx.store, ctx.path, ctx.build
filters = ctx.filters

st.title(session.tr("Article reader"))
article_id = lists.article_picker(store, cached.filtered(store, filters), key="w_reader")
if article_id is None:
    st.warning(session.tr("No article matches the filters."))
    st.stop()

row = store.articles_by_id([article_id]).iloc[0]
body, removed = lists.stored_texts(article_id, ["body", "boilerplate"])
mentions = cached.mentions(path, build)
found = mentions[mentions["article_id"] == article_id].sort_values("count", ascending=False)
entities = dict(zip(found["entity"].astype(str), found["type"].astype(str), strict=True))
type_names = {kind: session.tr(kind) for kind in TYPES}
topic = int(row["topic"])
label = topic_labels(cached.topics(path, build)).get(topic, "—")

st.html(stylesheet())
text, side = st.columns([3, 2], gap="large")
with text:
    title = html.escape(clean(row["title"]))
    layout.rtl_markup(f'<h2 style="line-height:1.4">{title}</h2>', size="1.6rem")
    lists.article_meta(row, size="0.9rem")
    st.caption(session.tr(DATE_KIND_NOTES[date_kinds(row.to_frame().T, store.manifest).iat[0]]))
    topic_text = html.escape(clean(label))
    if topic >= 0:
        topic_text = lists.anchor(lists.href("topics", topic=topic), label)
    # "7: label" reads its number first in English too (an Arabic label would lay it out
    # right to left, the number at its right end).
    number_first = "" if session.lang() == "ar" else ' dir="ltr"'
    details = [f"{html.escape(session.tr('Topic'))}: <bdi{number_first}>{topic_text}</bdi>"]
    if row["source"]:
        source = html.escape(clean(row["source"]))
        details.append(f"{html.escape(session.tr('Original source'))}: <bdi>{source}</bdi>")
    if urlsplit(str(row["url"])).scheme in ("http", "https"):
        details.append(lists.anchor(row["url"], session.tr("Original page"), new_tab=True))
    lists.page_line(" · ".join(f"<bdi>{detail}</bdi>" for detail in details))
    present = [kind for kind in TYPES if kind in set(entities.values())]
    layout.rtl_markup(legend(present, type_names), size="0.85rem")
    layout.rtl_markup(highlight(body, entities, type_names), size="1.1rem")
    if st.toggle(session.tr("Show removed text"), key="w_reader_removed"):
        if removed:
            st.caption(
                session.tr(
                    "Removed by cleaning: page furniture, date stubs, embedded posts and tag lines."
                )
            )
            layout.rtl(removed, size="0.85rem")
        else:
            st.caption(session.tr("Nothing was removed from this article."))

with side:
    st.subheader(session.tr("Entities in this article"))
    if found.empty:
        st.info(session.tr("No entity found in this article."))
    items = [
        f"<li>{lists.anchor(lists.href('entities', entity=name), name, css_class(kind))}"
        f" ({count})</li>"
        for name, kind, count in found[["entity", "type", "count"]].itertuples(index=False)
    ]
    layout.rtl_markup(f'<ul style="list-style:none;padding:0">{"".join(items)}</ul>')

    st.subheader(session.tr("The same story, as each outlet ran it"))
    story = cached.article_story(path, build, article_id)
    if len(story) < 2:
        st.caption(
            session.tr("No other article ran this story within {days} days.").format(
                days=session.number(DAYS)
            )
        )
    else:
        notes = lists.story_notes(story, article_id, session.lang())
        lists.article_links(story, notes, current=article_id)

    st.subheader(session.tr("Similar articles"))
    similar = cached.neighbours(path, build, article_id, 8, filters)
    if similar.empty:
        st.caption(session.tr("Nothing similar among the filtered articles."))
    else:
        notes = [
            session.tr("similarity {score}").format(score=session.number(s, ".2f"))
            for s in similar["score"]
        ]
        lists.article_links(similar, notes)
        st.caption(session.tr(SCORE_HELP["cosine"]) + " " + session.tr(SCORE_HELP["hybrid"]))
