"""The document map panel: articles placed by meaning, coloured by topic, outlet or date.

A click on an article opens it in the reader; a box or lasso lists the articles it holds,
with downloads; a query marks its matches. The colouring, the selection (as a polygon)
and the query travel in the URL, so a shared link shows the same map and the same list.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.app import cached
from dashboard.app.charts.maps import document_map
from dashboard.app.state import MAP_COLOURS, MAX_AREA_POINTS
from dashboard.app.widgets import figures, session, sidebar, tables
from dashboard.storage.store import Store

COLOUR_NAMES = {"topic": "Topic", "outlet": "Outlet", "date": "Date"}
LISTED = ["published_at", "outlet", "title", "topic_label", "id"]


def inside(x: np.ndarray, y: np.ndarray, polygon: tuple[tuple[float, float], ...]) -> np.ndarray:
    """Which points (``x``, ``y``) lie inside ``polygon`` (even-odd rule).

    >>> square = ((0, 0), (2, 0), (2, 2), (0, 2))
    >>> inside(np.array([1.0, 3.0, 0.5]), np.array([1.0, 1.0, 1.9]), square).tolist()
    [True, False, True]
    """
    result = np.zeros(len(x), dtype=bool)
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        crosses = (y0 > y) != (y1 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        result ^= crosses & (x < at)
    return result


def selected_area(selection: object) -> tuple[tuple[float, float], ...]:
    """The polygon of a chart's box or lasso selection; empty when there is none."""
    if selection is None:
        return ()
    if selection.get("lasso"):
        lasso = selection["lasso"][0]
        points = list(zip(lasso["x"], lasso["y"], strict=True))
        step = max(1, -(-len(points) // MAX_AREA_POINTS))
        return tuple((float(x), float(y)) for x, y in points[::step])
    if selection.get("box"):
        (x0, x1), (y0, y1) = selection["box"][0]["x"], selection["box"][0]["y"]
        return tuple((float(x), float(y)) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1)))
    return ()


def forget_area() -> None:
    """Drop the map selection, in the chart and in the link (a button callback)."""
    sidebar.clear_selection()
    session.update_view(area=())


def open_reader(article_id: str) -> None:
    """Show ``article_id`` in the reader; the click is forgotten, so coming back to the map
    does not open it again."""
    session.update_view(article=article_id)
    st.session_state.pop("w_reader", None)  # the reader's picker follows the view's article
    round_ = st.session_state.get(sidebar.SELECTION_ROUND_KEY, 0)
    st.session_state[sidebar.SELECTION_ROUND_KEY] = round_ + 1
    st.switch_page("views/reader.py")


def map_caption(placed: int, selected: int, matched: int | None) -> str:
    """How many of the ``selected`` articles the map shows (``placed``), how many it leaves
    out and why (a sample of the build's articles is placed; ``add`` places none), and how
    many of those shown match the query (``matched``; None without a query)."""
    tr, number = session.tr, session.number
    caption = tr("{n} articles on the map.").format(n=number(placed))
    if selected > placed:
        caption += " " + tr(
            "{n} articles of the selection are not on it: the map places a sample of the"
            " build's articles, and none added since."
        ).format(n=number(selected - placed))
    if matched is not None:
        caption += " " + tr("{n} match the query (open rings).").format(n=number(matched))
    return caption


def panel(store: Store, articles: pd.DataFrame, labels: dict[int, str]) -> None:
    """The map of the filtered articles that have a place on it, and what is selected."""
    tr = session.tr
    placed = articles.dropna(subset=["map_x"]) if "map_x" in articles else articles.iloc[:0]
    if placed.empty:
        st.info(tr("No article of this selection is on the map (the map is a sample)."))
        return
    view = session.view()
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    colour = left.segmented_control(
        tr("Colour by"),
        MAP_COLOURS,
        format_func=session.named(COLOUR_NAMES),
        key=session.seed("w_map_colour", view.map_colour),
    )
    text = right.text_input(
        tr("Mark the articles that match"),
        key=session.seed("w_map_highlight", view.highlight),
        help=tr('Words must all appear; "quoted phrase"; -word excludes; OR between alternatives.'),
    ).strip()
    view = session.update_view(map_colour=colour or "topic", highlight=text)
    points = placed.assign(topic_label=placed["topic"].map(labels).fillna("—"))
    points = points.assign(label=points["topic_label"])
    matched = None
    if text:
        found = cached.filtered(store, replace(view.filters, text=text))
        matched = points["id"].isin(set(found["id"])).to_numpy()
    st.caption(
        map_caption(len(points), len(articles), None if matched is None else int(matched.sum()))
        + " "
        + tr("Click an article to read it; draw a box or a lasso to list the articles in it.")
    )
    event = figures.chart(
        document_map(
            points,
            tr("Articles by meaning"),
            colour=view.map_colour,
            matched=matched,
            lang=session.lang(),
        ),
        "document_map",
        key=sidebar.selection_key("map_chart"),
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
    )
    selection = event.selection if event else None
    area = selected_area(selection)
    if not area and selection and selection.get("points"):
        open_reader(str(selection["points"][0]["customdata"][0]))
    if area:
        view = session.update_view(area=area)
    if not view.area:
        return
    chosen = points[inside(points["map_x"].to_numpy(), points["map_y"].to_numpy(), view.area)]
    st.subheader(tr("{n} articles in the selection").format(n=session.number(len(chosen))))
    st.button(
        tr("Clear chart selection"),
        key="w_map_clear",
        icon=":material/deselect:",
        on_click=forget_area,
    )
    tables.table_with_downloads(
        chosen.sort_values("published_at", ascending=False)[LISTED],
        key="map_selection",
        name="map_selection",
        hidden=tables.INTERNAL_COLUMNS,
    )
