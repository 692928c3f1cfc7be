"""Plotly figure builders: each takes computed frames and returns a ``go.Figure``.

Builders take the interface language (``lang``) for the words they add themselves
(hovers, legends); :func:`localised` then gives any figure Arabic date ticks and,
optionally, Arabic-Indic digits.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from datetime import datetime

import networkx as nx
import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

from dashboard.app.hovertext import indic_hovers
from dashboard.app.i18n import (
    ISOLATES,
    date_text,
    digits,
    isolate,
    isolated_digits,
    line,
    ltr,
    numbered,
    translate,
    when_text,
)
from dashboard.sharing.events import Event

FONT = "Noto Sans Arabic, Noto Naskh Arabic, Tahoma, sans-serif"
TYPE_COLOURS = {
    "person": "#1f77b4",
    "organisation": "#d62728",
    "place": "#2ca02c",
    "other": "#7f7f7f",
}
EDGE_STEPS = 5  # edge widths in the network: NPMI rounded to fifths
MAX_DATE_TICKS = 8
OUTLIER_COLOUR = "#bbbbbb"
TITLE_CHARS = 60  # of a title in the document map's hover
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


def _dates(values: object) -> pd.DatetimeIndex | None:
    """The values of a trace's axis as dates, or None when they are not dates."""
    if values is None:
        return None
    array = np.asarray(values)
    dated = array.dtype.kind == "M" or (
        len(array) > 0 and isinstance(array.flat[0], datetime | pd.Timestamp)
    )
    if not dated:
        return None
    found = pd.DatetimeIndex(pd.to_datetime(array)).dropna()
    return found if len(found) else None


def date_ticks(first: pd.Timestamp, last: pd.Timestamp, lang: str) -> tuple[list, list[str]]:
    """Tick positions and their labels for a date axis from ``first`` to ``last``: years,
    months, days or, within two days, hours (the first with its date), at most
    :data:`MAX_DATE_TICKS`, month names in ``lang``.

    >>> date_ticks(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-04-20"), "ar")[1]
    ['يناير 2024', 'فبراير 2024', 'مارس 2024', 'أبريل 2024']
    >>> [shown_text(t) for t in date_ticks(pd.Timestamp("2024-03-05 13:31"),
    ...                               pd.Timestamp("2024-03-05 16:18"), "en")[1]]
    ['5 Mar 2024 14:00', '15:00', '16:00']
    """
    if last - first < pd.Timedelta(days=2):
        return hour_ticks(first, last, lang)
    days = (last - first).days
    if days > 3 * 365:
        years = range(first.year + (first.dayofyear > 1), last.year + 1)
        step = max(1, math.ceil(len(years) / MAX_DATE_TICKS))
        stamps = [pd.Timestamp(year, 1, 1) for year in years[::step]]
        return stamps, [str(stamp.year) for stamp in stamps]
    if days > 60:
        months = pd.date_range(first.to_period("M").to_timestamp(), last, freq="MS")
        months = months[months >= first.normalize()] if len(months) > 1 else months
        step = max(1, math.ceil(len(months) / MAX_DATE_TICKS))
        stamps = list(months[::step])
        return stamps, [date_text(stamp, lang, day=False) for stamp in stamps]
    stamps = list(pd.date_range(first.normalize(), last, freq="D"))
    stamps = stamps[:: max(1, math.ceil(len(stamps) / MAX_DATE_TICKS))]
    return stamps, [date_text(stamp, lang) for stamp in stamps]


def hour_ticks(first: pd.Timestamp, last: pd.Timestamp, lang: str) -> tuple[list, list[str]]:
    """Ticks on whole hours from ``first`` to ``last`` (every 1, 2, 3, 6, 12 or 24 hours):
    the time of day, with the date on the first tick and on each new day's."""
    hours = (last - first).total_seconds() / 3600
    step = next((s for s in (1, 2, 3, 6, 12) if hours / s <= MAX_DATE_TICKS), 24)
    stamps = list(pd.date_range(first.ceil(f"{step}h"), last, freq=f"{step}h")) or [first]
    texts = [
        when_text(stamp, lang)
        if i == 0 or stamp.day != stamps[i - 1].day
        else ltr(f"{stamp:%H:%M}")
        for i, stamp in enumerate(stamps)
    ]
    return stamps, texts


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


