"""Plotly figure builders: each takes computed frames and returns a ``go.Figure``."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
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
EDGE_STEPS = 5  # edge widths in the network: NPMI rounded to fifths


def right_to_left_bars(fig: go.Figure) -> go.Figure:
    """Horizontal bars that grow leftwards from Arabic labels on the right."""
    fig.update_xaxes(autorange="reversed")
    fig.update_yaxes(side="right", automargin=True)
    return fig


def whole_number_ticks(fig: go.Figure, frame: pd.DataFrame, *, share: bool) -> None:
    """A y axis of percentages, or of counts whose ticks are whole numbers even when small."""
    fig.update_yaxes(tickformat=".0%" if share else ",d", rangemode="tozero")
    if not share and len(frame) and frame["count"].max() <= 12:
        fig.update_yaxes(dtick=max(1, math.ceil(frame["count"].max() / 6)))


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


def coverage_lines(
    cov: pd.DataFrame,
    *,
    share: bool,
    title: str,
    names: dict[str, str] | None = None,
    gap_name: str = "no articles collected",
) -> go.Figure:
    """One line per series over time; the last, partial period drawn dotted.

    A period with no article at all (``gap``) has no point, so lines break there
    instead of dropping to zero; crosses on the axis mark those periods. ``names``
    maps a series to its legend text (each line keeps its series in ``legendgroup``).
    """
    value = "share" if share else "count"
    gaps = cov["gap"] if "gap" in cov else pd.Series(False, index=cov.index)
    shown = cov.assign(**{value: cov[value].astype(float).where(~gaps.astype(bool))})
    names = names or {}
    fig = go.Figure()
    palette = px.colors.qualitative.Safe
    for i, (series, rows) in enumerate(shown.groupby("series", sort=False)):
        colour, name = palette[i % len(palette)], names.get(str(series), str(series))
        complete = rows[~rows["partial"]]
        fig.add_scatter(
            x=complete["period"],
            y=complete[value],
            name=name,
            mode="lines+markers",
            line={"color": colour},
            connectgaps=False,
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
                name=f"{name} (partial)",
                mode="lines+markers",
                line={"color": colour, "dash": "dot"},
                connectgaps=False,
                legendgroup=str(series),
                showlegend=False,
                hovertemplate="%{x|%Y-%m-%d}<br>%{y} (incomplete period)<extra></extra>",
            )
    empty = cov.loc[gaps.astype(bool), "period"].drop_duplicates()
    if len(empty):
        fig.add_scatter(
            x=empty,
            y=[0] * len(empty),
            name=gap_name,
            mode="markers",
            marker={"symbol": "x", "color": "#888888", "size": 9},
            legendgroup="gap",
            hovertemplate=f"%{{x|%Y-%m-%d}}: {gap_name}<extra></extra>",
        )
    whole_number_ticks(fig, cov, share=share)
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
    entities: pd.DataFrame, pairs: pd.DataFrame, title: str, labelled: int = 12
) -> go.Figure:
    """Co-occurrence network: node size = mentions, edge width = association (NPMI).

    Only the ``labelled`` most mentioned nodes carry a text label; every node has a hover.

    Args:
        entities: ``entity``, ``type``, ``articles``, ``mentions`` for the nodes to draw.
        pairs: ``source``, ``target``, ``count``, ``npmi`` between those nodes.
    """
    graph = nx.Graph()
    graph.add_nodes_from(entities["entity"])
    for row in pairs.itertuples(index=False):
        graph.add_edge(row.source, row.target, weight=max(row.npmi, 0.01), count=row.count)
    spread = 3.0 / math.sqrt(len(graph) or 1)
    positions = nx.spring_layout(graph, weight="weight", seed=7, k=spread, iterations=200)
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
    named = set(entities.nlargest(labelled, "mentions")["entity"])
    scale = 40 / math.sqrt(entities["mentions"].max() or 1)
    for kind, rows in entities.groupby("type"):
        fig.add_scatter(
            x=[positions[e][0] for e in rows["entity"]],
            y=[positions[e][1] for e in rows["entity"]],
            mode="markers+text",
            text=[e if e in named else "" for e in rows["entity"]],
            textposition="top center",
            name=str(kind),
            marker={
                "size": [8 + scale * math.sqrt(m) for m in rows["mentions"]],
                "color": TYPE_COLOURS.get(str(kind), "#7f7f7f"),
                "line": {"width": 1, "color": "white"},
            },
            customdata=rows[["entity", "articles", "mentions"]],
            hovertemplate="%{customdata[0]}<br>%{customdata[2]} mentions in "
            "%{customdata[1]} articles<extra></extra>",
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return styled(fig, title, height=600)


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


def document_map(points: pd.DataFrame, title: str) -> go.Figure:
    """Articles on the 2-D topic map, one colour per topic, outliers in grey.

    Args:
        points: ``map_x``, ``map_y``, ``topic``, ``label`` (topic label, "—" for none), ``title``.
    """
    fig = go.Figure()
    palette = px.colors.qualitative.Dark24
    for i, ((_, label), rows) in enumerate(points.groupby(["topic", "label"], sort=True)):
        fig.add_scattergl(
            x=rows["map_x"],
            y=rows["map_y"],
            mode="markers",
            name=str(label),
            marker={
                "size": 5,
                "opacity": 0.7,
                "color": "#bbbbbb" if label == "—" else palette[i % len(palette)],
            },
            customdata=rows[["title"]],
            hovertemplate="%{customdata[0]}<extra>%{fullData.name}</extra>",
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig = styled(fig, title, height=600)
    fig.update_layout(legend={"orientation": "v", "y": 1, "x": 1.02, "font": {"size": 11}})
    return fig


def topic_dendrogram(ids: list[int], linkage, labels: dict[int, str], title: str) -> go.Figure:
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
    fig.update_xaxes(autorange="reversed", title="cosine distance between topic centroids")
    return styled(fig, title, height=max(320, 24 * len(leaves) + 100))


def outlet_heatmap(table: pd.DataFrame, title: str) -> go.Figure:
    """Share of each outlet's articles per topic (rows: outlets, columns: topics)."""
    shares = table.pivot_table(index="outlet", columns="label", values="share", sort=False)
    counts = table.pivot_table(index="outlet", columns="label", values="count", sort=False)
    fig = go.Figure(
        go.Heatmap(
            z=shares.to_numpy(),
            x=list(shares.columns),
            y=list(shares.index),
            customdata=counts.to_numpy(),
            colorscale="Teal",
            hovertemplate="%{y} · %{x}<br>%{z:.1%} of the outlet (n=%{customdata})<extra></extra>",
            colorbar={"tickformat": ".0%"},
        )
    )
    fig.update_xaxes(tickangle=-40)
    fig.update_yaxes(side="right", automargin=True)
    return styled(fig, title, height=max(360, 28 * len(shares) + 200))


