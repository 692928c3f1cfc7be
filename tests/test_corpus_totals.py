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


def test_old_articles_proposing_a_key_first_counted_by_a_new_one_are_not_read_again():
    """A key that only new articles count names no old article whose rows change: the old
    articles proposing it, as a longer name or a candidate the corpus does not confirm,
    are not read again, and the totals are still those of a fresh merge."""
    gaz = gazetteer()
    place = ("وادي", "السلام")
    weak = Article(counts=Counter({("مكة",): 1}), candidates=Counter({place: 1}))
    old = {"a": weak, "b": _cut()}
    surfaces = {CUT: Counter({"دونالد": 1}), ("مكة",): Counter({"مكة": 1})}
    copies = pickle.loads(pickle.dumps(old))
    made, totals = merge(list(copies.values()), dict(surfaces), gaz)
    named = Article(
        counts=Counter({FULL: 1, place: 2}),
        kinds={FULL: "person", place: "place"},
        sources={FULL: "pattern", place: "pattern"},
    )
    new_surfaces = {FULL: Counter({"دونالد ترامب": 1}), place: Counter({"وادي السلام": 2})}
    made, totals, touched = extend(totals, [named], new_surfaces, _Stored(old), gaz)
    assert touched == {}
    everything = pickle.loads(pickle.dumps([*old.values(), named]))
    fresh_made, fresh_totals = merge(everything, {**surfaces, **new_surfaces}, gaz)
    assert totals == fresh_totals and made == fresh_made
    assert place not in made.candidates and FULL not in made.mined


def test_a_renamed_key_reads_again_only_the_old_articles_that_count_it():
    """New articles rename two keys (their surface forms outnumber the stored ones): the old
    articles counting them are read again (their rows change), not those that only propose
    them as a longer name or a candidate the corpus does not confirm."""
    gaz = gazetteer()
    place = ("وادي", "السلام")
    old = {
        "a": Article(counts=Counter({("مكة",): 1}), candidates=Counter({place: 1})),
        "b": _cut(),
        "c": Article(counts=Counter({place: 1}), kinds={place: "place"}),
        "d": Article(counts=Counter({FULL: 1}), kinds={FULL: "person"}),
    }
    surfaces = {place: Counter({"وادي السلام": 1}), FULL: Counter({"دونالد ترامب": 1})}
    copies = pickle.loads(pickle.dumps(old))
    made, totals = merge(list(copies.values()), dict(surfaces), gaz)
    assert place not in made.candidates and FULL not in made.mined
    named = Article(counts=Counter({place: 2}), kinds={place: "place"})
    new_surfaces = {place: Counter({"وادي سلام": 2}), FULL: Counter({"دونالد جون ترامب": 2})}
    merged = {k: surfaces[k] + new_surfaces[k] for k in surfaces}  # extend adds in place
    made, totals, touched = extend(totals, [named], new_surfaces, _Stored(old), gaz)
    assert sorted(touched) == ["c", "d"]
    everything = pickle.loads(pickle.dumps([*old.values(), named]))
    fresh_made, fresh_totals = merge(everything, merged, gaz)
    assert totals == fresh_totals and made == fresh_made
    ids = ["c", "d", "new"]
    got = _rows(ids, [touched["c"], touched["d"], named], made, totals.surfaces)
    want = _rows(ids, [everything[2], everything[3], everything[4]], made, fresh_totals.surfaces)
    pd.testing.assert_frame_equal(got, want)
    assert set(got["entity"]) == {"وادي سلام", "دونالد جون ترامب"}
