"""Marsad's entry point: page setup, the shared filter sidebar and navigation; nothing else.

The page scripts live in ``views/``, not ``pages/``: Streamlit treats a ``pages/`` folder
beside the entry point as a legacy multipage app and would serve a deep link such as
``/topics`` without running this entry point (no sidebar, no URL state).
"""

from __future__ import annotations

import streamlit as st

from dashboard import cached, sessions, widgets
from dashboard.core.store import StoreError

st.set_page_config(page_title="Marsad · مرصد", page_icon=":material/insights:", layout="wide")
sessions.release_expired()  # what closed tabs' expired sessions still hold
widgets.language_picker()
widgets.corpus_picker()

UPLOAD = st.Page("views/upload.py", title=widgets.tr("Your corpus"), icon=":material/upload_file:")

try:
    store = cached.current_store(widgets.view().corpus)
except StoreError as error:
    st.error(str(error))
    st.navigation([UPLOAD]).run()  # a corpus can still be checked before any is built
    st.stop()

widgets.stale_link_notice(store)
widgets.filter_sidebar(store)
widgets.share_box()
widgets.image_format_picker()
page = st.navigation(
    [
        st.Page(
            "views/overview.py",
            title=widgets.tr("Overview"),
            icon=":material/dashboard:",
            default=True,
        ),
        st.Page(
            "views/coverage_time.py",
            url_path="coverage",  # the file is not coverage.py: that would shadow a library
            title=widgets.tr("Coverage over time"),
            icon=":material/show_chart:",
        ),
        st.Page("views/topics.py", title=widgets.tr("Topics"), icon=":material/category:"),
        st.Page("views/entities.py", title=widgets.tr("Entities"), icon=":material/hub:"),
        st.Page(
            "views/similar.py", title=widgets.tr("Similar articles"), icon=":material/join_inner:"
        ),
        st.Page(
            "views/reader.py",
            url_path="reader",
            title=widgets.tr("Article reader"),
            icon=":material/article:",
        ),
        st.Page(
            "views/search.py", title=widgets.tr("Search & attention"), icon=":material/search:"
        ),
        st.Page(
            "views/explore.py", title=widgets.tr("Explore & download"), icon=":material/table:"
        ),
        UPLOAD,
    ]
)
page.run()
widgets.write_url()
