"""Reusable UI pieces: the view state in the session, the filter sidebar, tables with
downloads, and the right-to-left article card."""

from __future__ import annotations

import hmac
import html
import logging
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException
from streamlit.typing import PlotlyState

from dashboard.analysis.highlight import clean
from dashboard.analysis.query import FREQUENCIES, Filters, auto_frequency, topic_labels
from dashboard.analysis.topic_time import MIN_BASELINE_ARTICLES, MIN_BURST_ARTICLES, burst_articles
from dashboard.app import cached
from dashboard.app.charts.localise import localised
from dashboard.app.charts.style import captioned
from dashboard.app.charts.timelines import with_events
from dashboard.app.charts.words import rising_bars
from dashboard.app.i18n import DEFAULT as DEFAULT_LANGUAGE
from dashboard.app.i18n import (
    LANGUAGES,
    SCORE_HELP,
    digits,
    header,
    isolate,
    lag_text,
    ltr,
    number_first,
    numbered,
    time_known,
    translate,
    when_text,
)
from dashboard.app.state import (
    LIST_ORDERS,
    MAX_QUERY_CHARS,
    ViewState,
    check_ids,
    fit_dates,
    link,
    parse,
    switch_corpus,
    to_params,
)
from dashboard.config import Settings
from dashboard.sharing import collections, events, export, permalinks
from dashboard.sharing.export import FORMATS, About, sidecar, to_bytes
from dashboard.sharing.refusal import Refusal
from dashboard.storage import corpora
from dashboard.storage.store import Store
from dashboard.text.literal import literal

LOG = logging.getLogger("marsad")

VIEW_KEY = "view"
EDITOR_KEY = "editor_token"  # the valid editor token this session entered
EVENTS_KEY = "timeline_events"  # (code, events) of the event set the time charts show
PERMALINK_KEY = "s"
NARROWED_KEY = "narrowed_from"  # the date range before a chart selection narrowed it
SELECTION_ROUND_KEY = "selection_round"
IMAGE_FORMAT_KEY = "w_image_format"
IMAGE_FORMATS = ("png", "svg")
PAGE_TITLE_KEY = "page_title"  # the shown page's title, for what its exports say
TOPIC_NAMES_KEY = "topic_names"  # the corpus's topic labels, for filters in words
CAPTION_CHARS = 100  # of a chart's caption line
QUERY_HELP = (
    "Whole words, with و ف ب ل ك ال بال لل in front allowed; word* for words that start so; "
    '"quoted phrase" for words in order; words side by side must all appear (AND); OR between '
    "alternatives; NOT or -word excludes; parentheses group. أو and و are words."
)
LIST_PAGE = 20  # articles per page of a paged list
PAGED_LIST_KEY = "paged_list"  # which list the view's page and order belong to


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


def tabs(named: dict[str, str], key: str, default: str = "") -> dict[str, DeltaGenerator]:
    """Tabs whose choice is in the URL (``tab=ID``): ``named`` maps a tab's id to its English
    label. Opens the view's tab, else ``default``, else the first; returns the containers
    by id."""
    ids = list(named)
    labels = [tr(named[i]) for i in ids]
    wanted = view().tab if view().tab in ids else (default or ids[0])
    widget = f"{key}_{lang()}"  # the labels change with the language
    containers = st.tabs(labels, default=labels[ids.index(wanted)], key=widget, on_change="rerun")
    shown = st.session_state.get(widget)
    update_view(tab=ids[labels.index(shown)] if shown in labels else wanted)
    return dict(zip(ids, containers, strict=True))


def rtl(text: str, tag: str = "div", size: str = "1rem") -> None:
    """Show Arabic text right-to-left, escaped: article text never renders as HTML."""
    paragraphs = "".join(
        f"<p>{html.escape(line)}</p>" for line in str(text).splitlines() if line.strip()
    )
    rtl_markup(paragraphs, tag, size)


def rtl_markup(markup: str, tag: str = "div", size: str = "1rem") -> None:
    """Show markup right-to-left; ``markup`` is built from escaped text, never raw article text."""
    st.html(
        f'<{tag} dir="rtl" lang="ar" style="text-align:right;font-size:{size};'
        f'line-height:1.8">{markup}</{tag}>'
    )