def nice_ticks(low: float, high: float, step: float | None = None, count: int = 5) -> list[float]:
    """Round tick values from ``low`` to ``high``: multiples of ``step``, by default 1, 2 or
    5 times a power of ten giving about ``count`` ticks (one beyond each end, which plotly
    hides when it falls outside the axis).

    >>> nice_ticks(0, 0.37)
    [0.0, 0.1, 0.2, 0.3, 0.4]
    >>> nice_ticks(3, 3)
    [3.0]
    """
    if high <= low:
        return [float(low)]
    if not step:
        rough = (high - low) / count
        power = 10 ** math.floor(math.log10(rough))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(k * step, 12) for k in range(first, last + 1)]


def tick_label(value: float, step: float, percent: bool) -> str:
    """A tick's figure with as many decimals as its step needs, thousands grouped.

    >>> tick_label(0.25, 0.05, True), tick_label(1500, 500, False), tick_label(0.5, 0.1, False)
    ('25%', '1,500', '0.5')
    """
    scaled_step = step * 100 if percent else step
    decimals = max(0, -math.floor(math.log10(scaled_step) + 1e-9)) if scaled_step > 0 else 0
    text = format(value, f",.{decimals}{'%' if percent else 'f'}")
    return text.lstrip("-") if float(value) == 0 else text


def _numeric(values: object) -> np.ndarray | None:
    """The finite numbers of a trace's axis or colour values; None when they are not numbers."""
    if values is None or isinstance(values, str):
        return None
    array = np.asarray(values)
    if array.dtype.kind == "O":
        flat = [v for v in array.ravel() if v is not None]
        if not flat or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in flat
        ):
            return None
        array = np.asarray(flat, dtype=float)
    if array.dtype.kind not in "iuf" or array.size == 0:
        return None
    array = array.astype(float).ravel()
    return array[np.isfinite(array)]


def _plotted(fig: go.Figure, axis: str) -> np.ndarray | None:
    """Every number drawn along layout axis ``axis`` (``xaxis``, ``yaxis2`` …); stacked
    traces summed per position, histogram counts estimated from their values."""
    letter, ref = axis[0], axis[0] + axis[5:]
    found: list[np.ndarray] = []
    stacks: dict[object, float] = {}
    stacked = fig.layout.barmode in ("stack", "relative")
    for trace in fig.data:
        if (
            trace.type in ("heatmap", "pie")
            or (getattr(trace, f"{letter}axis", None) or letter) != ref
        ):
            continue
        if trace.type == "histogram":
            other = _numeric(getattr(trace, "y" if letter == "x" else "x", None))
            if other is not None and getattr(trace, letter, None) is None and other.size:
                counts = np.histogram(
                    other, bins=getattr(trace, f"nbins{'y' if letter == 'x' else 'x'}") or 10
                )[0]
                found.append(counts.astype(float))
                continue
        values = _numeric(getattr(trace, letter, None))
        if values is None:
            continue
        if (trace.type == "bar" and stacked) or getattr(trace, "stackgroup", None):
            positions = getattr(trace, "y" if letter == "x" else "x", None)
            for where, value in zip(
                positions if positions is not None else range(len(values)), values, strict=False
            ):
                stacks[str(where)] = stacks.get(str(where), 0.0) + max(value, 0.0)
        else:
            found.append(values)
    if stacks:
        found.append(np.asarray(list(stacks.values())))
    found = [values for values in found if values.size]
    return np.concatenate(found) if found else None


def _indic_axis(fig: go.Figure, axis: go.layout.XAxis | go.layout.YAxis) -> None:
    """Tick values and Arabic-Indic tick labels for one numeric axis of ``fig``."""
    if axis.ticktext:
        axis.ticktext = [digits(str(text), True) for text in axis.ticktext]
        return
    if axis.visible is False or axis.type in ("category", "multicategory", "date"):
        return
    values = _plotted(fig, axis.plotly_name)
    if values is None or not values.size:
        return
    percent = "%" in (axis.tickformat or "")
    if axis.type == "log":
        positive = values[values > 0]
        if not positive.size:
            return
        low, high = math.floor(math.log10(positive.min())), math.ceil(math.log10(positive.max()))
        ticks = [10.0**k for k in range(low, max(high, low + 1) + 1)]
        labels = [tick_label(t, t, percent) for t in ticks]
    else:
        low, high = sorted(axis.range) if axis.range else (values.min(), values.max())
        if axis.rangemode == "tozero" or any(t.type in ("bar", "histogram") for t in fig.data):
            low, high = min(low, 0.0), max(high, 0.0)
        step = axis.dtick if isinstance(axis.dtick, int | float) else None
        ticks = nice_ticks(float(low), float(high), step)
        spacing = ticks[1] - ticks[0] if len(ticks) > 1 else (step or 1.0)
        labels = [tick_label(t, spacing, percent) for t in ticks]
    axis.update(tickvals=ticks, ticktext=[digits(text, True) for text in labels])


