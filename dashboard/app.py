"""Marsad's entry point: page setup, the shared filter sidebar and navigation; nothing else.

The page scripts live in ``views/``, not ``pages/``: Streamlit treats a ``pages/`` folder
beside the entry point as a legacy multipage app and would serve a deep link such as
``/topics`` without running this entry point (no sidebar, no URL state).

Everything runs inside one error boundary (a failure shows a message and an error id,
the detail goes to the server log). The URL is written as the view changes and again in a
``finally``, so a page that stops early (``st.stop``, after which Streamlit sends nothing
more) or fails still leaves a shareable address.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import cached, sessions, widgets
from dashboard.core.store import StoreError

# A local image: a material or emoji page icon makes every browser fetch it from a CDN.
ICON = Path(__file__).parent / "static" / "icon.png"


def upload_page() -> st.Page:
    """The upload page (also served when no corpus can be opened)."""
    return st.Page(
        "views/upload.py", title=widgets.tr("Your corpus"), icon=":material/upload_file:"
    )


def pages() -> list:
    """Every page, in navigation order."""
    return [
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
            "views/quotes.py", title=widgets.tr("Who said what"), icon=":material/format_quote:"
        ),
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
            "views/concordance.py",
            url_path="concordance",
            title=widgets.tr("Keyword in context"),
            icon=":material/format_align_center:",
        ),
        st.Page(
            "views/explore.py", title=widgets.tr("Explore & download"), icon=":material/table:"
        ),
        st.Page(
            "views/words.py", title=widgets.tr("Words & framing"), icon=":material/text_fields:"
        ),
        st.Page(
            "views/collections_events.py",
            url_path="collections",  # not collections.py: that would shadow a library
            title=widgets.tr("Collections & events"),
            icon=":material/bookmarks:",
        ),
        upload_page(),
    ]


def main() -> None:
    """The sidebar, then the chosen page."""
    sessions.release_expired()  # what closed tabs' expired sessions still hold
    widgets.language_picker()
    widgets.corpus_picker()
    try:
        store = cached.current_store(widgets.view().corpus)
    except StoreError as error:
        st.error(str(error))  # the server's own message: paths of its configuration, a command
        st.navigation([upload_page()]).run()  # a corpus can still be checked before any is built
        return
    widgets.check_view_ids(store)
    widgets.pin_events()
    widgets.stale_link_notice(store)
    widgets.filter_sidebar(store)
    widgets.share_box()
    widgets.image_format_picker()
    page = st.navigation(pages(), expanded=True)  # no "View more" link, which is English
    st.session_state[widgets.PAGE_TITLE_KEY] = page.title  # what its exports are titled
    page.run()


st.set_page_config(page_title="Marsad · مرصد", page_icon=str(ICON), layout="wide")
with widgets.error_boundary():
    try:
        main()
    finally:
        widgets.write_url()