def href(page: str, **changes: object) -> str:
    """A relative link to ``page`` with the current view (filters, language) and ``changes``."""
    return link(view(), page, **changes)


def anchor(target: str, label: str, css: str = "", new_tab: bool = False) -> str:
    """An HTML link; ``target``, ``label`` and ``css`` are escaped here. A link within the app
    opens in the same tab, where the new URL starts the view it names."""
    opens = ' target="_blank" rel="noopener noreferrer nofollow"' if new_tab else ' target="_self"'
    style = f' class="{html.escape(css)}"' if css else ""
    return f'<a href="{html.escape(target)}"{style}{opens}>{html.escape(clean(label))}</a>'


def reader_anchor(article_id: str, label: str) -> str:
    """An HTML link opening ``article_id`` in the reader."""
    return anchor(href("reader", article=article_id), label)


def article_meta(row: pd.Series, size: str = "0.85rem") -> None:
    """Outlet, date and tags of an article on one line, in the interface's direction, each
    part isolated (an English page read "13:31 outlet · 21 Jul 2015" in a right-to-left
    line); text is escaped."""
    when = when_text(row["published_at"], lang())  # the time of day only when it is known
    parts = [clean(str(row["outlet"])), when, *(clean(str(tag)) for tag in row["tags"])]
    page_line(" · ".join(f"<bdi>{html.escape(part)}</bdi>" for part in parts), size)


def page_line(markup: str, size: str = "0.9rem") -> None:
    """A line of markup (built from escaped text) in the interface's direction."""
    direction = "rtl" if lang() == "ar" else "ltr"
    st.html(
        f'<div dir="{direction}" style="text-align:start;font-size:{size};line-height:1.8">'
        f"{markup}</div>"
    )


def stored_texts(article_id: str, columns: list[str]) -> list[str]:
    """Long texts of one article of the current corpus, read from its store by row (a
    served store holds no bodies in memory)."""
    store = cached.current_store(view().corpus)
    return cached.article_texts(str(store.path), store.manifest["build_id"], article_id, columns)


def article_card(row: pd.Series, body_chars: int | None = 600) -> None:
    """An article as a reader sees it: title, outlet, date, tags, body and a link to read it."""
    article_id = str(row["id"]) if "id" in row.index else str(row.name)
    body = row["body"] if "body" in row.index else stored_texts(article_id, ["body"])[0]
    body = body if body_chars is None else shorten(body, body_chars)
    with st.container(border=True):
        rtl(clean(row["title"]), size="1.2rem")
        article_meta(row)
        rtl(clean(body))
        rtl_markup(reader_anchor(article_id, tr("Read the article")))


def crawl_date_note(share: float) -> None:
    """A visible warning over time charts when dates are crawl times, not publication times."""
    if share > 0:
        st.warning(
            tr("Dates are crawl times for {share} of articles, not publication times.").format(
                share=small_share(share)
            )
        )


def small_share(share: float) -> str:
    """A share as a percentage that never reads 0% when it is not zero.

    >>> small_share(0.42), small_share(2 / 405), small_share(0.00004)
    ('42%', '0.5%', '<0.1%')
    """
    if share >= 0.1:
        return f"{share:.0%}"
    return f"{share:.1%}" if share >= 0.001 else "<0.1%"


def paged_list(ids: pd.Series, key: str) -> bool:
    """Make the view's page and order belong to the list of ``ids`` under ``key``; returns
    whether the list is new to this session. A link's page and order hold for the first
    list the session shows (a shared link opens the same page); another list starts at its
    first page."""
    signature = (
        f"{key}:{len(ids)}:{ids.iat[0] if len(ids) else ''}:{ids.iat[-1] if len(ids) else ''}"
    )
    known = st.session_state.get(PAGED_LIST_KEY)
    if known == signature:
        return False
    st.session_state[PAGED_LIST_KEY] = signature
    if known is not None:
        update_view(page=1, sort=LIST_ORDERS[0])
    for suffix in ("_page", "_sort"):
        st.session_state.pop(f"{key}{suffix}", None)
    return True


