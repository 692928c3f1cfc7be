"""Word charts: rising terms, term counts and the words that set two sides apart."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.app.charts.style import reading_bars, styled
from dashboard.app.i18n import translate


def rising_bars(table: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """Burst score of the rising topics, with share now against the baseline in the hover."""
    rows = table.iloc[::-1]
    burst, share, before = (translate(w, lang) for w in ("burst", "share", "before"))
    fig = go.Figure(
        go.Bar(
            x=rows["score"],
            y=rows["label"],
            orientation="h",
            marker_color="#c8553d",
            customdata=rows[["share", "baseline", "count"]],
            hovertemplate=f"%{{y}}<br>{burst} %{{x:.1f}}<br>{share} %{{customdata[0]:.1%}}، "
            f"{before} %{{customdata[1]:.1%}} (%{{customdata[2]}} {translate('articles', lang)})"
            "<extra></extra>",
        )
    )
    return styled(reading_bars(fig, lang), title, height=max(240, 28 * len(rows) + 90))


def term_bars(table: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """Words or phrases by occurrences, most on top; the articles using each, and their share
    of the matching articles, in the hover (``customdata[0]`` is the term, for a click)."""
    rows = table.iloc[::-1]
    times, articles = translate("occurrences", lang), translate("articles", lang)
    fig = go.Figure(
        go.Bar(
            x=rows["count"],
            y=rows["term"],
            orientation="h",
            marker_color="#0f5c6e",
            customdata=rows[["term", "articles", "share"]],
            hovertemplate=f"%{{y}}<br>%{{x}} {times}، %{{customdata[1]}} {articles} "
            "(%{customdata[2]:.1%})<extra></extra>",
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(rows["term"]))
    return styled(reading_bars(fig, lang), title, height=max(300, 22 * len(rows) + 90))


def distinctive_bars(
    table: pd.DataFrame, title: str, names: tuple[str, str], lang: str = "en"
) -> go.Figure:
    """Two-sided bars of z: the words of set A to the right (z above 0), those of set B to
    the left, each labelled at its bar's end; counts in each set in the hover
    (``customdata[0]`` is the word, for a click)."""
    rows = table.sort_values("z")
    score = translate("z-score", lang)
    fig = go.Figure()
    for side, name, colour in (("a", names[0], "#0f5c6e"), ("b", names[1], "#c8553d")):
        chosen = rows[rows["side"] == side]
        fig.add_bar(
            x=chosen["z"],
            y=chosen["term"],
            orientation="h",
            name=name,
            marker_color=colour,
            text=chosen["term"],
            textposition="outside",
            constraintext="none",  # plotly would shrink each word to its bar's thickness
            textfont={"size": 12},
            cliponaxis=False,
            customdata=chosen[["term", "count_a", "count_b"]],
            hovertemplate=f"%{{customdata[0]}}<br>{score} %{{x:.2f}}<br>{names[0]}: "
            f"%{{customdata[1]}}، {names[1]}: %{{customdata[2]}}<extra></extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=list(rows["term"]), showticklabels=False)
    fig.update_xaxes(title=score, zeroline=True, zerolinewidth=2)
    return styled(fig, title, height=max(300, 20 * len(rows) + 120))
