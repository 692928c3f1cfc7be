"""The dashboard's shareable state and its URL query-parameter form (no streamlit here).

Only values that differ from the defaults go into the URL, so a plain link
opens the default view. This module is the one validation layer for what a link
holds: ids are ASCII digits of bounded length, numbers are range-checked, texts and
lists have length caps, and a query string over :data:`MAX_QUERY_CHARS` is refused
whole. Malformed parameters are dropped and named (:func:`parse`), never fatal: a
hand-edited link still opens. Ids are then checked against the store
(:func:`check_ids`).

>>> view = ViewState(filters=Filters(outlets=("الأفق",), text="غزة"), frequency="month")
>>> params = to_params(view)
>>> params
{'outlet': ['الأفق'], 'q': ['غزة'], 'freq': ['month']}
>>> from_params(params) == view
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from dashboard.analysis import concordance
from dashboard.analysis.logodds import ALPHAS, DEFAULT_ALPHA
from dashboard.analysis.query import (
    COLLECTION,
    FREQUENCIES,
    OUTLET_SEPARATOR,
    Filters,
    Series,
    collection_series,
)
from dashboard.app.i18n import DEFAULT as DEFAULT_LANGUAGE
from dashboard.app.i18n import LANGUAGES
from dashboard.storage.corpora import NAME as CORPUS_NAME

BREAKDOWNS = ("outlet", "topic", "compare")
MAP_COLOURS = ("topic", "outlet", "date")
MAX_AREA_POINTS = 40  # vertices of a map selection kept in a link
MAX_SERIES = 5
SERIES_PREFIX = {"query": "q", "topic": "topic", "entity": "entity", "outlet": "outlet"}
# ASCII digits only: ``str.isdigit`` accepts "²" and "①", which ``int`` refuses.
ID = re.compile(r"-?[0-9]{1,9}")
ARTICLE_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
BUILD_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
TAB = re.compile(r"[a-z_][a-z0-9_]{0,31}")
LIST_ORDERS = ("newest", "oldest", "outlet")  # of a paged article list; the first is the default
MAX_PAGE = 100_000  # of a paged list in a link
EVENT_SET = re.compile(r"[A-Za-z0-9]{10}")  # the code of a timeline event set
SAVED_PREFIX = "saved"  # a compared saved query: ``saved:NAME=QUERY``
COLLECTION_PREFIX = "collection"  # a compared outlet collection: ``collection:NAME=O1\nO2``
MAX_NAME = 60  # characters of a saved query's name
MAX_TEXT = 500  # characters of a query, entity or search text
MAX_OUTLETS = 200  # outlet values in one link
MAX_QUERY_CHARS = 16_000  # the whole query string, percent-encoded; longer links: a short link
GRAMS = (1, 2, 3)  # words, two-word and three-word phrases
TOP_TERMS = (5, 200)  # the fewest and most terms a words chart or table may list
DEFAULT_TOP_TERMS = 30
KEYS = (
    "from", "to", "outlet", "topics", "q", "freq", "share", "by", "series", "topic",
    "entity", "article", "sq", "near", "build", "corpus", "lang", "digits", "tab", "colour",
    "area", "hl", "page", "sort", "drill",
    "kwic_width", "kwic_sort", "kwic_ctx",
    "speaker", "said",
    "gram", "top", "aq", "ao", "af", "at", "bq", "bo", "bf", "bt", "brest", "alpha", "word",
    "events",
)  # fmt: skip


@dataclass(frozen=True)
class ViewState:
    """Everything a shared link must reproduce: filters plus each page's choices."""

    filters: Filters = field(default_factory=Filters)
    frequency: str = ""  # "" = fitted to the corpus span
    share: bool = False
    breakdown: str = "outlet"
    series: tuple[Series, ...] = ()  # compared, for breakdown compare
    topic: int | None = None
    entity: str = ""
    article: str = ""
    search: str = ""  # free-text semantic search / attention query
    threshold: float = 0.0  # attention similarity threshold; 0 = the page default
    build: str = ""
    corpus: str = ""  # a built corpus under the corpora root; "" = the configured store
    lang: str = DEFAULT_LANGUAGE
    indic: bool = False  # Arabic-Indic digits
    tab: str = ""  # the open tab of the page shown; "" = its first
    map_colour: str = "topic"
    area: tuple[tuple[float, float], ...] = ()  # a map selection: its polygon (a box has 4)
    highlight: str = ""  # a query whose matches the document map marks
    page: int = 1  # the page shown of the view's paged list (drill-down, results, articles)
    sort: str = LIST_ORDERS[0]  # the order of that list
    drill: str = ""  # the coverage chart's drill-down (see :func:`encode_drill`)
    # keyword in context: words each side, line order, a query over the lines
    kwic_width: int = concordance.DEFAULT_WIDTH
    kwic_sort: str = "date"
    kwic_context: str = ""
    quote_speaker: str = ""  # quotes: words of the speaker or of its entity
    quote_query: str = ""  # quotes: a keyword query over what was said
    gram: int = 1  # the Words page: words (1) or phrases of 2 or 3 words
    top_terms: int = DEFAULT_TOP_TERMS  # terms listed (on each side of a comparison)
    set_a: Filters = field(default_factory=Filters)  # a comparison's sets: their own query,
    set_b: Filters = field(default_factory=Filters)  # outlets and dates (topics unused)
    rest: bool = False  # set B is the view's articles not in set A
    alpha: float = DEFAULT_ALPHA  # the total of the log-odds prior
    word: str = ""  # the word whose articles are listed
    events: str = ""  # the timeline event set shown (its code); "" = the corpus's current set


