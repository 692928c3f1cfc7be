"""Filters and the aggregations the dashboard pages ask for (pure pandas)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard.core.arabic import normalize
from dashboard.core.textindex import TextIndex

FREQUENCIES = {"day": "D", "week": "W", "month": "M"}


@dataclass(frozen=True)
class Filters:
    """The global filters shared by every page."""

    start: date | None = None
    end: date | None = None
    outlets: tuple[str, ...] = ()
    topics: tuple[int, ...] = ()
    text: str = ""


_TERM = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')


def parse_query(text: str) -> list[list[tuple[str, bool]]]:
    """Parse a keyword query into OR-groups of (normalised term, negated) pairs.

    Words and "quoted phrases" in a group must all match (AND); ``-word``
    excludes; ``OR`` (or ``أو``) separates alternative groups.

    >>> parse_query('غزة "وقف إطلاق النار" -مباراة OR هدنة')
    [[('غزة', False), ('وقف اطلاق النار', False), ('مباراة', True)], [('هدنة', False)]]
    """
    groups: list[list[tuple[str, bool]]] = [[]]
    for match in _TERM.finditer(text):
        neg_phrase, phrase, neg_word, word = match.groups()
        if word in ("OR", "أو"):
            groups.append([])
            continue
        term = normalize(phrase if phrase is not None else word)
        if term:
            groups[-1].append((term, bool(neg_phrase or neg_word)))
    return [g for g in groups if g]


def match_query(search_text: pd.Series, text: str, index: TextIndex | None = None) -> pd.Series:
    """Boolean mask of rows whose normalised text satisfies the keyword query.

    ``index``, when given, is a :class:`TextIndex` over exactly these rows, in
    this order; it gives the same answer much faster.
    """
    if index is not None and len(index) != len(search_text):
        raise ValueError(f"the text index covers {len(index)} rows, not {len(search_text)}")
    groups = parse_query(text)
    result = np.zeros(len(search_text), dtype=bool) if groups else np.ones(len(search_text), bool)
    for group in groups:
        mask = np.ones(len(search_text), dtype=bool)
        for term, negated in group:
            if index is not None:
                hit = index.contains(term)
            else:
                hit = search_text.str.contains(term, regex=False).to_numpy(dtype=bool)
            mask &= ~hit if negated else hit
        result |= mask
    return pd.Series(result, index=search_text.index)


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
        mask &= match_query(articles["search_text"], filters.text, index)
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


def coverage(
    articles: pd.DataFrame,
    frequency: str,
    by: pd.Series | None = None,
    *,
    totals_from: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Articles per period (and per series), with share of all coverage in the period.

    Args:
        articles: The rows to count.
        frequency: ``day``, ``week`` or ``month``.
        by: Optional series label per row (outlet, topic label, query...), aligned
            with ``articles``; without it there is one series named ``all``.
        totals_from: Articles that make up "all coverage" for the share (by
            default ``articles`` itself).

    Returns:
        Columns ``period``, ``series``, ``count``, ``share`` (0-1) and ``partial``
        (True for a period that the data does not cover to its end).
    """
    base = articles if totals_from is None else totals_from
    if articles.empty or base.empty:
        return pd.DataFrame(columns=["period", "series", "count", "share", "partial"])
    periods = period_start(articles["published_at"], frequency)
    labels = by if by is not None else pd.Series("all", index=articles.index)
    counts = (
        pd.DataFrame({"period": periods, "series": labels.astype(str)})
        .groupby(["period", "series"], observed=True)
        .size()
        .rename("count")
        .reset_index()
    )
    totals = period_start(base["published_at"], frequency).value_counts()
    grid = full_grid(counts, totals.index, frequency)
    grid["share"] = grid["count"] / grid["period"].map(totals).fillna(0).replace(0, np.nan)
    grid["share"] = grid["share"].fillna(0.0)
    last_day = base["published_at"].max().normalize()
    period_end = grid["period"].dt.to_period(FREQUENCIES[frequency]).dt.end_time.dt.normalize()
    grid["partial"] = period_end > last_day
    return grid


def full_grid(counts: pd.DataFrame, periods: pd.Index, frequency: str) -> pd.DataFrame:
    """Counts on every period from first to last for every series (missing = 0)."""
    first, last = min(periods.min(), counts["period"].min()), periods.max()
    span = pd.period_range(first, last, freq=FREQUENCIES[frequency]).start_time
    index = pd.MultiIndex.from_product(
        [span, sorted(counts["series"].unique())], names=["period", "series"]
    )
    return (
        counts.set_index(["period", "series"])
        .reindex(index, fill_value=0)
        .reset_index()
        .astype({"count": "int64"})
    )


