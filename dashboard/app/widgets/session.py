"""This session's view: its state, kept in the session and written to the URL, and its language.

Every other widget module reads the view and the words of the page through these functions.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from dashboard.analysis.query import topic_labels
from dashboard.app.i18n import DEFAULT as DEFAULT_LANGUAGE
from dashboard.app.i18n import (
    digits,
    header,
    ltr,
    number_first,
    translate,
)
from dashboard.app.state import (
    MAX_QUERY_CHARS,
    ViewState,
    check_ids,
    parse,
    to_params,
)
from dashboard.config import Settings
from dashboard.sharing import permalinks
from dashboard.storage.store import Store
from dashboard.text.literal import literal

LOG = logging.getLogger("marsad")


VIEW_KEY = "view"


PERMALINK_KEY = "s"


def view() -> ViewState:
    """This session's view state, read from the URL once, at the session's first run.

    A short link (``?s=CODE``) is expanded from the permalink database first. What the
    link holds is validated by :func:`dashboard.app.state.parse`; what it ignored is named.
    """
    if VIEW_KEY not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        lang = parse({"lang": params.get("lang", [])}).view.lang
        if PERMALINK_KEY in params:
            params = {"lang": params.get("lang", []), **short_link(params[PERMALINK_KEY][0], lang)}
        parsed = parse(params)
        st.session_state[VIEW_KEY] = parsed.view
        if parsed.too_long:
            message = (
                "This link is too long ({chars:,} characters; at most {most:,}): showing the "
                "default view. Share long views with a short link (in the sidebar)."
            )
            st.warning(translate(message, lang).format(chars=parsed.too_long, most=MAX_QUERY_CHARS))
        elif parsed.dropped:
            url_notice(parsed.dropped)
    return st.session_state[VIEW_KEY]


def short_link(code: str, lang: str) -> dict[str, list[str]]:
    """The parameters a short link stands for; {} (with a notice) when unknown or unavailable."""
    try:
        stored = permalinks.load(Settings.from_env().permalinks, code)
    except permalinks.PermalinkError as error:
        LOG.error("short link %s: %s", literal(code)[:40], error)
        stored = None
        st.warning(translate("Short links are unavailable here just now.", lang))
    else:
        if stored is None:
            st.warning(
                translate("This short link is unknown here; showing the default view.", lang)
            )
    return stored or {}


def url_notice(names: tuple[str, ...]) -> None:
    """Say which of the link's parameters were not understood (and so ignored)."""
    shown = ", ".join(f"`{literal(name[:40])}`" for name in dict.fromkeys(names))
    st.warning(
        tr("Part of this link was not understood and is ignored: {names}").format(names=shown)
    )


def check_view_ids(store: Store) -> None:
    """Drop from the view the ids its link names that ``store`` lacks, and say so."""
    ids = store.ids
    topics = set(topic_labels(store.frame("topics")))
    names = store.mentions["entity"]
    checked, dropped = check_ids(
        view(), lambda article: article in ids, topics, lambda name: bool((names == name).any())
    )
    if dropped:
        st.session_state[VIEW_KEY] = checked
        url_notice(dropped)


@contextmanager
def error_boundary() -> Iterator[None]:
    """Show a failure as a short message with an error id; the detail goes to the server log.

    Streamlit's own control flow (``st.stop``, ``st.rerun``, page switches) passes through.
    """
    try:
        yield
    except ScriptControlException:
        raise
    except Exception:
        error_id = uuid.uuid4().hex[:8]
        LOG.exception("page error %s", error_id)
        message = (
            "Something went wrong on this page (error {id}). Try another view; the details "
            "are in the server log."
        )
        lang = getattr(st.session_state.get(VIEW_KEY), "lang", DEFAULT_LANGUAGE)  # no view()
        st.error(translate(message, lang).format(id=error_id))


def share_box() -> None:
    """Sidebar control that turns the current view into a short permalink."""
    if st.sidebar.button(tr("Short link to this view"), icon=":material/link:", key="w_share_link"):
        try:
            code = permalinks.save(Settings.from_env().permalinks, to_params(view()))
        except permalinks.ViewTooLarge:
            st.sidebar.warning(
                tr("This view is too large for a short link; the address bar holds its link.")
            )
            return
        except permalinks.PermalinkError as error:
            LOG.error("short link not saved: %s", error)
            st.sidebar.warning(tr("Short links are unavailable here just now."))
            return
        base = str(st.context.url or "").split("?")[0]
        st.sidebar.code(f"{base}?{PERMALINK_KEY}={code}", language=None, wrap_lines=True)
        st.sidebar.caption(tr("The address bar always holds the full link too."))


def update_view(**changes: object) -> ViewState:
    """Replace fields of the view state; returns the new state."""
    st.session_state[VIEW_KEY] = replace(view(), **changes)
    write_url()  # now: a page that stops early (st.stop) writes nothing after this
    return st.session_state[VIEW_KEY]


def write_url() -> None:
    """Mirror the view state into the URL, so the address bar is always a shareable link
    (only when it differs: each change is written as it is made)."""
    params = to_params(view())
    if {key: st.query_params.get_all(key) for key in st.query_params} != params:
        st.query_params.from_dict(params)


def seed(key: str, value: object) -> str:
    """Give widget ``key`` its value from the view state when it has none yet; returns the key."""
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def tr(text: str) -> str:
    """An interface label in the view's language."""
    return translate(text, view().lang)


def named(names: Mapping[Any, str]) -> Callable[[Any], str]:
    """A widget's format function: each option's English name in this run's language.

    The names are translated now, not when the function is called: one that read the view
    when called (AppTest calls it outside the script's run, where the view is the default
    one) would write the options in another language than the widget shows, and a choice
    set through it would not be found."""
    shown = {option: tr(text) for option, text in names.items()}
    return lambda option: shown.get(option, str(option))


def headers(columns: Sequence[str]) -> Callable[[Any], str]:
    """A column picker's format function: each column named as its table header reads in
    this run's language (:func:`dashboard.app.i18n.header`), not as the data calls it."""
    shown = {column: header(column, lang()) for column in columns}
    return lambda column: shown.get(column, str(column))


def topic_names(labels: Mapping[int, str]) -> Callable[[Any], str]:
    """A topic picker's format function: each topic's "12: label", its number first in
    either language (:func:`dashboard.app.i18n.number_first`; a picker lays an option out
    by its first letter, which put an Arabic label's number at its right end in English)."""
    shown = {topic: number_first(label, lang()) for topic, label in labels.items()}
    return lambda topic: shown.get(topic, str(topic))


def lang() -> str:
    """The interface language of this session."""
    return view().lang


def number(value: float, spec: str = ",") -> str:
    """A figure formatted by ``spec``, in Arabic-Indic digits when the reader chose them."""
    return digits(format(value, spec), view().indic)


def stale_link_notice(store: Store) -> None:
    """Say so when the link was made on an earlier build of the corpus; record this build."""
    current = store.manifest["build_id"]
    made_on = st.session_state.setdefault("link_build", view().build)
    if made_on and made_on != current:
        st.info(
            tr(
                "This link was made on corpus build {made_on}; the corpus has been rebuilt "
                "since (now {current}). Figures may differ from what was shared."
            ).format(made_on=ltr(literal(made_on)), current=ltr(literal(current)))
        )
    update_view(build=current)
