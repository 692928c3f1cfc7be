"""Filters and the aggregations the dashboard pages ask for (pure pandas)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from dashboard.storage.textindex import TextIndex, words
from dashboard.text.arabic import normalize
from dashboard.text.marks import balanced

FREQUENCIES = {"day": "D", "week": "W", "month": "M"}


@dataclass(frozen=True)
class Filters:
    """The global filters shared by every page."""

    start: date | None = None
    end: date | None = None
    outlets: tuple[str, ...] = ()
    topics: tuple[int, ...] = ()
    text: str = ""


_TOKEN = re.compile(r'(-?)"([^"]*)"?(\*?)|([()])|(-?)([^\s()"]+)')
OPERATORS = ("OR", "AND", "NOT")


@dataclass(frozen=True)
class Term:
    """One word or "quoted phrase" of a keyword query, normalised; ``prefix`` for ``word*``."""

    text: str
    prefix: bool = False


# A parsed query: a Term, ("not", node), ("and", nodes) or ("or", nodes).
Node = Term | tuple


def query_tokens(text: str) -> list[str | Term]:
    """The operators, parentheses and terms of a keyword query, in order; ``-x`` becomes
    ``NOT x``. Only upper-case OR, AND and NOT are operators: أو and و are words."""
    tokens: list[str | Term] = []
    for match in _TOKEN.finditer(text):
        neg_phrase, phrase, star, paren, neg_word, word = match.groups()
        if paren:
            tokens.append(paren)
            continue
        if word in OPERATORS:
            tokens.append(word)
            continue
        raw, prefix = (phrase, bool(star)) if phrase is not None else (word, word.endswith("*"))
        term = normalize(raw.rstrip("*") if phrase is None else raw)
        if not words(term):
            continue
        if neg_phrase or neg_word:
            tokens.append("NOT")
        tokens.append(Term(term, prefix))
    return tokens


def parse_query(text: str) -> Node | None:
    """Parse a keyword query into a tree; None for a query with no term (matches all).

    Words side by side must all match (``AND`` may be written); ``OR`` between
    alternatives binds looser; ``NOT`` or ``-`` excludes; parentheses group;
    "quoted phrases" are whole words in order; ``word*`` matches words that start
    with ``word``. A stray parenthesis or a dangling operator is ignored.

    >>> parse_query('غزة "وقف إطلاق النار" -مباراة OR هدنة*')
    ('or', (('and', (Term(text='غزة', prefix=False), Term(text='وقف اطلاق النار', prefix=False), \
('not', Term(text='مباراة', prefix=False)))), Term(text='هدنة', prefix=True)))
    """
    tokens = query_tokens(text)
    position = 0

    def peek() -> str | Term | None:
        return tokens[position] if position < len(tokens) else None

    def either() -> Node | None:
        nonlocal position
        parts = [both()]
        while peek() == "OR":
            position += 1
            parts.append(both())
        found = tuple(p for p in parts if p is not None)
        return None if not found else found[0] if len(found) == 1 else ("or", found)

    def both() -> Node | None:
        nonlocal position
        parts = []
        while (token := peek()) is not None and token not in ("OR", ")"):
            if token == "AND":
                position += 1
                continue
            parts.append(single())
        found = tuple(p for p in parts if p is not None)
        return None if not found else found[0] if len(found) == 1 else ("and", found)

    def single() -> Node | None:
        nonlocal position
        token = peek()
        position += 1
        if token == "NOT":
            inner = single() if peek() not in (None, "OR", ")", "AND") else None
            return None if inner is None else ("not", inner)
        if token == "(":
            inner = either()
            if peek() == ")":
                position += 1
            return inner
        return token if isinstance(token, Term) else None

    tree = None
    while position < len(tokens):
        part = either()
        tree = part if tree is None else tree if part is None else ("and", (tree, part))
        position += 1  # past a stray ")"
    return tree


def evaluate(node: Node, index: TextIndex) -> np.ndarray:
    """Boolean mask of the index's rows that satisfy a parsed query."""
    if isinstance(node, Term):
        return index.contains(node.text, node.prefix)
    kind, inner = node
    if kind == "not":
        return ~evaluate(inner, index)
    masks = [evaluate(part, index) for part in inner]
    return np.logical_and.reduce(masks) if kind == "and" else np.logical_or.reduce(masks)


