"""The charts' shared style: font, type colours, layout, legends, captions, right-to-left text."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.app.i18n import (
    ISOLATES,
    line,
)

FONT = "Noto Sans Arabic, Noto Naskh Arabic, Tahoma, sans-serif"


TYPE_COLOURS = {
    "person": "#1f77b4",
    "organisation": "#d62728",
    "place": "#2ca02c",
    "other": "#7f7f7f",
}


MIXED = re.compile("[A-Za-z0-9]")


EDGE_MARK = re.compile(r"^[^\w\s]|[^\w\s]$")  # punctuation first or last: "…", "(…)"


ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


RIGHT_TO_LEFT = "\u2067"


# A colour bar stands upright left of the plot: the names of a heatmap's rows are on its
# right, and a bar above the plot makes plotly lift the title onto the chart's caption.
SIDE_COLOUR_BAR = {
    "orientation": "v",
    "x": -0.01,
    "xanchor": "right",
    "y": 0.5,
    "yanchor": "middle",
    "thickness": 12,
    "len": 1.0,
}


# In English a heatmap's row names stand on the left, and its colour bar on the right.
RIGHT_COLOUR_BAR = SIDE_COLOUR_BAR | {"x": 1.01, "xanchor": "left"}


def reading_bars(fig: go.Figure, lang: str) -> go.Figure:
    """Horizontal bars that grow from their labels the way a reader of ``lang`` reads: in
    Arabic leftwards from labels on the right, in English rightwards from labels on the left."""
    if lang == "ar":
        fig.update_xaxes(autorange="reversed")
    fig.update_yaxes(side="right" if lang == "ar" else "left", automargin=True)
    return fig


def whole_number_ticks(fig: go.Figure, frame: pd.DataFrame, *, share: bool) -> None:
    """A y axis of percentages, or of counts whose ticks are whole numbers even when small."""
    fig.update_yaxes(tickformat=".0%" if share else ",d", rangemode="tozero")
    if not share and len(frame) and frame["count"].max() <= 12:
        fig.update_yaxes(dtick=max(1, math.ceil(frame["count"].max() / 6)))


LEGEND_ROW_PIXELS = 480  # the narrowest a legend row may be: a chart in half the page


LEGEND_ROW_HEIGHT = 21  # pixels


def legend_rows(fig: go.Figure) -> int:
    """About how many rows ``fig``'s legend takes in a chart half the page wide (each entry:
    its symbol and name)."""
    legend = [t for t in fig.data if t.name and t.showlegend is not False]
    if len(legend) < 2 and not any(t.showlegend for t in legend):
        return 0  # plotly shows no legend for a single trace
    width = sum(45 + 7 * len(shown_text(str(t.name))) for t in legend)
    return math.ceil(width / LEGEND_ROW_PIXELS)


def styled(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    """Apply the dashboard's common layout: Arabic-capable font, compact margins, and the
    legend in rows between the title and the plot, where it never covers an axis; the top
    margin grows with the legend's rows, which would otherwise climb onto the title."""
    extra = LEGEND_ROW_HEIGHT * max(0, legend_rows(fig) - 1)
    fig.update_layout(
        title={"text": title, "x": 0.5, "xanchor": "center", "y": 0.98, "yanchor": "top"},
        font={"family": FONT, "size": 13},
        height=height + extra,
        margin={"l": 10, "r": 10, "t": 90 + extra, "b": 10},
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": 1.02, "yanchor": "bottom"},
        hoverlabel={"font_family": FONT},
    )
    return fig


CAPTION_NAME = "caption"  # the name of a chart's caption annotation


CAPTION_LINE = 13  # pixels a caption line takes


CAPTION_GAP = 4  # pixels between the caption and the figure's top edge, and the title


DEFAULT_HEIGHT = 450  # plotly's, for a figure that sets none


