"""Hover labels in Arabic-Indic digits.

Plotly formats the numbers and dates of a ``hovertemplate`` in the browser, in Western
digits only. :func:`indic_hovers` writes, in Python, the part of each trace's template
that holds figures (from its first figure to its last) into the trace's per-point
``hovertext``, in Arabic-Indic digits, and puts ``%{hovertext}`` in its place. The rest of
the template (article titles, names) stays as plotly fills it, so a large map does not
carry its text twice, and ``customdata`` stays as it was for clicks and selections.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

from dashboard.app.i18n import date_text, digits, figure_text, isolated_digits

PLACEHOLDER = re.compile(r"%\{([^}:|]+)(?:([:|])([^}]*))?\}")
FIELD = re.compile(r"(x|y|z|text|customdata)(?:\[(\d+)\])?")
FIGURES = re.compile(r"[0-9]")
EXTRA = "<extra>"
HELD = "%{hovertext}"


def number_text(value: float, spec: str) -> str:
    """``value`` written as the d3 format ``spec`` of a hovertemplate writes it (the
    subset plotly figures use: grouping, precision, ``f``, ``%``, ``d``, ``~``).

    >>> number_text(0.1234, ".1%"), number_text(1234.5, ",d"), number_text(2.5, ".2~f")
    ('12.3%', '1,234', '2.5')
    """
    trim = "~" in spec
    spec = spec.replace("~", "")
    if spec.endswith("d"):
        value, spec = round(value), spec[:-1] + "d"
    elif spec.endswith("s"):
        spec = spec[:-1] + "g"
    text = format(value, spec)
    if trim and "." in text:
        head, _, tail = text.rstrip("%").partition(".")
        tail = tail.rstrip("0")
        text = (f"{head}.{tail}" if tail else head) + ("%" if text.endswith("%") else "")
    return text


def plain_number(value: float, spec: str) -> str:
    """A number as plotly writes it without a format: an axis's own format when it has one,
    whole numbers as they are, others to four significant figures."""
    if spec:
        return number_text(value, spec)
    if float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    return format(value, ".4g")


def _is_date(value: object) -> bool:
    return isinstance(value, datetime | date | np.datetime64)


def value_text(value: object, kind: str, spec: str, axis_spec: str, lang: str) -> tuple[str, bool]:
    """One placeholder's value as text, and whether it is a figure the interface wrote
    (to be put in Arabic-Indic digits) rather than text from the data."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "", False
    if _is_date(value):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return "", False
        return (stamp.strftime(spec) if kind == "|" else date_text(stamp, lang)), True
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        return plain_number(float(value), spec if kind == ":" else axis_spec), True
    text = str(value)
    return (text, True) if figure_text(text) else (isolated_digits(text, True), False)


def _column(trace: BaseTraceType, name: str) -> np.ndarray | None:
    """A per-point attribute of ``trace`` as an object array, or None when it has none."""
    values = getattr(trace, name, None)
    if values is None:
        return None
    if isinstance(values, pd.DataFrame | pd.Series):
        values = values.to_numpy()
    if not len(values):
        return None
    array = np.asarray(values)
    if array.dtype.kind == "M":  # as object, datetime64 would become nanoseconds
        return np.asarray(list(pd.DatetimeIndex(array.ravel())), dtype=object).reshape(array.shape)
    if isinstance(values[0], str) and name != "customdata":
        return np.asarray(list(values), dtype=object)
    return np.asarray(values, dtype=object)


def _getter(trace: BaseTraceType, field: str) -> Callable[[tuple], object] | None:
    """How to read ``field`` (``x``, ``customdata[2]`` …) at a point of ``trace``: a point is
    ``(i,)``, or ``(row, column)`` on a heatmap; None for a field this module does not read."""
    found = FIELD.fullmatch(field)
    if found is None:
        return None
    name, index = found.group(1), found.group(2)
    values = _column(trace, name)
    if values is None:
        return None
    grid = trace.type == "heatmap"
    if grid and name == "x":
        return lambda point: values[point[1]]
    if grid and name == "y":
        return lambda point: values[point[0]]
    if index is None:
        return lambda point: values[point]
    column = int(index)
    return lambda point: values[point][column]


def _points(trace: BaseTraceType) -> list[tuple] | None:
    """Every point of ``trace``: ``(i,)``, or ``(row, column)`` on a heatmap."""
    if trace.type == "heatmap":
        z = np.asarray(trace.z, dtype=object)
        return (
            [(r, c) for r in range(z.shape[0]) for c in range(z.shape[1])] if z.ndim == 2 else None
        )
    for name in ("x", "y", "customdata"):
        values = getattr(trace, name, None)
        if values is not None and len(values):
            return [(i,) for i in range(len(values))]
    return None


def _axis_spec(fig: go.Figure, trace: BaseTraceType, letter: str) -> str:
    """The format plotly gives an axis's values in a hover: its hover, else tick, format."""
    if letter not in ("x", "y") or trace.type == "heatmap":
        return ""
    ref = getattr(trace, f"{letter}axis", None) or letter
    axis = fig.layout[f"{letter}axis{ref[1:]}"]
    return axis.hoverformat or axis.tickformat or ""


def indic_trace(fig: go.Figure, trace: BaseTraceType, lang: str) -> None:
    """``trace``'s hover with its figures in Arabic-Indic digits (see the module's text);
    unchanged when its template holds no figure or reads a field this module does not."""
    template = trace.hovertemplate
    if not isinstance(template, str) or trace.hovertext is not None:
        return
    main, marker, extra = template.partition(EXTRA)
    found = list(PLACEHOLDER.finditer(main))
    points = _points(trace)
    if not found or points is None:
        return
    getters = [_getter(trace, m.group(1)) for m in found]
    if any(get is None for get in getters):
        return
    specs = [_axis_spec(fig, trace, m.group(1)[0]) for m in found]
    texts = [
        [value_text(get(p), m.group(2) or "", m.group(3) or "", spec, lang) for p in points]
        for m, get, spec in zip(found, getters, specs, strict=True)
    ]
    figured = [
        k for k, column in enumerate(texts) if any(f and FIGURES.search(t) for t, f in column)
    ]
    if not figured:
        return
    first, last = figured[0], figured[-1]
    pieces = [main[found[k].end() : found[k + 1].start()] for k in range(first, last)]
    held = []
    for p in range(len(points)):
        text = ""
        for k in range(first, last + 1):
            value, figure = texts[k][p]
            text += digits(value, figure) + (digits(pieces[k - first], True) if k < last else "")
        held.append(text)
    if trace.type == "heatmap":
        rows, columns = np.asarray(trace.z, dtype=object).shape
        held = [held[r * columns : (r + 1) * columns] for r in range(rows)]
    start, end = found[first].start(), found[last].end()
    trace.hovertext = held
    trace.hovertemplate = main[:start] + HELD + main[end:] + marker + extra


def indic_hovers(fig: go.Figure, lang: str) -> go.Figure:
    """``fig`` with the figures and dates of every trace's hover in Arabic-Indic digits."""
    for trace in fig.data:
        indic_trace(fig, trace, lang)
    return fig
