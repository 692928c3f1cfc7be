"""Tables as shown, in the interface's language, with their downloads and what the view was."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.app.i18n import header, number_first, translate
from dashboard.app.state import to_params
from dashboard.app.widgets.session import lang, tr, view
from dashboard.config import Settings
from dashboard.sharing import export
from dashboard.sharing.export import FORMATS, About, sidecar, to_bytes

PAGE_TITLE_KEY = "page_title"  # the shown page's title, for what its exports say


TOPIC_NAMES_KEY = "topic_names"  # the corpus's topic labels, for filters in words


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
            settings[column] = st.column_config.Column(label, width=text_width(values))
    return settings


LONG_TEXT_CHARS = 40  # a text column whose median value is longer is drawn "large" (400 px)


def text_width(values: pd.Series) -> str | None:
    """``"large"`` for a column of long texts (quotes: their median is longer than
    :data:`LONG_TEXT_CHARS`), else None (the grid sizes it to its content). A grid sized a
    quote's column to the quotes, wider than the page; in English, where it is the last
    column, the right end of each line, where Arabic starts, lay beyond the table's edge. At
    400 px the column fits, and its lines show their start. A column of short texts with a
    few long ones (speakers) keeps its own size: two columns of 400 px overflowed again.

    >>> text_width(pd.Series(["ق" * 41, "ق" * 70])), text_width(pd.Series(["غزة", "ق" * 99, 3]))
    ('large', None)
    """
    if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
        return None
    lengths = values.map(lambda v: len(v) if isinstance(v, str) else 0)
    return "large" if len(lengths) and lengths.median() > LONG_TEXT_CHARS else None


def table(
    frame: pd.DataFrame, column_config: dict | None = None, hidden: Collection[str] = ()
) -> None:
    """``frame`` as a table of the interface's direction: in Arabic its first column is the
    rightmost and cells are aligned right (the grid lays columns out left to right only, so
    their order is reversed, and :data:`RTL_TABLE_SCRIPT` starts a wide table scrolled to
    its right end, where that first column is). Columns in ``hidden`` (an internal id the
    downloads keep) are not shown."""
    settings = column_settings(frame) | (column_config or {})
    if lang() == "ar":
        settings = {
            c: {**v, "alignment": "right"} if isinstance(v, dict) else v
            for c, v in settings.items()
        }
    st.dataframe(
        grid_cells(frame, lang()),
        hide_index=True,
        width="stretch",
        column_order=column_order(frame.columns, lang(), hidden),
        column_config=settings,
        placeholder=MISSING,
    )


def column_order(columns: Iterable[object], lang: str, hidden: Collection[str] = ()) -> list:
    """The columns a table shows, in the order the grid lays them out left to right: the
    reverse of ``columns`` in Arabic, without those in ``hidden``.

    >>> column_order(["title", "outlet", "id"], "ar", hidden={"id"})
    ['outlet', 'title']
    """
    shown = [c for c in columns if c not in hidden]
    return shown[::-1] if lang == "ar" else shown


def grid_cells(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame``'s cells as the grid should lay them out: categories as plain text (the grid
    draws a category column as a drop-down cell, which it aligns left even in Arabic), and
    in English a label that starts with a figure before Arabic text with its number first
    (:func:`dashboard.app.i18n.number_first`); and the no-topic id in a topic column by its
    name (a bare -1 also reads "1-" in an Arabic table)."""
    shown = frame.copy(deep=False)
    for column in frame.columns:
        values = frame[column]
        if column in TOPIC_COLUMNS and pd.api.types.is_integer_dtype(values):
            named = values.astype(str).where(values >= 0, translate("no topic", lang))
            values = shown[column] = named
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = shown[column] = values.astype(object)
        if lang != "ar" and (values.dtype == object or pd.api.types.is_string_dtype(values)):
            shown[column] = values.map(lambda v: number_first(v, lang))
    return shown


PERCENT_COLUMNS = {"share", "baseline"}


TOPIC_COLUMNS = {"topic"}  # columns of topic ids, where -1 is no topic


INTERNAL_COLUMNS = ("id",)  # an article's id: in a table's downloads, not on screen


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
    hidden: Collection[str] = (),
) -> None:
    """A table and its downloads (CSV with BOM, Excel, Parquet, JSON Lines) of the same rows;
    headers and the type column read in the interface's language on screen and in the files.

    Each download says where it comes from (:func:`about`, ``title`` by default the page's):
    Excel in an About sheet, Parquet in its metadata, and CSV or JSON Lines in a JSON sidecar
    from a button of its own, so that the data file itself stays plain for every program
    that reads it. Columns in ``hidden`` are in the downloads but not on screen."""
    frame = frame.assign(
        **{c: frame[c].map(lambda v: tr(str(v))) for c in TRANSLATED_VALUES & set(frame.columns)}
    )
    table(frame, column_config, hidden)
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
