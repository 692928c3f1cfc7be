"""Marsad's entry point: page setup, the shared filter sidebar and navigation; nothing else."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, widgets
from dashboard.core.store import StoreError

st.set_page_config(page_title="Marsad · مرصد", page_icon=":material/insights:", layout="wide")
widgets.language_picker()

UPLOAD = st.Page("pages/upload.py", title=widgets.tr("Your corpus"), icon=":material/upload_file:")

try:
    store = cached.current_store()
except StoreError as error:
    st.error(str(error))
    st.navigation([UPLOAD]).run()  # a corpus can still be checked before any is built
    st.stop()

widgets.stale_link_notice(store)
widgets.filter_sidebar(store)
widgets.share_box()
page = st.navigation(
    [
        st.Page(
            "pages/overview.py",
            title=widgets.tr("Overview"),
            icon=":material/dashboard:",
            default=True,
        ),
        st.Page(
            "pages/coverage_time.py",
            url_path="coverage",  # the file is not coverage.py: that would shadow a library
            title=widgets.tr("Coverage over time"),
            icon=":material/show_chart:",
        ),
        st.Page("pages/topics.py", title=widgets.tr("Topics"), icon=":material/category:"),
        st.Page("pages/entities.py", title=widgets.tr("Entities"), icon=":material/hub:"),
        st.Page(
            "pages/similar.py", title=widgets.tr("Similar articles"), icon=":material/join_inner:"
        ),
        st.Page(
            "pages/search.py", title=widgets.tr("Search & attention"), icon=":material/search:"
        ),
        st.Page(
            "pages/explore.py", title=widgets.tr("Explore & download"), icon=":material/table:"
        ),
        UPLOAD,
    ]
)
page.run()
widgets.write_url()
