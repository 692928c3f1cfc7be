"""Articles on a page: cards, links to the reader, paged lists, pickers, quotes and story notes."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.analysis.highlight import clean
from dashboard.app import cached
from dashboard.app.i18n import (
    lag_text,
    time_known,
    translate,
    when_text,
)
from dashboard.app.state import (
    LIST_ORDERS,
    link,
)
from dashboard.app.widgets.layout import rtl, rtl_markup, shorten
from dashboard.app.widgets.session import lang, named, number, seed, tr, update_view, view
from dashboard.app.widgets.tables import INTERNAL_COLUMNS, table_with_downloads
from dashboard.storage.store import Store

LIST_PAGE = 20  # articles per page of a paged list


PAGED_LIST_KEY = "paged_list"  # which list the view's page and order belong to


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
    page_line(outlet_and_date(row, lang(), *(clean(str(tag)) for tag in row["tags"])), size)


def outlet_and_date(row: Any, lang: str, *more: str) -> str:
    """An article's source line: its outlet and date (the time of day only when it is
    known), then ``more`` parts, in isolates (:func:`isolated_parts`). ``row`` is a Series
    or a tuple of ``itertuples`` with ``outlet`` and ``published_at``."""
    return isolated_parts([clean(str(row.outlet)), when_text(row.published_at, lang), *more])


def isolated_parts(parts: list[str]) -> str:
    """Parts of a source line (outlet, date, tags) joined by " · ", each escaped and in its
    own isolate: in an Arabic line a Latin outlet name would pull the date's day into its
    left-to-right run ("aawsat · 23" apart from "يوليو 2015")."""
    return " · ".join(f"<bdi>{html.escape(part)}</bdi>" for part in parts)


def source_line(markup: str) -> str:
    """A list item's faint source line in the interface's direction: the lists are right to
    left for their Arabic titles, where an English line read "similarity 0.20 · 19:31
    aawsat · 23 Jul 2015"."""
    direction = "rtl" if lang() == "ar" else "ltr"
    return f'<small dir="{direction}" style="opacity:.75">{markup}</small>'


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
    table_with_downloads(listed, key=f"{key}_list", name=name, hidden=INTERNAL_COLUMNS)


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
        meta = outlet_and_date(row, lang())
        link = reader_anchor(row.article_id, tr("Read the article"))
        items.append(
            f"<li>«{html.escape(clean(shorten(row.quote, 400)))}»<br><b>{who}</b>"
            f"<br>{source_line(f'{meta} · {link}')}</li>"
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
        meta = outlet_and_date(row, lang())
        extra = f" · <bdi>{html.escape(note)}</bdi>" if note else ""
        items.append(f"<li>{title}<br>{source_line(meta + extra)}</li>")
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
