"""Distinctive words (weighted log-odds with an informative Dirichlet prior) against a worked
example computed by hand, a symmetry property, and the two sets a comparison draws."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.analysis.logodds import distinctive, log_odds, set_rows
from dashboard.analysis.query import Filters
from dashboard.analysis.vocabulary import Vocabulary

# The worked example. Three words x, y, w:
#   set A: x 3, y 1, w 2   -> n_A = 6
#   set B: x 1, y 3, w 0   -> n_B = 4
# pooled: x 4, y 4, w 2 of 10; alpha0 = 5, so the prior a = 5 * pooled / 10 = 2, 2, 1.
# x: delta = ln((3+2)/(6+5-3-2)) - ln((1+2)/(4+5-1-2)) = ln(5/6) - ln(3/6) = ln(5/3)
#          = 0.5108256237659907
#    var   = 1/(3+2) + 1/(1+2) = 1/5 + 1/3 = 8/15,  sqrt = 0.7302967433402214
#    z     = 0.5108256237659907 / 0.7302967433402214 = 0.6994767927207005
# y: delta = ln((1+2)/(6+5-1-2)) - ln((3+2)/(4+5-3-2)) = ln(3/8) - ln(5/4) = ln(3/10)
#          = -1.2039728043259361
#    var   = 1/3 + 1/5 = 8/15
#    z     = -1.2039728043259361 / 0.7302967433402214 = -1.6486076588801717
# w: delta = ln((2+1)/(6+5-2-1)) - ln((0+1)/(4+5-0-1)) = ln(3/8) - ln(1/8) = ln 3
#          = 1.0986122886681098
#    var   = 1/(2+1) + 1/(0+1) = 4/3,  sqrt = 1.1547005383792515
#    z     = 1.0986122886681098 / 1.1547005383792515 = 0.9514261508963461
HAND_DELTA = [math.log(5 / 3), math.log(3 / 10), math.log(3)]
HAND_VARIANCE = [8 / 15, 8 / 15, 4 / 3]
HAND_Z = [0.6994767927207005, -1.6486076588801717, 0.9514261508963461]


def test_log_odds_equals_the_hand_computation():
    delta, variance, z = log_odds(np.array([3, 1, 2]), np.array([1, 3, 0]), alpha0=5.0)
    assert delta == pytest.approx(HAND_DELTA, abs=1e-9)
    assert variance == pytest.approx(HAND_VARIANCE, abs=1e-9)
    assert z == pytest.approx(HAND_Z, abs=1e-9)


def test_distinctive_words_of_articles_equal_the_hand_computation():
    """The same counts written as articles: x = نفط, y = غاز, w = ميناء (في is a stopword)."""
    texts = ["نفط نفط في غاز ميناء", "نفط ميناء", "نفط غاز غاز", "غاز في"]
    vocab = Vocabulary.from_texts(pd.Series(texts))
    table = distinctive(vocab, np.array([0, 1]), np.array([2, 3]), alpha0=5.0, top=10)
    assert table["term"].tolist() == ["ميناء", "نفط", "غاز"]  # A by z down, then B
    assert table["side"].tolist() == ["a", "a", "b"]
    assert table["z"].tolist() == pytest.approx([HAND_Z[2], HAND_Z[0], HAND_Z[1]], abs=1e-9)
    assert table["delta"].tolist() == pytest.approx(
        [HAND_DELTA[2], HAND_DELTA[0], HAND_DELTA[1]], abs=1e-9
    )
    assert table[["count_a", "count_b", "articles_a", "articles_b"]].values.tolist() == [
        [2, 0, 2, 0],
        [3, 1, 2, 1],
        [1, 3, 1, 2],
    ]
    assert distinctive(vocab, np.array([0, 1]), np.array([2, 3]), 5.0, top=1)["term"].tolist() == [
        "ميناء",
        "غاز",
    ]


counts = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=2, max_size=30)


@given(counts, st.sampled_from([0.5, 5.0, 100.0, 1e4]))
def test_swapping_the_sets_negates_every_z(pairs, alpha0):
    pairs = [(a, b) for a, b in pairs if a + b > 0]
    if len(pairs) < 2:
        return
    a, b = np.array(pairs).T
    delta, variance, z = log_odds(a, b, alpha0)
    delta_swapped, variance_swapped, z_swapped = log_odds(b, a, alpha0)
    assert np.allclose(z_swapped, -z, atol=1e-9) and np.allclose(delta_swapped, -delta)
    assert np.allclose(variance_swapped, variance)
    assert np.isfinite(z).all()


def test_a_word_no_set_uses_is_refused():
    with pytest.raises(ValueError, match="occur"):
        log_odds(np.array([1, 0]), np.array([2, 0]), 10.0)


def test_fewer_than_two_words_give_no_table():
    vocab = Vocabulary.from_texts(pd.Series(["غزة", "غزة غزة"]))
    assert distinctive(vocab, np.array([0]), np.array([1]), 10.0, 5).empty


def test_sets_take_the_view_filters_and_their_own_and_the_rest_is_the_complement():
    articles = pd.DataFrame(
        {
            "search_text": ["غزة هدنة", "غزة قصف", "مباراة", "غزة مفاوضات", "هدنة"],
            "outlet": ["أ", "ب", "أ", "أ", "ب"],
            "published_at": pd.to_datetime(
                ["2024-01-01", "2024-01-02", "2024-01-03", "2024-02-01", "2024-02-02"]
            ),
            "topic": 0,
        }
    )
    base = Filters(text="غزة")
    assert set_rows(articles, base, Filters(outlets=("أ",))).tolist() == [0, 3]
    assert set_rows(articles, base, Filters(outlets=("ب",))).tolist() == [1]
    january = Filters(end=pd.Timestamp("2024-01-31").date())
    assert set_rows(articles, base, january).tolist() == [0, 1]
    assert set_rows(articles, base, Filters(), rest_of=january).tolist() == [3]
    assert set_rows(articles, Filters(), Filters(), rest_of=Filters(text="هدنة")).tolist() == [
        1,
        2,
        3,
    ]


def test_the_two_sided_chart_puts_each_set_on_its_side_with_the_word_to_click():
    from dashboard.app.charts.words import distinctive_bars

    texts = ["نفط نفط في غاز ميناء", "نفط ميناء", "نفط غاز غاز", "غاز في"]
    vocab = Vocabulary.from_texts(pd.Series(texts))
    table = distinctive(vocab, np.array([0, 1]), np.array([2, 3]), alpha0=5.0, top=10)
    fig = distinctive_bars(table, "title", ("A", "B"))
    side_a, side_b = fig.data
    assert (side_a.name, side_b.name) == ("A", "B")
    assert list(side_a.y) == ["نفط", "ميناء"] and min(side_a.x) > 0
    assert list(side_b.y) == ["غاز"] and max(side_b.x) < 0
    assert [row[0] for row in side_a.customdata] == list(side_a.y)
    assert fig.layout.yaxis.categoryarray == ("غاز", "نفط", "ميناء")