def _dates(values: Sequence[str]) -> date | None:
    try:
        return date.fromisoformat(values[0]) if values else None
    except ValueError:
        return None


def _ints(values: Sequence[str]) -> tuple[int, ...]:
    return tuple(int(v) for v in values if ID.fullmatch(v))


def _int(values: Sequence[str]) -> int | None:
    found = _ints(values)
    return found[0] if found else None


def _ranged(values: Sequence[str], low: int, high: int, default: int) -> int:
    """A whole number of ``values`` within ``low``..``high``; ``default`` when not one."""
    found = _int(values)
    return found if found is not None and low <= found <= high else default


def _fraction(values: Sequence[str]) -> float:
    try:
        value = float(values[0]) if values else 0.0
    except ValueError:
        return 0.0
    return value if 0.0 < value < 1.0 else 0.0


def _page(values: Sequence[str]) -> int:
    """A page number from 1 to :data:`MAX_PAGE`; 1 when malformed."""
    page = _int(values)
    return page if page is not None and 1 <= page <= MAX_PAGE else 1


def _text(values: Sequence[str]) -> str:
    return values[0] if values and len(values[0]) <= MAX_TEXT else ""


def _alpha(values: Sequence[str]) -> float:
    try:
        value = float(values[0]) if values else DEFAULT_ALPHA
    except ValueError:
        return DEFAULT_ALPHA
    return value if value in ALPHAS else DEFAULT_ALPHA


def _outlets(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o for o in values if 0 < len(o) <= MAX_TEXT))[:MAX_OUTLETS]


def _ordered(start: date | None, end: date | None) -> tuple[date | None, date | None]:
    return (end, start) if start and end and start > end else (start, end)


def set_params(prefix: str, own: Filters) -> dict[str, list[str]]:
    """A comparison set's own filters as ``{prefix}q``, ``{prefix}o``, ``{prefix}f``, ``{prefix}t``.

    >>> set_params("a", Filters(outlets=("الأفق",), text="غزة"))
    {'aq': ['غزة'], 'ao': ['الأفق'], 'af': [], 'at': []}
    """
    return {
        f"{prefix}q": [own.text] if own.text else [],
        f"{prefix}o": list(own.outlets),
        f"{prefix}f": [own.start.isoformat()] if own.start else [],
        f"{prefix}t": [own.end.isoformat()] if own.end else [],
    }


def encode_area(area: Sequence[tuple[float, float]]) -> str:
    """A map selection polygon in its URL form: ``x,y;x,y;…`` (5 significant digits).

    >>> encode_area([(0.5, 1.0), (2.25, -1.0), (2.25, 3.0)])
    '0.5,1;2.25,-1;2.25,3'
    """
    return ";".join(f"{x:.5g},{y:.5g}" for x, y in area)


def decode_area(text: str) -> tuple[tuple[float, float], ...]:
    """The polygon a URL value names; empty when malformed or under 3 vertices.

    >>> decode_area("0.5,1;2.25,-1;2.25,3")
    ((0.5, 1.0), (2.25, -1.0), (2.25, 3.0))
    >>> decode_area("1,2;x,3;4,5")
    ()
    """
    try:
        points = tuple(
            (float(x), float(y)) for x, y in (pair.split(",") for pair in text.split(";"))
        )
    except ValueError:
        return ()
    finite = all(abs(v) < float("inf") and v == v for point in points for v in point)
    return points if finite and 3 <= len(points) <= MAX_AREA_POINTS else ()


DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
DRILL = re.compile(rf"(?P<first>{DAY})(?:\.\.(?P<last>{DAY})|:(?P<series>.{{1,{MAX_TEXT}}}))", re.S)


@dataclass(frozen=True)
class Drill:
    """A drill-down of the coverage chart: one series' period (a clicked point), or every
    series from one period to another (a box)."""

    first: date
    last: date | None = None  # a box's last period; None for a point
    series: str = ""  # a point's series (its legend group); "" for a box


def encode_drill(drill: Drill) -> str:
    """A drill-down in its URL form: ``DAY:SERIES`` for a point, ``DAY..DAY`` for a box.

    >>> encode_drill(Drill(date(2024, 3, 1), series="الأفق"))
    '2024-03-01:الأفق'
    >>> encode_drill(Drill(date(2024, 3, 1), date(2024, 5, 1)))
    '2024-03-01..2024-05-01'
    """
    if drill.last is not None:
        return f"{drill.first.isoformat()}..{drill.last.isoformat()}"
    return f"{drill.first.isoformat()}:{drill.series}"


def decode_drill(text: str) -> Drill | None:
    """The drill-down a URL value names (see :func:`encode_drill`); None when malformed.

    >>> decode_drill("2024-03-01:الأفق").series, decode_drill("2024-13-01..2024-05-01")
    ('الأفق', None)
    """
    found = DRILL.fullmatch(text)
    if not found:
        return None
    try:
        first = date.fromisoformat(found["first"])
        last = date.fromisoformat(found["last"]) if found["last"] else None
    except ValueError:
        return None
    if last is not None:
        return Drill(min(first, last), max(first, last))
    series = found["series"].strip()
    return Drill(first, series=series) if series else None


def encode_series(series: Series) -> str:
    """A compared series in its URL form: ``topic:3``, ``entity:NAME``, ``outlet:NAME``.

    A keyword query is written as itself, or as ``q:TEXT`` when it starts like a prefix; a
    saved query as ``saved:NAME=QUERY`` and an outlet collection as
    ``collection:NAME=OUTLET`` with its outlets one a line (what they stand for travels, so a
    link keeps its meaning when the collection is edited).

    >>> [encode_series(Series("topic", "3")), encode_series(Series("query", "غزة OR هدنة"))]
    ['topic:3', 'غزة OR هدنة']
    >>> encode_series(Series("query", "topic:3"))
    'q:topic:3'
    >>> encode_series(Series("query", '("داعش" OR "تنظيم الدولة")', "داعش"))
    'saved:داعش=("داعش" OR "تنظيم الدولة")'
    >>> encode_series(collection_series("صحف", ["الأفق", "الرائد"]))
    'collection:صحف=الأفق\\nالرائد'
    """
    if series.kind == COLLECTION:
        return f"{COLLECTION_PREFIX}:{series.name}={series.value}"
    if series.kind != "query":
        return f"{SERIES_PREFIX[series.kind]}:{series.value}"
    if series.name:
        return f"{SAVED_PREFIX}:{series.name}={series.value}"
    prefixes = (*SERIES_PREFIX.values(), SAVED_PREFIX, COLLECTION_PREFIX)
    prefixed = any(series.value.startswith(f"{p}:") for p in prefixes)
    return f"q:{series.value}" if prefixed else series.value


def decode_series(text: str) -> Series | None:
    """The series a URL value names (see :func:`encode_series`); None when malformed.

    >>> decode_series("entity:سليم الحداد"), decode_series("topic:x")
    (Series(kind='entity', value='سليم الحداد', name=''), None)
    >>> decode_series('saved:داعش="داعش" OR "تنظيم الدولة"')
    Series(kind='query', value='"داعش" OR "تنظيم الدولة"', name='داعش')
    """
    prefix, colon, rest = text.partition(":")
    if colon and prefix == SAVED_PREFIX:
        name, equals, value = rest.partition("=")
        name, value = name.strip(), value.strip()
        fits = 0 < len(name) <= MAX_NAME and 0 < len(value) <= MAX_TEXT
        return Series("query", value, name) if equals and fits else None
    if colon and prefix == COLLECTION_PREFIX:
        return _collection(rest)
    kinds = {p: kind for kind, p in SERIES_PREFIX.items()}
    kind, value = (kinds[prefix], rest) if colon and prefix in kinds else ("query", text)
    value = value.strip()
    if kind == "topic":
        value = str(int(value)) if ID.fullmatch(value) else ""
    if len(value) > MAX_TEXT:
        return None
    return Series(kind, value) if value else None