def _indic_colour_bar(trace: BaseTraceType) -> None:
    """Arabic-Indic labels on a trace's colour bar (a heatmap's, or its markers')."""
    holder = trace if trace.type == "heatmap" else getattr(trace, "marker", None)
    bar = getattr(holder, "colorbar", None)
    if bar is None:
        return
    if bar.ticktext:
        bar.ticktext = [digits(str(text), True) for text in bar.ticktext]
        return
    values = _numeric(trace.z if trace.type == "heatmap" else getattr(holder, "color", None))
    if trace.type != "heatmap" and not getattr(holder, "showscale", None) and not bar.tickvals:
        return
    if values is None or not values.size:
        return
    ticks = nice_ticks(float(values.min()), float(values.max()))
    spacing = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    percent = "%" in (bar.tickformat or "")
    bar.update(
        tickvals=ticks, ticktext=[digits(tick_label(t, spacing, percent), True) for t in ticks]
    )


def indic_numbers(fig: go.Figure) -> go.Figure:
    """``fig`` with Arabic-Indic digits on every tick label: numeric axes (counts, shares,
    scores) get round tick values from the data and their labels written by
    :func:`dashboard.app.i18n.digits`; labelled ticks (dates, categories) and colour bars too,
    and the figures the interface isolated in category labels (a topic's number, a date:
    :func:`dashboard.app.i18n.isolated_digits`). Plotly itself writes only Western digits."""
    for axis in [*fig.select_xaxes(), *fig.select_yaxes()]:
        _indic_axis(fig, axis)
        if axis.categoryarray is not None:
            axis.categoryarray = [isolated_digits(str(v), True) for v in axis.categoryarray]
    for trace in fig.data:
        _indic_colour_bar(trace)
        for letter in ("x", "y"):
            values = getattr(trace, letter, None)
            if values is not None and len(values) and isinstance(values[0], str):
                setattr(trace, letter, [isolated_digits(v, True) for v in values])
    return fig


def localised(fig: go.Figure, lang: str, indic: bool = False) -> go.Figure:
    """``fig`` for a reader of ``lang``: in Arabic, month names on the date axis (never
    English ones) and mixed labels laid out right to left; when ``indic``, Arabic-Indic
    digits in every tick label (:func:`indic_numbers`) and hover label
    (:func:`dashboard.app.hovertext.indic_hovers`)."""
    found = (_dates(getattr(trace, "x", None)) for trace in fig.data)
    stamps = [dates for dates in found if dates is not None]
    if stamps and lang == "ar":
        first = min(dates.min() for dates in stamps)
        last = max(dates.max() for dates in stamps)
        values, texts = date_ticks(first, last, lang)
        fig.update_xaxes(tickvals=values, ticktext=texts)
    if lang == "ar":
        _right_to_left_labels(fig)
    return indic_hovers(indic_numbers(fig), lang) if indic else fig


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
    return styled(right_to_left_bars(fig), title, height=max(300, 26 * len(rows) + 90))


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


def entity_bars(table: pd.DataFrame, title: str, top: int = 25, lang: str = "en") -> go.Figure:
    """Most-mentioned entities (articles mentioning each), one colour per type, the types
    named in the legend."""
    rows = table.head(top).iloc[::-1]
    articles, mentions = translate("articles", lang), translate("mentions", lang)
    fig = go.Figure()
    for kind in [k for k in TYPE_COLOURS if k in set(rows["type"])] + sorted(
        set(rows["type"]) - set(TYPE_COLOURS)
    ):
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
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=list(rows["entity"]))
    return styled(right_to_left_bars(fig), title, height=max(300, 22 * len(rows) + 120))


