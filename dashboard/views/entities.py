"""Entities: who and what is mentioned, who appears with whom, and one entity's profile."""

import streamlit as st

from dashboard import cached, charts, widgets
from dashboard.core.entity_profile import search_entities

store = cached.current_store(widgets.view().corpus)
path, build = str(store.path), store.manifest["build_id"]
filters = widgets.view().filters

st.title(widgets.tr("Entities"))
support = st.slider(widgets.tr("Minimum articles shared by a pair"), 1, 20, 2, key="w_support")
table, pairs = cached.entities(path, build, filters, support)
if table.empty:
    st.info(widgets.tr("No entity found in the filtered articles."))
    st.stop()

network_tab, matrix_tab, entity_tab, table_tab = st.tabs(["Network", "Matrix", "Entity", "Tables"])

with network_tab:
    left, right = st.columns([2, 3])
    widgets.chart(charts.entity_bars(table, widgets.tr("Most mentioned")), "entities", left)
    top = table.head(40)
    shown = set(top["entity"])
    edges = pairs[pairs["source"].isin(shown) & pairs["target"].isin(shown)].head(120)
    nodes = top[top["entity"].isin(set(edges["source"]) | set(edges["target"]))]
    if edges.empty:
        right.info(widgets.tr("No pair of the top entities meets the minimum support."))
    else:
        widgets.chart(
            charts.network(nodes, edges, widgets.tr("Co-occurrence (edge width = NPMI)")),
            "entity_network",
            right,
        )

with matrix_tab:
    size = st.slider(widgets.tr("Entities"), 5, 40, 15, key="w_matrix_top")
    shared = cached.entity_matrix(path, build, filters, size)
    widgets.chart(
        charts.cooccurrence_matrix(
            shared, widgets.tr("Articles shared by the most mentioned entities")
        ),
        "entity_matrix",
    )
    widgets.table_with_downloads(
        shared.reset_index(names="entity"), key="matrix", name="entity_matrix"
    )

with entity_tab:
    current = widgets.view().entity
    text = st.text_input(widgets.tr("Search entities"), key="w_entity_search")
    found = search_entities(table, text, limit=200)
    options = found["entity"].tolist()
    if current in set(table["entity"]) and current not in options:
        options.insert(0, current)
    if not options:
        st.info(widgets.tr("No entity matches the search."))
    else:
        chosen = st.selectbox(
            widgets.tr("Entity"),
            options,
            index=options.index(current) if current in options else 0,
            key="w_entity",
        )
        widgets.update_view(entity=chosen)
        row = table[table["entity"] == chosen].iloc[0]
        frequency = widgets.frequency_picker(store, key="w_entity_freq")
        page = cached.entity_page(path, build, filters, chosen, frequency)
        widgets.rtl(chosen, size="1.4rem")
        st.caption(f"{row['type']} · {row['articles']:,} articles · {row['mentions']:,} mentions")
        left, right = st.columns(2)
        widgets.chart(
            charts.coverage_lines(
                page["coverage"], share=False, title="Articles mentioning it, by outlet"
            ),
            "entity_coverage",
            left,
        )
        widgets.chart(
            charts.coverage_lines(
                page["trends"], share=True, title="Its articles that also mention …"
            ),
            "entity_neighbours",
            right,
        )
        st.subheader(widgets.tr("Mentioned with"))
        st.caption("score = NPMI shrunk towards 0 for pairs seen in few articles.")
        widgets.table_with_downloads(page["neighbours"], key="neighbours", name="neighbours")
        st.subheader(widgets.tr("Its articles"))
        listed = page["articles"]
        widgets.table_with_downloads(
            listed[["published_at", "outlet", "title", "mentions", "id"]],
            key="entity_articles",
            name="entity_articles",
        )
        for _, article in listed.head(5).iterrows():
            widgets.article_card(article, body_chars=300)

with table_tab:
    st.subheader(widgets.tr("Pairs"))
    st.caption(
        "count = articles mentioning both; lift > 1 and NPMI > 0 mean more often than chance; "
        "score = NPMI × count / (count + 5), the ranking."
    )
    widgets.table_with_downloads(pairs, key="pairs", name="entity_pairs")
    st.subheader(widgets.tr("Entities"))
    widgets.table_with_downloads(table, key="entities", name="entities")