def _collection(text: str) -> Series | None:
    """A compared outlet collection from ``NAME=OUTLETS`` (one a line); None when malformed
    (a name or an outlet too long, too many outlets, none at all)."""
    name, equals, value = text.partition("=")
    name = name.strip()
    outlets = list(dict.fromkeys(o.strip() for o in value.split(OUTLET_SEPARATOR) if o.strip()))
    fits = 0 < len(outlets) <= MAX_OUTLETS and all(len(o) <= MAX_TEXT for o in outlets)
    return (
        collection_series(name, outlets) if equals and 0 < len(name) <= MAX_NAME and fits else None
    )


def _series(values: Sequence[str]) -> tuple[Series, ...]:
    decoded = (decode_series(v) for v in values)
    return tuple(dict.fromkeys(s for s in decoded if s))[:MAX_SERIES]


def _implied_breakdown(series: tuple[Series, ...]) -> str:
    """The breakdown a link without ``by`` means: compare when it names series."""
    return "compare" if series else "outlet"


def to_params(view: ViewState) -> dict[str, list[str]]:
    """Query parameters for ``view``; defaults are left out."""
    f, default = view.filters, ViewState()
    params: dict[str, list[str]] = {
        "from": [f.start.isoformat()] if f.start else [],
        "to": [f.end.isoformat()] if f.end else [],
        "outlet": list(f.outlets),
        "topics": [str(t) for t in f.topics],
        "q": [f.text] if f.text else [],
        "freq": [view.frequency] if view.frequency != default.frequency else [],
        "share": ["1"] if view.share else [],
        "by": [view.breakdown] if view.breakdown != _implied_breakdown(view.series) else [],
        "series": [encode_series(s) for s in view.series],
        "topic": [str(view.topic)] if view.topic is not None else [],
        "entity": [view.entity] if view.entity else [],
        "article": [view.article] if view.article else [],
        "sq": [view.search] if view.search else [],
        "near": [str(view.threshold)] if view.threshold else [],
        "build": [view.build] if view.build else [],
        "corpus": [view.corpus] if view.corpus else [],
        "lang": [view.lang] if view.lang != default.lang else [],
        "digits": ["indic"] if view.indic else [],
        "tab": [view.tab] if view.tab else [],
        "colour": [view.map_colour] if view.map_colour != default.map_colour else [],
        "area": [encode_area(view.area)] if view.area else [],
        "hl": [view.highlight] if view.highlight else [],
        "page": [str(view.page)] if view.page != default.page else [],
        "sort": [view.sort] if view.sort != default.sort else [],
        "drill": [view.drill] if view.drill else [],
        "kwic_width": [str(view.kwic_width)] if view.kwic_width != default.kwic_width else [],
        "kwic_sort": [view.kwic_sort] if view.kwic_sort != default.kwic_sort else [],
        "kwic_ctx": [view.kwic_context] if view.kwic_context else [],
        "speaker": [view.quote_speaker] if view.quote_speaker else [],
        "said": [view.quote_query] if view.quote_query else [],
        "gram": [str(view.gram)] if view.gram != default.gram else [],
        "top": [str(view.top_terms)] if view.top_terms != default.top_terms else [],
        **set_params("a", view.set_a),
        **set_params("b", view.set_b),
        "brest": ["1"] if view.rest else [],
        "alpha": [f"{view.alpha:g}"] if view.alpha != default.alpha else [],
        "word": [view.word] if view.word else [],
        "events": [view.events] if view.events else [],
    }
    return {key: values for key, values in params.items() if values}


@dataclass(frozen=True)
class Parsed:
    """What a link holds: its view, and what in it was not understood."""

    view: ViewState
    dropped: tuple[str, ...] = ()  # names of parameters whose values were ignored
    too_long: int = 0  # the query string's length when over MAX_QUERY_CHARS (all ignored)


def query_chars(params: Mapping[str, Sequence[str]]) -> int:
    """The length of ``params`` as a percent-encoded query string."""
    return len(urlencode({k: list(v) for k, v in params.items()}, doseq=True))