def network(
    entities: pd.DataFrame, pairs: pd.DataFrame, title: str, labelled: int = 12, lang: str = "en"
) -> go.Figure:
    """Co-occurrence network: node size = mentions, edge width = association (NPMI).

    Only the ``labelled`` most mentioned nodes carry a text label; every node has a hover.

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
    labels = entities[entities["entity"].isin(named)].sort_values("mentions", ascending=False)
    xs = [positions[e][0] for e in labels["entity"]]
    ys = [positions[e][1] for e in labels["entity"]]
    spans = ((np.ptp(xs) if xs else 0) or 1.0, (np.ptp(ys) if ys else 0) or 1.0)
    # A name that would cover a more mentioned one's is left to the hover.
    kept = placed_labels(xs, ys, list(labels["entity"]), spans, NETWORK_PIXELS, shifts=(0.0,))
    labels = labels.iloc[sorted(kept)]
    fig.add_scatter(  # the names last, over every node, each on a light halo
        x=[positions[e][0] for e in labels["entity"]],
        y=[positions[e][1] for e in labels["entity"]],
        mode="markers+text",  # unseen markers of the nodes' size: each name sits above its node
        marker={"size": [8 + scale * math.sqrt(m) for m in labels["mentions"]], "opacity": 0},
        text=list(labels["entity"]),
        textposition="top center",
        textfont={"shadow": "1px 1px 2px white, -1px -1px 2px white", "color": "#222"},
        hoverinfo="skip",
        showlegend=False,
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return styled(fig, title, height=600)


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
            keyed = colour == "outlet"
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
            if keyed:  # a legend entry of its own: the points' colour, full and legible
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
NETWORK_PIXELS = (520, 440)  # about the plot area of the entity network, in pixels
MAP_PIXELS = (1100, 520)  # about the plot area of the document map, in pixels
LABEL_PIXELS = (6.5, 18)  # about a label character's width and a label's height, in pixels


def map_label(topic: int, label: str, lang: str) -> str:
    """A topic's label on the map: "3: label" with its number first in either language
    (:func:`dashboard.app.i18n.numbered`); a label without its number, isolated as it is."""
    number, colon, rest = label.partition(": ")
    return numbered(topic, rest, lang) if colon and number == str(topic) else isolate(label)


def placed_labels(
    xs: Sequence[float],
    ys: Sequence[float],
    texts: Sequence[str],
    spans: tuple[float, float],
    pixels: tuple[int, int] = MAP_PIXELS,
    shifts: Sequence[float] = (0.0, 1.0, -1.0),
) -> dict[int, tuple[float, float]]:
    """Where each label is written on a map, largest topics first (the order given): at its
    centre, else moved by each of ``shifts`` label heights in turn; a label whose every
    place would overlap one already written is left out (the hover still names it).

    ``spans`` are the data's width and height, which fill about ``pixels`` on screen.

    >>> kept = placed_labels([0, 0.01, 5], [0, 0, 5], ["أ" * 10, "ب" * 10, "ج"], (10, 10))
    >>> {i: (x, round(y, 2)) for i, (x, y) in kept.items()}  # the second moved up
    {0: (0, 0.0), 1: (0.01, 0.35), 2: (5, 5.0)}
    """
    per_x, per_y = spans[0] / pixels[0], spans[1] / pixels[1]
    height = LABEL_PIXELS[1] * per_y
    boxes: list[tuple[float, float, float, float]] = []
    kept: dict[int, tuple[float, float]] = {}
    for i, (x, y, text) in enumerate(zip(xs, ys, texts, strict=True)):
        half = len(text) * LABEL_PIXELS[0] * per_x / 2
        for shift in (step * height for step in shifts):
            box = (x - half, x + half, y + shift - height / 2, y + shift + height / 2)
            if not any(
                box[0] < b[1] and b[0] < box[1] and box[2] < b[3] and b[2] < box[3] for b in boxes
            ):
                boxes.append(box)
                kept[i] = (x, y + shift)
                break
    return kept


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


def outlet_heatmap(table: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """Share of each outlet's articles per topic (rows: outlets, columns: topics); the
    colour bar stands left of the grid, clear of the outlet names on the right."""
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
    return styled(right_to_left_bars(fig), title, height=max(240, 28 * len(rows) + 90))


def cooccurrence_matrix(matrix: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """Articles shared by each pair of entities (square frame; diagonal = own articles, blank);
    the colour bar stands left of the grid, clear of the names on the right."""
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


def story_timeline(rows: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """A story's articles as points in time, one row per outlet, the first one marked; the
    hover gives the time of day only when the source did."""
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
    fig.update_yaxes(side="right", automargin=True)
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
    return styled(right_to_left_bars(fig), title, height=max(300, 22 * len(rows) + 90))


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
