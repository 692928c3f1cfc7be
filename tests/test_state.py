from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dashboard.analysis.query import FREQUENCIES, SERIES_KINDS, Filters, Series, collection_series
from dashboard.app.state import (
    BREAKDOWNS,
    LIST_ORDERS,
    MAX_PAGE,
    MAX_SERIES,
    SERIES_PREFIX,
    Drill,
    ViewState,
    decode_drill,
    decode_series,
    encode_drill,
    encode_series,
    from_params,
    parse,
    to_params,
)


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
# Series values: Arabic words, and text that starts like, or is, a URL prefix ("topic:3").
series_text = (
    (words | st.sampled_from(["topic", "entity", "outlet", "q", "Topic", "t", "collection"]))
    .flatmap(
        lambda head: st.builds(
            lambda sep, tail: f"{head}{sep}{tail}".strip(),
            st.sampled_from(["", ":", ": ", "::"]),
            st.text(alphabet="غزة 3:-", max_size=6),
        )
    )
    .filter(bool)
)
series_specs = st.one_of(
    st.builds(Series, st.just("query"), series_text),
    st.builds(Series, st.just("topic"), st.integers(-1, 500).map(str)),
    st.builds(Series, st.sampled_from(["entity", "outlet"]), series_text),
    st.builds(  # an outlet collection: a name and its outlets (which may hold = and :)
        collection_series,
        words.map(str.strip).filter(bool),
        st.lists(series_text, min_size=1, max_size=4, unique=True),
    ),
)
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
    series=st.lists(series_specs, unique=True, max_size=MAX_SERIES).map(tuple),
    topic=st.none() | st.integers(-1, 60),
    entity=words,
    article=st.text(alphabet="0123456789abcdef", max_size=16),
    search=words.map(str.strip),
    threshold=st.just(0.0) | st.floats(0.01, 0.99),
    lang=st.sampled_from(["ar", "en"]),
    page=st.integers(1, MAX_PAGE),
    sort=st.sampled_from(LIST_ORDERS),
    drill=st.just("")
    | st.builds(
        encode_drill,
        st.builds(Drill, st.dates(), st.none(), st.sampled_from(["الأفق", "3", "q:غزة OR x"]))
        | st.tuples(st.dates(), st.dates()).map(lambda days: Drill(*sorted(days))),
    ),
)


@given(views)
def test_url_round_trip(view):
    assert from_params(to_params(view)) == view


def test_attention_threshold_outside_zero_one_is_dropped():
    assert from_params({"near": ["1.5"]}).threshold == 0.0
    assert from_params({"near": ["x"]}).threshold == 0.0
    assert from_params({"near": ["0.62"], "sq": [" غزة "]}).threshold == 0.62
    assert from_params({"sq": [" غزة "]}).search == "غزة"


@given(series_specs)
def test_series_url_form_round_trips(series):
    assert decode_series(encode_series(series)) == series


def test_series_url_form_is_short_and_readable():
    assert set(SERIES_PREFIX) == set(SERIES_KINDS)
    assert encode_series(Series("topic", "3")) == "topic:3"
    assert encode_series(Series("entity", "سليم الحداد")) == "entity:سليم الحداد"
    assert encode_series(Series("outlet", "الأفق")) == "outlet:الأفق"
    assert encode_series(Series("query", '"وقف إطلاق النار" -غزة')) == '"وقف إطلاق النار" -غزة'
    assert encode_series(Series("query", "topic:3")) == "q:topic:3"  # not topic 3
    assert encode_series(Series("query", "q:x")) == "q:q:x"


def test_malformed_series_are_dropped_and_at_most_five_kept():
    view = from_params({"series": ["topic:x", "entity: ", "", "  ", "q:", "topic:4", "topic:4"]})
    assert view.series == (Series("topic", "4"),)
    many = from_params({"series": [f"outlet:{i}" for i in range(8)]})
    assert [s.value for s in many.series] == ["0", "1", "2", "3", "4"]


def test_series_in_a_link_open_the_comparison():
    view = from_params({"series": ["topic:3", "غزة"]})
    assert view.breakdown == "compare"
    assert view.series == (Series("topic", "3"), Series("query", "غزة"))
    assert to_params(view) == {"series": ["topic:3", "غزة"]}
    assert from_params({"series": ["غزة"], "by": ["outlet"]}).breakdown == "outlet"
    assert from_params({"by": ["query"], "series": ["غزة"]}).breakdown == "compare"  # older links


def test_list_page_order_and_drill_down_travel_and_are_checked():
    drill = encode_drill(Drill(date(2024, 3, 1), series="الأفق نيوز"))
    view = from_params({"page": ["3"], "sort": ["outlet"], "drill": [drill]})
    assert (view.page, view.sort, decode_drill(view.drill)) == (
        3,
        "outlet",
        Drill(date(2024, 3, 1), series="الأفق نيوز"),
    )
    assert to_params(view) == {"page": ["3"], "sort": ["outlet"], "drill": [drill]}
    for page in ("0", "-2", "x", "²", str(MAX_PAGE + 1), "1e3"):
        assert from_params({"page": [page]}).page == 1, page
    assert from_params({"sort": ["random"]}).sort == "newest"
    for bad in ("2024-02-30:الأفق", "2024-03-01:", "2024-03-01", "x..2024-01-01", "الأفق"):
        assert from_params({"drill": [bad]}).drill == "", bad
    box = from_params({"drill": ["2024-05-01..2024-03-01"]}).drill
    assert decode_drill(box) == Drill(date(2024, 3, 1), date(2024, 5, 1))  # put in order
    assert parse({"page": ["0"], "drill": ["2024-03-01:"]}).dropped == ("page", "drill")
    assert parse({"page": ["1"], "sort": ["newest"]}).dropped == ()  # the defaults spelt out
