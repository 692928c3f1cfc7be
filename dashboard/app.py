"""Marsad's entry point: page setup, the shared filter sidebar and navigation; nothing else."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, widgets
from dashboard.core.store import StoreError

st.set_page_config(page_title="Marsad · مرصد", page_icon=":material/insights:", layout="wide")
widgets.arabic_styles()

try:
    store = cached.current_store()
except StoreError as error:
    st.error(str(error))
    st.stop()

widgets.stale_link_notice(store)
widgets.filter_sidebar(store)
page = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("pages/coverage.py", title="Coverage over time", icon=":material/show_chart:"),
        st.Page("pages/topics.py", title="Topics", icon=":material/category:"),
        st.Page("pages/entities.py", title="Entities", icon=":material/hub:"),
        st.Page("pages/similar.py", title="Similar articles", icon=":material/join_inner:"),
        st.Page("pages/explore.py", title="Explore & download", icon=":material/table:"),
    ]
)
page.run()
widgets.write_url()
