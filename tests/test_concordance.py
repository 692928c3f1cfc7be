"""Keyword in context and attention by outlet: against references written here.

The concordance is checked line by line on tiny texts written for the test (alignment,
proclitics, phrases, prefixes, sort orders, context at the edges of a title and a body),
and place by place on a SaudiNewsNet sample against the independent token reference of
``test_coverage_numbers``; each outlet's share of its own articles against plain pandas.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import io
import json
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_coverage_numbers import ref_tokens, ref_word

from dashboard.analysis import concordance
from dashboard.analysis.coverage import outlet_attention, outlet_attention_overall
from dashboard.analysis.query import Filters, match_query, parse_query
from dashboard.app.charts.timelines import outlet_attention_lines
from dashboard.app.state import ViewState, from_params, parse, to_params
from dashboard.cli import main
from dashboard.pipeline.build import search_texts
from dashboard.text.arabic import normalize
from tests.conftest import shared_file

TINY = pd.DataFrame(
    {
        "id": ["a", "b", "c"],
        "title": ["هدنة في غزة", "مباراة", "الرياض"],
        "body": [
            "قال مسؤول إن وقف إطلاق النار في غزّة صامد، وقف، إطلاق النار خرق. "
            "والغزيون في قطاع غزة ينتظرون وبغزة",
            "غزة اليوم",
            "وصل الوفد إلى للرياض ثم الرياضة",
        ],
        "outlet": ["س", "ص", "س"],
        "published_at": pd.to_datetime(["2024-01-03", "2024-01-02", "2024-01-01"]),
    }
)


def triples(found: concordance.Concordance | pd.DataFrame) -> list[tuple[str, str, str, str]]:
    frame = found.frame if isinstance(found, concordance.Concordance) else found
    return list(
        zip(frame["article_id"], frame["left"], frame["keyword"], frame["right"], strict=True)
    )


def test_lines_are_aligned_on_the_word_behind_its_proclitics_and_stop_at_the_edges():
    found = concordance.concordance_lines(TINY, "غزة", width=2)
    assert triples(found) == [
        ("a", "هدنة في", "غزة", ""),  # the title's end: the body is not its context
        ("a", "النار في", "غزّة", "صامد، وقف،"),  # diacritics folded, punctuation kept
        ("a", "في قطاع", "غزة", "ينتظرون وبغزة"),  # والغزيون is another word
        ("a", "غزة ينتظرون", "وبغزة", ""),  # و + ب in front; the body's end
        ("b", "", "غزة", "اليوم"),  # the body's start: the title is not its context
    ]
    assert found.frame["where"].tolist() == ["title", "body", "body", "body", "body"]
    assert (found.places, found.articles, found.capped) == (5, 2, False)
    narrow = concordance.concordance_lines(TINY, "غزة", width=1)
    assert triples(narrow)[1] == ("a", "في", "غزّة", "صامد،")


def test_phrases_prefixes_and_the_article_behind_lil():
    phrase = concordance.concordance_lines(TINY, '"وقف اطلاق النار"', width=1)
    assert triples(phrase) == [
        ("a", "إن", "وقف إطلاق النار", "في"),
        ("a", "صامد،", "وقف، إطلاق النار", "خرق."),  # words in order across a comma
    ]
    prefix = concordance.concordance_lines(TINY, "غز*", width=0)  # width 0 is taken as 1
    assert prefix.frame["keyword"].tolist() == ["غزة", "غزّة", "والغزيون", "غزة", "وبغزة", "غزة"]
    riyadh = concordance.concordance_lines(TINY, "الرياض", width=3)
    assert triples(riyadh) == [
        ("c", "", "الرياض", ""),
        ("c", "وصل الوفد إلى", "للرياض", "ثم الرياضة"),
    ]


def test_a_place_inside_a_longer_one_is_listed_once_and_excluded_words_are_not_looked_for():
    found = concordance.concordance_lines(TINY[:1], 'غزة OR "قطاع غزة" -مباراة', width=1)
    assert found.frame["keyword"].tolist() == ["غزة", "غزّة", "قطاع غزة", "وبغزة"]
    assert [t.text for t in concordance.positive_terms(parse_query("-غزة NOT (NOT رفح)"))] == [
        "رفح"
    ]
    assert concordance.concordance_lines(TINY, "-غزة").places == 0


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("date", [("a", "غزة"), ("a", "غزّة"), ("a", "غزة"), ("a", "وبغزة"), ("b", "غزة")]),
        # the edge sorts first; في = في, then النار before هدنة
        ("left1", [("b", "غزة"), ("a", "غزّة"), ("a", "غزة"), ("a", "غزة"), ("a", "وبغزة")]),
        # 2nd word before: "" < النار < غزة < في < هدنة
        ("left2", [("b", "غزة"), ("a", "غزّة"), ("a", "وبغزة"), ("a", "غزة"), ("a", "غزة")]),
        # nothing after (ties by keyword), then اليوم < صامد < ينتظرون
        ("right1", [("a", "غزة"), ("a", "وبغزة"), ("b", "غزة"), ("a", "غزّة"), ("a", "غزة")]),
    ],
)
def test_sort_orders(order, expected):
    lines = concordance.concordance_lines(TINY, "غزة", width=2).frame
    ordered = concordance.sort_lines(lines, order)
    assert list(zip(ordered["article_id"], ordered["keyword"], strict=True)) == expected
    if order in ("left1", "left2"):  # the two plain غزة of article a: title, then قطاع
        lefts = ordered.loc[ordered["keyword"].eq("غزة") & ordered["article_id"].eq("a"), "left"]
        assert lefts.tolist() == (
            ["هدنة في", "في قطاع"] if order == "left1" else ["في قطاع", "هدنة في"]
        )


def test_the_line_filter_is_a_keyword_query_over_the_line():
    lines = concordance.concordance_lines(TINY, "غزة", width=2).frame
    assert concordance.filter_lines(lines, "قطاع")["keyword"].tolist() == ["غزة"]
    assert len(concordance.filter_lines(lines, "-صامد")) == 4
    assert len(concordance.filter_lines(lines, "")) == 5


def test_the_cap_keeps_the_newest_places_and_counts_them_all():
    found = concordance.concordance_lines(TINY, "غزة", width=2, cap=2)
    assert (found.places, len(found.frame), found.capped) == (5, 2, True)
    assert triples(found) == triples(concordance.concordance_lines(TINY, "غزة", width=2))[:2]


# ---------------------------------------------------------------- SaudiNewsNet sample


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    """Every 100th SaudiNewsNet record (about 310 articles over three weeks, 14 outlets)."""
    with gzip.open(shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz"), "rt") as handle:
        rows = [json.loads(line) for i, line in enumerate(handle) if i % 100 == 0]
    frame = pd.DataFrame(
        {
            "id": [f"r{i}" for i in range(len(rows))],
            "title": [r["title"] or "" for r in rows],
            "body": [r["content"] or "" for r in rows],
            "outlet": [r["source"] for r in rows],
            "published_at": pd.to_datetime([r["date_extracted"] for r in rows]),
        }
    )
    return frame.assign(search_text=search_texts(frame))


def ref_places(text: str, words: list[str], prefix: bool) -> int:
    """Places of a word or phrase in a text, token by token (the test's own reading)."""
    tokens = ref_tokens(text)
    n = len(words)
    return sum(
        all(ref_word(tokens[i + j], words[j], prefix and j == n - 1) for j in range(n))
        for i in range(len(tokens) - n + 1)
    )


@pytest.mark.parametrize(
    "text", ["السعودية", "الرياض", "المملكة", "قال", "وزير*", '"ولي العهد"', '"خادم الحرمين"']
)
def test_every_place_in_real_articles_matches_the_reference(sample, text):
    chosen = sample[match_query(sample["search_text"], text).to_numpy()]
    found = concordance.concordance_lines(chosen, text, width=3)
    prefix = text.endswith("*")
    wanted = normalize(text.strip('"*')).split()
    expected = chosen["search_text"].map(lambda t: ref_places(t, wanted, prefix))
    per_article = found.frame["article_id"].value_counts()
    assert found.places == expected.sum() > 0
    assert found.articles == len(chosen)  # every matching article has a place
    assert per_article.reindex(chosen["id"], fill_value=0).tolist() == expected.tolist()
    for keyword in found.frame["keyword"]:  # the keyword as written reads as the query
        assert ref_places(normalize(keyword), wanted, prefix) >= 1, keyword


def reference_shares(frame, text, frequency, start=None, end=None, outlets=()):
    """Each outlet's matching articles over its own, per period, with plain pandas."""
    keep = pd.Series(True, index=frame.index)
    if start:
        keep &= frame["published_at"].dt.date >= start
    if end:
        keep &= frame["published_at"].dt.date <= end
    if outlets:
        keep &= frame["outlet"].isin(outlets)
    base = frame[keep]
    matched = match_query(base["search_text"], text).to_numpy()
    code = {"day": "D", "week": "W"}[frequency]
    period = base["published_at"].dt.to_period(code).dt.start_time
    first, last = frame["published_at"].min(), frame["published_at"].max()
    first = max(first, pd.Timestamp(start)) if start else first
    last = min(last, pd.Timestamp(end)) if end else last
    span = pd.period_range(first, last, freq=code).start_time
    grid = pd.MultiIndex.from_product([sorted(base["outlet"].unique()), span])
    total = base.groupby([base["outlet"], period]).size().reindex(grid, fill_value=0)
    count = base[matched].groupby([base["outlet"][matched], period[matched]]).size()
    count = count.reindex(grid, fill_value=0)
    return pd.DataFrame({"count": count, "total": total}).rename_axis(["outlet", "period"])


@pytest.mark.parametrize(
    ("text", "frequency", "start", "end", "outlets"),
    [
        ("الرياض", "day", None, None, ()),
        ("وزير*", "week", date(2015, 7, 25), date(2015, 8, 5), ()),
        ('"ولي العهد" OR الملك', "day", None, date(2015, 8, 1), ("okaz", "sabq", "alriyadh")),
    ],
)
def test_each_outlets_share_of_its_own_articles_matches_pandas(
    sample, text, frequency, start, end, outlets
):
    filters = Filters(start=start, end=end, outlets=outlets, text=text)
    table = outlet_attention(sample, filters, frequency)
    ref = reference_shares(sample, text, frequency, start, end, outlets)
    got = table.set_index(["outlet", "period"])
    assert got.index.tolist() == ref.index.tolist()
    assert got["count"].tolist() == ref["count"].tolist()
    assert got["total"].tolist() == ref["total"].tolist()
    assert got["gap"].tolist() == ref["total"].eq(0).tolist()
    assert got["gap"].any() and not got["gap"].all()  # the sample has gaps to get right
    expected = (ref["count"] / ref["total"].where(ref["total"] > 0)).to_numpy()
    np.testing.assert_allclose(got["share"].to_numpy(dtype=float), expected)
    overall = outlet_attention_overall(table).set_index("outlet")
    sums = ref.groupby(level="outlet").sum()
    assert overall["count"].to_dict() == sums["count"].to_dict()
    np.testing.assert_allclose(
        overall["share"].to_numpy(), (sums["count"] / sums["total"]).loc[overall.index]
    )
    assert overall["share"].is_monotonic_decreasing


def test_the_chart_breaks_an_outlets_line_where_it_has_no_article(sample):
    table = outlet_attention(sample, Filters(text="الرياض"), "day")
    gapped = table.loc[table["gap"], "outlet"].value_counts().index[0]
    fig = outlet_attention_lines(table, [gapped], title="t")
    line = next(t for t in fig.data if t.showlegend)
    rows = table[table["outlet"].eq(gapped) & ~table["partial"]]
    assert pd.isna(pd.Series(line.y, dtype=float)).tolist() == rows["gap"].tolist()
    crosses = next(t for t in fig.data if t.marker.symbol == "x")
    assert len(crosses.x) == table.loc[table["outlet"].eq(gapped), "gap"].sum() > 0


# ---------------------------------------------------------------- URL state


kwic = st.builds(
    lambda w, s, c: ViewState(kwic_width=w, kwic_sort=s, kwic_context=c),
    st.integers(1, concordance.MAX_WIDTH),
    st.sampled_from(concordance.SORTS),
    st.text(alphabet='غزة قطاع-*"OR', max_size=20).map(str.strip),
)


@settings(max_examples=60, deadline=None)
@given(kwic)
def test_kwic_choices_round_trip_through_the_url(view):
    assert from_params(to_params(view)) == view


def test_kwic_values_out_of_range_are_dropped_and_named():
    bad = {"kwic_width": ["0"], "kwic_sort": ["x"], "kwic_ctx": ["غ" * 600]}
    parsed = parse(bad)
    assert parsed.view == ViewState()
    assert set(parsed.dropped) == set(bad)
    assert parse({"kwic_width": ["31"]}).dropped == ("kwic_width",)
    assert parse({"kwic_width": ["8"], "kwic_sort": ["date"]}).dropped == ()


# ---------------------------------------------------------------- command line and page


def cli(*args: str) -> tuple[list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(list(args)) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_the_commands_print_what_the_core_computes(demo_store):
    from dashboard.storage.store import Store

    articles = Store(demo_store).articles
    filters = Filters(text="النفط")
    chosen = articles[match_query(articles["search_text"], "النفط").to_numpy()]
    found = concordance.concordance_lines(chosen, "النفط", width=3)
    lines, summary = cli("kwic", "--store", str(demo_store), "--query", "النفط", "--width", "3")
    assert [(r["article"], r["left"], r["keyword"], r["right"]) for r in lines] == triples(found)
    assert f"{found.places} places in {found.articles} articles" in summary and lines
    ordered, _ = cli(
        "kwic", "--store", str(demo_store), "--query", "النفط", "--sort", "right1", "--cap", "5"
    )
    assert len(ordered) == 5
    shares, _ = cli(
        "coverage", "--store", str(demo_store), "--q", "النفط", "--split", "outlet",
        "--share", "own", "--freq", "month",
    )  # fmt: skip
    table = outlet_attention(articles, filters, "month")
    periods = [r for r in shares if r["period"] != "all"]
    assert [(r["series"], r["count"], r["total"]) for r in periods] == list(
        zip(table["outlet"], table["count"], table["total"], strict=True)
    )
    overall = outlet_attention_overall(table)
    assert [r["series"] for r in shares if r["period"] == "all"] == overall["outlet"].tolist()


def test_the_page_lists_the_lines_and_keeps_its_choices_in_the_url(demo_store, monkeypatch):
    from streamlit.testing.v1 import AppTest
    from test_app import APP, run_page

    from dashboard.storage.store import Store

    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    app = AppTest.from_file(APP, default_timeout=180)
    params = {"q": "النفط", "kwic_width": "3", "kwic_sort": "left1", "lang": "en", "page": "2"}
    for key, value in params.items():
        app.query_params[key] = value
    run_page(app, "concordance")
    articles = Store(demo_store).articles
    chosen = articles[match_query(articles["search_text"], "النفط").to_numpy()]
    found = concordance.concordance_lines(chosen, "النفط", width=3)
    expected = concordance.sort_lines(found.frame, "left1").iloc[20:40]  # the link's page 2
    table = next(h.proto.body for h in app.get("html") if 'class="kwic"' in h.proto.body)
    cells = [html.unescape(c) for c in re.findall(r'<td class="key">(.*?)</td>', table)]
    befores = re.findall(r'<td class="before"><div class="side"><span>(.*?)</span>', table)
    befores = [html.unescape(b) for b in befores]
    assert cells == expected["keyword"].tolist() and befores == expected["left"].tolist()
    assert f"{found.places} places in {found.articles} articles." in [c.value for c in app.caption]
    for key, value in params.items():
        assert app.query_params[key] == value
    shown = next(d.value for d in app.dataframe if "outlet_total" in d.value.columns)
    overall = outlet_attention_overall(outlet_attention(articles, Filters(text="النفط"), "month"))
    assert shown["matching"].tolist() == overall["count"].tolist()
