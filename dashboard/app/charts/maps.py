"""The document map: every article at its place in meaning, coloured by topic or by date."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard.app.charts.labels import placed_labels
from dashboard.app.charts.localise import date_ticks
from dashboard.app.charts.style import SIDE_COLOUR_BAR, styled
from dashboard.app.i18n import (
    isolate,
    numbered,
    translate,
)

OUTLIER_COLOUR = "#bbbbbb"


TITLE_CHARS = 60  # of a title in the document map's hover


def document_map(
    points: pd.DataFrame,
    title: str,
    *,
    colour: str = "topic",
    matched: np.ndarray | None = None,
    labelled: int = 25,
    lang: str = "en",
) -> go.Figure:
    """Articles on the 2-D topic map (WebGL, so tens of thousands of points stay fluid), each
    with a hover of title, outlet and date and its id in ``customdata[0]`` for selections.

    Args:
        points: ``id``, ``map_x``, ``map_y``, ``topic``, ``label`` ("—" for none), ``title``,
            ``outlet``, ``published_at``.
        colour: ``topic`` (labels on the map stand for the legend), ``outlet`` (a legend
            entry each) or ``date`` (a colour scale with dated ticks).
        matched: A boolean per point: matches of a query, drawn large over faded others.
        labelled: How many of the largest topics get their label placed on the map.
    """
    fig = go.Figure()
    hover = "%{customdata[1]}<br>%{customdata[2]} · %{customdata[3]}<extra>%{fullData.name}</extra>"
    faded = matched is not None and bool(np.any(matched))
    groups = {"topic": "label", "outlet": "outlet"}.get(colour)
    palette = px.colors.qualitative.Dark24 + px.colors.qualitative.Alphabet
    # Hover text is most of the figure's weight (plotly escapes every Arabic letter as six
    # bytes): titles are cut and dates written as digits.
    frame = points.assign(
        _when=points["published_at"].dt.strftime("%Y-%m-%d"),
        _title=points["title"].str.slice(0, TITLE_CHARS),
    )
    data = ["id", "_title", "outlet", "_when"]
    marker = {"size": 4, "opacity": 0.25 if faded else 0.7}
    if groups is None:
        days = (frame["published_at"] - frame["published_at"].min()).dt.days
        values, texts = date_ticks(frame["published_at"].min(), frame["published_at"].max(), lang)
        first = frame["published_at"].min()
        fig.add_scattergl(
            x=frame["map_x"],
            y=frame["map_y"],
            mode="markers",
            name="",
            marker=marker
            | {
                "color": days,
                "colorscale": "Viridis",
                "colorbar": SIDE_COLOUR_BAR
                | {"tickvals": [(v - first).days for v in values], "ticktext": texts},
            },
            customdata=frame[data],
            hovertemplate=hover,
            showlegend=False,
        )
    else:
        sizes = frame[groups].value_counts()
        for i, (name, rows) in enumerate(frame.groupby(groups, sort=False)):
            outlier = colour == "topic" and (rows["topic"] < 0).all()
            shade = OUTLIER_COLOUR if outlier else palette[i % len(palette)]
            fig.add_scattergl(
                x=rows["map_x"],
                y=rows["map_y"],
                mode="markers",
                name=str(name),
                marker=marker | {"color": shade},
                customdata=rows[data],
                hovertemplate=hover,
                showlegend=False,
                legendgroup=str(name),
                legendrank=int(-sizes[name]),
            )
            if colour == "outlet":  # a legend entry of its own: the colour, full and legible
                fig.add_scattergl(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=str(name),
                    marker={"size": LEGEND_MARKER, "color": shade},
                    showlegend=True,
                    legendgroup=str(name),
                    legendrank=int(-sizes[name]),
                    hoverinfo="skip",
                )
    if faded:
        hits = frame[matched]
        fig.add_scattergl(
            x=hits["map_x"],
            y=hits["map_y"],
            mode="markers",
            name=translate("matches the query", lang),
            marker={"size": 8, "color": "#d62728", "line": {"width": 1, "color": "black"}},
            customdata=hits[data],
            hovertemplate=hover,
        )
    topics = frame[frame["topic"] >= 0].groupby(["topic", "label"])
    centres = topics[["map_x", "map_y"]].median().assign(n=topics.size())
    centres = centres.nlargest(labelled, "n").reset_index()
    texts = [str(label)[:MAP_LABEL_CHARS] for label in centres["label"]]
    spans = (np.ptp(frame["map_x"]) or 1.0, np.ptp(frame["map_y"]) or 1.0)
    for i, (x, y) in placed_labels(centres["map_x"], centres["map_y"], texts, spans).items():
        fig.add_annotation(
            x=x,
            y=y,
            text=map_label(int(centres["topic"].iat[i]), texts[i], lang),
            showarrow=False,
            font={"size": 11, "color": "#111"},
            bgcolor="rgba(255,255,255,0.75)",
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return styled(fig, title, height=650).update_layout(dragmode="lasso")


MAP_LABEL_CHARS = 32  # of a topic label written on the document map
LEGEND_MARKER = 9  # size of a legend's symbol on the document map (its points are 4)


def map_label(topic: int, label: str, lang: str) -> str:
    """A topic's label on the map: "3: label" with its number first in either language
    (:func:`dashboard.app.i18n.numbered`); a label without its number, isolated as it is."""
    number, colon, rest = label.partition(": ")
    return numbered(topic, rest, lang) if colon and number == str(topic) else isolate(label)
