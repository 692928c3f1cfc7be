"""Keyword in context: every place the query's words stand, aligned on the keyword, and
each outlet's attention to the query (its share of its own articles over time).

Both tabs read the sidebar's keyword query (the box on this page is the same query), so
the concordance lists the places in exactly the articles the other pages count.
"""

import html

import streamlit as st

from dashboard.analysis import concordance
from dashboard.analysis.coverage import outlet_attention_overall
from dashboard.analysis.highlight import clean
from dashboard.app import cached, context
from dashboard.app.charts.timelines import outlet_attention_lines
from dashboard.app.i18n import ltr
from dashboard.app.widgets import figures, layout, lists, session, sidebar, tables
from dashboard.text.arabic import arabic_share

CHARTED_OUTLETS = 8
SORT_NAMES = {
    "date": "Newest articles first",
    "left1": "1st word before",
    "left2": "2nd word before",
    "right1": "1st word after",
    "right2": "2nd word after",
}
COLUMNS = (("Before", "36%"), ("Keyword", "12%"), ("After", "36%"), ("Article", "16%"))
TABLE_CSS = """
<style>
table.kwic { width: 100%; table-layout: fixed; border-collapse: collapse; font-size: 0.95rem; }
table.kwic td, table.kwic th { padding: 0.2rem 0.4rem; border-bottom: 1px solid #8883;
  white-space: nowrap; overflow: hidden; }
table.kwic .side { display: flex; }
table.kwic .before .side { justify-content: flex-end; }
table.kwic .after .side { justify-content: flex-start; }
table.kwic .key { text-align: center; font-weight: 700; background: #ffd8a855; }
table.kwic .source { font-size: 0.8rem; text-overflow: ellipsis; }
</style>
"""

tr = session.tr
ctx = context.current()
store, path, build = ctx.store, ctx.path, ctx.build


def use_query() -> None:
    """Make the page's query the sidebar's (a callback: it runs before the widgets exist)."""
    st.session_state["f_text"] = st.session_state["w_kwic_q"]