def topic_table(articles: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    """Topic info with the number and share of the given articles in each topic."""
    counts = articles["topic"].value_counts()
    table = topics.assign(articles=topics["topic"].map(counts).fillna(0).astype("int64"))
    table["share"] = table["articles"] / max(len(articles), 1)
    return table.sort_values("articles", ascending=False, ignore_index=True)


def topic_labels(topics: pd.DataFrame) -> dict[int, str]:
    """Topic id -> short label, with -1 named as unassigned."""
    labels = dict(zip(topics["topic"], topics["label"], strict=True))
    labels[-1] = "—"
    return {int(k): f"{k}: {v}" if k >= 0 else v for k, v in labels.items()}


def top_outlets(articles: pd.DataFrame, n: int) -> list[str]:
    """The ``n`` outlets with the most articles."""
    return articles["outlet"].value_counts().head(n).index.tolist()


SERIES_KINDS = ("query", "topic", "entity", "outlet")


@dataclass(frozen=True)
class Series:
    """One series of a comparison.

    ``kind`` is one of :data:`SERIES_KINDS`; ``value`` is the keyword query, the
    topic id (as text), the entity's name or the outlet.
    """

    kind: str
    value: str


def series_label(series: Series, labels: dict[int, str]) -> str:
    """A series' legend label: a topic's label (from :func:`topic_labels`), else its value."""
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
        return match_query(articles["search_text"], series.value, index)
    if series.kind == "topic":
        return articles["topic"].eq(int(series.value))
    if series.kind == "outlet":
        return articles["outlet"].eq(series.value)
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
) -> dict[str, pd.DataFrame]:
    """The kept articles of each compared series, by legend label.

    Labels are unique: two series that would share one (an entity and a query
    both named غزة) carry their kind, as ``غزة (entity)`` and ``غزة (query)``.
    """
    series = tuple(dict.fromkeys(series))
    names = [series_label(s, labels) for s in series]
    names = [
        f"{n} ({s.kind})" if names.count(n) > 1 else n for n, s in zip(names, series, strict=True)
    ]
    return {
        name: articles[keep & series_mask(articles, s, mentions, index)]
        for name, s in zip(names, series, strict=True)
    }


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
) -> dict[str, pd.DataFrame]:
    """The filtered articles of each series of a breakdown, by series label.

    Args:
        articles: The whole corpus.
        topics: Topic info, for topic labels.
        filters: The global filters.
        breakdown: ``outlet``, ``topic`` or ``compare``.
        series: The compared series, for ``compare`` (without any: the sidebar's
            keyword query, or all filtered articles).
        top: At most this many outlets or topics (the largest).
        mentions: Entity mentions, for entity series.
        index: A :class:`TextIndex` over ``articles``, for keyword queries.
    """
    keep = filter_mask(articles, filters, index)
    if breakdown == "compare":
        series = series or ((Series("query", filters.text),) if filters.text.strip() else ())
        if not series:
            return {"all": articles[keep]}
        return compared_series(articles, keep, series, topic_labels(topics), mentions, index)
    chosen = articles[keep]
    if breakdown == "topic":
        labels = topic_labels(topics)
        assigned = chosen[chosen["topic"].ne(-1)]
        largest = assigned["topic"].value_counts().head(top).index
        return {labels[int(t)]: assigned[assigned["topic"] == t] for t in largest}
    return {outlet: chosen[chosen["outlet"] == outlet] for outlet in top_outlets(chosen, top)}


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
    """Coverage of the filtered articles split by outlet or topic, or compared series.

    Shares are against all articles of the corpus in each period, so a series
    that rises in share gained attention, not just volume. A compared series
    with no article is a line of zeros, so every chosen series is charted.
    Arguments as for :func:`series_members`, plus ``frequency`` (``day``,
    ``week`` or ``month``).
    """
    members = series_members(
        articles, topics, filters, breakdown, series, top, mentions=mentions, index=index
    )
    parts = {
        label: coverage(rows, frequency, pd.Series(label, index=rows.index), totals_from=articles)
        for label, rows in members.items()
    }
    found = [part for part in parts.values() if not part.empty]
    if not found:
        return coverage(articles.iloc[:0], frequency)
    zeros = found[0].assign(count=0, share=0.0)  # every part spans the corpus's periods
    return pd.concat(
        [part if not part.empty else zeros.assign(series=label) for label, part in parts.items()],
        ignore_index=True,
    )


def period_articles(
    articles: pd.DataFrame,
    topics: pd.DataFrame,
    filters: Filters,
    frequency: str,
    breakdown: str,
    series: tuple[Series, ...],
    label: str,
    period: pd.Timestamp,
    *,
    mentions: pd.DataFrame | None = None,
    index: TextIndex | None = None,
) -> pd.DataFrame:
    """The articles behind one point of a coverage chart: one series, one period."""
    members = series_members(
        articles, topics, filters, breakdown, series, mentions=mentions, index=index
    )
    rows = members.get(label)
    if rows is None:
        return articles.iloc[:0]
    return rows[period_start(rows["published_at"], frequency) == pd.Timestamp(period)]
