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

from dashboard.app import cached, context, navigation, sessions
from dashboard.app.widgets import editing, preferences, session, sidebar, tables
from dashboard.storage.store import StoreError

# A local image: a material or emoji page icon makes every browser fetch it from a CDN.
ICON = Path(__file__).parent / "static" / "icon.png"


def streamlit_page(entry: navigation.PageEntry) -> st.Page:
    """The Streamlit page of one entry of the page table, its title in the view's language."""
    return st.Page(
        entry.file,
        title=session.tr(entry.title),
        icon=entry.icon,
        url_path=entry.url_path or None,
        default=entry.default,
    )


def pages() -> list:
    """Every page, in navigation order."""
    return [streamlit_page(entry) for entry in navigation.PAGES]


def main() -> None:
    """The sidebar, then the chosen page."""
    sessions.release_expired()  # what closed tabs' expired sessions still hold
    preferences.language_picker()
    preferences.corpus_picker()
    try:
        store = cached.current_store(session.view().corpus)
    except StoreError as error:
        st.error(str(error))  # the server's own message: paths of its configuration, a command
        # A corpus can still be checked before any is built.
        st.navigation([streamlit_page(navigation.UPLOAD)]).run()
        return
    session.check_view_ids(store)
    editing.pin_events()
    session.stale_link_notice(store)
    sidebar.filter_sidebar(store)
    context.begin(store, session.view().filters)
    session.share_box()
    preferences.image_format_picker()
    page = st.navigation(pages(), expanded=True)  # no "View more" link, which is English
    st.session_state[tables.PAGE_TITLE_KEY] = page.title  # what its exports are titled
    page.run()


st.set_page_config(page_title="Marsad · مرصد", page_icon=str(ICON), layout="wide")
with session.error_boundary():
    try:
        main()
    finally:
        session.write_url()
