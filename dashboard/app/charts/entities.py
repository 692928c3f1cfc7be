"""Entity charts: the most mentioned entities, the co-mention network and matrix."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.app.charts.labels import LABEL_PIXELS, labels_beside, spread_apart
from dashboard.app.charts.style import (
    SIDE_COLOUR_BAR,
    TYPE_COLOURS,
    heatmap_columns,
    reading_bars,
    styled,
)
from dashboard.app.i18n import translate

EDGE_STEPS = 5  # edge widths in the network: NPMI rounded to fifths


def type_order(types: pd.Series) -> list[str]:
    """The entity types present, in the order of :data:`TYPE_COLOURS`, then any other
    alphabetically: the order of every entity chart's legend."""
    present = set(types.astype(str))
    return [k for k in TYPE_COLOURS if k in present] + sorted(present - set(TYPE_COLOURS))


def entity_bars(table: pd.DataFrame, title: str, top: int = 25, lang: str = "en") -> go.Figure:
    """Most-mentioned entities (articles mentioning each), one colour per type, the types
    named in the legend."""
    rows = table.head(top).iloc[::-1]
    articles, mentions = translate("articles", lang), translate("mentions", lang)
    fig = go.Figure()
    for kind in type_order(rows["type"]):
        chosen = rows[rows["type"] == kind]
        fig.add_bar(
            x=chosen["articles"],
            y=chosen["entity"],
            orientation="h",
            name=translate(kind, lang),
            marker_color=TYPE_COLOURS.get(kind, TYPE_COLOURS["other"]),
            customdata=chosen[["mentions"]],
            hovertemplate=f"%{{y}}<br>%{{x}} {articles}، %{{customdata[0]}} {mentions}"
            "<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")  # as the network's
    fig.update_yaxes(categoryorder="array", categoryarray=list(rows["entity"]))
    return styled(reading_bars(fig, lang), title, height=max(300, 22 * len(rows) + 120))