def parse(params: Mapping[str, Sequence[str]]) -> Parsed:
    """The view a link describes, and the names of the parameters it had to ignore.

    >>> parse({"topic": ["²"], "q": ["غزة"], "zz": ["1"]}).dropped
    ('topic', 'zz')
    >>> parse({"q": ["x" * 20_000]}).too_long
    20002
    """
    size = query_chars(params)
    if size > MAX_QUERY_CHARS:
        lang = [str(v) for v in params.get("lang", [])][:1]
        return Parsed(
            ViewState(lang=lang[0] if lang and lang[0] in LANGUAGES else DEFAULT_LANGUAGE), (), size
        )
    view = from_params(params)
    shown = to_params(view)
    dropped = []
    for key, values in params.items():
        given = [str(v) for v in values]
        ignored = key not in KEYS or (
            any(given) and not shown.get(key) and not _default_value(key, given)
        )
        fewer = key in ("outlet", "topics", "series", "ao", "bo") and len(shown.get(key, [])) < len(
            set(filter(None, given))
        )
        if ignored or fewer:
            dropped.append(key)
    return Parsed(view, tuple(dropped))


def _default_value(key: str, given: list[str]) -> bool:
    """Whether ``given`` spells the default of ``key`` (left out of a written link)."""
    if key == "by":
        return given[0] in (*BREAKDOWNS, "query")
    if key in ("q", "sq", "entity", "hl", "kwic_ctx", "speaker", "said", "aq", "bq", "word"):
        return len(given[0]) <= MAX_TEXT and not given[0].strip()
    if key == "alpha":
        try:
            return float(given[0]) == DEFAULT_ALPHA
        except ValueError:
            return False
    default = ViewState()
    defaults = (
        ("lang", DEFAULT_LANGUAGE),
        ("share", "0"),
        ("colour", default.map_colour),
        ("page", str(default.page)),
        ("sort", default.sort),
        ("kwic_width", str(default.kwic_width)),
        ("kwic_sort", default.kwic_sort),
        ("gram", "1"),
        ("top", str(DEFAULT_TOP_TERMS)),
        ("brest", "0"),
    )
    return (key, given[0]) in defaults


def from_params(params: Mapping[str, Sequence[str]]) -> ViewState:
    """The view a link describes; unknown or malformed values fall back to defaults."""

    def get(key: str) -> list[str]:
        return [str(v) for v in params.get(key, [])]

    start, end = _ordered(_dates(get("from")), _dates(get("to")))
    filters = Filters(
        start=start,
        end=end,
        outlets=_outlets(get("outlet")),
        topics=tuple(dict.fromkeys(_ints(get("topics")))),
        text=_text(get("q")).strip(),
    )

    def own(prefix: str) -> Filters:
        first, last = _ordered(_dates(get(f"{prefix}f")), _dates(get(f"{prefix}t")))
        text = _text(get(f"{prefix}q")).strip()
        return Filters(start=first, end=last, outlets=_outlets(get(f"{prefix}o")), text=text)

    view = ViewState(
        filters=filters,
        share=_text(get("share")) == "1",
        series=_series(get("series")),
        topic=_int(get("topic")),
        entity=_text(get("entity")),
        article=_text(get("article")) if ARTICLE_ID.fullmatch(_text(get("article"))) else "",
        search=_text(get("sq")).strip(),
        threshold=_fraction(get("near")),
        build=_text(get("build")) if BUILD_ID.fullmatch(_text(get("build"))) else "",
        corpus=_text(get("corpus")) if CORPUS_NAME.fullmatch(_text(get("corpus"))) else "",
        lang=_text(get("lang")) if _text(get("lang")) in LANGUAGES else DEFAULT_LANGUAGE,
        indic=_text(get("digits")) == "indic",
        tab=_text(get("tab")) if TAB.fullmatch(_text(get("tab"))) else "",
        map_colour=_text(get("colour")) if _text(get("colour")) in MAP_COLOURS else "topic",
        area=decode_area(_text(get("area"))),
        highlight=_text(get("hl")).strip(),
        page=_page(get("page")),
        sort=_text(get("sort")) if _text(get("sort")) in LIST_ORDERS else LIST_ORDERS[0],
        drill=encode_drill(found) if (found := decode_drill(_text(get("drill")))) else "",
        kwic_width=_ranged(get("kwic_width"), 1, concordance.MAX_WIDTH, concordance.DEFAULT_WIDTH),
        kwic_sort=_text(get("kwic_sort"))
        if _text(get("kwic_sort")) in concordance.SORTS
        else "date",
        kwic_context=_text(get("kwic_ctx")).strip(),
        quote_speaker=_text(get("speaker")).strip(),
        quote_query=_text(get("said")).strip(),
        gram=_ranged(get("gram"), GRAMS[0], GRAMS[-1], 1),
        top_terms=_ranged(get("top"), *TOP_TERMS, DEFAULT_TOP_TERMS),
        set_a=own("a"),
        set_b=own("b"),
        rest=_text(get("brest")) == "1",
        alpha=_alpha(get("alpha")),
        word=_text(get("word")).strip(),
        events=_text(get("events")) if EVENT_SET.fullmatch(_text(get("events"))) else "",
    )
    if _text(get("freq")) in FREQUENCIES:
        view = replace(view, frequency=_text(get("freq")))
    by = {"query": "compare"}.get(_text(get("by")), _text(get("by")))  # "query": older links
    return replace(view, breakdown=by if by in BREAKDOWNS else _implied_breakdown(view.series))


