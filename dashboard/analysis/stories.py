"""Stories across outlets and semantic attention over time.

A story is a set of articles joined by pairs that are very similar (cosine at least
``threshold``) and published at most ``days`` apart: the same event as each outlet told
it, near-duplicates and syndicated copies included. Within a story the earliest article
tells who published first; the others follow with a lag.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from dashboard.analysis.query import period_start

THRESHOLD = 0.9
DAYS = 3


def story_labels(
    vectors: np.ndarray,
    when: pd.Series,
    threshold: float = THRESHOLD,
    days: int = DAYS,
    block: int = 512,
) -> np.ndarray:
    """A story number per row (-1 for an article that no other one repeats).

    Every pair of articles at most ``days`` apart is compared exactly, a time window at a
    time, so the cost grows with the articles per window, not with the corpus squared.

    Args:
        vectors: Unit-length embeddings, in row order.
        when: Publication time per row.
        threshold: Least cosine similarity that joins two articles.
        days: Most days between two joined articles.
        block: Articles compared against their window at once.
    """
    n = len(when)
    times = when.to_numpy(dtype="datetime64[ns]")
    order = np.argsort(times, kind="stable")
    ordered = times[order]
    limit = np.timedelta64(days, "D")
    sources, targets = [], []
    for first in range(0, n, block):
        rows = order[first : first + block]
        lo = np.searchsorted(ordered, ordered[first] - limit, side="left")
        window = order[lo : first + len(rows)]
        sims = np.asarray(vectors[rows], np.float32) @ np.asarray(vectors[window], np.float32).T
        gap = np.abs(times[rows][:, None] - times[window][None, :])
        i, j = np.nonzero((sims >= threshold) & (gap <= limit) & (rows[:, None] != window))
        sources.extend(rows[i].tolist())
        targets.extend(window[j].tolist())
    graph = sparse.coo_matrix((np.ones(len(sources)), (sources, targets)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    sizes = np.bincount(labels) if n else np.zeros(0, dtype=int)
    repeated = sizes[labels] > 1
    _, labels = np.unique(labels[repeated], return_inverse=True)
    result = np.full(n, -1, dtype=np.int64)
    result[repeated] = labels
    return result


def story_table(articles: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
    """One row per story: size, outlets, the first article and outlet, the time it ran.

    Columns: ``story``, ``articles``, ``outlets``, ``first_outlet``, ``first_id``,
    ``title``, ``started``, ``span_hours``; largest stories across most outlets first.
    """
    rows = articles.assign(story=labels)[labels >= 0].sort_values(["published_at", "id"])
    if rows.empty:
        columns = ["story", "articles", "outlets", "first_outlet", "first_id", "title"]
        return pd.DataFrame(columns=[*columns, "started", "span_hours"])
    grouped = rows.groupby("story", sort=False)
    table = grouped.agg(
        articles=("id", "size"),
        outlets=("outlet", "nunique"),
        first_outlet=("outlet", "first"),
        first_id=("id", "first"),
        title=("title", "first"),
        started=("published_at", "min"),
        ended=("published_at", "max"),
    ).reset_index()
    table["span_hours"] = (table.pop("ended") - table["started"]).dt.total_seconds() / 3600
    return table.sort_values(["outlets", "articles", "started"], ascending=[False, False, True])


def story_timeline(articles: pd.DataFrame, labels: np.ndarray, story: int) -> pd.DataFrame:
    """The articles of one story in order, with each one's lag behind the first (hours)."""
    rows = articles[labels == story].sort_values(["published_at", "id"])
    lag = (rows["published_at"] - rows["published_at"].iloc[0]).dt.total_seconds() / 3600
    return rows.assign(lag_hours=lag.round(1), order=np.arange(1, len(rows) + 1))


def article_story(articles: pd.DataFrame, labels: np.ndarray, article_id: str) -> pd.DataFrame:
    """The timeline of the story ``article_id`` belongs to; no rows when none repeats it."""
    rows = np.flatnonzero(articles["id"].to_numpy() == article_id)
    story = int(labels[rows[0]]) if len(rows) else -1
    if story < 0:
        return articles.iloc[:0].assign(lag_hours=0.0, order=0)
    return story_timeline(articles, labels, story)


def attention(
    articles: pd.DataFrame,
    scores: np.ndarray,
    threshold: float,
    frequency: str,
) -> pd.DataFrame:
    """Articles per period and outlet within ``threshold`` similarity of a query.

    Args:
        articles: The articles considered (already filtered).
        scores: Cosine similarity of each of those articles to the query, aligned.
        threshold: Least similarity that counts an article.
        frequency: ``day``, ``week`` or ``month``.

    Returns:
        Columns ``period``, ``outlet``, ``count``, ``share`` (of that outlet's articles in
        the period), ``mean_score`` and ``ids`` (the matching article ids, best first).
    """
    frame = articles[["id", "outlet", "published_at"]].assign(score=scores)
    frame["period"] = period_start(frame["published_at"], frequency)
    totals = frame.groupby(["period", "outlet"]).size().rename("total")
    hits = frame[frame["score"] >= threshold].sort_values("score", ascending=False)
    columns = ["period", "outlet", "count", "share", "mean_score", "ids"]
    if hits.empty:
        return pd.DataFrame(columns=columns)
    grouped = hits.groupby(["period", "outlet"])
    table = grouped.agg(count=("id", "size"), mean_score=("score", "mean"), ids=("id", list))
    table = table.join(totals).reset_index()
    table["share"] = table["count"] / table.pop("total")
    return table[columns].sort_values(["period", "outlet"], ignore_index=True)
