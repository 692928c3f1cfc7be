from datetime import date

import pandas as pd
import pytest

from dashboard.analysis.query import (
    Filters,
    Series,
    Term,
    apply_filters,
    coverage,
    coverage_view,
    match_query,
    parse_query,
    period_articles,
    series_members,
)
from dashboard.storage.textindex import TextIndex
from dashboard.text.arabic import normalize

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


def test_parse_query_ignores_empty_groups_and_reads_arabic_or_as_a_word():
    assert parse_query("OR OR") is None
    assert parse_query("أو غزة") == ("and", (Term("او"), Term("غزة")))


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


def test_coverage_view_by_topic_and_compared_queries(articles):
    by_topic = coverage_view(articles, TOPICS, Filters(), "month", "topic")
    assert set(by_topic["series"]) == {"0: انتخابات", "1: هدنة", "2: كرة", "other topics"}
    queries = (Series("query", "انتخابات"), Series("query", "النفط"))
    by_query = coverage_view(articles, TOPICS, Filters(), "month", "compare", queries)
    totals = by_query.groupby("series")["count"].sum()
    assert totals.to_dict() == {"انتخابات": 2, "النفط": 1}
    by_outlet = coverage_view(articles, TOPICS, Filters(outlets=("النهار",)), "day", "outlet")
    assert set(by_outlet["series"]) == {"النهار"}


def test_period_articles_are_the_rows_behind_a_point(articles):
    rows = period_articles(
        articles, TOPICS, Filters(), "month", "topic", (), "1: هدنة", pd.Timestamp("2024-01-01")
    )
    assert rows["title"].tolist() == [ROWS[1][2], ROWS[2][2]]
    by_query = period_articles(
        articles,
        TOPICS,
        Filters(),
        "month",
        "compare",
        (Series("query", "انتخابات"),),
        "انتخابات",
        pd.Timestamp("2024-02-01"),
    )
    assert by_query["title"].tolist() == [ROWS[3][2]]
    unknown = period_articles(
        articles, TOPICS, Filters(), "month", "outlet", (), "غير موجود", pd.Timestamp("2024-02-01")
    )
    assert unknown.empty


@pytest.fixture
def with_ids(articles) -> pd.DataFrame:
    return articles.assign(id=[f"a{i}" for i in range(len(articles))])


# Entity mentions: سليم الحداد in a1 and a2 (the truce), النهار in a4 (also an outlet's name).
MENTIONS = pd.DataFrame(
    {
        "article_id": ["a1", "a2", "a2", "a4"],
        "entity": ["سليم الحداد", "سليم الحداد", "الدوحة", "النهار"],
    }
)
MIXED = (
    Series("query", "انتخابات OR النفط"),
    Series("topic", "1"),
    Series("entity", "سليم الحداد"),
    Series("outlet", "الأفق"),
)


def titles_by_series(articles: pd.DataFrame, members: dict[str, pd.Series]) -> dict[str, list[str]]:
    return {label: articles.loc[mask, "title"].tolist() for label, mask in members.items()}


def test_a_mixed_comparison_has_one_series_per_kind_with_readable_labels(with_ids):
    members = series_members(with_ids, TOPICS, Filters(), "compare", MIXED, mentions=MENTIONS)
    assert titles_by_series(with_ids, members) == {
        "انتخابات OR النفط": [ROWS[0][2], ROWS[3][2], ROWS[4][2]],
        "1: هدنة": [ROWS[1][2], ROWS[2][2]],
        "سليم الحداد": [ROWS[1][2], ROWS[2][2]],
        "الأفق": [ROWS[0][2], ROWS[2][2], ROWS[5][2]],
    }
    cov = coverage_view(with_ids, TOPICS, Filters(), "month", "compare", MIXED, mentions=MENTIONS)
    assert list(cov["series"].unique()) == list(members)  # chart order = the chosen order
    assert cov.groupby("series")["count"].sum().to_dict() == {
        label: int(mask.sum()) for label, mask in members.items()
    }


def test_compared_series_stay_within_the_filters_and_the_text_index_agrees(with_ids):
    filters = Filters(start=date(2024, 1, 5), outlets=("الأفق", "الرصيف"))
    plain = series_members(with_ids, TOPICS, filters, "compare", MIXED, mentions=MENTIONS)
    assert titles_by_series(with_ids, plain) == {
        "انتخابات OR النفط": [ROWS[3][2]],
        "1: هدنة": [ROWS[2][2]],
        "سليم الحداد": [ROWS[2][2]],
        "الأفق": [ROWS[2][2], ROWS[5][2]],
    }
    index = TextIndex(with_ids["search_text"])
    fast = series_members(
        with_ids, TOPICS, filters, "compare", MIXED, mentions=MENTIONS, index=index
    )
    assert titles_by_series(with_ids, fast) == titles_by_series(with_ids, plain)


def test_series_sharing_a_label_carry_their_kind(with_ids):
    same = (Series("outlet", "النهار"), Series("entity", "النهار"), Series("outlet", "النهار"))
    members = series_members(with_ids, TOPICS, Filters(), "compare", same, mentions=MENTIONS)
    assert titles_by_series(with_ids, members) == {
        "النهار (outlet)": [ROWS[4][2]],
        "النهار (entity)": [ROWS[4][2]],
    }


def test_a_comparison_without_series_charts_the_sidebar_query_or_everything(with_ids):
    everything = series_members(with_ids, TOPICS, Filters(), "compare")
    assert list(everything) == ["all"] and everything["all"].sum() == len(ROWS)
    searched = series_members(with_ids, TOPICS, Filters(text="انتخابات"), "compare")
    assert titles_by_series(with_ids, searched) == {"انتخابات": [ROWS[0][2], ROWS[3][2]]}


def test_an_entity_series_needs_the_mentions(with_ids):
    with pytest.raises(ValueError, match="mentions"):
        series_members(with_ids, TOPICS, Filters(), "compare", (Series("entity", "x"),))


def test_a_clicked_point_of_an_entity_series_lists_its_articles(with_ids):
    rows = period_articles(
        with_ids,
        TOPICS,
        Filters(),
        "week",
        "compare",
        MIXED,
        "سليم الحداد",
        pd.Timestamp("2024-01-08"),
        mentions=MENTIONS,
    )
    assert rows["title"].tolist() == [ROWS[2][2]]


def test_a_compared_series_without_articles_is_a_line_of_zeros(with_ids):
    chosen = (Series("query", "لا يوجد"), Series("outlet", "النهار"))
    cov = coverage_view(with_ids, TOPICS, Filters(), "month", "compare", chosen)
    assert list(cov["series"].unique()) == ["لا يوجد", "النهار"]
    nothing = cov[cov["series"].eq("لا يوجد")]
    assert nothing["count"].eq(0).all() and nothing["share"].eq(0).all()
    assert nothing["period"].tolist() == cov.loc[cov["series"].eq("النهار"), "period"].tolist()
