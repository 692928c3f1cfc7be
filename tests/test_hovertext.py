"""Hover labels in Arabic-Indic digits, on every chart of the charts package.

Each hover is written out the way plotly fills its template in the browser (placeholders
from the trace's per-point data, figures in Western digits as plotly writes them): with the
option on, no Western digit may be left, for data here holds none of its own.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from test_collections import time_charts

from dashboard.app.charts.entities import cooccurrence_matrix, entity_bars, network
from dashboard.app.charts.localise import localised
from dashboard.app.charts.maps import document_map
from dashboard.app.charts.scores import score_histogram, similarity_bars
from dashboard.app.charts.timelines import coverage_lines
from dashboard.app.charts.topics import keyword_bars, outlet_heatmap, topic_bars, topic_dendrogram
from dashboard.app.charts.words import distinctive_bars, rising_bars, term_bars
from dashboard.app.hovertext import PLACEHOLDER, indic_hovers
from dashboard.app.i18n import digits, numbered

WESTERN = re.compile("[0-9]")
INDIC = re.compile("[٠-٩]")
CHARTS = "dashboard.app.charts"
# functions of the charts package that style or annotate a figure rather than draw data
NOT_CHARTS = {"styled", "captioned", "localised", "indic_numbers", "reading_bars",
              "with_events", "heatmap_columns"}  # fmt: skip


def value(trace: go.BaseTraceType, field: str, point: tuple) -> object:
    """A placeholder's value at one point, as plotly reads it from the trace."""
    name, _, index = field.partition("[")
    if name == "fullData.name":
        return trace.name
    data = getattr(trace, name)
    if trace.type == "heatmap" and name in ("x", "y"):
        return data[point[1] if name == "x" else point[0]]
    found = np.asarray(data, dtype=object)[point]
    return found[int(index.rstrip("]"))] if index else found


def rendered(trace: go.BaseTraceType) -> list[str]:
    """Every point's hover as the browser writes it: numbers, dates in Western digits."""
    if trace.type == "heatmap":
        rows, columns = np.asarray(trace.z).shape
        points = [(r, c) for r in range(rows) for c in range(columns)]
    else:
        points = [(i,) for i in range(len(trace.x if trace.x is not None else trace.customdata))]

    def fill(point: tuple) -> str:
        def one(match: re.Match) -> str:
            if match.group(1) == "hovertext":
                held = np.asarray(trace.hovertext, dtype=object)
                return str(held[point])
            found = value(trace, match.group(1), point)
            if isinstance(found, pd.Timestamp | np.datetime64):
                return str(pd.Timestamp(found))  # plotly writes a date in Western digits
            return str(found)

        return PLACEHOLDER.sub(one, trace.hovertemplate)

    return [fill(point) for point in points]


@functools.cache
def every_chart() -> dict[str, go.Figure]:
    """One figure from every chart builder of the charts package, on data without Western digits."""
    from test_charts import ARTICLES, POINTS

    from dashboard.analysis.query import coverage

    cov = coverage(ARTICLES, "month", ARTICLES["outlet"])
    topics = pd.DataFrame({"topic": [3, 1], "label": ["نفط", "مطر"], "articles": [1200, 40]})
    entities = pd.DataFrame(
        {"entity": ["غزة", "قطر"], "type": ["place", "person"], "articles": [5, 2]}
    ).assign(mentions=[9, 2])
    pairs = pd.DataFrame({"source": ["غزة"], "target": ["قطر"], "count": [2], "npmi": [0.4]})
    similar = pd.DataFrame(
        {"outlet": ["الأفق"], "published_at": pd.to_datetime(["2024-01-01"])}
    ).assign(title=["عنوان"], score=[0.91])
    heat = pd.DataFrame(
        {"outlet": ["أ", "أ", "ب"], "label": ["نفط", "مطر", "نفط"], "share": [0.1, 0.9, 1.0]}
    ).assign(count=[1, 9, 3])
    rising = pd.DataFrame({"label": ["نفط"], "score": [2.5], "share": [0.2]}).assign(
        baseline=[0.05], count=[14]
    )
    matrix = pd.DataFrame([[5, 2], [2, 3]], index=["غزة", "قطر"], columns=["غزة", "قطر"])
    terms = pd.DataFrame({"term": ["نفط", "مطر"], "count": [30, 12]}).assign(
        articles=[11, 4], share=[0.55, 0.2]
    )
    sides = pd.DataFrame({"term": ["نفط", "مطر"], "side": ["a", "b"], "z": [3.2, -2.1]}).assign(
        count_a=[14, 2], count_b=[1, 9]
    )
    from scipy.cluster.hierarchy import linkage

    figures = {
        **time_charts(),
        "coverage_lines": coverage_lines(cov, share=True, title="t"),
        "topic_bars": topic_bars(topics, "t"),
        "keyword_bars": keyword_bars(["نفط", "مطر"], [0.123, 0.05], "t"),
        "entity_bars": entity_bars(entities, "t"),
        "network": network(entities, pairs, "t"),
        "similarity_bars": similarity_bars(similar, "t"),
        "document_map": document_map(POINTS, "t"),
        "document_map by date": document_map(POINTS, "t", colour="date"),
        "topic_dendrogram": topic_dendrogram(
            [3, 1, 2], linkage(np.eye(3)), {1: "نفط", 2: "مطر", 3: "غاز"}, "t"
        ),
        "outlet_heatmap": outlet_heatmap(heat, "t"),
        "rising_bars": rising_bars(rising, "t"),
        "cooccurrence_matrix": cooccurrence_matrix(matrix, "t"),
        "score_histogram": score_histogram(np.asarray([0.1, 0.35, 0.4]), 0.3, "t"),
        "term_bars": term_bars(terms, "t"),
        "distinctive_bars": distinctive_bars(sides, "t", ("أ", "ب")),
    }
    return figures


