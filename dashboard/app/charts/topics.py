"""Topic charts: topic sizes, a topic's keywords, the topic tree, and topics by outlet."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.app.charts.style import SIDE_COLOUR_BAR, heatmap_columns, reading_bars, styled
from dashboard.app.i18n import (
    numbered,
    translate,
)


def topic_bars(table: pd.DataFrame, title: str, top: int = 20, lang: str = "en") -> go.Figure:
    """Horizontal bars of articles per topic, largest on top; each labelled by its number
    and label, isolated so the number keeps its colon in either direction."""
    rows = table.head(top).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=rows["articles"],
            y=[
                numbered(t, label, lang)
                for t, label in zip(rows["topic"], rows["label"], strict=True)
            ],
            orientation="h",
            marker_color="#0f5c6e",
            hovertemplate=f"%{{y}}<br>%{{x}} {translate('articles', lang)}<extra></extra>",
        )
    )
    return styled(reading_bars(fig, lang), title, height=max(300, 26 * len(rows) + 90))


def keyword_bars(
    keywords: list[str], weights: list[float], title: str, lang: str = "en"
) -> go.Figure:
    """A topic's keywords with their c-TF-IDF weights."""
    weight = translate("weight in the topic", lang)
    fig = go.Figure(
        go.Bar(
            x=weights[::-1],
            y=keywords[::-1],
            orientation="h",
            marker_color="#3b8ea5",
            hovertemplate=f"%{{y}}<br>{weight} %{{x:.3f}}<extra></extra>",
        )
    )
    return styled(reading_bars(fig, lang), title, height=max(260, 24 * len(keywords) + 90))


def topic_dendrogram(
    ids: list[int], linkage, labels: dict[int, str], title: str, lang: str = "en"
) -> go.Figure:
    """The topic hierarchy as a dendrogram with topic labels on the right.

    Args:
        ids: Topic ids in the order of the linkage matrix's leaves.
        linkage: A SciPy linkage matrix over those topics.
        labels: Topic id -> label.
    """
    from scipy.cluster.hierarchy import dendrogram

    tree = dendrogram(linkage, no_plot=True, labels=[labels.get(t, str(t)) for t in ids])
    fig = go.Figure()
    for xs, ys in zip(tree["icoord"], tree["dcoord"], strict=True):
        fig.add_scatter(
            x=ys, y=xs, mode="lines", line={"color": "#0f5c6e"}, hoverinfo="skip", showlegend=False
        )
    leaves = [5 + 10 * i for i in range(len(tree["ivl"]))]
    fig.update_yaxes(tickvals=leaves, ticktext=tree["ivl"], side="right", automargin=True)
    fig.update_xaxes(
        autorange="reversed", title=translate("distance in meaning between topics", lang)
    )
    return styled(fig, title, height=max(320, 24 * len(leaves) + 100))


def outlet_heatmap(table: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """Share of each outlet's articles per topic (rows: outlets, columns: topics); the
    outlet names and the colour bar stand on either side (:func:`heatmap_columns`)."""
    of_outlet = translate("of the outlet's articles", lang)
    shares = table.pivot_table(index="outlet", columns="label", values="share", sort=False)
    counts = table.pivot_table(index="outlet", columns="label", values="count", sort=False)
    fig = go.Figure(
        go.Heatmap(
            z=shares.to_numpy(),
            x=list(shares.columns),
            y=list(shares.index),
            customdata=counts.to_numpy(),
            colorscale="Teal",
            hovertemplate=f"%{{y}} · %{{x}}<br>%{{z:.1%}} {of_outlet} (%{{customdata}})"
            "<extra></extra>",
            colorbar=SIDE_COLOUR_BAR | {"tickformat": ".0%"},
        )
    )
    fig.update_xaxes(tickangle=-40)
    return styled(heatmap_columns(fig, lang), title, height=max(360, 28 * len(shares) + 200))
