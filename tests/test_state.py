from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.query import FREQUENCIES, Filters
from dashboard.state import BREAKDOWNS, MAX_SERIES, ViewState, from_params, to_params


def test_language_is_in_the_url_and_arabic_by_default():
    assert ViewState().lang == "ar"
    assert to_params(ViewState(lang="en")) == {"lang": ["en"]}
    assert from_params({"lang": ["fr"]}).lang == "ar"


def test_default_view_has_an_empty_url():
    assert to_params(ViewState()) == {}
    assert from_params({}) == ViewState()


def test_malformed_params_fall_back_to_defaults():
    view = from_params(
        {"from": ["not-a-date"], "topics": ["x", "3"], "freq": ["hourly"], "by": ["?"]}
    )
    assert view.filters.start is None
    assert view.filters.topics == (3,)
    assert view.frequency == ViewState().frequency
    assert view.breakdown == ViewState().breakdown


def test_reversed_date_range_is_put_in_order():
    view = from_params({"from": ["2024-05-01"], "to": ["2024-01-01"]})
    assert view.filters.start == date(2024, 1, 1) and view.filters.end == date(2024, 5, 1)


words = st.text(alphabet='ابتثجحخدذرزسشصضطظعغفقكلمنهوي غزة-"ORأو', min_size=1, max_size=12)
views = st.builds(
    ViewState,
    filters=st.builds(
        Filters,
        start=st.none() | st.dates(max_value=date(2025, 1, 1)),
        end=st.none() | st.dates(min_value=date(2025, 1, 2)),
        outlets=st.lists(words, unique=True, max_size=3).map(tuple),
        topics=st.lists(st.integers(-1, 60), unique=True, max_size=4).map(tuple),
        text=words.map(str.strip),
    ),
    frequency=st.sampled_from(list(FREQUENCIES)),
    share=st.booleans(),
    breakdown=st.sampled_from(BREAKDOWNS),
    series=st.lists(words.map(str.strip).filter(bool), unique=True, max_size=MAX_SERIES).map(tuple),
    topic=st.none() | st.integers(-1, 60),
    entity=words,
    article=st.text(alphabet="0123456789abcdef", max_size=16),
    search=words.map(str.strip),
    threshold=st.just(0.0) | st.floats(0.01, 0.99),
    lang=st.sampled_from(["ar", "en"]),
)


@given(views)
def test_url_round_trip(view):
    assert from_params(to_params(view)) == view


def test_attention_threshold_outside_zero_one_is_dropped():
    assert from_params({"near": ["1.5"]}).threshold == 0.0
    assert from_params({"near": ["x"]}).threshold == 0.0
    assert from_params({"near": ["0.62"], "sq": [" غزة "]}).threshold == 0.62
    assert from_params({"sq": [" غزة "]}).search == "غزة"
