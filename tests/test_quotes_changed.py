"""add re-reads the quotes of the earlier articles whose entity lists changed: found by a join."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.quote_store import changed_articles
from dashboard.analysis.quotes import mention_lists


def mentions(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["article_id", "entity", "type"])


def test_changed_articles_are_those_whose_entity_lists_differ() -> None:
    earlier = mentions(
        [(f"a{i}", f"اسم {i}", "PER") for i in range(8)]
        + [("a5", "الرياض", "LOC"), ("a7", "وزارة", "ORG")]
    )
    later = earlier.copy()
    later.loc[3, "entity"] = "اسم آخر"  # renamed (an alias merged)
    later.loc[2, "type"] = "ORG"  # retyped
    later = pd.concat([later.drop(index=[5]), later.loc[[5]]])  # a5's two entities swapped
    later = later[later["article_id"] != "a6"]  # a6 lost its entity
    later = pd.concat([later, mentions([("a1", "جدة", "LOC"), ("b0", "جدة", "LOC")])])
    ids = pd.Series([f"a{i}" for i in range(9)])
    got = changed_articles(ids, earlier, later)
    before, after = mention_lists(earlier), mention_lists(later)
    assert got == [r for r, i in enumerate(ids) if before.get(i, []) != after.get(i, [])]
    assert got == [1, 2, 3, 5, 6]
    assert changed_articles(ids, pd.DataFrame(), later) == [0, 1, 2, 3, 4, 5, 7]
    assert changed_articles(ids, earlier, earlier) == []
