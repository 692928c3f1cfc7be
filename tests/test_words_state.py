"""The Words & framing page's choices in the URL: round trip, caps and what a link drops."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dashboard.analysis.logodds import ALPHAS
from dashboard.analysis.query import Filters
from dashboard.app.state import (
    GRAMS,
    MAX_OUTLETS,
    MAX_TEXT,
    TOP_TERMS,
    ViewState,
    from_params,
    parse,
    to_params,
)

words = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي غزة-OR", min_size=1, max_size=12)
own_sets = st.builds(
    Filters,
    start=st.none() | st.dates(max_value=date(2024, 12, 31)),
    end=st.none() | st.dates(min_value=date(2025, 1, 1)),
    outlets=st.lists(words, unique=True, max_size=3).map(tuple),
    text=words.map(str.strip),
)
views = st.builds(
    ViewState,
    gram=st.sampled_from(GRAMS),
    top_terms=st.integers(*TOP_TERMS),
    set_a=own_sets,
    set_b=own_sets,
    rest=st.booleans(),
    alpha=st.sampled_from(ALPHAS),
    word=words.map(str.strip),
    tab=st.sampled_from(["", "words", "distinctive"]),
)


@given(views)
def test_words_choices_round_trip_through_the_url(view):
    assert from_params(to_params(view)) == view


def test_defaults_stay_out_of_the_link():
    assert to_params(ViewState(gram=1, top_terms=30, alpha=100.0, rest=False)) == {}
    assert parse({"gram": ["1"], "top": ["30"], "alpha": ["100"], "brest": ["0"]}).dropped == ()


def test_malformed_or_out_of_range_choices_are_dropped_and_named():
    parsed = parse(
        {
            "gram": ["4"],
            "top": ["100000"],
            "alpha": ["7"],
            "ao": ["x" * (MAX_TEXT + 1)],
            "af": ["2024-13-01"],
            "word": ["y" * (MAX_TEXT + 1)],
        }
    )
    assert parsed.view == ViewState()
    assert set(parsed.dropped) == {"gram", "top", "alpha", "ao", "af", "word"}
    assert (
        from_params({"top": ["4"]}).top_terms == 30 and from_params({"top": ["5"]}).top_terms == 5
    )


def test_a_set_s_outlets_are_capped_and_its_dates_put_in_order():
    many = [f"منفذ {i}" for i in range(MAX_OUTLETS + 20)]
    view = from_params({"bo": many, "af": ["2024-05-01"], "at": ["2024-01-01"], "brest": ["1"]})
    assert len(view.set_b.outlets) == MAX_OUTLETS and view.rest
    assert (view.set_a.start, view.set_a.end) == (date(2024, 1, 1), date(2024, 5, 1))
    assert "bo" in parse({"bo": many}).dropped
