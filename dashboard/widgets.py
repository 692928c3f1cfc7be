"""Reusable UI pieces: the view state in the session, the filter sidebar, tables with
downloads, and the right-to-left article card."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.config import Settings
from dashboard.core import permalinks
from dashboard.core.export import FORMATS, to_bytes
from dashboard.core.query import FREQUENCIES, Filters, auto_frequency, topic_labels
from dashboard.core.store import Store
from dashboard.core.topic_time import burst_articles
from dashboard.i18n import LANGUAGES, translate
from dashboard.state import ViewState, from_params, to_params

VIEW_KEY = "view"
PERMALINK_KEY = "s"


def view() -> ViewState:
    """This session's view state, read from the URL once, at the session's first run.

    A short link (``?s=CODE``) is expanded from the permalink database first.
    """
    if VIEW_KEY not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        if PERMALINK_KEY in params:
            stored = permalinks.load(Settings.from_env().permalinks, params[PERMALINK_KEY][0])
            if stored is None:
                st.warning(
                    translate(
                        "This short link is unknown here; showing the default view.",
                        from_params(params).lang,
                    )
                )
            params = stored or {}
        st.session_state[VIEW_KEY] = from_params(params)
    return st.session_state[VIEW_KEY]


def share_box() -> None:
    """Sidebar control that turns the current view into a short permalink."""
    if st.sidebar.button(tr("Short link to this view"), icon=":material/link:", key="w_share_link"):
        code = permalinks.save(Settings.from_env().permalinks, to_params(view()))
        base = str(st.context.url or "").split("?")[0]
        st.sidebar.code(f"{base}?{PERMALINK_KEY}={code}", language=None, wrap_lines=True)
        st.sidebar.caption(tr("The address bar always holds the full link too."))


def update_view(**changes: object) -> ViewState:
    """Replace fields of the view state; returns the new state."""
    st.session_state[VIEW_KEY] = replace(view(), **changes)
    return st.session_state[VIEW_KEY]


def write_url() -> None:
    """Mirror the view state into the URL, so the address bar is always a shareable link."""
    st.query_params.from_dict(to_params(view()))


def seed(key: str, value: object) -> str:
    """Give widget ``key`` its value from the view state when it has none yet; returns the key."""
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def filter_sidebar(store: Store) -> Filters:
    """The global filters in the sidebar; returns them and stores them in the view state."""
    articles = store.articles
    first, last = articles["published_at"].min().date(), articles["published_at"].max().date()
    current = view().filters
    labels = topic_labels(store.frame("topics"))
    st.sidebar.header(tr("Filters"))
    span = st.sidebar.date_input(
        tr("Date range"),
        key=seed("f_dates", (current.start or first, current.end or last)),
        min_value=first,
        max_value=last,
        persist_state="session",
    )
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
        format_func=labels.get,
        placeholder=tr("Choose options"),
        key=seed("f_topics", [t for t in current.topics if t in labels]),
        persist_state="session",
    )
    text = st.sidebar.text_input(
        tr("Search text"),
        key=seed("f_text", current.text),
        help=tr('Words must all appear; "quoted phrase"; -word excludes; OR between alternatives.'),
        persist_state="session",
    )
    start, end = date_bounds(span, first, last)
    filters = Filters(start=start, end=end, outlets=tuple(outlets), topics=tuple(topics), text=text)
    update_view(filters=filters)
    return filters


def narrow_dates(start: date, end: date) -> None:
    """Set the sidebar's date range (a button callback: it runs before the widgets exist)."""
    st.session_state["f_dates"] = (start, end)


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
        key=seed(key, view().frequency or fitted),
        persist_state="session",
    )
    update_view(frequency="" if choice in (None, fitted) else choice)
    return choice or fitted


def rtl(text: str, tag: str = "div", size: str = "1rem") -> None:
    """Show Arabic text right-to-left, escaped: article text never renders as HTML."""
    paragraphs = "".join(
        f"<p>{html.escape(line)}</p>" for line in str(text).splitlines() if line.strip()
    )
    st.html(
        f'<{tag} dir="rtl" lang="ar" style="text-align:right;font-size:{size};'
        f'line-height:1.8">{paragraphs}</{tag}>'
    )


