"""Coverage as an analyst reads it: JSON-ready rows, and how far the dates can be trusted.

The coverage page and ``python -m dashboard coverage`` both go through
:func:`coverage_records`, so a number printed by one is the number drawn by the other.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from dashboard.analysis import query
from dashboard.storage.textindex import TextIndex
from dashboard.text.dates import RELATIVE_SOURCE

# How the ingest says a date was found when it was not a publication date.
CRAWL_SOURCES = frozenset({"crawl date", "file time"})
DATE_KINDS = ("published", "crawl", "relative")
# Input column names that hold when a page was fetched, not when it was published.
CRAWL_COLUMN = re.compile(r"crawl|scrap|extract|fetch|retriev|download|harvest", re.IGNORECASE)


def coverage_records(cov: pd.DataFrame) -> list[dict]:
    """Rows of a coverage frame as ``{"series", "period", "count", "total", "share",
    "partial", "gap"}`` dicts (``share`` None in a gap)."""
    return [
        {
            "series": str(row.series),
            "period": f"{row.period:%Y-%m-%d}",
            "count": int(row.count),
            "total": int(row.total),
            "share": None if row.gap or math.isnan(row.share) else float(row.share),
            "partial": bool(row.partial),
            "gap": bool(row.gap),
        }
        for row in cov.itertuples(index=False)
    ]


def view_coverage(
    articles: pd.DataFrame,
    topics: pd.DataFrame,
    filters: query.Filters,
    frequency: str,
    split: str,
    series: tuple[query.Series, ...] = (),
    top: int = 8,
    **sources: object,
) -> pd.DataFrame:
    """Coverage of a view: ``split`` by ``outlet`` or ``topic`` (the filters' query
    applied), else one line per compared series (keyword queries, saved queries, outlet
    collections...), or every filtered article. ``sources`` (``mentions``, ``index``) as
    for :func:`query.coverage_view`."""
    if split in ("outlet", "topic"):
        return query.coverage_view(articles, topics, filters, frequency, split, top=top, **sources)
    return query.coverage_view(articles, topics, filters, frequency, "compare", series, **sources)


def date_column(manifest: dict) -> str:
    """The input column the build read publication dates from ("" when unknown)."""
    from dashboard.pipeline.ingest import detect_columns

    columns = manifest.get("ingest", {}).get("columns") or []
    return str(detect_columns(columns).get("published_at", ""))


def date_kinds(articles: pd.DataFrame, manifest: dict) -> pd.Series:
    """What each article's date is, one of :data:`DATE_KINDS`: ``published`` (read from
    the text, the page or a publication field), ``crawl`` (the crawl date, the file's time,
    or a field named for crawling: ``date_extracted``, ``crawled_at``...) or ``relative``
    (a phrase such as "منذ 20 يوما" counted back from the crawl date). Stores built before
    relative dates were told apart call those ``published``."""
    sources = articles.get("date_source", pd.Series("field", index=articles.index))
    sources = sources.fillna("field").astype(str)
    crawled = sources.isin(CRAWL_SOURCES)
    if CRAWL_COLUMN.search(date_column(manifest)):
        crawled |= sources.eq("field")
    kinds = pd.Series("published", index=articles.index)
    kinds[crawled] = "crawl"
    kinds[sources.eq(RELATIVE_SOURCE)] = "relative"
    return kinds


def crawl_dated(articles: pd.DataFrame, manifest: dict) -> pd.Series:
    """Whether each article's date is a crawl or extraction time rather than its
    publication (:func:`date_kinds` other than ``published``)."""
    return date_kinds(articles, manifest).ne("published")


OUTLET_SHARE_COLUMNS = ["outlet", "period", "count", "total", "share", "partial", "gap"]


def outlet_attention(
    articles: pd.DataFrame,
    filters: query.Filters,
    frequency: str,
    index: TextIndex | None = None,
) -> pd.DataFrame:
    """Each outlet's attention to the filters' keyword query: its matching articles over
    all of its own articles that pass the other filters (dates, outlets, topics), per period.

    Built on :func:`query.coverage_grid` once per outlet, so an outlet's period with no
    article of its own is a ``gap`` (share NaN), not zero attention; ``partial`` marks a
    last period the view ends inside. Columns :data:`OUTLET_SHARE_COLUMNS`, outlets by
    name, periods in order.
    """
    base_mask = query.filter_mask(articles, query.base_filters(filters), index)
    keep = base_mask & query.match_query(query.search_texts(articles), filters.text, index)
    if articles.empty or not base_mask.any():
        return pd.DataFrame(columns=OUTLET_SHARE_COLUMNS)
    window = query.collection_window(articles, filters)
    base, kept = articles[base_mask], articles[keep]
    periods = query.period_start(kept["published_at"], frequency)
    grids = []
    for outlet in sorted(base["outlet"].unique()):
        own = kept["outlet"].eq(outlet)
        rows = pd.DataFrame({"period": periods[own], "series": outlet})
        grid = query.coverage_grid(
            rows, [outlet], base[base["outlet"].eq(outlet)], frequency, window
        )
        grids.append(grid.rename(columns={"series": "outlet"}))
    return pd.concat(grids, ignore_index=True)[OUTLET_SHARE_COLUMNS]


def outlet_attention_overall(table: pd.DataFrame) -> pd.DataFrame:
    """Each outlet over the whole view: matching articles, its own total and the share,
    highest share first (ties: more matching articles first)."""
    totals = table.groupby("outlet", sort=False)[["count", "total"]].sum()
    totals["share"] = totals["count"] / totals["total"].where(totals["total"] > 0)
    totals = totals.reset_index().astype({"count": "int64", "total": "int64"})
    return totals.sort_values(["share", "count"], ascending=False, ignore_index=True)