def pager(total: int, key: str, where: DeltaGenerator | None = None) -> int:
    """The page (from 1) of a list of ``total`` items shown :data:`LIST_PAGE` at a time,
    chosen in a number box and kept in the URL (``page=N``; see :func:`paged_list`)."""
    pages = max(1, -(-total // LIST_PAGE))
    page = (where or st).number_input(
        tr("Page"),
        min_value=1,
        max_value=pages,
        step=1,
        key=seed(f"{key}_page", min(view().page, pages)),
    )
    update_view(page=int(page))
    return int(page)


def page_caption(shown: int, total: int, page: int) -> None:
    """ "20 of 138 articles (page 1 of 7)", in the interface's digits."""
    st.caption(
        tr("{shown} of {total} articles (page {page} of {pages})").format(
            shown=number(shown),
            total=number(total),
            page=number(page),
            pages=number(max(1, -(-total // LIST_PAGE))),
        )
    )


def article_list(found: pd.DataFrame, key: str, name: str, extra: tuple[str, ...] = ()) -> None:
    """Every article of a list (a drill-down, an entity's or a topic's articles), a page at a
    time: "20 of 138", newest first, oldest first or by outlet, page and order in the URL,
    and a download of every article listed (with the ``extra`` columns)."""
    total = len(found)
    if not total:
        st.info(tr("No article here."))
        return
    paged_list(found["id"], key)
    sort_box, page_box = st.columns(2)
    order = (
        sort_box.segmented_control(
            tr("Sort"),
            LIST_ORDERS,
            format_func=named({"newest": "Newest", "oldest": "Oldest", "outlet": "Outlet"}),
            key=seed(f"{key}_sort", view().sort),
        )
        or LIST_ORDERS[0]
    )
    update_view(sort=order)
    rows = found.sort_values(
        ["outlet", "published_at"] if order == "outlet" else "published_at",
        ascending=order != "newest",
        kind="stable",
    )
    page = pager(total, key, page_box)
    shown = rows.iloc[(page - 1) * LIST_PAGE : page * LIST_PAGE]
    page_caption(len(shown), total, page)
    for _, row in shown.iterrows():
        article_card(row, body_chars=240)
    columns = ("id", "published_at", "outlet", "title", *extra, "url")
    listed = rows[[c for c in columns if c in rows]]
    table_with_downloads(listed, key=f"{key}_list", name=name)


def article_picker(store: Store, articles: pd.DataFrame, key: str = "w_article") -> str | None:
    """Choose an article by title (type to search) among the 500 most recent of ``articles``;
    the view's article comes first. Returns its id (None when there is none to choose)."""
    options = articles.sort_values("published_at", ascending=False)["id"].head(500).tolist()
    current = view().article
    if current and current not in options and current in store.ids:
        options.insert(0, current)
    if not options:
        return None
    shown = store.articles_by_id(options)
    titles = dict(zip(shown["id"], shown["title"], strict=True))
    outlets = dict(zip(shown["id"], shown["outlet"], strict=True))
    chosen = st.selectbox(
        tr("Article (the 500 most recent under the filters; narrow them with the search box)"),
        options,
        index=options.index(current) if current in options else 0,
        format_func=lambda i: clean(f"{titles[i]} — {outlets[i]}"),
        key=key,
    )
    update_view(article=chosen)
    return chosen


QUOTE_COLUMNS = ["published_at", "outlet", "speaker", "entity", "cue", "quote", "article_id"]


def quote_list(found: pd.DataFrame, key: str, name: str, shown: int = 10) -> None:
    """Quotes as a reader sees them (the first ``shown``: what was said, who said it, outlet,
    date and a link to the article in the reader), then the table of all and its downloads."""
    items = []
    for row in found.head(shown).itertuples(index=False):
        who = html.escape(clean(row.entity or row.speaker))
        meta = html.escape(f"{clean(str(row.outlet))} · {when_text(row.published_at, lang())}")
        link = reader_anchor(row.article_id, tr("Read the article"))
        items.append(
            f"<li>«{html.escape(clean(shorten(row.quote, 400)))}»<br><b>{who}</b>"
            f'<br><small style="opacity:.75">{meta} · {link}</small></li>'
        )
    if items:
        rtl_markup(f'<ol style="padding-inline-start:1.5rem">{"".join(items)}</ol>')
    table_with_downloads(found[QUOTE_COLUMNS], key=key, name=name)


def article_links(frame: pd.DataFrame, notes: list[str], current: str = "") -> None:
    """Articles as a list of links to the reader: title, outlet, date and a note each;
    ``current`` is shown without a link."""
    items = []
    for (_, row), note in zip(frame.iterrows(), notes, strict=True):
        title = (
            reader_anchor(row["id"], row["title"])
            if row["id"] != current
            else f"<b>{html.escape(clean(row['title']))}</b>"
        )
        meta = html.escape(
            f"{clean(str(row['outlet']))} · {when_text(row['published_at'], lang())}"
        )
        extra = f" · <bdi>{html.escape(note)}</bdi>" if note else ""
        items.append(f'<li>{title}<br><small style="opacity:.75">{meta}{extra}</small></li>')
    rtl_markup(f'<ol style="padding-inline-start:1.5rem">{"".join(items)}</ol>', size="0.95rem")


def story_notes(story: pd.DataFrame, article_id: str, lang: str) -> list[str]:
    """A note per article of a story (first publisher first): "first", or how long after
    it in words (in days when either time of day is unknown), and "the same outlet again"
    on a copy from the outlet of ``article_id`` other than the article itself."""
    start = story["published_at"].iloc[0]
    own = story.loc[story["id"] == article_id, "outlet"]
    notes = []
    for row in story.itertuples(index=False):
        timed = time_known(start) and time_known(row.published_at)
        hours = (row.published_at - start).total_seconds() / 3600
        note = translate("first", lang) if row.order == 1 else lag_text(hours, lang, timed=timed)
        if len(own) and row.outlet == own.iat[0] and row.id != article_id:
            note += " · " + translate("the same outlet again", lang)
        notes.append(note)
    return notes


def shorten(text: str, chars: int) -> str:
    """The first ``chars`` characters of ``text``, cut at a word, with an ellipsis."""
    if len(text) <= chars:
        return text
    return text[:chars].rsplit(" ", 1)[0] + " …"


def column_settings(frame: pd.DataFrame) -> dict:
    """How each column of ``frame`` shows: its header in the interface's language, dates
    without a fake midnight, shares as percentages."""
    settings: dict = {}
    for column in frame.columns:
        label = header(str(column), lang())
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            timed = bool((values.dropna().dt.normalize() != values.dropna()).any())
            settings[column] = (
                st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm")
                if timed
                else st.column_config.DateColumn(label, format="YYYY-MM-DD")
            )
        elif column in PERCENT_COLUMNS and pd.api.types.is_float_dtype(values):
            settings[column] = st.column_config.NumberColumn(label, format="percent")
        else:
            settings[column] = st.column_config.Column(label)
    return settings


def table(frame: pd.DataFrame, column_config: dict | None = None) -> None:
    """``frame`` as a table of the interface's direction: in Arabic its first column is the
    rightmost and cells are aligned right (the grid lays columns out left to right only, so
    their order is reversed, and :data:`RTL_TABLE_SCRIPT` starts a wide table scrolled to
    its right end, where that first column is)."""
    settings = column_settings(frame) | (column_config or {})
    if lang() == "ar":
        settings = {
            c: {**v, "alignment": "right"} if isinstance(v, dict) else v
            for c, v in settings.items()
        }
    columns = list(frame.columns)
    st.dataframe(
        grid_cells(frame, lang()),
        hide_index=True,
        width="stretch",
        column_order=columns[::-1] if lang() == "ar" else columns,
        column_config=settings,
        placeholder=MISSING,
    )


def grid_cells(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame``'s cells as the grid should lay them out: categories as plain text (the grid
    draws a category column as a drop-down cell, which it aligns left even in Arabic), and
    in English a label that starts with a figure before Arabic text with its number first
    (:func:`dashboard.app.i18n.number_first`)."""
    shown = frame.copy(deep=False)
    for column in frame.columns:
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = shown[column] = values.astype(object)
        if lang != "ar" and (values.dtype == object or pd.api.types.is_string_dtype(values)):
            shown[column] = values.map(lambda v: number_first(v, lang))
    return shown


PERCENT_COLUMNS = {"share", "baseline"}
MISSING = "—"  # a table's empty cell (Streamlit writes "None", an English word)
TRANSLATED_VALUES = {"type"}  # columns whose values are interface words (entity types)


def about(title: str = "") -> About:
    """What this view's downloads and chart images say of where they come from: ``title``
    (by default the page's), the filters in words, corpus, build, date and the view's link."""
    current = view()
    params = to_params(current)
    base = str(st.context.url or "").split("?")[0]
    return export.about(
        title or st.session_state.get(PAGE_TITLE_KEY, ""),
        current.filters,
        corpus=current.corpus or Path(Settings.from_env().store).name,
        build=current.build,
        url=f"{base}?{urlencode(params, doseq=True)}" if params else base,
        words=tr,
        topic_names=st.session_state.get(TOPIC_NAMES_KEY),
        language=current.lang,
    )


def table_with_downloads(
    frame: pd.DataFrame,
    key: str,
    name: str,
    column_config: dict | None = None,
    title: str = "",
) -> None:
    """A table and its downloads (CSV with BOM, Excel, Parquet, JSON Lines) of the same rows;
    headers and the type column read in the interface's language on screen and in the files.

    Each download says where it comes from (:func:`about`, ``title`` by default the page's):
    Excel in an About sheet, Parquet in its metadata, and CSV or JSON Lines in a JSON sidecar
    from a button of its own, so that the data file itself stays plain for every program
    that reads it."""
    frame = frame.assign(
        **{c: frame[c].map(lambda v: tr(str(v))) for c in TRANSLATED_VALUES & set(frame.columns)}
    )
    table(frame, column_config)
    downloads(frame, key, name, title)


def downloads(frame: pd.DataFrame, key: str, name: str, title: str = "") -> None:
    """Download buttons for ``frame`` (CSV with BOM, Excel, Parquet, JSON Lines, each made
    when clicked) and the JSON sidecar that says where it comes from (:func:`about`)."""
    info = about(title)
    columns = st.columns(len(FORMATS) + 1)
    for column, (fmt, (mime, ext)) in zip(columns, FORMATS.items(), strict=False):
        column.download_button(
            f"⬇ {fmt.upper()}",
            data=lambda fmt=fmt: to_bytes(frame, fmt, info),
            file_name=f"{name}.{ext}",
            mime=mime,
            key=f"{key}_{fmt}",
            on_click="ignore",
        )
    columns[-1].download_button(
        tr("⬇ About (JSON)"),
        data=lambda: sidecar(info),
        file_name=f"{name}.about.json",
        mime="application/json",
        key=f"{key}_about",
        on_click="ignore",
        help=tr(
            "Where this table comes from (title, filters, corpus, build, date, link), for a CSV or "
            "JSON Lines download; Excel and Parquet files carry it inside."
        ),
    )


def chart(
    fig: go.Figure, name: str, where: DeltaGenerator | None = None, **selection: object
) -> PlotlyState | DeltaGenerator:
    """Show a plotly chart whose toolbar camera saves it as ``name``.png or .svg, with a
    caption line saying where it comes from (:func:`about`), which the image carries.

    The format is the sidebar's choice (:func:`image_format_picker`); ``selection``
    (``key``, ``on_select``, ``selection_mode``) makes the chart selectable, and the
    selection state is returned.
    """
    lines = about(str(fig.layout.title.text or "")).caption_lines()
    fig = captioned(
        with_events(fig, timeline_events(), view().indic),
        [shorten(line, CAPTION_CHARS) for line in lines],
    )
    fig = localised(fig, lang(), view().indic)
    fmt = st.session_state.get(IMAGE_FORMAT_KEY) or IMAGE_FORMATS[0]
    image = {"format": fmt, "filename": name, "scale": 2 if fmt == "png" else 1}
    config = {"displaylogo": False, "toImageButtonOptions": image}
    return (where or st).plotly_chart(fig, width="stretch", config=config, **selection)


def image_format_picker() -> None:
    """Sidebar choice of the format the charts' camera button saves (PNG or SVG)."""
    st.sidebar.segmented_control(
        tr("Chart images"),
        IMAGE_FORMATS,
        format_func=str.upper,
        key=seed(IMAGE_FORMAT_KEY, IMAGE_FORMATS[0]),
        help=tr("The camera button in each chart's toolbar saves the chart in this format."),
        persist_state="session",
    )


BIDI_CSS = """
<style>
input[type="text"], textarea { unicode-bidi: plaintext; text-align: start; }
[data-testid="stMarkdownContainer"] p { unicode-bidi: plaintext; }
</style>
"""
# Right to left: a segmented control's first option is on the right, so its rounded ends and
# the 1 px overlap between options are mirrored (Streamlit's push the first option's right
# border out of view); a date's field stays left to right, its label does not; a progress
# bar (a track whose bar slides in from the left) fills from the right; an empty date field
# does not show Streamlit's English hint "yyyy/mm/dd" (its label says what to enter). Sliders
# stay left to
# right: Streamlit's take their direction from the browser's language, not from the page,
# and a slider mirrored by a style would move its thumb against the pointer.
RTL_CSS = """
<style>
[data-testid="stMain"], [data-testid="stSidebar"] { direction: rtl; }
[data-testid="stMain"] :is(h1, h2, h3) { text-align: right; }
[data-testid="stMain"] :is([data-testid="stCaptionContainer"], [data-testid="stMarkdownContainer"])
  { text-align: right; }
.js-plotly-plot, [data-testid="stDataFrame"], [data-testid="stDateInputField"] { direction: ltr; }
[data-testid="stMain"] pre { direction: ltr; text-align: left; }
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]
  { margin-right: 0; margin-left: -1px; border-radius: 0; }
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]:first-child
  { border-radius: 0 0.5rem 0.5rem 0; }
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]:last-child
  { margin-left: 0; border-radius: 0.5rem 0 0 0.5rem; }
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]:only-child
  { border-radius: 0.5rem; }
[data-testid="stProgressBarTrack"] { transform: scaleX(-1); }
[data-testid="stDateInputField"] input::placeholder { color: transparent; }
</style>
"""


# A wide table of reversed columns (see :func:`table`) starts scrolled to its right end, once
# per table, and only while the page is laid out right to left. A fixed script: no data in it.
RTL_TABLE_SCRIPT = """
<script>
if (!window.marsadRightToLeftTables) {
  window.marsadRightToLeftTables = true;
  const main = () => document.querySelector('[data-testid="stMain"]');
  const start = () => {
    if (!main() || getComputedStyle(main()).direction !== "rtl") return;
    main().querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller').forEach((grid) => {
      if (!grid.dataset.startedRight && grid.scrollWidth > grid.clientWidth + 1) {
        grid.dataset.startedRight = "1";
        grid.scrollLeft = grid.scrollWidth;
      }
    });
  };
  new MutationObserver(start).observe(document.body, { childList: true, subtree: true });
  setInterval(start, 1000);
}
</script>
"""


def uploader_css() -> str:
    """Streamlit's file uploader writes its button and limits in English: in Arabic its
    limits line is hidden (the page says them in Arabic) and its button relabelled."""
    return f"""
<style>
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p
  {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after
  {{ content: "{tr("Choose files")}"; }}
</style>
"""


def bulk_choice_css() -> str:
    """A multiselect's list opens with "Select all" (or "Select N matches" while typing),
    which Streamlit writes in English: in Arabic the first is relabelled, the second hidden,
    and the list laid out right to left."""
    return f"""
<style>
[role="listbox"] [role="option"] {{ direction: rtl; }}
[role="option"][data-key="__select_matches__"] {{ display: none; }}
[role="option"][data-key="__select_all__"] [data-item-hl] {{ font-size: 0; }}
[role="option"][data-key="__select_all__"] [data-item-hl]::after
  {{ content: "{tr("Select all")}"; font-size: 0.875rem; }}
</style>
"""


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


def language_picker() -> None:
    """Arabic / English switch at the top of the sidebar; Arabic lays the page out right-to-left."""
    choice = st.sidebar.segmented_control(
        tr("Language"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key=seed("w_lang", view().lang),
        persist_state="session",
    )
    update_view(lang=choice or view().lang)
    if view().lang == "ar":
        indic = st.sidebar.toggle(
            tr("Arabic-Indic digits (٠١٢٣)"), key=seed("w_indic", view().indic)
        )
        update_view(indic=indic)
    arabic = RTL_CSS + uploader_css() + bulk_choice_css()
    st.html(BIDI_CSS + (arabic if view().lang == "ar" else ""))
    if view().lang == "ar":
        st.html(RTL_TABLE_SCRIPT, unsafe_allow_javascript=True)  # fixed text, no data


# Session keys whose values belong to one corpus, dropped when another is chosen.
CORPUS_KEYS = (
    "f_dates",
    "f_outlets",
    "f_topics",
    "w_topic",
    "w_article",
    "w_reader",
    "w_series",  # the coverage page's compared series: reseeded from the view
    NARROWED_KEY,
)


def corpus_picker() -> None:
    """Sidebar choice among the built corpora (shown when there are two or more); the choice
    is in the URL. A link naming a corpus not built here opens the configured one."""
    settings = Settings.from_env()
    found = corpora.available(settings.corpora, settings.store)
    if view().corpus not in found:
        message = tr("No corpus named {name} is built here; showing the default one.")
        st.sidebar.warning(message.format(name=literal(view().corpus)))
        use_corpus("")
    if len(found) < 2:
        return
    default = Path(settings.store).name
    if default in found:  # a corpus under the root has the configured store's folder name
        default = str(settings.store)
    labels = {name: corpus_label(name or default, corpus) for name, corpus in found.items()}
    st.sidebar.selectbox(
        tr("Corpus"),
        list(found),
        format_func=labels.get,
        key=seed("w_corpus", view().corpus),
        on_change=lambda: use_corpus(st.session_state["w_corpus"]),
    )


RIGHT_TO_LEFT, LEFT_TO_RIGHT = "\u2067", "\u2066"  # bidi isolates, closed by U+2069


def corpus_label(name: str, corpus: corpora.Corpus | None) -> str:
    """A corpus as the picker lists it: name, articles and build date (UTC), laid out in the
    interface's direction even in the (left-to-right) drop-down list."""
    if corpus is None:
        label = tr("{name} (not built)").format(name=isolate(name))
    else:
        label = tr("{name} · {articles:,} articles · {date}").format(
            name=isolate(name), articles=corpus.articles, date=isolate(corpus.built[:10])
        )
    return f"{RIGHT_TO_LEFT if view().lang == 'ar' else LEFT_TO_RIGHT}{label}\u2069"


def use_corpus(name: str) -> None:
    """Show corpus ``name`` ("" = the configured one); a callback, so it runs before the
    widgets: filters and choices that belong to the old corpus are dropped."""
    st.session_state[VIEW_KEY] = switch_corpus(view(), name)
    st.session_state["w_corpus"] = name
    st.session_state["link_build"] = ""
    for key in CORPUS_KEYS:
        st.session_state.pop(key, None)


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


def rising_heading(row: Any) -> str:
    """A rising topic's heading: its number and label, its share now and before, its
    articles. Figures and label are each isolated, or the bidi algorithm runs them together;
    "3: label" in one first-strong isolate read ":3 label" in English (its first strong
    letter is Arabic), so the number is isolated left to right, the label apart."""
    figures = tr("{now} against {before} before").format(
        now=ltr(number(row.share, ".1%")), before=ltr(number(row.baseline, ".1%"))
    )
    count = tr("{n} articles, {before} before").format(
        n=number(row.count), before=number(row.before)
    )
    name = str(row.label).removeprefix(f"{row.topic}: ")
    return f"{numbered(row.topic, literal(name), lang())} — {figures} ({count})"


def rising_panel(
    rising: pd.DataFrame, articles: pd.DataFrame, frequency: str, top: int = 5
) -> None:
    """What's rising: burst scores of the rising topics and the articles that drove each."""
    support = tr(
        "Only topics with at least {now} articles in the period and {before} over the "
        "preceding periods are listed."
    ).format(now=ltr(number(MIN_BURST_ARTICLES)), before=ltr(number(MIN_BASELINE_ARTICLES)))
    if rising.empty:
        st.caption(
            tr("No topic rose above its usual share in the latest complete period.") + " " + support
        )
        return
    shown = rising.head(top)
    st.caption(
        tr(
            "Topics whose share of all articles in the {frequency} of {date} jumped above "
            "their share in the preceding periods."
        ).format(frequency=tr(frequency), date=ltr(f"{shown['period'].iat[0]:%Y-%m-%d}"))
        + " "
        + tr("Burst: ")
        + tr(SCORE_HELP["burst"])
        + " "
        + support
    )
    chart(rising_bars(shown, tr("What's rising"), lang=lang()), "rising")
    for row in shown.itertuples(index=False):
        with st.expander(rising_heading(row)):
            for _, article in burst_articles(articles, row.topic, row.period, frequency).iterrows():
                article_card(article, body_chars=200)
