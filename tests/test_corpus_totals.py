"""Alias merging extended from stored corpus totals equals merging every article afresh,
on hand-made scans where each stage's decision flips when articles are added."""

from __future__ import annotations

import pickle
from collections import Counter

import pandas as pd

from dashboard.pipeline.entities.article import Article
from dashboard.pipeline.entities.corpus_totals import Query, Totals, extend, merge
from dashboard.pipeline.entities.mentions import article_mentions
from dashboard.pipeline.entities.scan_table import totals_rows
from dashboard.pipeline.gazetteer import gazetteer

CUT = ("دونالد",)
FULL = ("دونالد", "ترامب")


def _cut() -> Article:
    """An article naming a person cut before a verb-shaped word, proposing the longer form."""
    return Article(
        counts=Counter({CUT: 1}),
        kinds={CUT: "person"},
        sources={CUT: "pattern"},
        extended={CUT: FULL},
    )


class _Stored:
    """Stored raw scans, read the way the stored table answers."""

    def __init__(self, stored: dict[str, Article]) -> None:
        self.stored = stored

    def fetch(self, query: Query) -> dict[str, Article]:
        out = {}
        for article_id, art in self.stored.items():
            for field, column, texts in query:
                items = getattr(art, field).items()
                if column == "value":
                    found = any(" ".join(v) in texts for _, v in items)
                else:
                    found = any(
                        (k if isinstance(k, str) else " ".join(k)) in texts for k, _ in items
                    )
                if found:
                    out[article_id] = pickle.loads(pickle.dumps(art))
        return out

    def loose(self, words: set[str]) -> dict[str, set[str]]:
        out = {i: set(art.loose) & words for i, art in self.stored.items()}
        return {i: found for i, found in out.items() if found}


def _rows(ids, per_article, made, surfaces) -> pd.DataFrame:
    return article_mentions(ids, per_article, made, surfaces, gazetteer())


def test_a_longer_name_the_third_article_confirms_changes_the_old_articles_rows():
    gaz = gazetteer()
    old = {"a": _cut(), "b": _cut()}
    surfaces = {CUT: Counter({"دونالد": 2})}
    copies = pickle.loads(pickle.dumps(old))
    made, totals = merge(list(copies.values()), dict(surfaces), gaz)
    stored = _rows(list(copies), list(copies.values()), made, surfaces)
    assert set(stored["entity"]) == {"دونالد"}  # two articles do not confirm the longer form
    added = [_cut()]
    new_surfaces = {CUT: Counter({"دونالد": 1})}
    made, totals, touched = extend(totals, added, new_surfaces, _Stored(old), gaz)
    assert sorted(touched) == ["a", "b"]
    everything = pickle.loads(pickle.dumps([*old.values(), *added]))
    fresh_made, fresh_totals = merge(everything, {CUT: Counter({"دونالد": 3})}, gaz)
    ids = ["a", "b", "c"]
    got = _rows(ids, [touched["a"], touched["b"], *added], made, totals.surfaces)
    want = _rows(ids, everything, fresh_made, fresh_totals.surfaces)
    pd.testing.assert_frame_equal(got, want)
    assert set(got["entity"]) == {"دونالد ترامب"}
    assert totals == fresh_totals


def test_the_scan_tables_totals_rows_do_not_depend_on_the_order_they_were_counted_in():
    """Slices scanned in another split add their totals in another order: the stored rows
    (and so the bytes of scans.parquet) must be the same."""
    counted = Totals()
    counted.loose.update({"أحمد": 3, "خالد": 1, "سالم": 2})
    counted.kinds.update(
        {("نهر", "الأردن"): Counter(place=2, person=1), ("سالم",): Counter(person=2)}
    )
    reversed_order = Totals()
    reversed_order.loose.update(dict(reversed(counted.loose.items())))
    reversed_order.kinds.update(
        {k: Counter(dict(reversed(v.items()))) for k, v in reversed(counted.kinds.items())}
    )
    assert totals_rows(counted) == totals_rows(reversed_order)
