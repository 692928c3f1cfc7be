from datetime import date

import pandas as pd
import pytest

from dashboard.core.arabic import normalize
from dashboard.core.query import (
    Filters,
    apply_filters,
    coverage,
    coverage_view,
    match_query,
    parse_query,
)

ROWS = [
    ("2024-01-03", "الأفق", "انتخابات رئاسية في موعدها", 0),
    ("2024-01-04", "الرصيف", "مفاوضات وقف إطلاق النار في الدوحة", 1),
    ("2024-01-10", "الأفق", "وقف إطلاق النار يصمد لليوم الثالث", 1),
    ("2024-02-01", "الرصيف", "انتخابات بلدية وسط إقبال ضعيف", 0),
    ("2024-02-02", "النهار", "أسعار النفط ترتفع", -1),
    ("2024-02-15", "الأفق", "مباراة القمة تنتهي بالتعادل", 2),
]


@pytest.fixture
def articles() -> pd.DataFrame:
    frame = pd.DataFrame(ROWS, columns=["published_at", "outlet", "title", "topic"])
    frame["published_at"] = pd.to_datetime(frame["published_at"])
    frame["search_text"] = frame["title"].map(normalize)
    return frame


TOPICS = pd.DataFrame({"topic": [0, 1, 2], "label": ["انتخابات", "هدنة", "كرة"]})


def test_query_and_or_not_phrase(articles):
    def titles(text: str) -> list[str]:
        return articles.loc[match_query(articles["search_text"], text), "title"].tolist()

    assert titles("انتخابات") == [ROWS[0][2], ROWS[3][2]]
    assert titles("انتخابات -بلدية") == [ROWS[0][2]]
    assert titles('"وقف اطلاق النار" الدوحة') == [ROWS[1][2]]
    assert titles("النفط OR مباراة") == [ROWS[4][2], ROWS[5][2]]
    assert titles("") == [r[2] for r in ROWS]


def test_parse_query_ignores_empty_groups():
    assert parse_query("OR OR") == []
    assert parse_query("أو غزة") == [[("غزة", False)]]


def test_filters_combine(articles):
    chosen = apply_filters(
        articles,
        Filters(start=date(2024, 1, 4), end=date(2024, 2, 1), outlets=("الأفق", "الرصيف")),
    )
    assert chosen["title"].tolist() == [ROWS[1][2], ROWS[2][2], ROWS[3][2]]
    assert apply_filters(articles, Filters(topics=(2,)))["title"].tolist() == [ROWS[5][2]]


def test_coverage_counts_share_and_partial_month(articles):
    hits = articles[articles["topic"] == 1]
    cov = coverage(hits, "month", hits["outlet"], totals_from=articles)
    jan = cov[cov["period"] == pd.Timestamp("2024-01-01")].set_index("series")
    assert jan.loc["الأفق", "count"] == 1 and jan.loc["الرصيف", "count"] == 1
    assert jan.loc["الأفق", "share"] == pytest.approx(1 / 3)
    feb = cov[cov["period"] == pd.Timestamp("2024-02-01")]
    assert feb["count"].sum() == 0  # empty periods are present, as zeros
    assert feb["partial"].all()  # the data ends on 15 February
    assert not cov.loc[cov["period"] == pd.Timestamp("2024-01-01"), "partial"].any()


def test_coverage_weeks_start_on_monday(articles):
    cov = coverage(articles, "week")
    assert (cov["period"].dt.dayofweek == 0).all()
    assert cov["count"].sum() == len(articles)


def test_coverage_view_by_topic_and_by_query(articles):
    by_topic = coverage_view(articles, TOPICS, Filters(), "month", "topic")
    assert set(by_topic["series"]) == {"0: انتخابات", "1: هدنة", "2: كرة"}
    by_query = coverage_view(articles, TOPICS, Filters(), "month", "query", ("انتخابات", "النفط"))
    totals = by_query.groupby("series")["count"].sum()
    assert totals.to_dict() == {"انتخابات": 2, "النفط": 1}
    by_outlet = coverage_view(articles, TOPICS, Filters(outlets=("النهار",)), "day", "outlet")
    assert set(by_outlet["series"]) == {"النهار"}


def test_period_articles_are_the_rows_behind_a_point(articles):
    from dashboard.core.query import period_articles

    rows = period_articles(
        articles, TOPICS, Filters(), "month", "topic", (), "1: هدنة", pd.Timestamp("2024-01-01")
    )
    assert rows["title"].tolist() == [ROWS[1][2], ROWS[2][2]]
    by_query = period_articles(
        articles,
        TOPICS,
        Filters(),
        "month",
        "query",
        ("انتخابات",),
        "انتخابات",
        pd.Timestamp("2024-02-01"),
    )
    assert by_query["title"].tolist() == [ROWS[3][2]]
    unknown = period_articles(
        articles, TOPICS, Filters(), "month", "outlet", (), "غير موجود", pd.Timestamp("2024-02-01")
    )
    assert unknown.empty