TEXTLESS = "no text"  # the name of search_texts' stand-in column


def search_texts(articles: pd.DataFrame) -> pd.Series:
    """The articles' normalised text; for a frame held without it (a server's, whose texts
    stay on disk), a stand-in column with its row labels and no text, which only an index
    over all its rows can match (:func:`match_query`)."""
    if "search_text" in articles:
        return articles["search_text"]
    return pd.Series(None, index=articles.index, dtype=object, name=TEXTLESS)


def match_query(search_text: pd.Series, text: str, index: TextIndex | None = None) -> pd.Series:
    """Boolean mask of rows whose normalised text satisfies the keyword query.

    Words match whole (see :mod:`dashboard.storage.textindex`). ``index``, when
    given, is a :class:`TextIndex` over exactly these rows, in this order (else
    one is made for the call).
    """
    if index is not None and len(index) != len(search_text):
        raise ValueError(f"the text index covers {len(index)} rows, not {len(search_text)}")
    tree = parse_query(text)
    if tree is None:
        return pd.Series(True, index=search_text.index)
    if index is None and search_text.name == TEXTLESS:
        raise ValueError("these articles are held without their text: pass their index")
    index = index if index is not None else TextIndex(search_text)
    return pd.Series(evaluate(tree, index), index=search_text.index)


def filter_mask(
    articles: pd.DataFrame, filters: Filters, index: TextIndex | None = None
) -> pd.Series:
    """Boolean mask of the articles that pass every filter.

    ``index``, when given, is a :class:`TextIndex` over ``articles["search_text"]``
    (all rows, same order) and speeds up the keyword filter.
    """
    mask = pd.Series(True, index=articles.index)
    when = articles["published_at"]
    if filters.start:
        mask &= when >= pd.Timestamp(filters.start)
    if filters.end:
        mask &= when < pd.Timestamp(filters.end) + pd.Timedelta(days=1)
    if filters.outlets:
        mask &= articles["outlet"].isin(filters.outlets)
    if filters.topics:
        mask &= articles["topic"].isin(filters.topics)
    if filters.text.strip():
        mask &= match_query(search_texts(articles), filters.text, index)
    return mask


def apply_filters(
    articles: pd.DataFrame, filters: Filters, index: TextIndex | None = None
) -> pd.DataFrame:
    """The articles that pass every filter (``index`` as for :func:`filter_mask`)."""
    return articles[filter_mask(articles, filters, index)]


