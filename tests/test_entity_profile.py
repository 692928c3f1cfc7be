"""An entity's profile views and the co-occurrence matrix on a small hand-made corpus."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.entity_profile import (
    articles_of,
    coverage_by_outlet,
    matrix,
    neighbour_trends,
    neighbours,
    search_entities,
)
from dashboard.app.charts.entities import cooccurrence_matrix
from dashboard.pipeline.entities.tables import entity_table

ARTICLES = pd.DataFrame(
    {
        "id": ["a1", "a2", "a3", "a4"],
        "outlet": ["الأفق", "الأفق", "المدار", "المدار"],
        "published_at": pd.to_datetime(["2024-01-03", "2024-01-20", "2024-02-05", "2024-02-06"]),
        "title": ["t1", "t2", "t3", "t4"],
    }
)
MENTIONS = pd.DataFrame(
    [
        ("a1", "غزة", "place", 2),
        ("a1", "مصر", "place", 1),
        ("a2", "غزة", "place", 1),
        ("a2", "حماس", "organisation", 1),
        ("a3", "غزة", "place", 3),
        ("a3", "مصر", "place", 1),
        ("a4", "مصر", "place", 1),
    ],
    columns=["article_id", "entity", "type", "count"],
)


def test_neighbours_and_articles() -> None:
    near = neighbours(MENTIONS, "غزة")
    assert near[["entity", "type", "count"]].values.tolist() == [
        ["حماس", "organisation", 1],
        ["مصر", "place", 2],
    ]
    assert neighbours(MENTIONS, "غير موجود").empty
    mine = articles_of(MENTIONS, ARTICLES, "غزة")
    assert mine["id"].tolist() == ["a3", "a2", "a1"]
    assert mine["mentions"].tolist() == [3, 1, 2]


def test_coverage_by_outlet_counts_articles_per_month() -> None:
    cov = coverage_by_outlet(MENTIONS, ARTICLES, "غزة", "month")
    got = {(str(r.period.date()), r.series): r.count for r in cov.itertuples()}
    assert got == {
        ("2024-01-01", "الأفق"): 2,
        ("2024-01-01", "المدار"): 0,
        ("2024-02-01", "الأفق"): 0,
        ("2024-02-01", "المدار"): 1,
    }


def test_neighbour_trends_share_of_the_entity_articles() -> None:
    trends = neighbour_trends(MENTIONS, ARTICLES, "غزة", "month")
    egypt = trends[trends["series"] == "مصر"].set_index("period")["share"]
    assert egypt.tolist() == [0.5, 1.0]  # January: 1 of 2 Gaza articles; February: 1 of 1


def test_matrix_and_its_chart() -> None:
    shared = matrix(MENTIONS, top=3)
    assert list(shared.index) == ["غزة", "مصر", "حماس"]
    assert shared.loc["غزة", "مصر"] == 2 and shared.loc["مصر", "غزة"] == 2
    assert shared.loc["غزة", "غزة"] == 3
    twice = pd.concat([MENTIONS, MENTIONS], ignore_index=True)
    assert matrix(twice, top=3).equals(shared)  # repeated rows count once
    fig = cooccurrence_matrix(shared, "m").to_dict()
    assert fig["data"][0]["type"] == "heatmap"
    assert fig["data"][0]["x"] == ["غزة", "مصر", "حماس"]


def test_search_folds_spelling() -> None:
    table = entity_table(MENTIONS.assign(source="gazetteer"))
    assert search_entities(table, "مِصر")["entity"].tolist() == ["مصر"]
    assert len(search_entities(table, "")) == 3