def rising_bars(table: pd.DataFrame, title: str) -> go.Figure:
    """Burst score of the rising topics, with share now against the baseline in the hover."""
    rows = table.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=rows["score"],
            y=rows["label"],
            orientation="h",
            marker_color="#c8553d",
            customdata=rows[["share", "baseline", "count"]],
            hovertemplate="%{y}<br>burst %{x:.1f}<br>share %{customdata[0]:.1%} vs "
            "%{customdata[1]:.1%} before (n=%{customdata[2]})<extra></extra>",
        )
    )
    return styled(right_to_left_bars(fig), title, height=max(240, 28 * len(rows) + 90))


def cooccurrence_matrix(matrix: pd.DataFrame, title: str) -> go.Figure:
    """Articles shared by each pair of entities (square frame; diagonal = own articles, blank)."""
    values = matrix.to_numpy().astype(float)
    np.fill_diagonal(values, np.nan)
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=list(matrix.columns),
            y=list(matrix.index),
            colorscale="Blues",
            hovertemplate="%{y} · %{x}<br>%{z} shared articles<extra></extra>",
        )
    )
    fig.update_xaxes(tickangle=-40)
    fig.update_yaxes(side="right", automargin=True, autorange="reversed")
    return styled(fig, title, height=max(380, 26 * len(matrix) + 200))


def attention_lines(
    table: pd.DataFrame, *, share: bool, title: str, collected: pd.Series | None = None
) -> go.Figure:
    """Articles near a query per period, one line per outlet; each point carries its outlet
    and period (``customdata``) so a click can open its articles.

    ``collected`` (True or False for every period of the view: whether the filtered
    collection has any article in it) puts a 0 where an outlet has no near article and
    breaks the line (no point) where nothing was collected at all, instead of joining
    the points across that gap.
    """
    value = "share" if share else "count"
    fig = go.Figure()
    palette = px.colors.qualitative.Safe
    periods = pd.Index(table["period"].drop_duplicates().sort_values())
    if collected is not None and len(table):
        inside = collected.index[
            (collected.index >= periods.min()) & (collected.index <= periods.max())
        ]
        periods = pd.Index(sorted(set(inside) | set(periods)))
    for i, (outlet, rows) in enumerate(table.groupby("outlet", sort=True)):
        rows = rows.set_index("period")[list(dict.fromkeys(["count", value]))].reindex(periods)
        if collected is not None:
            seen = rows.index.isin(collected.index[collected.to_numpy(dtype=bool)])
            rows.loc[seen] = rows.loc[seen].fillna(0)
        fig.add_scatter(
            x=rows.index,
            y=rows[value],
            name=str(outlet),
            mode="lines+markers",
            marker={"size": 8},
            connectgaps=False,
            line={"color": palette[i % len(palette)]},
            customdata=np.column_stack(
                [
                    np.full(len(rows), outlet, dtype=object),
                    rows.index.strftime("%Y-%m-%d"),
                    rows["count"].fillna(0).astype(int),
                ]
            ),
            hovertemplate="%{customdata[0]}<br>%{x|%Y-%m-%d}: %{customdata[2]} articles"
            "<extra></extra>",
        )
    whole_number_ticks(fig, table, share=share)
    return styled(fig, title, height=420)


def score_histogram(scores: np.ndarray, threshold: float, title: str) -> go.Figure:
    """How the filtered articles' similarities to the query spread, with the threshold line."""
    fig = go.Figure(go.Histogram(x=scores, nbinsx=60, marker_color="#8d99ae"))
    fig.add_vline(x=threshold, line={"color": "#d62728", "dash": "dash"})
    fig.update_yaxes(type="log", title=None)
    fig.update_xaxes(title=None)
    return styled(fig, title, height=220)


def story_timeline(rows: pd.DataFrame, title: str) -> go.Figure:
    """A story's articles as points in time, one row per outlet, the first one marked."""
    first = rows["order"] == 1
    fig = go.Figure(
        go.Scatter(
            x=rows["published_at"],
            y=rows["outlet"],
            mode="markers",
            marker={
                "size": [16 if f else 11 for f in first],
                "color": ["#d62728" if f else "#0f5c6e" for f in first],
                "symbol": ["star" if f else "circle" for f in first],
            },
            customdata=rows[["title", "lag_hours"]],
            hovertemplate="%{y}<br>%{x|%Y-%m-%d %H:%M}<br>+%{customdata[1]} h"
            "<br>%{customdata[0]}<extra></extra>",
        )
    )
    fig.update_yaxes(side="right", automargin=True)
    return styled(fig, title, height=max(220, 40 * rows["outlet"].nunique() + 110))
