"""Editors and their timeline events: the editor gate, refusals, the events pinned to charts."""

from __future__ import annotations

import hmac

import streamlit as st

from dashboard.app.widgets.session import LOG, number, tr, update_view, url_notice, view
from dashboard.config import Settings
from dashboard.sharing import events
from dashboard.sharing.refusal import Refusal
from dashboard.text.literal import literal

EDITOR_KEY = "editor_token"  # the valid editor token this session entered


EVENTS_KEY = "timeline_events"  # (code, events) of the event set the time charts show


def refusal_text(error: Refusal) -> str:
    """A refusal from :mod:`dashboard.sharing` in the interface's language (safe for Markdown)."""
    values = {k: literal(v) if isinstance(v, str) else v for k, v in error.values.items()}
    text = tr(error.reason).format(**values)
    if error.field:
        text = f"{tr(error.field)}: {text}"
    if error.entry is not None:
        text = tr("Entry {n} of the file").format(n=number(error.entry + 1)) + ": " + text
    return text


def is_editor() -> bool:
    """Whether this session may change what is shared (corpora, collections, events): when
    the server allows it (``MARSAD_ALLOW_UPLOADS``), or once the editor token was entered."""
    return Settings.from_env().allow_uploads or EDITOR_KEY in st.session_state


def editor_gate(message: str, key: str = "w_editor_token") -> bool:
    """:func:`is_editor`; otherwise ``message`` (already translated) and, when the server
    has an editor token, a box to enter it (kept for the session)."""
    if is_editor():
        return True
    st.info(message)
    expected = Settings.from_env().editor_token
    if not expected:
        return False
    token = st.text_input(tr("Editor token"), type="password", key=key)
    if token and hmac.compare_digest(token.encode(), expected.encode()):
        st.session_state[EDITOR_KEY] = token
        st.rerun()
    if token:
        st.error(tr("This editor token is not valid."))
    return False


def pin_events() -> None:
    """Load the timeline events the view's charts show: the set its link names, else the
    corpus's current set, whose code then goes into the URL (so the link reproduces it).

    A set the link names that is unknown here is named in a notice; an unusable database
    only hides the events ("unavailable"), and the link keeps its code.
    """
    code, corpus = view().events, view().corpus
    held = st.session_state.get(EVENTS_KEY)
    if code and held and held[0] == code:
        return
    db = Settings.from_env().permalinks
    try:
        found = events.load_set(db, code) if code else None
        if code and (found is None or found[0] != corpus):
            url_notice(("events",))
        elif found is not None:
            st.session_state[EVENTS_KEY] = (code, found[1])
            return
        now, shown = events.current(db, corpus)
    except events.EventError as error:
        LOG.error("timeline events: %s", error)
        st.session_state.pop(EVENTS_KEY, None)
        st.sidebar.caption(tr("Timeline events are unavailable here just now."))
        return
    st.session_state[EVENTS_KEY] = (now, shown)
    update_view(events=now)


def timeline_events() -> tuple[events.Event, ...]:
    """The timeline events the view's time charts show (see :func:`pin_events`)."""
    held = st.session_state.get(EVENTS_KEY)
    return held[1] if held and held[0] == view().events else ()
