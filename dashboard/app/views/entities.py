"""Entities: who and what is mentioned, who appears with whom, and one entity's profile."""

import streamlit as st

from dashboard.analysis.entity_profile import search_entities
from dashboard.app import cached, context
from dashboard.app.charts.entities import cooccurrence_matrix, entity_bars, network
from dashboard.app.charts.timelines import coverage_lines
from dashboard.app.i18n import SCORE_HELP
from dashboard.app.widgets import figures, layout, lists, session, sidebar, tables

tr, lang = session.tr, session.lang()

ctx = context.current()
store, path, build = ctx.store, ctx.path, ctx.build
filters = ctx.filters

st.title(tr("Entities"))
support = st.slider(tr("Minimum articles shared by a pair"), 1, 20, 2, key="w_support")
table, pairs = cached.entities(path, build, filters, support)
if table.empty:
    st.info(tr("No entity found in the filtered articles."))
    st.stop()

tabs = layout.tabs(
    {"network": "Network", "matrix": "Matrix", "entity": "Entity", "tables": "Tables"},
    key="w_entities_tab",
    default="entity" if session.view().entity else "network",  # a linked entity opens its profile
)
network_tab, matrix_tab, entity_tab, table_tab = tabs.values()

with network_tab:
    left, right = st.columns([2, 3])
    figures.chart(entity_bars(table, tr("Most mentioned"), lang=lang), "entities", left)
    top = table.head(40)
    shown = set(top["entity"])
    edges = pairs[pairs["source"].isin(shown) & pairs["target"].isin(shown)].head(120)
    nodes = top[top["entity"].isin(set(edges["source"]) | set(edges["target"]))]
    if edges.empty:
        right.info(tr("No pair of the top entities meets the minimum support."))
    else:
        figures.chart(
            network(nodes, edges, tr("Co-occurrence (edge width = NPMI)"), lang=lang),
            "entity_network",
            right,
        )
        right.caption(tr("Edge width: ") + tr(SCORE_HELP["npmi"]))

with matrix_tab:
    size = st.slider(tr("Entities"), 5, 40, 15, key="w_matrix_top")
    shared = cached.entity_matrix(path, build, filters, size)
    figures.chart(
        cooccurrence_matrix(
            shared, tr("Articles shared by the most mentioned entities"), lang=lang
        ),
        "entity_matrix",
    )
    tables.table_with_downloads(
        shared.reset_index(names="entity"),
        key="matrix",
        name="entity_matrix",
        # Its rows and columns are both entities: the first header says what a cell counts.
        column_config={"entity": st.column_config.Column(tr("Articles shared by"))},
    )

with entity_tab:
    current = session.view().entity
    text = st.text_input(tr("Search entities"), key="w_entity_search")
    found = search_entities(table, text, limit=200)
    options = found["entity"].tolist()
    if current in set(table["entity"]) and current not in options:
        options.insert(0, current)
    if not options:
        st.info(tr("No entity matches the search."))
    else:
        chosen = st.selectbox(
            tr("Entity"),
            options,
            index=options.index(current) if current in options else 0,
            key="w_entity",
        )
        session.update_view(entity=chosen)
        row = table[table["entity"] == chosen].iloc[0]
        frequency = sidebar.frequency_picker(store, key="w_entity_freq")
        page = cached.entity_page(path, build, filters, chosen, frequency)
        layout.rtl(chosen, size="1.4rem")
        st.caption(
            tr("{type} · {articles} articles · {mentions} mentions").format(
                type=tr(row["type"]),
                articles=session.number(row["articles"]),
                mentions=session.number(row["mentions"]),
            )
        )
        left, right = st.columns(2)
        figures.chart(
            coverage_lines(
                page["coverage"].assign(
                    series=page["coverage"]["series"].replace("other outlets", tr("other outlets"))
                ),
                share=False,
                title=tr("Articles mentioning it, by outlet"),
                lang=lang,
            ),
            "entity_coverage",
            left,
        )
        figures.chart(
            coverage_lines(
                page["trends"],
                share=True,
                title=tr("Its articles that also mention …"),
                lang=lang,
            ),
            "entity_neighbours",
            right,
        )
        st.subheader(tr("Mentioned with"))
        st.caption(
            tr("Score: ")
            + tr(SCORE_HELP["npmi"])
            + " "
            + tr("Pairs seen in few articles are pulled towards 0.")
        )
        tables.table_with_downloads(page["neighbours"], key="neighbours", name="neighbours")
        st.subheader(tr("What it said"))
        with st.spinner(tr("Finding who said what…")):
            said = cached.entity_quotes(path, build, filters, chosen)
        if said.empty:
            st.caption(tr("No quote of it was found in the filtered articles."))
        else:
            lists.quote_list(said, key="entity_quotes", name="entity_quotes", shown=5)
        st.subheader(tr("Its articles"))
        lists.article_list(
            page["articles"], key="entity_articles", name="entity_articles", extra=("mentions",)
        )

with table_tab:
    st.subheader(tr("Pairs"))
    st.caption(
        "  \n".join(
            [
                tr("Count: articles mentioning both."),
                tr("Lift: ") + tr(SCORE_HELP["lift"]),
                tr("Association: ") + tr(SCORE_HELP["npmi"]),
                tr("Score: ") + tr(SCORE_HELP["pair_score"]),
            ]
        )
    )
    tables.table_with_downloads(pairs, key="pairs", name="entity_pairs")
    st.subheader(tr("Entities"))
    tables.table_with_downloads(table, key="entities", name="entities")