def auto_frequency(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """The period that gives a readable time series over a span: month, week or day."""
    days = (last - first).days
    return "month" if days > 270 else "week" if days > 45 else "day"


def period_start(when: pd.Series, frequency: str) -> pd.Series:
    """The start of the day, week (Monday) or month that each timestamp falls in."""
    return when.dt.to_period(FREQUENCIES[frequency]).dt.start_time


COVERAGE_COLUMNS = ["period", "series", "count", "total", "share", "partial", "gap"]
OTHER_OUTLETS = "other outlets"
OTHER_TOPICS = "other topics"


def periods_between(first: pd.Timestamp, last: pd.Timestamp, frequency: str) -> pd.DatetimeIndex:
    """The start of every period from the one holding ``first`` to the one holding ``last``."""
    return pd.period_range(first, last, freq=FREQUENCIES[frequency]).start_time


def coverage_grid(
    rows: pd.DataFrame,
    labels: list[str],
    base: pd.DataFrame,
    frequency: str,
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> pd.DataFrame:
    """Count, total and share of every series in every period of a window.

    Args:
        rows: ``period`` and ``series`` of each counted (article, series) pair.
        labels: Every series, in order (one with no row is a line of zeros).
        base: The articles that make up "all articles" in each period.
        frequency: ``day``, ``week`` or ``month``.
        window: First and last day covered (default: the span of ``base``).

    Returns:
        :data:`COVERAGE_COLUMNS`: ``total`` is the number of ``base`` articles in the
        period; a period with none is a ``gap`` (its share is NaN: nothing was
        collected, which is not zero coverage); ``partial`` marks a last period that
        the window ends inside.
    """
    if window is None:
        if base.empty:
            return pd.DataFrame(columns=COVERAGE_COLUMNS)
        window = (base["published_at"].min(), base["published_at"].max())
    totals = period_start(base["published_at"], frequency).value_counts()
    counts = rows.groupby(["period", "series"], observed=True).size()
    return count_grid(counts, totals, labels, frequency, window)


def count_grid(
    counts: pd.Series,
    totals: pd.Series,
    labels: list[str],
    frequency: str,
    window: tuple[pd.Timestamp, pd.Timestamp],
) -> pd.DataFrame:
    """:func:`coverage_grid` from counts already made: ``counts`` by (period start, series)
    and ``totals`` (the base's articles) by period start."""
    first, last = window[0].normalize(), window[1].normalize()
    if first > last or not labels:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    span = periods_between(first, last, frequency)
    index = pd.MultiIndex.from_product([span, labels], names=["period", "series"])
    grid = counts.reindex(index, fill_value=0).rename("count").reset_index()
    grid = grid.astype({"count": "int64", "series": "object"})
    grid["total"] = grid["period"].map(totals).fillna(0).astype("int64")
    grid["gap"] = grid["total"].eq(0)
    grid["share"] = grid["count"] / grid["total"].where(~grid["gap"])
    ends = grid["period"].dt.to_period(FREQUENCIES[frequency]).dt.end_time.dt.normalize()
    grid["partial"] = ends > last
    return grid[COVERAGE_COLUMNS]


def coverage(
    articles: pd.DataFrame,
    frequency: str,
    by: pd.Series | None = None,
    *,
    totals_from: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Articles per period (and per series), with their share of all articles in the period.

    Args:
        articles: The rows to count.
        frequency: ``day``, ``week`` or ``month``.
        by: Optional series label per row (outlet, topic label, query...), aligned
            with ``articles``; without it there is one series named ``all``.
        totals_from: Articles that make up "all articles" for the share (by
            default ``articles`` itself).

    Returns:
        As :func:`coverage_grid`, over the span of ``totals_from``; series by volume.
    """
    base = articles if totals_from is None else totals_from
    labels = by if by is not None else pd.Series("all", index=articles.index)
    labels = labels.astype(str)
    rows = pd.DataFrame(
        {"period": period_start(articles["published_at"], frequency), "series": labels}
    )
    return coverage_grid(rows, labels.value_counts().index.tolist(), base, frequency)


def topic_table(articles: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    """Topic info with the number and share of the given articles in each topic."""
    counts = articles["topic"].value_counts()
    table = topics.assign(articles=topics["topic"].map(counts).fillna(0).astype("int64"))
    table["share"] = table["articles"] / max(len(articles), 1)
    return table.sort_values("articles", ascending=False, ignore_index=True)


def topic_labels(topics: pd.DataFrame) -> dict[int, str]:
    """Topic id -> short label, with -1 named as unassigned; a label without the marks its
    cut left unpaired (:func:`dashboard.text.marks.balanced`: stores built before labels
    were balanced keep them; the sidebar and the CLI read them here)."""
    labels = dict(zip(topics["topic"], topics["label"].map(balanced), strict=True))
    labels[-1] = "—"
    return {int(k): f"{k}: {v}" if k >= 0 else v for k, v in labels.items()}


def top_outlets(articles: pd.DataFrame, n: int) -> list[str]:
    """The ``n`` outlets with the most articles."""
    return articles["outlet"].value_counts().head(n).index.tolist()


SERIES_KINDS = ("query", "topic", "entity", "outlet")
COLLECTION = (
    "collection"  # the kind of a compared outlet collection (see :func:`collection_series`)
)
OUTLET_SEPARATOR = "\n"  # between a collection series' outlets (no outlet name holds it)


@dataclass(frozen=True)
class Series:
    """One series of a comparison.

    ``kind`` is one of :data:`SERIES_KINDS`, or :data:`COLLECTION`; ``value`` is the
    keyword query, the topic id (as text), the entity's name, the outlet, or a collection's
    outlets (one a line); ``name`` names a saved query or an outlet collection (its legend
    label).
    """

    kind: str
    value: str
    name: str = ""


def collection_series(name: str, outlets: Iterable[str]) -> Series:
    """A compared outlet collection: the articles of any of its ``outlets``, under ``name``.

    >>> collection_series("Gulf press", ["الأفق", "الرائد", "الأفق"])
    Series(kind='collection', value='الأفق\\nالرائد', name='Gulf press')
    """
    return Series(COLLECTION, OUTLET_SEPARATOR.join(dict.fromkeys(outlets)), name)


def series_outlets(series: Series) -> tuple[str, ...]:
    """The outlets of a collection series (see :func:`collection_series`)."""
    return tuple(series.value.split(OUTLET_SEPARATOR))


def series_label(series: Series, labels: dict[int, str]) -> str:
    """A series' legend label: a saved query's name, a topic's label (from
    :func:`topic_labels`), else its value."""
    if series.name:
        return series.name
    if series.kind == "topic":
        return labels.get(int(series.value), series.value)
    return series.value


def series_mask(
    articles: pd.DataFrame,
    series: Series,
    mentions: pd.DataFrame | None = None,
    index: TextIndex | None = None,
) -> pd.Series:
    """Boolean mask of the articles in one series.

    An entity series holds the articles with a mention of that entity, so it needs
    ``mentions``; ``index`` speeds up a keyword query as for :func:`filter_mask`.
    """
    if series.kind == "query":
        return match_query(search_texts(articles), series.value, index)
    if series.kind == "topic":
        return articles["topic"].eq(int(series.value))
    if series.kind == "outlet":
        return articles["outlet"].eq(series.value)
    if series.kind == COLLECTION:
        return articles["outlet"].isin(series_outlets(series))
    if series.kind != "entity":
        raise ValueError(f"unknown kind of series: {series.kind!r}")
    if mentions is None:
        raise ValueError("an entity series needs the mentions frame")
    return articles["id"].isin(mentions.loc[mentions["entity"].eq(series.value), "article_id"])


def compared_series(
    articles: pd.DataFrame,
    keep: pd.Series,
    series: tuple[Series, ...],
    labels: dict[int, str],
    mentions: pd.DataFrame | None = None,
    index: TextIndex | None = None,
) -> dict[str, pd.Series]:
    """Boolean masks of the kept articles of each compared series, by legend label.

    Labels are unique: two series that would share one (an entity and a query
    both named غزة) carry their kind, as ``غزة (entity)`` and ``غزة (query)``.
    """
    return {
        name: keep & series_mask(articles, s, mentions, index)
        for name, s in named_series(series, labels).items()
    }


def named_series(series: tuple[Series, ...], labels: dict[int, str]) -> dict[str, Series]:
    """Compared series (repeats dropped) by unique legend label (see :func:`compared_series`)."""
    series = tuple(dict.fromkeys(series))
    names = [series_label(s, labels) for s in series]
    names = [
        f"{n} ({s.kind})" if names.count(n) > 1 else n for n, s in zip(names, series, strict=True)
    ]
    return dict(zip(names, series, strict=True))


def base_filters(filters: Filters) -> Filters:
    """The filters a share is taken against: every filter but the keyword query."""
    return replace(filters, text="")


def split_labels(values: pd.Series, top: int, other: str) -> pd.Series:
    """``values`` as text, the ``top`` most frequent kept and every other one named ``other``."""
    text = values.astype(str)
    leading = text.value_counts().index[:top]
    return text.where(text.isin(leading), other)


def series_members(
    articles: pd.DataFrame,
    topics: pd.DataFrame,
    filters: Filters,
    breakdown: str,
    series: tuple[Series, ...] = (),
    top: int = 8,
    *,
    mentions: pd.DataFrame | None = None,
    index: TextIndex | None = None,
) -> dict[str, pd.Series]:
    """Boolean masks over ``articles`` of each series of a breakdown, by series label.

    ``outlet`` and ``topic`` split the articles that pass every filter (the keyword
    query included): the ``top`` largest outlets or topics, then one series for all
    the others (``other outlets``, ``other topics``: unassigned articles included),
    so the series add up to every filtered article. ``compare`` gives each compared
    series within the filters but *not* the sidebar's keyword query: a compared
    series is its own query. Without compared series, ``compare`` charts the
    sidebar's query, or every filtered article (``all``).

    Args:
        articles: The whole corpus.
        topics: Topic info, for topic labels.
        filters: The global filters.
        breakdown: ``outlet``, ``topic`` or ``compare``.
        series: The compared series, for ``compare``.
        top: At most this many outlets or topics before the rest is grouped.
        mentions: Entity mentions, for entity series.
        index: A :class:`TextIndex` over ``articles``, for keyword queries.
    """
    base = filter_mask(articles, base_filters(filters), index)
    if breakdown == "compare":
        series = series or ((Series("query", filters.text),) if filters.text.strip() else ())
        if not series:
            return {"all": base}
        return compared_series(articles, base, series, topic_labels(topics), mentions, index)
    keep = base & match_query(search_texts(articles), filters.text, index)
    chosen = articles[keep]
    if breakdown == "topic":
        names = chosen["topic"].map(topic_labels(topics)).fillna(chosen["topic"].astype(str))
        assigned = names.where(chosen["topic"].ne(-1), OTHER_TOPICS)
        leading = assigned[assigned.ne(OTHER_TOPICS)].value_counts().index[:top]
        labels = assigned.where(assigned.isin(leading), OTHER_TOPICS)
    else:
        labels = split_labels(chosen["outlet"], top, OTHER_OUTLETS)
    order = [v for v in labels.value_counts().index if v not in (OTHER_OUTLETS, OTHER_TOPICS)]
    order += [v for v in (OTHER_OUTLETS, OTHER_TOPICS) if labels.eq(v).any()]
    return {label: labels.eq(label).reindex(articles.index, fill_value=False) for label in order}


def collection_window(
    articles: pd.DataFrame, filters: Filters
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day a view covers: the collection's span, narrowed by the date filter."""
    first, last = articles["published_at"].min(), articles["published_at"].max()
    if filters.start:
        first = max(first, pd.Timestamp(filters.start))
    if filters.end:
        last = min(last, pd.Timestamp(filters.end))
    return first, last


def coverage_view(
    articles: pd.DataFrame,
    topics: pd.DataFrame,
    filters: Filters,
    frequency: str,
    breakdown: str,
    series: tuple[Series, ...] = (),
    top: int = 8,
    *,
    mentions: pd.DataFrame | None = None,
    index: TextIndex | None = None,
) -> pd.DataFrame:
    """Coverage per period of each series of a breakdown (see :func:`series_members`).

    A share is the series' articles over all articles that pass the same filters
    except the keyword query (dates, outlets, topics) in that period, so a series
    that rises in share gained attention, not just volume. A period in which those
    articles number zero is a gap. Arguments as for :func:`series_members`, plus
    ``frequency`` (``day``, ``week`` or ``month``); columns :data:`COVERAGE_COLUMNS`.
    """
    members = series_members(
        articles, topics, filters, breakdown, series, top, mentions=mentions, index=index
    )
    if articles.empty:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    base = articles[filter_mask(articles, base_filters(filters), index)]
    periods = period_start(articles["published_at"], frequency)
    rows = pd.concat(
        [
            pd.DataFrame({"period": periods[mask], "series": label})
            for label, mask in members.items()
        ]
        or [pd.DataFrame(columns=["period", "series"])],
        ignore_index=True,
    )
    window = collection_window(articles, filters)
    return coverage_grid(rows, list(members), base, frequency, window)


def period_articles(
    articles: pd.DataFrame,
    topics: pd.DataFrame,
    filters: Filters,
    frequency: str,
    breakdown: str,
    series: tuple[Series, ...],
    label: str | None,
    first: pd.Timestamp,
    last: pd.Timestamp | None = None,
    *,
    mentions: pd.DataFrame | None = None,
    index: TextIndex | None = None,
) -> pd.DataFrame:
    """The articles behind a chart selection: one series (``label``; None for every
    series), from the period starting ``first`` to the one starting ``last`` (default:
    that one period), all days of each included."""
    members = series_members(
        articles, topics, filters, breakdown, series, mentions=mentions, index=index
    )
    masks = list(members.values()) if label is None else [members.get(label)]
    masks = [m for m in masks if m is not None]
    if not masks:
        return articles.iloc[:0]
    chosen = np.logical_or.reduce([m.to_numpy() for m in masks])
    starts = period_start(articles["published_at"], frequency)
    low, high = period_start(
        pd.Series([pd.Timestamp(first), pd.Timestamp(last or first)]), frequency
    )
    inside = starts.ge(low) & starts.le(high)
    return articles[chosen & inside.to_numpy()]