def article_card(row: pd.Series, body_chars: int | None = 600) -> None:
    """An article as a reader sees it: title, outlet, date, tags, body."""
    body = row["body"] if body_chars is None else shorten(row["body"], body_chars)
    tags = " · ".join(map(str, row["tags"])) if len(row["tags"]) else ""
    # The date is isolated left-to-right, or the bidi algorithm shows 2024-03-05 as 05-03-2024.
    when = f"\u2066{row['published_at']:%Y-%m-%d}\u2069"
    meta = f"{row['outlet']} · {when}" + (f" · {tags}" if tags else "")
    with st.container(border=True):
        rtl(row["title"], size="1.2rem")
        rtl(meta, size="0.85rem")
        rtl(body)


def shorten(text: str, chars: int) -> str:
    """The first ``chars`` characters of ``text``, cut at a word, with an ellipsis."""
    if len(text) <= chars:
        return text
    return text[:chars].rsplit(" ", 1)[0] + " …"


def table_with_downloads(
    frame: pd.DataFrame, key: str, name: str, column_config: dict | None = None
) -> None:
    """A table and its downloads (CSV with BOM, Excel, Parquet, JSON Lines) of the same rows."""
    st.dataframe(frame, hide_index=True, width="stretch", column_config=column_config)
    columns = st.columns(len(FORMATS))
    for column, (fmt, (mime, ext)) in zip(columns, FORMATS.items(), strict=True):
        column.download_button(
            f"⬇ {fmt.upper()}",
            data=lambda fmt=fmt: to_bytes(frame, fmt),
            file_name=f"{name}.{ext}",
            mime=mime,
            key=f"{key}_{fmt}",
            on_click="ignore",
        )


BIDI_CSS = """
<style>
input[type="text"], textarea { unicode-bidi: plaintext; text-align: start; }
[data-testid="stMarkdownContainer"] p { unicode-bidi: plaintext; }
</style>
"""
RTL_CSS = """
<style>
[data-testid="stMain"], [data-testid="stSidebar"] { direction: rtl; }
[data-testid="stMain"] :is(h1, h2, h3) { text-align: right; }
.js-plotly-plot, [data-testid="stDataFrame"], [data-testid="stDateInput"] { direction: ltr; }
</style>
"""


def tr(text: str) -> str:
    """An interface label in the view's language."""
    return translate(text, view().lang)


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
    st.html(BIDI_CSS + (RTL_CSS if view().lang == "ar" else ""))


def stale_link_notice(store: Store) -> None:
    """Say so when the link was made on an earlier build of the corpus; record this build."""
    current = store.manifest["build_id"]
    made_on = st.session_state.setdefault("link_build", view().build)
    if made_on and made_on != current:
        st.info(
            f"This link was made on corpus build {made_on}; the corpus has been rebuilt since "
            f"(now {current}). Figures may differ from what was shared."
        )
    update_view(build=current)


def rising_panel(
    rising: pd.DataFrame, articles: pd.DataFrame, frequency: str, top: int = 5
) -> None:
    """What's rising: burst scores of the rising topics and the articles that drove each."""
    if rising.empty:
        st.info("No topic rose above its usual share in the latest complete period.")
        return
    shown = rising.head(top)
    st.caption(
        f"Topics whose share of all articles in the {frequency} of "
        f"{shown['period'].iat[0]:%Y-%m-%d} jumped above their share in the preceding periods "
        "(burst = standard deviations above that baseline)."
    )
    st.plotly_chart(charts.rising_bars(shown, "What's rising"), width="stretch")
    for row in shown.itertuples(index=False):
        # The label is isolated, or the bidi algorithm scrambles it with the figures around it.
        heading = f"{row.share:.1%} vs {row.baseline:.1%} (n={row.count}) — \u2068{row.label}\u2069"
        with st.expander(heading):
            for _, article in burst_articles(articles, row.topic, row.period, frequency).iterrows():
                article_card(article, body_chars=200)