def test_every_chart_builder_is_checked():
    package = importlib.import_module(CHARTS)
    modules = [
        importlib.import_module(f"{CHARTS}.{found.name}")
        for found in pkgutil.iter_modules(package.__path__)
    ]
    builders = {
        name
        for module in modules
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and inspect.signature(function).return_annotation in (go.Figure, "go.Figure")
        and name not in NOT_CHARTS
    }
    assert builders <= {name.split()[0] for name in every_chart()}


@pytest.mark.parametrize("name", sorted(every_chart()))
def test_hover_figures_take_arabic_indic_digits(name: str):
    fig = localised(go.Figure(every_chart()[name]), "ar", indic=True)
    hovers = [
        text
        for trace in fig.data
        if isinstance(trace.hovertemplate, str)
        for text in rendered(trace)
    ]
    assert not [text for text in hovers if WESTERN.search(text)], name
    if name not in ("document_map", "topic_dendrogram", "network"):  # these show no figure
        assert any(INDIC.search(text) for text in hovers), (name, hovers)


def test_hover_figures_read_as_the_template_writes_them():
    cov = every_chart()["coverage_lines"]
    before = cov.data[0]
    fig = indic_hovers(go.Figure(cov), "ar")
    trace = fig.data[0]
    assert trace.hovertemplate.endswith("<extra>%{fullData.name}</extra>")
    first = pd.Timestamp(before.x[0])
    # "%{x|%Y-%m-%d}<br>%{y}<br>articles: %{customdata[0]}", y in the share axis's format
    western = f"{first:%Y-%m-%d}<br>{before.y[0]:.0%}<br>articles: {before.customdata[0][0]}"
    assert trace.hovertext[0] == digits(western, True) and "٪" in trace.hovertext[0]
    share = localised(
        term_bars(
            pd.DataFrame({"term": ["نفط"], "count": [1234], "articles": [11], "share": [0.125]}),
            "t",
        ),
        "ar",
        indic=True,
    ).data[0]
    assert share.hovertext[0].endswith("(١٢٫٥٪") and "١٢٣٤" in share.hovertext[0]
    assert share.customdata[0][0] == "نفط"  # a click still reads the term


def test_hovers_keep_western_digits_without_the_option():
    for fig in every_chart().values():
        plain = localised(go.Figure(fig), "ar")
        assert all(trace.hovertext is None for trace in plain.data if trace.hovertemplate)


def test_category_labels_keep_their_order_with_arabic_indic_figures():
    labels = [numbered(3, "نفط", "ar"), numbered(12, "مطر", "ar")]
    fig = go.Figure(go.Bar(x=[4, 9], y=labels, orientation="h"))
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    shown = localised(fig, "ar", indic=True)
    assert list(shown.layout.yaxis.categoryarray) == list(shown.data[0].y)[::-1]
    assert "\u2066١٢:\u2069" in shown.data[0].y[1] and "مطر" in shown.data[0].y[1]