def network(
    entities: pd.DataFrame, pairs: pd.DataFrame, title: str, labelled: int = 12, lang: str = "en"
) -> go.Figure:
    """Co-occurrence network: node size = mentions, edge width = association (NPMI).

    A seeded spring layout, drawn in the plot's pixels and opened up where nodes, or the
    ``labelled`` most mentioned nodes with room for their names above them, would overlap
    (:func:`~dashboard.app.charts.labels.spread_apart`). Only those nodes carry a name,
    written beside the node where it covers no other name or node
    (:func:`~dashboard.app.charts.labels.labels_beside`: above it, where room was made);
    every node has a hover.

    Args:
        entities: ``entity``, ``type``, ``articles``, ``mentions`` for the nodes to draw.
        pairs: ``source``, ``target``, ``count``, ``npmi`` between those nodes.
    """
    articles, mentions = translate("articles", lang), translate("mentions", lang)
    graph = nx.Graph()
    graph.add_nodes_from(entities["entity"])
    for row in pairs.itertuples(index=False):
        graph.add_edge(row.source, row.target, weight=max(row.npmi, 0.01), count=row.count)
    spread = 3.0 / math.sqrt(len(graph) or 1)
    positions = nx.spring_layout(graph, weight="weight", seed=7, k=spread, iterations=200)
    names, counts = list(entities["entity"]), entities["mentions"].to_numpy()
    scale = 40 / math.sqrt(entities["mentions"].max() or 1)
    radii = [(8 + scale * math.sqrt(m)) / 2 for m in counts]
    named = list(np.argsort(-counts, kind="stable")[:labelled])
    widths = [len(names[i]) * LABEL_PIXELS[0] if i in named else 0.0 for i in range(len(names))]
    # The layout in the plot's pixels, then opened up where nodes and their names would
    # overlap (a crowded centre): the axes show exactly those pixels.
    xy = np.array([positions[e] for e in names], dtype=float).reshape(-1, 2)
    low, per = plot_frame(xy)
    xy = spread_apart((xy - low) / per, radii, widths, NETWORK_PIXELS)
    positions = dict(zip(names, map(tuple, xy), strict=True))
    fig = go.Figure()
    # One trace per width step (segments split by None), not one per edge: a trace costs
    # about a millisecond to build and to draw.
    steps = np.clip(np.round(pairs["npmi"].to_numpy(dtype=float) * EDGE_STEPS), 0, EDGE_STEPS)
    for step in np.unique(steps):
        chosen = pairs[steps == step]
        pairs_xy = zip(chosen["source"], chosen["target"], strict=True)
        ends = [(positions[a], positions[b]) for a, b in pairs_xy]
        fig.add_scatter(
            x=[x for (x0, _), (x1, _) in ends for x in (x0, x1, None)],
            y=[y for (_, y0), (_, y1) in ends for y in (y0, y1, None)],
            mode="lines",
            line={"width": 0.5 + 5 * step / EDGE_STEPS, "color": "rgba(90,90,90,0.35)"},
            hoverinfo="skip",
            showlegend=False,
        )
    for kind in type_order(entities["type"]):
        rows = entities[entities["type"] == kind]
        fig.add_scatter(
            x=[positions[e][0] for e in rows["entity"]],
            y=[positions[e][1] for e in rows["entity"]],
            mode="markers",
            name=translate(str(kind), lang),
            marker={
                "size": [8 + scale * math.sqrt(m) for m in rows["mentions"]],
                "color": TYPE_COLOURS.get(str(kind), "#7f7f7f"),
                "line": {"width": 1, "color": "white"},
            },
            customdata=rows[["entity", "articles", "mentions"]],
            hovertemplate=f"%{{customdata[0]}}<br>%{{customdata[2]}} {mentions}، "
            f"%{{customdata[1]}} {articles}<extra></extra>",
        )
    # Each name beside its node (above it where spread_apart left room) where it covers no
    # other name nor node; else the hover only.
    kept = labels_beside([tuple(p) for p in xy], radii, names, named, NETWORK_PIXELS)
    centres = np.array(list(kept.values()), dtype=float).reshape(-1, 2)
    fig.add_scatter(  # the names last, over every node, each on a light halo
        x=centres[:, 0],
        y=centres[:, 1],
        mode="text",
        text=[names[i] for i in kept],
        textfont={"shadow": "1px 1px 2px white, -1px -1px 2px white", "color": "#222"},
        hoverinfo="skip",
        showlegend=False,
    )
    fig.update_xaxes(range=[0, NETWORK_PIXELS[0]], visible=False)  # the pixels reckoned in
    fig.update_yaxes(range=[0, NETWORK_PIXELS[1]], visible=False)
    return styled(fig, title, height=600)


NETWORK_PIXELS = (520, 440)  # about the plot area of the entity network, in pixels


NETWORK_MARGIN = 30  # pixels of the plot left around the outermost nodes


def plot_frame(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the plot's lower left corner, data units per pixel) that show points ``xy``
    (n × 2) in :data:`NETWORK_PIXELS` with :data:`NETWORK_MARGIN` pixels around them."""
    low, high = (xy.min(axis=0), xy.max(axis=0)) if len(xy) else (np.zeros(2), np.ones(2))
    per = np.maximum(high - low, 1e-9) / (np.asarray(NETWORK_PIXELS) - 2 * NETWORK_MARGIN)
    return low - NETWORK_MARGIN * per, per


def cooccurrence_matrix(matrix: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """Articles shared by each pair of entities (square frame; diagonal = own articles, blank);
    the names and the colour bar stand on either side (:func:`heatmap_columns`)."""
    shared = translate("shared articles", lang)
    values = matrix.to_numpy().astype(float)
    np.fill_diagonal(values, np.nan)
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=list(matrix.columns),
            y=list(matrix.index),
            colorscale="Blues",
            hovertemplate=f"%{{y}} · %{{x}}<br>%{{z}} {shared}<extra></extra>",
            colorbar=SIDE_COLOUR_BAR,
        )
    )
    fig.update_xaxes(tickangle=-40)
    fig.update_yaxes(autorange="reversed")
    return styled(heatmap_columns(fig, lang), title, height=max(380, 26 * len(matrix) + 200))
