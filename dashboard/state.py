"""The dashboard's shareable state and its URL query-parameter form (no streamlit here).

Only values that differ from the defaults go into the URL, so a plain link
opens the default view. Malformed parameters are dropped, never fatal: a
hand-edited link still opens.

>>> view = ViewState(filters=Filters(outlets=("الأفق",), text="غزة"), frequency="month")
>>> params = to_params(view)
>>> params
{'outlet': ['الأفق'], 'q': ['غزة'], 'freq': ['month']}
>>> from_params(params) == view
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from dashboard.core.query import FREQUENCIES, Filters
from dashboard.i18n import DEFAULT as DEFAULT_LANGUAGE
from dashboard.i18n import LANGUAGES

BREAKDOWNS = ("outlet", "topic", "query")
MAX_SERIES = 5


@dataclass(frozen=True)
class ViewState:
    """Everything a shared link must reproduce: filters plus each page's choices."""

    filters: Filters = field(default_factory=Filters)
    frequency: str = ""  # "" = fitted to the corpus span
    share: bool = False
    breakdown: str = "outlet"
    series: tuple[str, ...] = ()
    topic: int | None = None
    entity: str = ""
    article: str = ""
    search: str = ""  # free-text semantic search / attention query
    threshold: float = 0.0  # attention similarity threshold; 0 = the page default
    build: str = ""
    lang: str = DEFAULT_LANGUAGE


def _dates(values: Sequence[str]) -> date | None:
    try:
        return date.fromisoformat(values[0]) if values else None
    except ValueError:
        return None


def _ints(values: Sequence[str]) -> tuple[int, ...]:
    return tuple(int(v) for v in values if v.lstrip("-").isdigit())


def _int(values: Sequence[str]) -> int | None:
    found = _ints(values)
    return found[0] if found else None


def _fraction(values: Sequence[str]) -> float:
    try:
        value = float(values[0]) if values else 0.0
    except ValueError:
        return 0.0
    return value if 0.0 < value < 1.0 else 0.0


def _text(values: Sequence[str]) -> str:
    return values[0] if values else ""


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
        "by": [view.breakdown] if view.breakdown != default.breakdown else [],
        "series": list(view.series),
        "topic": [str(view.topic)] if view.topic is not None else [],
        "entity": [view.entity] if view.entity else [],
        "article": [view.article] if view.article else [],
        "sq": [view.search] if view.search else [],
        "near": [str(view.threshold)] if view.threshold else [],
        "build": [view.build] if view.build else [],
        "lang": [view.lang] if view.lang != default.lang else [],
    }
    return {key: values for key, values in params.items() if values}


def from_params(params: Mapping[str, Sequence[str]]) -> ViewState:
    """The view a link describes; unknown or malformed values fall back to defaults."""

    def get(key: str) -> list[str]:
        return [str(v) for v in params.get(key, [])]

    start, end = _dates(get("from")), _dates(get("to"))
    if start and end and start > end:
        start, end = end, start
    filters = Filters(
        start=start,
        end=end,
        outlets=tuple(dict.fromkeys(get("outlet"))),
        topics=tuple(dict.fromkeys(_ints(get("topics")))),
        text=_text(get("q")).strip(),
    )
    view = ViewState(
        filters=filters,
        share=_text(get("share")) == "1",
        series=tuple(dict.fromkeys(s.strip() for s in get("series") if s.strip()))[:MAX_SERIES],
        topic=_int(get("topic")),
        entity=_text(get("entity")),
        article=_text(get("article")),
        search=_text(get("sq")).strip(),
        threshold=_fraction(get("near")),
        build=_text(get("build")),
        lang=_text(get("lang")) if _text(get("lang")) in LANGUAGES else DEFAULT_LANGUAGE,
    )
    if _text(get("freq")) in FREQUENCIES:
        view = replace(view, frequency=_text(get("freq")))
    if _text(get("by")) in BREAKDOWNS:
        view = replace(view, breakdown=_text(get("by")))
    return view