def lines_table(rows, right_to_left: bool) -> str:
    """Concordance lines as an HTML table aligned on the keyword: in a right-to-left text
    the words before it stand on its right. Every piece of text is escaped."""
    head = "".join(
        f'<th style="width:{width}">{html.escape(tr(name))}</th>' for name, width in COLUMNS
    )
    body = []
    for row in rows.itertuples(index=False):
        meta = lists.outlet_and_date(row, session.lang())
        source = f"{lists.reader_anchor(row.article_id, row.title)}<br>{lists.source_line(meta)}"
        body.append(
            f'<tr><td class="before"><div class="side"><span>{html.escape(clean(row.left))}'
            f'</span></div></td><td class="key">{html.escape(clean(row.keyword))}</td>'
            f'<td class="after"><div class="side"><span>{html.escape(clean(row.right))}'
            f'</span></div></td><td class="source">{source}</td></tr>'
        )
    direction = "rtl" if right_to_left else "ltr"
    return (
        f'{TABLE_CSS}<table class="kwic" dir="{direction}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def concordance_tab(view) -> None:
    """The lines: width, order and a filter on their words, a page at a time, downloads."""
    width_box, sort_box, filter_box = st.columns([1, 2, 3])
    width = width_box.number_input(
        tr("Words each side"),
        min_value=1,
        max_value=concordance.MAX_WIDTH,
        step=1,
        key=session.seed("w_kwic_width", view.kwic_width),
    )
    order = sort_box.selectbox(
        tr("Order"),
        concordance.SORTS,
        format_func=session.named(SORT_NAMES),
        key=session.seed("w_kwic_order", view.kwic_sort),  # the paged list owns w_kwic_sort
    )
    sidebar.saved_query_picker(
        filter_box,
        key="w_kwic_saved",
        target="w_kwic_ctx",
        placeholder="Filter the lines with a saved query",
        hint="Puts the query's aliases, joined by OR, in the line filter.",
    )
    context = filter_box.text_input(
        tr("Only lines with (a keyword query over the line's words)"),
        key=session.seed("w_kwic_ctx", view.kwic_context),
        help=tr(sidebar.QUERY_HELP),
    ).strip()
    view = session.update_view(kwic_width=int(width), kwic_sort=order, kwic_context=context)
    found = cached.concordance_lines(path, build, view.filters, int(width))
    summary = tr("{places} places in {articles} articles.").format(
        places=session.number(found.places), articles=session.number(found.articles)
    )
    if found.capped:
        summary += " " + tr(
            "Lines are listed for the first {cap} places (newest articles first); the order "
            "and the line filter apply to those."
        ).format(cap=session.number(found.cap))
    st.caption(summary)
    lines = concordance.sort_lines(concordance.filter_lines(found.frame, context), order)
    if lines.empty:
        st.info(tr("No line to show: the query's words do not stand in these articles."))
        return
    lists.paged_list(lines["article_id"], "w_kwic")
    page = lists.pager(len(lines), "w_kwic")
    pages = -(-len(lines) // lists.LIST_PAGE)
    shown = lines.iloc[(page - 1) * lists.LIST_PAGE : page * lists.LIST_PAGE]
    st.caption(
        tr("{shown} of {total} lines (page {page} of {pages})").format(
            shown=session.number(len(shown)),
            total=session.number(len(lines)),
            page=session.number(page),
            pages=session.number(pages),
        )
    )
    right_to_left = arabic_share(" ".join(lines["keyword"].head(50))) >= 0.5
    st.html(lines_table(shown, right_to_left))
    st.caption(
        tr(
            "Words are the text's own, split at spaces; the context stops at the end of the "
            "title or the body. Each download holds every line listed, in this order."
        )
    )
    tables.downloads(concordance.export_frame(lines), key="kwic", name="concordance")


def attention_tab(view) -> None:
    """Each outlet's share of its own articles that match the query: chart and tables."""
    frequency = sidebar.frequency_picker(store)
    table = cached.outlet_shares(path, build, view.filters, frequency)
    if table.empty:
        st.info(tr("No article passes the filters."))
        return
    overall = outlet_attention_overall(table)
    charted = overall.nlargest(CHARTED_OUTLETS, "count", keep="first")
    charted = charted[charted["count"] > 0]["outlet"].tolist()
    figures.chart(
        outlet_attention_lines(
            table,
            charted,
            title=tr("Share of each outlet's own articles that match the query"),
            lang=session.lang(),
        ),
        "outlet_attention",
    )
    st.caption(
        tr(
            "Share = the outlet's articles that match the query / all of that outlet's "
            "articles that pass the same filters except the query, in the period."
        )
        + " "
        + tr(
            "A cross marks a period in which the outlet has no article at all: its line "
            "breaks there. A dotted end marks the last period, which the data does not "
            "cover to its end."
        )
        + " "
        + tr(
            "The {top} outlets with the most matching articles are drawn; the tables list all."
        ).format(top=ltr(session.number(CHARTED_OUTLETS)))
    )
    crawled = cached.crawl_share(path, build)
    lists.crawl_date_note(crawled)
    names = {"count": "matching", "total": "outlet_total"}
    st.subheader(tr("Over the whole view"))
    tables.table_with_downloads(
        overall.rename(columns=names), key="attention_all", name="outlet_attention"
    )
    st.subheader(tr("By period"))
    tables.table_with_downloads(
        table.rename(columns=names), key="attention_periods", name="outlet_attention_periods"
    )


st.title(tr("Keyword in context"))
view = session.view()
st.session_state["w_kwic_q"] = view.filters.text  # the sidebar's query, as it stands now
st.text_input(
    tr("Word or phrase (the sidebar's search text)"),
    key="w_kwic_q",
    on_change=use_query,
    help=tr(sidebar.QUERY_HELP),
    placeholder='مثال: "وقف إطلاق النار"',
)
if not view.filters.text.strip():
    st.info(tr("Type a word or phrase to list every place it stands in the filtered articles."))
    st.stop()
tabs = layout.tabs({"kwic": "Concordance", "attention": "Attention by outlet"}, key="w_kwic_tab")
with tabs["kwic"]:
    concordance_tab(view)
with tabs["attention"]:
    attention_tab(view)
