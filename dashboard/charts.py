"""Plotly figure builders: each takes computed frames and returns a ``go.Figure``."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

FONT = "Noto Sans Arabic, Noto Naskh Arabic, Tahoma, sans-serif"
TYPE_COLOURS = {
    "person": "#1f77b4",
    "organisation": "#d62728",
    "place": "#2ca02c",
    "other": "#7f7f7f",
}


def right_to_left_bars(fig: go.Figure) -> go.Figure:
    """Horizontal bars that grow leftwards from Arabic labels on the right."""
    fig.update_xaxes(autorange="reversed")
    fig.update_yaxes(side="right", automargin=True)
    return fig


def styled(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    """Apply the dashboard's common layout: Arabic-capable font, compact margins."""
    fig.update_layout(
        title={"text": title, "x": 0.5, "xanchor": "center"},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.15},
        hoverlabel={"font_family": FONT},
    )
    return fig


def coverage_lines(cov: pd.DataFrame, *, share: bool, title: str) -> go.Figure:
    """One line per series over time; the last, partial period drawn dotted."""
    value = "share" if share else "count"
    fig = go.Figure()
    palette = px.colors.qualitative.Safe
    for i, (series, rows) in enumerate(cov.groupby("series", sort=False)):
        colour = palette[i % len(palette)]
        complete = rows[~rows["partial"]]
        fig.add_scatter(
            x=complete["period"],
            y=complete[value],
            name=str(series),
            mode="lines+markers",
            line={"color": colour},
            legendgroup=str(series),
            customdata=complete[["count"]],
            hovertemplate="%{x|%Y-%m-%d}<br>%{y}<br>n=%{customdata[0]}<extra>%{fullData.name}</extra>",
        )
        tail = rows[rows["partial"]]
        if len(tail):
            joined = pd.concat([complete.tail(1), tail])
            fig.add_scatter(
                x=joined["period"],
                y=joined[value],
                name=f"{series} (partial)",
                mode="lines+markers",
                line={"color": colour, "dash": "dot"},
                legendgroup=str(series),
                showlegend=False,
                hovertemplate="%{x|%Y-%m-%d}<br>%{y} (incomplete period)<extra></extra>",
            )
    fig.update_yaxes(tickformat=".0%" if share else ",d", rangemode="tozero")
    return styled(fig, title)


def topic_bars(table: pd.DataFrame, title: str, top: int = 20) -> go.Figure:
    """Horizontal bars of articles per topic, largest on top."""
    rows = table.head(top).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=rows["articles"],
            y=[f"{t}: {label}" for t, label in zip(rows["topic"], rows["label"], strict=True)],
            orientation="h",
            marker_color="#0f5c6e",
            hovertemplate="%{y}<br>%{x} articles<extra></extra>",
        )
    )
    return styled(right_to_left_bars(fig), title, height=max(300, 26 * len(rows) + 90))


def keyword_bars(keywords: list[str], weights: list[float], title: str) -> go.Figure:
    """A topic's keywords with their c-TF-IDF weights."""
    fig = go.Figure(
        go.Bar(x=weights[::-1], y=keywords[::-1], orientation="h", marker_color="#3b8ea5")
    )
    return styled(right_to_left_bars(fig), title, height=max(260, 24 * len(keywords) + 90))


def stacked_share(cov: pd.DataFrame, title: str) -> go.Figure:
    """Share of all coverage per series and period, stacked areas."""
    fig = px.area(
        cov,
        x="period",
        y="share",
        color="series",
        color_discrete_sequence=px.colors.qualitative.Safe,
    )
    fig.update_yaxes(tickformat=".0%", title=None)
    fig.update_xaxes(title=None)
    return styled(fig, title, height=420)


def entity_bars(table: pd.DataFrame, title: str, top: int = 25) -> go.Figure:
    """Most-mentioned entities (articles mentioning each), coloured by type."""
    rows = table.head(top).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=rows["articles"],
            y=rows["entity"],
            orientation="h",
            marker_color=[TYPE_COLOURS.get(t, "#7f7f7f") for t in rows["type"]],
            customdata=rows[["type", "mentions"]],
            hovertemplate="%{y} (%{customdata[0]})<br>%{x} articles, "
            "%{customdata[1]} mentions<extra></extra>",
        )
    )
    return styled(right_to_left_bars(fig), title, height=max(300, 22 * len(rows) + 90))


def network(
    entities: pd.DataFrame, pairs: pd.DataFrame, title: str, labelled: int = 15
) -> go.Figure:
    """Co-occurrence network: node size = articles, edge width = association (NPMI).

    Only the ``labelled`` most mentioned nodes carry a text label; every node has a hover.

    Args:
        entities: ``entity``, ``type``, ``articles`` for the nodes to draw.
        pairs: ``source``, ``target``, ``count``, ``npmi`` between those nodes.
    """
    graph = nx.Graph()
    graph.add_nodes_from(entities["entity"])
    for row in pairs.itertuples(index=False):
        graph.add_edge(row.source, row.target, weight=max(row.npmi, 0.01), count=row.count)
    positions = nx.spring_layout(graph, weight="weight", seed=7, k=1.5 / math.sqrt(len(graph) or 1))
    fig = go.Figure()
    for row in pairs.itertuples(index=False):
        (x0, y0), (x1, y1) = positions[row.source], positions[row.target]
        fig.add_scatter(
            x=[x0, x1],
            y=[y0, y1],
            mode="lines",
            line={"width": 0.5 + 5 * max(row.npmi, 0), "color": "rgba(90,90,90,0.35)"},
            hoverinfo="skip",
            showlegend=False,
        )
    named = set(entities.nlargest(labelled, "articles")["entity"])
    sizes = entities["articles"].astype(float)
    scale = 40 / math.sqrt(sizes.max() or 1)
    for kind, rows in entities.groupby("type"):
        fig.add_scatter(
            x=[positions[e][0] for e in rows["entity"]],
            y=[positions[e][1] for e in rows["entity"]],
            mode="markers+text",
            text=[e if e in named else "" for e in rows["entity"]],
            textposition="top center",
            name=str(kind),
            marker={
                "size": [8 + scale * math.sqrt(s) for s in rows["articles"]],
                "color": TYPE_COLOURS.get(str(kind), "#7f7f7f"),
                "line": {"width": 1, "color": "white"},
            },
            customdata=rows[["entity", "articles"]],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]} articles<extra></extra>",
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return styled(fig, title, height=560)


def similarity_bars(rows: pd.DataFrame, title: str) -> go.Figure:
    """Similarity scores of an article's neighbours, labelled by outlet and date."""
    labels = [
        f"{o} · \u2066{d:%Y-%m-%d}\u2069 · {t[:40]}"
        for o, d, t in zip(rows["outlet"], rows["published_at"], rows["title"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(x=rows["score"][::-1], y=labels[::-1], orientation="h", marker_color="#6a4c93")
    )
    fig.update_xaxes(range=[1, 0])
    fig.update_yaxes(side="right", automargin=True)
    return styled(fig, title, height=max(260, 30 * len(rows) + 90))
