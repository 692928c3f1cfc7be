"""The mention frame: entity mentions per article, from scanned articles.

>>> import pandas as pd
>>> frame = pd.DataFrame({"id": ["a"], "title": ["قمة في الشرق الأوسط"], "body": [""],
...                       "tags": [[]]})
>>> extract_mentions(frame)[["entity", "type", "count"]].values.tolist()
[['الشرق الأوسط', 'place', 1]]
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from dashboard.pipeline.entities.aliases import _merge_persons
from dashboard.pipeline.entities.article import SOURCE_RANK, Article, Scan, scan_frame
from dashboard.pipeline.entities.corpus_totals import (
    Decisions,
    Kinds,
    Totals,
    display,
    final_types,
    merge,
)
from dashboard.pipeline.forkpool import fork_map
from dashboard.pipeline.gazetteer import Gazetteer, gazetteer

MENTION_COLUMNS = ["article_id", "entity", "type", "count", "source"]


def extract_mentions(
    articles: pd.DataFrame, workers: int = 1, include_tags: bool = False
) -> pd.DataFrame:
    """Entity mentions per article.

    Args:
        articles: Canonical article frame (uses id, title, body and tags).
        workers: Processes that scan the articles (forked, so the gazetteer is shared);
            1 scans in this process. Alias merging and naming always see the whole corpus.
        include_tags: Also list tags the text does not name, with count 0 (they are not
            mentions in the text) and source 'tag'.

    Returns:
        One row per (article_id, entity) with columns article_id, entity (display name),
        type ('person'|'organisation'|'place'|'other'), count (mentions in title and body)
        and source ('tag'|'gazetteer'|'pattern'; 'tag' with count 0: a tag only).
    """
    workers = max(1, min(workers, len(articles) // 500))
    step = max(1, -(-len(articles) // workers))
    parts = [articles.iloc[i : i + step] for i in range(0, len(articles), step)]
    scans = fork_map(scan_frame, parts) if len(parts) > 1 else [scan_frame(articles)]
    return merge_scans(scans, articles["id"].tolist(), include_tags)


def merge_scans(scans: list[Scan], ids: list[str], include_tags: bool = False) -> pd.DataFrame:
    """The mention frame of the whole corpus from its slices' scans, in row order.

    The reduce half of :func:`extract_mentions`: aliases are merged and entities named
    over every article at once.
    """
    return merged_scans(scans, ids, include_tags)[0]


def merged_scans(
    scans: list[Scan], ids: list[str], include_tags: bool = False
) -> tuple[pd.DataFrame, Totals]:
    """:func:`merge_scans`, with the corpus totals merging counted (what ``add`` extends)."""
    mentions, totals, _ = merged_decisions(scans, ids, include_tags)
    return mentions, totals


def merged_decisions(
    scans: list[Scan], ids: list[str], include_tags: bool = False
) -> tuple[pd.DataFrame, Totals, Decisions]:
    """:func:`merged_scans`, with the decisions merging took from the totals."""
    per_article = [article for found, _ in scans for article in found]
    if len(per_article) != len(ids):
        raise ValueError(f"{len(per_article)} articles scanned for {len(ids)} ids")
    surfaces: Kinds = defaultdict(Counter)
    for _, found in scans:
        for key, counter in found.items():
            surfaces[key].update(counter)
    return mention_frame(ids, per_article, dict(surfaces), gazetteer(), include_tags)


def mention_frame(
    ids: list[str],
    per_article: list[Article],
    surfaces: Kinds,
    gaz: Gazetteer,
    include_tags: bool = False,
) -> tuple[pd.DataFrame, Totals, Decisions]:
    """Turn per-article counts into the mention frame, merging aliases and naming entities
    (see :mod:`~dashboard.pipeline.entities.corpus_totals`), the totals counted and the
    decisions taken from them (with ``include_tags``, the tags' kinds counted too).

    Names cut before a verb-shaped word are completed when the corpus confirms them, and
    surnames alone are counted for the corpus's full name. With ``include_tags``, tags the
    text does not name are added with count 0 and source 'tag'.
    """
    made, totals = merge(per_article, surfaces, gaz)
    if include_tags:
        counts, kinds = (
            Counter(totals.counts),
            {k: Counter(v) for k, v in totals.final_kinds.items()},
        )
        for art in per_article:
            for key, kind in art.tag_only.items():
                counts[key] += 0
                if kind:
                    kinds.setdefault(key, Counter())[kind] += 0
        types = final_types(counts, kinds, gaz)
        made = Decisions(
            made.mined,
            made.candidates,
            made.owners,
            made.surnames,
            types,
            _merge_persons(counts, types),
        )
    return article_mentions(ids, per_article, made, surfaces, gaz, include_tags), totals, made


def article_mentions(
    ids: list[str],
    per_article: list[Article],
    made: Decisions,
    surfaces: Kinds,
    gaz: Gazetteer,
    include_tags: bool = False,
) -> pd.DataFrame:
    """The mention rows of merged articles (``made``: the corpus's decisions), in order."""
    merged = made.merged
    rows = []
    for article_id, art in zip(ids, per_article, strict=True):
        for key, count in art.counts.items():
            canon = merged.get(key, key)
            rows.append((article_id, canon, count, art.sources.get(key, "pattern")))
        if include_tags:
            rows += [(article_id, merged.get(k, k), 0, "tag") for k in art.tag_only]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in _MENTION_DTYPES.items()})
    frame = pd.DataFrame(rows, columns=["article_id", "key", "count", "source"])
    names = {k: display(k, surfaces, gaz) for k in frame["key"].unique()}
    frame["entity"] = frame["key"].map(names)
    frame["type"] = frame["key"].map(made.kinds)
    frame["rank"] = frame["source"].map(SOURCE_RANK)
    frame = frame.groupby(["article_id", "entity"], as_index=False, sort=False).agg(
        type=("type", "first"), count=("count", "sum"), rank=("rank", "min")
    )
    frame["source"] = frame["rank"].map({v: k for k, v in SOURCE_RANK.items()})
    frame["count"] = frame["count"].astype("int64")
    return frame[MENTION_COLUMNS].reset_index(drop=True)


_MENTION_DTYPES = {
    "article_id": "object",
    "entity": "object",
    "type": "object",
    "count": "int64",
    "source": "object",
}
