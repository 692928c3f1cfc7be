"""Charts over time: coverage, shares, attention, story timelines, and timeline events on them."""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard.app.charts.localise import _dates
from dashboard.app.charts.style import styled, whole_number_ticks
from dashboard.app.i18n import (
    digits,
    translate,
    when_text,
)
from dashboard.sharing.events import Event

EVENT_COLOUR = "#8a5a00"


EVENT_LABEL_CHARS = 40  # of a label written on the chart (the hover holds it whole)


def date_span(fig: go.Figure) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last date on ``fig``'s x axis: its set range, else the span of its traces'
    dates; None when the x axis holds no dates."""
    found = [d for d in (_dates(getattr(trace, "x", None)) for trace in fig.data) if d is not None]
    if not found:
        return None
    fixed = fig.layout.xaxis.range
    if fixed is not None and len(fixed) == 2:
        return pd.Timestamp(fixed[0]), pd.Timestamp(fixed[1])
    return min(d.min() for d in found), max(d.max() for d in found)


def with_events(fig: go.Figure, events: Sequence[Event], indic: bool = False) -> go.Figure:
    """``fig`` with each timeline event inside its date axis as a dashed vertical line and
    its label (escaped: plotly would render tags in it; a link shows as text in the hover).
    The event's date in the hover is in Arabic-Indic digits when ``indic`` (its label and
    link are the user's text and stay as written).

    Events outside the axis's dates are skipped; a figure whose x axis holds no dates is
    returned as it is.
    """
    span = date_span(fig)
    if span is None:
        return fig
    first, last = span[0].normalize(), span[1]
    for event in events:
        when = pd.Timestamp(event.day)
        if not first <= when <= last:
            continue
        label = (
            event.label
            if len(event.label) <= EVENT_LABEL_CHARS
            else (event.label[: EVENT_LABEL_CHARS - 1] + "…")
        )
        hover = html.escape(f"{digits(f'{event.day:%Y-%m-%d}', indic)} · {event.label}")
        fig.add_shape(
            type="line",
            xref="x",
            yref="paper",
            x0=when,
            x1=when,
            y0=0,
            y1=1,
            line={"color": EVENT_COLOUR, "width": 1, "dash": "dash"},
            name=f"event {event.day:%Y-%m-%d}",
        )
        fig.add_annotation(
            x=when,
            xref="x",
            y=1,
            yref="paper",
            text=html.escape(label),
            hovertext=hover + (f"<br>{html.escape(event.link)}" if event.link else ""),
            showarrow=False,
            textangle=-90,
            xanchor="right",
            yanchor="top",
            font={"size": 10, "color": EVENT_COLOUR},
            bgcolor="rgba(255,255,255,0.6)",
        )
    return fig


def coverage_lines(
    cov: pd.DataFrame,
    *,
    share: bool,
    title: str,
    lang: str = "en",
    names: dict[str, str] | None = None,
    gap_name: str | None = None,
) -> go.Figure:
    """One line per series over time; the last, partial period drawn dotted.

    A period with no article at all (``gap``) has no point, so lines break there
    instead of dropping to zero; crosses on the axis mark those periods. ``names``
    maps a series to its legend text (each line keeps its series in ``legendgroup``).
    """
    incomplete = translate("incomplete period", lang)
    gap_name = gap_name or translate("no articles collected", lang)
    value = "share" if share else "count"
    gaps = cov["gap"].astype(bool) if "gap" in cov else pd.Series(False, index=cov.index)
    shown = cov.assign(**{value: cov[value].astype(float).where(~gaps)})
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
            hovertemplate=f"%{{x|%Y-%m-%d}}<br>%{{y}}<br>{translate('articles', lang)}: "
            "%{customdata[0]}<extra>%{fullData.name}</extra>",
        )
        tail = rows[rows["partial"]]
        if len(tail):
            joined = pd.concat([complete.tail(1), tail])
            fig.add_scatter(
                x=joined["period"],
                y=joined[value],
                name=f"{name} ({incomplete})",
                mode="lines+markers",
                line={"color": colour, "dash": "dot"},
                connectgaps=False,
                legendgroup=str(series),
                showlegend=False,
                hovertemplate=f"%{{x|%Y-%m-%d}}<br>%{{y}} ({incomplete})<extra></extra>",
            )
    empty = cov.loc[gaps, "period"].drop_duplicates()
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


def attention_lines(
    table: pd.DataFrame,
    *,
    share: bool,
    title: str,
    lang: str = "en",
    collected: pd.Series | None = None,
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
            hovertemplate="%{customdata[0]}<br>%{x|%Y-%m-%d}: %{customdata[2]} "
            f"{translate('articles', lang)}<extra></extra>",
        )
    whole_number_ticks(fig, table, share=share)
    return styled(fig, title, height=420)


def story_timeline(rows: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """A story's articles as points in time, one row per outlet (its name where a reader of
    ``lang`` starts a line), the first one marked; the hover gives the time of day only when
    the source did."""
    first = rows["order"] == 1
    when = [when_text(stamp, lang) for stamp in rows["published_at"]]
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
            customdata=np.column_stack([rows["title"], when]),
            hovertemplate="%{y}<br>%{customdata[1]}<br>%{customdata[0]}<extra></extra>",
        )
    )
    fig.update_yaxes(side="right" if lang == "ar" else "left", automargin=True)
    return styled(fig, title, height=max(220, 40 * rows["outlet"].nunique() + 110))


def outlet_attention_lines(
    table: pd.DataFrame, outlets: list[str], *, title: str, lang: str = "en"
) -> go.Figure:
    """Each outlet's share of its own articles that match a query, one line per outlet of
    ``outlets`` (in that order), from a :func:`dashboard.analysis.coverage.outlet_attention` table.

    A period in which an outlet has no article at all (``gap``) has no point, so its line
    breaks there, and a cross in its colour on the axis marks it; the last, partial
    period is drawn dotted.
    """
    incomplete = translate("incomplete period", lang)
    no_articles = translate("no articles from this outlet", lang)
    of = translate("of", lang)
    fig = go.Figure()
    palette = px.colors.qualitative.Safe
    for i, outlet in enumerate(outlets):
        rows = table[table["outlet"] == outlet]
        colour = palette[i % len(palette)]
        gaps = rows["gap"].astype(bool)
        shown = rows.assign(share=rows["share"].astype(float).where(~gaps))
        hover = (
            f"%{{customdata[0]}}<br>%{{x|%Y-%m-%d}}: %{{y:.1%}}<br>%{{customdata[1]}} {of} "
            f"%{{customdata[2]}} {translate('articles', lang)}"
        )
        for partial, dash in ((False, None), (True, "dot")):
            part = shown[shown["partial"] == partial]
            if partial and len(part):
                part = pd.concat([shown[~shown["partial"]].tail(1), part])
            if not len(part):
                continue
            fig.add_scatter(
                x=part["period"],
                y=part["share"],
                name=str(outlet) if not partial else f"{outlet} ({incomplete})",
                mode="lines+markers",
                line={"color": colour, "dash": dash},
                connectgaps=False,
                legendgroup=str(outlet),
                showlegend=not partial,
                customdata=np.column_stack(
                    [np.full(len(part), outlet, dtype=object), part["count"], part["total"]]
                ),
                hovertemplate=hover + (f" ({incomplete})" if partial else "") + "<extra></extra>",
            )
        empty = rows.loc[gaps, "period"]
        if len(empty):
            fig.add_scatter(
                x=empty,
                y=[0] * len(empty),
                name=f"{outlet}: {no_articles}",
                mode="markers",
                marker={"symbol": "x", "color": colour, "size": 9},
                legendgroup=str(outlet),
                showlegend=False,
                hovertemplate=f"{outlet}<br>%{{x|%Y-%m-%d}}: {no_articles}<extra></extra>",
            )
    whole_number_ticks(fig, table, share=True)
    return styled(fig, title, height=420)
