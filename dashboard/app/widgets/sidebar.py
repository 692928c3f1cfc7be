"""The filter sidebar: dates, outlets, topics and query, collections, saved queries, frequency."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.analysis.query import FREQUENCIES, Filters, auto_frequency, topic_labels
from dashboard.app.i18n import isolate
from dashboard.app.state import fit_dates
from dashboard.app.widgets.session import (
    LOG,
    VIEW_KEY,
    named,
    number,
    seed,
    topic_names,
    tr,
    update_view,
    view,
)
from dashboard.app.widgets.tables import TOPIC_NAMES_KEY
from dashboard.config import Settings
from dashboard.sharing import collections
from dashboard.storage.store import Store
from dashboard.text.literal import literal

NARROWED_KEY = "narrowed_from"  # the date range before a chart selection narrowed it


SELECTION_ROUND_KEY = "selection_round"


QUERY_HELP = (
    "Whole words, with و ف ب ل ك ال بال لل in front allowed; word* for words that start so; "
    '"quoted phrase" for words in order; words side by side must all appear (AND); OR between '
    "alternatives; NOT or -word excludes; parentheses group. أو and و are words."
)


def filter_sidebar(store: Store) -> Filters:
    """The global filters in the sidebar; returns them and stores them in the view state."""
    articles = store.articles
    first, last = articles["published_at"].min().date(), articles["published_at"].max().date()
    current = fit_dates(view().filters, first, last)
    labels = topic_labels(store.frame("topics"))
    st.session_state[TOPIC_NAMES_KEY] = labels
    st.sidebar.header(tr("Filters"))
    span = st.sidebar.date_input(
        tr("Date range"),
        key=seed("f_dates", (current.start or first, current.end or last)),
        min_value=first,
        max_value=last,
        persist_state="session",
    )
    if NARROWED_KEY in st.session_state:
        clear_selection_button("w_clear_sidebar", st.sidebar)
    collection_picker(set(articles["outlet"]))
    outlets = st.sidebar.multiselect(
        tr("Outlets"),
        sorted(articles["outlet"].unique()),
        placeholder=tr("Choose options"),
        key=seed("f_outlets", [o for o in current.outlets if o in set(articles["outlet"])]),
        persist_state="session",
    )
    topics = st.sidebar.multiselect(
        tr("Topics"),
        [t for t in labels if t >= 0],
        format_func=topic_names(labels),
        placeholder=tr("Choose options"),
        key=seed("f_topics", [t for t in current.topics if t in labels]),
        persist_state="session",
    )
    text = st.sidebar.text_input(
        tr("Search text"),
        key=seed("f_text", current.text),
        help=tr(QUERY_HELP),
        persist_state="session",
    )
    saved_query_picker()
    start, end = date_bounds(span, first, last)
    filters = Filters(start=start, end=end, outlets=tuple(outlets), topics=tuple(topics), text=text)
    update_view(filters=filters)
    return filters


def shared_collections(kind: str) -> list[collections.Collection] | None:
    """The collections of ``kind``; None (the reason logged) when they are unavailable."""
    try:
        return collections.listing(Settings.from_env().permalinks, kind)
    except collections.CollectionError as error:
        LOG.error("collections: %s", error)
        return None


def use_outlet_collection(
    found: dict[str, tuple[str, ...]], known: set[str], key: str, target: str
) -> None:
    """Set the outlets widget ``target`` to the collection chosen in ``key`` (a callback);
    outlets this corpus lacks are counted for a note."""
    name = st.session_state.get(key)
    st.session_state[key] = None  # a menu of actions: nothing stays chosen
    if name not in found:
        return
    st.session_state[target] = [o for o in found[name] if o in known]
    st.session_state[f"{key}_note"] = (name, sum(o not in known for o in found[name]))


def collection_picker(
    known: set[str],
    where: DeltaGenerator | None = None,
    key: str = "w_collection",
    target: str = "f_outlets",
) -> None:
    """A menu that sets an outlets widget (by default the sidebar's filter, in the sidebar)
    to a saved outlet collection; ``known`` are the corpus's outlets."""
    where = where or st.sidebar
    found = shared_collections("outlets")
    if found is None:
        where.caption(tr("Collections are unavailable here just now."))
        return
    if not found:
        return
    items = {c.name: c.items for c in found}
    where.selectbox(
        tr("Outlet collection"),
        list(items),
        index=None,
        placeholder=tr("Set the outlets to a collection"),
        key=key,
        on_change=use_outlet_collection,
        args=(items, known, key, target),
    )
    note = st.session_state.pop(f"{key}_note", None)
    if note:
        missing = tr("{name}: {n} of its outlets are not in this corpus.")
        where.caption(
            missing.format(name=isolate(literal(note[0])), n=number(note[1]))
            if note[1]
            else tr("Outlets set to the collection {name}.").format(name=isolate(literal(note[0])))
        )


def use_saved_query(found: dict[str, str], key: str, target: str) -> None:
    """Put the expansion of the saved query chosen in ``key`` in the text widget ``target``
    (a callback)."""
    name = st.session_state.get(key)
    st.session_state[key] = None
    if name in found:
        st.session_state[target] = found[name]


def saved_query_picker(
    where: DeltaGenerator | None = None,
    key: str = "w_saved_query",
    target: str = "f_text",
    placeholder: str = "Search with a saved query",
    hint: str = "Puts the query's aliases, joined by OR, in the search box.",
) -> None:
    """A menu that puts a saved query (its aliases joined by OR) in a query box (by default
    the sidebar's search box, in the sidebar); ``placeholder`` and ``hint`` (its help) are
    English texts of :mod:`dashboard.app.i18n`."""
    found = shared_collections("query")
    if not found:
        return
    (where or st.sidebar).selectbox(
        tr("Saved query"),
        [c.name for c in found],
        index=None,
        placeholder=tr(placeholder),
        key=key,
        on_change=use_saved_query,
        args=({c.name: c.query for c in found}, key, target),
        help=tr(hint),
    )


def narrow_dates(start: date, end: date) -> None:
    """Set the sidebar's date range (a button callback: it runs before the widgets exist).

    The range before the first narrowing is kept, for :func:`clear_selection`.
    """
    st.session_state.setdefault(NARROWED_KEY, st.session_state.get("f_dates"))
    st.session_state["f_dates"] = (start, end)


def clear_selection() -> None:
    """Drop every chart selection and restore the date range a selection narrowed (a callback).

    A chart's selection is read-only state under its key, so selectable charts take
    their key from :func:`selection_key`, which this changes.
    """
    st.session_state[SELECTION_ROUND_KEY] = st.session_state.get(SELECTION_ROUND_KEY, 0) + 1
    st.session_state[VIEW_KEY] = replace(view(), drill="")  # and the drill-down it listed
    before = st.session_state.pop(NARROWED_KEY, None)
    if before is not None:
        st.session_state["f_dates"] = before


def selection_key(name: str) -> str:
    """The key of a selectable chart, renewed by :func:`clear_selection`."""
    return f"{name}_{st.session_state.get(SELECTION_ROUND_KEY, 0)}"


def clear_selection_button(key: str, where: DeltaGenerator | None = None) -> None:
    """One click that clears chart selections and the date narrowing they caused."""
    (where or st).button(
        tr("Clear chart selection"),
        key=key,
        icon=":material/deselect:",
        on_click=clear_selection,
        help=tr("Forget the chart selection and restore the date range it narrowed."),
    )


def date_bounds(span: object, first: date, last: date) -> tuple[date | None, date | None]:
    """(start, end) from a date_input value; the corpus bounds mean no filter."""
    values = list(span) if isinstance(span, list | tuple) else [span]
    start = values[0] if values else None
    end = values[1] if len(values) > 1 else start
    return (None if start == first else start, None if end == last else end)


def frequency_picker(store: Store, key: str = "w_freq") -> str:
    """Day / week / month, bound to the view state; by default fitted to the corpus span."""
    when = store.articles["published_at"]
    fitted = auto_frequency(when.min(), when.max())
    choice = st.segmented_control(
        tr("Period"),
        list(FREQUENCIES),
        format_func=named({f: f for f in FREQUENCIES}),
        key=seed(key, view().frequency or fitted),
        persist_state="session",
    )
    update_view(frequency="" if choice in (None, fitted) else choice)
    return choice or fitted
