"""One entity's profile and the views over many: neighbours, trends, articles, matrix, search.

Every function takes the (filtered) mention frame of
:func:`dashboard.pipeline.entities.mentions.extract_mentions` and, where time or outlets
matter, the matching article frame, so the global filters slice every view the same way.

>>> import pandas as pd
>>> mentions = pd.DataFrame({"article_id": ["a", "a", "b"], "entity": ["غزة", "مصر", "غزة"],
...                          "type": ["place"] * 3, "count": [2, 1, 1]})
>>> neighbours(mentions, "غزة")[["entity", "count"]].values.tolist()
[['مصر', 1]]
>>> search_entities(entity_table(mentions), "غز")["entity"].tolist()
['غزة']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.analysis.query import coverage
from dashboard.pipeline.entities.tables import cooccurrence, entity_table, incidence
from dashboard.text.arabic import normalize


def search_entities(table: pd.DataFrame, text: str, limit: int = 50) -> pd.DataFrame:
    """Entities whose normalised name contains ``text`` (normalised), most mentioned first."""
    needle = normalize(text).strip()
    if not needle:
        return table.head(limit)
    names = table["entity"].map(normalize)
    return table[names.str.contains(needle, regex=False)].head(limit).reset_index(drop=True)


def neighbours(mentions: pd.DataFrame, entity: str, min_support: int = 1) -> pd.DataFrame:
    """Entities mentioned in the same articles as ``entity``, strongest association first.

    Returns:
        Columns entity, type, count (shared articles), lift, npmi, score.
    """
    ids = mentions.loc[mentions["entity"] == entity, "article_id"].unique()
    pairs = cooccurrence(mentions, min_support=min_support)
    mine = pairs[(pairs["source"] == entity) | (pairs["target"] == entity)]
    other = np.where(mine["source"] == entity, mine["target"], mine["source"])
    kinds = mentions.drop_duplicates("entity").set_index("entity")["type"]
    out = pd.DataFrame(
        {
            "entity": other,
            "type": kinds.reindex(other).to_numpy(),
            "count": mine["count"].to_numpy(),
            "lift": mine["lift"].to_numpy(),
            "npmi": mine["npmi"].to_numpy(),
            "score": mine["score"].to_numpy(),
        }
    )
    if not len(ids):
        return out.iloc[:0]
    return out.sort_values(["score", "count"], ascending=False, ignore_index=True)


def articles_of(mentions: pd.DataFrame, articles: pd.DataFrame, entity: str) -> pd.DataFrame:
    """The articles mentioning ``entity``, newest first, with the mention count as ``mentions``."""
    mine = mentions.loc[mentions["entity"] == entity, ["article_id", "count"]]
    counts = mine.set_index("article_id")["count"]
    found = articles[articles["id"].isin(counts.index)]
    found = found.assign(mentions=found["id"].map(counts).astype("int64"))
    return found.sort_values("published_at", ascending=False, ignore_index=True)


def coverage_by_outlet(
    mentions: pd.DataFrame, articles: pd.DataFrame, entity: str, frequency: str, top: int = 6
) -> pd.DataFrame:
    """Articles mentioning ``entity`` per period and outlet (its ``top`` outlets; the rest as
    "other outlets"); share = of all the given articles in the period."""
    mine = articles_of(mentions, articles, entity)
    if mine.empty:
        return coverage(mine, frequency)
    leading = mine["outlet"].value_counts().index[:top]
    labels = mine["outlet"].where(mine["outlet"].isin(leading), "other outlets")
    return coverage(mine, frequency, by=labels, totals_from=articles)


def neighbour_trends(
    mentions: pd.DataFrame, articles: pd.DataFrame, entity: str, frequency: str, top: int = 5
) -> pd.DataFrame:
    """For the ``top`` neighbours of ``entity``: articles mentioning both per period, and the
    share of ``entity``'s articles in the period that also mention the neighbour."""
    mine = articles_of(mentions, articles, entity)
    chosen = neighbours(mentions, entity).head(top)["entity"].tolist()
    if mine.empty or not chosen:
        return coverage(mine.iloc[:0], frequency)
    both = mentions[mentions["entity"].isin(chosen) & mentions["article_id"].isin(mine["id"])]
    rows = mine.merge(both[["article_id", "entity"]], left_on="id", right_on="article_id")
    return coverage(rows, frequency, by=rows["entity"], totals_from=mine)


def matrix(mentions: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Shared-article counts between the ``top`` most mentioned entities (square frame,
    diagonal = the entity's own articles), rows and columns in the same order."""
    names = entity_table(mentions)["entity"].head(top).tolist()
    chosen = mentions[mentions["entity"].isin(names)]
    if chosen.empty:
        return pd.DataFrame(index=names, columns=names, dtype="int64")
    onehot, columns = incidence(chosen)
    order = pd.Index(columns).get_indexer(names)
    values = (onehot.T @ onehot).toarray()[np.ix_(order, order)]
    return pd.DataFrame(values.astype("int64"), index=names, columns=names)
