"""Score charts: how similar the nearest articles are, and how search scores spread."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.app.charts.style import styled
from dashboard.app.i18n import (
    isolate,
    line,
    translate,
)


def similarity_bars(rows: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """Similarity scores of an article's neighbours, labelled by outlet and date."""
    labels = [
        line(f"{isolate(o)} · \u2066{d:%Y-%m-%d}\u2069 · {isolate(t[:40])}", lang)
        for o, d, t in zip(rows["outlet"], rows["published_at"], rows["title"], strict=True)
    ]
    similarity = translate("similarity", lang)
    fig = go.Figure(
        go.Bar(
            x=rows["score"][::-1],
            y=labels[::-1],
            orientation="h",
            marker_color="#6a4c93",
            hovertemplate=f"%{{y}}<br>{similarity} %{{x:.2f}}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[1, 0])
    fig.update_yaxes(side="right", automargin=True)
    return styled(fig, title, height=max(260, 30 * len(rows) + 90))


def score_histogram(
    scores: np.ndarray, threshold: float, title: str, lang: str = "en", bins: int = 60
) -> go.Figure:
    """How the filtered articles' similarities to the query spread, with the threshold line:
    bars of ``bins`` equal ranges, each range and its count in the hover."""
    similarity, articles = translate("similarity", lang), translate("articles", lang)
    counts, edges = np.histogram(np.asarray(scores, dtype=float), bins=bins)
    fig = go.Figure(
        go.Bar(
            x=(edges[:-1] + edges[1:]) / 2,
            y=counts,
            width=np.diff(edges),
            marker_color="#8d99ae",
            customdata=np.column_stack([edges[:-1], edges[1:]]),
            hovertemplate=f"{similarity} %{{customdata[0]:.2f}}–%{{customdata[1]:.2f}}<br>"
            f"%{{y}} {articles}<extra></extra>",
        )
    )
    fig.add_vline(x=threshold, line={"color": "#d62728", "dash": "dash"})
    fig.update_yaxes(type="log", dtick=1, title=None)  # decades only: a short axis stays legible
    fig.update_xaxes(title=None)
    return styled(fig, title, height=250)
