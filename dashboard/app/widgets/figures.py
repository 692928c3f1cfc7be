"""Charts as shown: captioned, with the pinned events, localised, downloadable as images."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.typing import PlotlyState

from dashboard.app.charts.localise import localised
from dashboard.app.charts.style import captioned
from dashboard.app.charts.timelines import with_events
from dashboard.app.widgets.editing import timeline_events
from dashboard.app.widgets.layout import shorten
from dashboard.app.widgets.session import lang, view
from dashboard.app.widgets.tables import about

IMAGE_FORMAT_KEY = "w_image_format"


IMAGE_FORMATS = ("png", "svg")


CAPTION_CHARS = 100  # of a chart's caption line


def chart(
    fig: go.Figure, name: str, where: DeltaGenerator | None = None, **selection: object
) -> PlotlyState | DeltaGenerator:
    """Show a plotly chart whose toolbar camera saves it as ``name``.png or .svg, with a
    caption line saying where it comes from (:func:`~dashboard.app.widgets.tables.about`),
    which the image carries.

    The format is the sidebar's choice
    (:func:`~dashboard.app.widgets.preferences.image_format_picker`); ``selection`` (``key``,
    ``on_select``, ``selection_mode``) makes the chart selectable, and the selection state is
    returned.
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
