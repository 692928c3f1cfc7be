"""Entities: who and what is mentioned, and who appears with whom."""

import streamlit as st

from dashboard import cached, charts, widgets

store = cached.current_store()
path, build = str(store.path), store.manifest["build_id"]
filters = widgets.view().filters

st.title("Entities")
support = st.slider("Minimum articles shared by a pair", 1, 20, 2, key="w_support")
table, pairs = cached.entities(path, build, filters, support)
if table.empty:
    st.info("No entity found in the filtered articles.")
    st.stop()

left, right = st.columns([2, 3])
left.plotly_chart(charts.entity_bars(table, "Most mentioned"), width="stretch")

top = table.head(40)
shown = set(top["entity"])
edges = pairs[pairs["source"].isin(shown) & pairs["target"].isin(shown)].head(120)
nodes = top[top["entity"].isin(set(edges["source"]) | set(edges["target"]))]
if edges.empty:
    right.info("No pair of the top entities meets the minimum support.")
else:
    right.plotly_chart(
        charts.network(nodes, edges, "Co-occurrence (edge width = NPMI)"), width="stretch"
    )

st.subheader("Pairs")
st.caption("count = articles mentioning both; lift > 1 and NPMI > 0 mean more often than chance.")
widgets.table_with_downloads(pairs, key="pairs", name="entity_pairs")
st.subheader("Entities")
widgets.table_with_downloads(table, key="entities", name="entities")
