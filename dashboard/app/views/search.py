"""Semantic search and attention over time: what was written about a query, when, by whom."""

import streamlit as st

from dashboard.app import cached, context
from dashboard.app.charts.scores import score_histogram
from dashboard.app.charts.timelines import attention_lines
from dashboard.app.i18n import SCORE_HELP, isolate, ltr
from dashboard.app.widgets import figures, layout, lists, session, sidebar, tables
from dashboard.text.literal import literal

# Short queries sit further from whole articles than one article from another.
DEFAULTS = {"Text": 0.3, "Example article": 0.6}
RESULTS = 200  # best matches listed, 20 to a page

ctx = context.current()
store, path, build = ctx.store, ctx.path, ctx.build
view = session.view()
filters = ctx.filters

st.title(session.tr("Search and attention"))
mode = st.segmented_control(
    session.tr("Search by"),
    ["Text", "Example article"],
    format_func=session.named({"Text": "Text", "Example article": "Example article"}),
    default="Example article" if view.article and not view.search else "Text",
    key="w_search_mode",
)
if mode == "Example article":
    article_id = view.article or store.articles["id"].iat[-1]
    titles = dict(zip(store.articles["id"], store.articles["title"], strict=True))
    st.caption(session.tr("Example article (choose another on the Similar articles page)"))
    layout.rtl(titles.get(article_id, article_id), size="1.1rem")
    text = ""
else:
    article_id = ""
    text = st.text_input(
        session.tr("Query, Arabic or English (words and meaning both count)"),
        key=session.seed("w_search", view.search),
        placeholder="مثال: ارتفاع أسعار النفط",
    ).strip()
    session.update_view(search=text)
    if not text:
        st.info(session.tr("Type a query to search the articles under the current filters."))
        st.stop()

frequency = sidebar.frequency_picker(store)
default = DEFAULTS[mode or "Text"]
left, right = st.columns([3, 1])
threshold = left.slider(
    session.tr("Similarity threshold for attention"),
    0.1,
    0.95,
    view.threshold or default,
    0.01,
    key=f"w_threshold_{mode}",
    help=session.tr("An article counts when its similarity to the query is at least this.")
    + " "
    + session.tr(SCORE_HELP["cosine"]),
)
session.update_view(threshold=0.0 if threshold == default else threshold)
share = right.toggle(
    session.tr("Share of outlet"), key="w_att_share", help=session.tr("Of each outlet's articles")
)

table, scores = cached.attention(path, build, text, article_id, threshold, frequency, filters)
figures.chart(
    score_histogram(
        scores, threshold, session.tr("Similarity of every filtered article"), lang=session.lang()
    ),
    "similarity_scores",
)
if table.empty:
    st.warning(session.tr("No article is that close: lower the threshold."))
else:
    st.caption(
        session.tr("{n} articles at similarity of at least {threshold}.").format(
            n=session.number(int(table["count"].sum())),
            threshold=ltr(session.number(threshold, ".2f")),
        )
        + " "
        + session.tr("Click a point to read its articles.")
    )
    event = figures.chart(
        attention_lines(
            table,
            share=share,
            title=session.tr("Attention over time, by outlet"),
            collected=cached.collected_periods(path, build, filters, frequency),
            lang=session.lang(),
        ),
        "attention",
        on_select="rerun",
        selection_mode="points",
        key=sidebar.selection_key("attention_chart"),
    )
    points = event.selection.points if event and event.selection else []
    if points:
        outlet, period = points[0]["customdata"][0], points[0]["customdata"][1]
        cell = table[
            (table["outlet"] == outlet) & (table["period"].dt.strftime("%Y-%m-%d") == period)
        ]
        ids = cell["ids"].iat[0] if len(cell) else []
        count = f"{session.number(len(ids))} {session.tr('articles')}"
        st.subheader(f"{isolate(literal(outlet))} · {ltr(period)} · {count}")
        for _, article in store.articles_by_id(ids[:20]).iterrows():
            lists.article_card(article, body_chars=250)

if text:
    st.subheader(session.tr("Best matches"))
    found = cached.search(path, build, text, RESULTS, filters)
    st.caption(session.tr(SCORE_HELP["cosine"]) + " " + session.tr(SCORE_HELP["match"]))
    tables.table_with_downloads(
        found[["similarity", "title", "outlet", "published_at", "id"]],
        key="search",
        name="search",
        hidden=tables.INTERNAL_COLUMNS,
    )
    if len(found):  # the cards, best first, a page at a time (the page in the URL)
        lists.paged_list(found["id"], "search_results")
        page = lists.pager(len(found), "search_results")
        shown = found.iloc[(page - 1) * lists.LIST_PAGE : page * lists.LIST_PAGE]
        lists.page_caption(len(shown), len(found), page)
        for _, article in shown.iterrows():
            st.caption(
                session.tr("similarity {score}").format(
                    score=ltr(session.number(article["similarity"], ".2f"))
                )
            )
            lists.article_card(article, body_chars=250)
