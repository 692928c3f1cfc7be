"""Arabic dates and digits on any figure: date and hour ticks, Arabic-Indic numbers.

:func:`localised` gives any figure Arabic date ticks and, optionally, Arabic-Indic digits.
"""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

from dashboard.app.charts.style import _right_to_left_labels
from dashboard.app.hovertext import indic_hovers
from dashboard.app.i18n import (
    date_text,
    digits,
    isolated_digits,
    ltr,
    when_text,
)

MAX_DATE_TICKS = 8


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
    >>> from dashboard.app.charts.style import shown_text
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
