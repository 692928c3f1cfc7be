"""Topics against time and outlets: share of coverage, burst scores, outlet splits, hierarchy.

Every share here is against *all* articles of the period (or of the outlet),
not against the topic's own total: a topic whose share rises gained attention,
not just volume because more was published that week. This module does not
import BERTopic, so the dashboard starts without loading it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.analysis.query import coverage, period_start, topic_labels

BASELINE_PERIODS = 4
MIN_BURST_ARTICLES = 10  # a rising topic has at least this many articles in the period
MIN_BASELINE_ARTICLES = 3  # ... and at least this many over its baseline periods


def topic_shares(
    articles: pd.DataFrame, frequency: str, totals_from: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Articles and share of all articles per topic and period (outliers included as -1).

    Args:
        articles: Rows with ``published_at`` and ``topic``.
        frequency: ``day``, ``week`` or ``month``.
        totals_from: The articles that make up all coverage (default: ``articles``).

    Returns:
        Columns ``period``, ``topic``, ``count``, ``share`` and ``partial``, one row
        per topic and period from the first period to the last (missing = 0); the
        share is NaN in a period with no article at all.
    """
    cov = coverage(articles, frequency, articles["topic"], totals_from=totals_from)
    cov = cov.rename(columns={"series": "topic"}).astype({"topic": "int64"})
    # A period in which nothing at all was published has no share (a gap, not a zero).
    published = period_start(
        (articles if totals_from is None else totals_from)["published_at"], frequency
    ).value_counts()
    cov["share"] = cov["share"].where(cov["period"].map(published).fillna(0).gt(0))
    return cov.sort_values(["topic", "period"], ignore_index=True)


def sparklines(shares: pd.DataFrame) -> dict[int, list[float]]:
    """Topic id -> its share per period, oldest first (for a trend sparkline)."""
    return {int(t): rows["share"].round(4).tolist() for t, rows in shares.groupby("topic")}


def rising(
    shares: pd.DataFrame,
    baseline: int = BASELINE_PERIODS,
    min_articles: int = MIN_BURST_ARTICLES,
    min_baseline: int = MIN_BASELINE_ARTICLES,
) -> pd.DataFrame:
    """Topics whose share in the latest complete period jumped above their trailing baseline.

    The burst score is a z-score: (share now - mean share over the ``baseline``
    previous periods) / (spread of those shares + the sampling noise of a share
    at this period's size). It reads "how many standard deviations above its
    usual share", and a topic with few articles in a small period does not burst
    by chance alone.

    Args:
        shares: Output of :func:`topic_shares` over the whole corpus.
        baseline: Number of periods before the latest one that form the baseline.
        min_articles: A topic needs at least this many articles now to be listed.
        min_baseline: ... and at least this many over the baseline periods, so a
            topic that barely existed before does not "rise" from nothing.

    Returns:
        Columns ``topic``, ``period``, ``count``, ``before`` (articles over the
        baseline periods), ``share``, ``baseline``, ``score``;
        topics with a positive score, highest first. Empty when fewer than two
        complete periods exist.
    """
    columns = ["topic", "period", "count", "before", "share", "baseline", "score"]
    complete = shares[~shares["partial"] & shares["topic"].ge(0) & shares["share"].notna()]
    periods = sorted(complete["period"].unique())
    if len(periods) < 2:
        return pd.DataFrame(columns=columns)
    now, before = periods[-1], periods[-1 - baseline : -1]
    total_now = shares.loc[shares["period"].eq(now), "count"].sum()
    wide = complete.pivot_table(index="topic", columns="period", values="share", fill_value=0.0)
    counts = complete[complete["period"].eq(now)].set_index("topic")["count"]
    earlier = complete[complete["period"].isin(before)].groupby("topic")["count"].sum()
    past = wide[before]
    mean, spread = past.mean(axis=1), past.std(axis=1, ddof=0)
    noise = np.sqrt(mean.clip(lower=1 / max(total_now, 1)) * (1 - mean) / max(total_now, 1))
    frame = pd.DataFrame(
        {
            "topic": wide.index.astype("int64"),
            "period": now,
            "count": counts.reindex(wide.index).fillna(0).astype("int64").to_numpy(),
            "before": earlier.reindex(wide.index).fillna(0).astype("int64").to_numpy(),
            "share": wide[now].to_numpy(),
            "baseline": mean.to_numpy(),
            "score": ((wide[now] - mean) / (spread + noise)).to_numpy(),
        }
    )
    keep = frame["score"].gt(0) & frame["count"].ge(min_articles) & frame["before"].ge(min_baseline)
    return frame[keep].sort_values("score", ascending=False, ignore_index=True)[columns]


def burst_articles(
    articles: pd.DataFrame, topic: int, period: pd.Timestamp, frequency: str, n: int = 5
) -> pd.DataFrame:
    """The topic's articles in the burst period, newest first: the ones that drove it."""
    rows = articles[articles["topic"].eq(topic)]
    rows = rows[period_start(rows["published_at"], frequency).eq(period)]
    return rows.sort_values("published_at", ascending=False).head(n)


def outlet_topics(
    articles: pd.DataFrame, topics: pd.DataFrame, outlets: int = 12, top: int = 12
) -> pd.DataFrame:
    """How each outlet splits its coverage over the largest topics.

    Returns:
        Columns ``outlet``, ``topic``, ``label``, ``count`` and ``share`` (of the
        outlet's articles, outliers included in the denominator) for the
        ``outlets`` largest outlets and ``top`` largest topics.
    """
    chosen = articles["outlet"].isin(articles["outlet"].value_counts().head(outlets).index)
    rows = articles[chosen]
    largest = rows.loc[rows["topic"].ge(0), "topic"].value_counts().head(top).index
    table = pd.crosstab(rows["outlet"], rows["topic"])
    shares = table.div(table.sum(axis=1), axis=0)[list(largest)]
    counts = table[list(largest)]
    frame = shares.stack().rename("share").reset_index()
    frame["count"] = counts.stack().to_numpy()
    frame["label"] = frame["topic"].map(topic_labels(topics))
    return frame[["outlet", "topic", "label", "count", "share"]]


def centroids(topics: np.ndarray, embeddings: np.ndarray) -> dict[int, np.ndarray]:
    """Unit-length mean embedding of each topic (outliers excluded)."""
    out = {}
    for topic in sorted(set(topics.tolist()) - {-1}):
        mean = embeddings[topics == topic].mean(axis=0)
        out[topic] = mean / (np.linalg.norm(mean) or 1.0)
    return out


def topic_tree(assignments: np.ndarray, embeddings: np.ndarray) -> tuple[list[int], np.ndarray]:
    """A hierarchy of topics: average-linkage clustering of topic centroids by cosine distance.

    Returns:
        The topic ids (leaf order of the linkage) and a SciPy linkage matrix; the
        matrix is empty with fewer than two topics.
    """
    from scipy.cluster.hierarchy import linkage

    cents = centroids(np.asarray(assignments), np.asarray(embeddings, dtype=np.float32))
    ids = list(cents)
    if len(ids) < 2:
        return ids, np.empty((0, 4))
    return ids, linkage(np.stack(list(cents.values())), method="average", metric="cosine")