def captioned(fig: go.Figure, lines: Sequence[str]) -> go.Figure:
    """``fig`` with a caption (where it comes from: filters, corpus, build, date) in small
    ``lines`` at its very top, above its title, so that an image saved from the chart's
    toolbar, which plotly draws in the browser from the figure alone, carries it. The top
    margin grows by the caption's height and the title moves down by as much, so a legend
    of several rows (which grows upwards from the plot) never reaches the caption."""
    extra = CAPTION_LINE * len(lines) + CAPTION_GAP
    top = (fig.layout.margin.t or 0) + extra
    height = fig.layout.height or DEFAULT_HEIGHT
    fig.update_layout(margin_t=top, title_y=1 - (extra + 2 * CAPTION_GAP) / height)
    fig.add_annotation(
        text="<br>".join(lines),
        name=CAPTION_NAME,
        xref="paper",
        yref="paper",
        x=0.5,
        y=1,
        xanchor="center",
        yanchor="top",
        yshift=top - CAPTION_GAP,  # from the plot's top up to near the figure's top edge
        align="center",
        showarrow=False,
        font={"size": 9, "color": "#666666"},
    )
    return fig


def shown_text(text: str) -> str:
    """A label as read, without its bidi isolates."""
    return ISOLATES.sub("", text)


def right_to_left(value: object) -> object:
    """A label that mixes Arabic with figures or Latin text, or that starts or ends with a
    mark ("…", a bracket), laid out right to left as a whole (plotly sets every label in a
    left-to-right box, where a mark at an end of Arabic text lands at the other end); other
    values as they are.

    >>> right_to_left("يناير 2024") == "\u2067يناير 2024\u2069", right_to_left("غزة")
    (True, 'غزة')
    """
    if isinstance(value, str) and "<br>" in value and ARABIC_LETTER.search(value):
        parts = value.split("<br>")  # each line laid out right to left on its own
        return "<br>".join(p if p.startswith(RIGHT_TO_LEFT) else line(p, "ar") for p in parts)
    marked = isinstance(value, str) and (MIXED.search(value) or EDGE_MARK.search(value))
    if marked and ARABIC_LETTER.search(value):
        return value if value.startswith(RIGHT_TO_LEFT) else line(value, "ar")
    return value


def _right_to_left_labels(fig: go.Figure) -> None:
    """Every mixed label of ``fig`` laid out right to left: title, category ticks, colour
    bar ticks, legend names and annotations."""
    fig.layout.title.text = right_to_left(fig.layout.title.text)
    for trace in fig.data:
        if getattr(trace, "name", None):
            trace.name = right_to_left(trace.name)
        marker = getattr(trace, "marker", None)
        for bar in (getattr(trace, "colorbar", None), getattr(marker, "colorbar", None)):
            if bar is not None and bar.ticktext:
                bar.ticktext = [right_to_left(t) for t in bar.ticktext]
        for axis in ("x", "y"):
            values = getattr(trace, axis, None)
            if values is not None and len(values) and isinstance(values[0], str):
                setattr(trace, axis, [right_to_left(v) for v in values])
    for axis in ("xaxis", "yaxis"):
        layout = fig.layout[axis]
        if layout.ticktext:
            layout.ticktext = [right_to_left(t) for t in layout.ticktext]
        if layout.categoryarray is not None:
            layout.categoryarray = [right_to_left(v) for v in layout.categoryarray]
        if layout.title.text:
            layout.title.text = right_to_left(layout.title.text)
    for note in fig.layout.annotations:
        note.text = right_to_left(note.text)


def heatmap_columns(fig: go.Figure, lang: str) -> go.Figure:
    """A heatmap's row names stand where a reader of ``lang`` starts a line, its colour bar
    on the other side, and its columns read from the row names: in Arabic the names are on
    the right and the first column is the rightmost (the columns are topics or names, in
    order of size; no heatmap has a time axis, and time axes run left to right in both
    languages, as in Arabic statistical publications, with the dates' digits)."""
    if lang == "ar":
        fig.update_yaxes(side="right", automargin=True)
        fig.update_xaxes(autorange="reversed", tickangle=40)
    else:
        fig.update_yaxes(side="left", automargin=True)
        fig.update_traces(colorbar=RIGHT_COLOUR_BAR, selector={"type": "heatmap"})
    return fig