def check_ids(
    view: ViewState,
    known_article: Callable[[str], bool],
    topics: Collection[int],
    known_entity: Callable[[str], bool] = lambda _name: True,
) -> tuple[ViewState, tuple[str, ...]]:
    """``view`` with the ids and names its link gives that the store lacks dropped, and
    their parameters' names: every id of a link is checked against the store here.

    >>> view = ViewState(filters=Filters(topics=(1, 99)), topic=99, article="a1", entity="x")
    >>> checked, dropped = check_ids(view, {"a2"}.__contains__, {1, 2}, {"y"}.__contains__)
    >>> checked.filters.topics, checked.topic, checked.article, checked.entity, dropped
    ((1,), None, '', '', ('topics', 'topic', 'article', 'entity'))
    >>> compared = (Series("entity", "x"), Series("entity", "y"), Series("query", "x"))
    >>> check_ids(ViewState(series=compared), bool, {1}, {"y"}.__contains__)[0].series
    (Series(kind='entity', value='y', name=''), Series(kind='query', value='x', name=''))
    """
    kept = tuple(t for t in view.filters.topics if t in topics)
    series = tuple(
        s
        for s in view.series
        if (s.kind != "topic" or int(s.value) in topics)
        and (s.kind != "entity" or known_entity(s.value))
    )
    checked = replace(
        view,
        filters=replace(view.filters, topics=kept),
        topic=view.topic if view.topic is None or view.topic in topics else None,
        article=view.article if not view.article or known_article(view.article) else "",
        entity=view.entity if not view.entity or known_entity(view.entity) else "",
        series=series,
    )
    dropped = (
        ("topics",) * (kept != view.filters.topics)
        + ("topic",) * (checked.topic != view.topic)
        + ("article",) * (checked.article != view.article)
        + ("entity",) * (checked.entity != view.entity)
        + ("series",) * (series != view.series)
    )
    return checked, dropped


def switch_corpus(view: ViewState, corpus: str) -> ViewState:
    """The view moved to another corpus: what names the old corpus's topics or build is
    dropped; outlets, entities, dates, text queries and page choices stay (the sidebar
    drops outlets the new corpus lacks and fits the dates to its span, see :func:`fit_dates`).

    >>> view = ViewState(filters=Filters(topics=(2,), text="غزة"), topic=2, build="b1")
    >>> switch_corpus(view, "mine")
    ViewState(filters=Filters(start=None, end=None, outlets=(), topics=(), text='غزة'), ...)
    """
    return replace(
        view,
        corpus=corpus,
        filters=replace(view.filters, topics=()),
        series=tuple(s for s in view.series if s.kind != "topic"),
        topic=None,
        build="",
        events="",
    )


def fit_dates(filters: Filters, first: date, last: date) -> Filters:
    """``filters`` with its date range cut to a corpus's span; a range outside it is dropped.

    >>> fit_dates(Filters(start=date(2020, 1, 1), end=date(2024, 3, 1)), date(2024, 1, 1),
    ...           date(2024, 6, 30))
    Filters(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 3, 1), ...)
    """
    start, end = filters.start, filters.end
    if (start and start > last) or (end and end < first):
        return replace(filters, start=None, end=None)
    return replace(
        filters,
        start=max(start, first) if start else None,
        end=min(end, last) if end else None,
    )


def link(view: ViewState, page: str, **changes: object) -> str:
    """A relative link to ``page`` showing ``view`` with ``changes``: filters and language travel.

    >>> link(ViewState(filters=Filters(outlets=("الأفق",)), lang="en"), "reader", article="a1")
    'reader?outlet=%D8%A7%D9%84%D8%A3%D9%81%D9%82&article=a1&lang=en'
    """
    return f"{page}?{urlencode(to_params(replace(view, **changes)), doseq=True)}"
