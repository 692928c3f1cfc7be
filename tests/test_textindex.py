"""The text index answers keyword queries exactly as a plain scan of every text does."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis.query import Filters, filter_mask, match_query
from dashboard.storage.textindex import TextIndex
from dashboard.text.arabic import normalize
from tests.conftest import shared_file

WORDS = ["غزة", "هدنة", "النار", "اطلاق", "مباراة", "الدوري", "في", "ال", "نفط", "اسعار"]
texts = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=8).map(" ".join), min_size=1, max_size=40
)
queries = st.lists(
    st.tuples(st.sampled_from(["", "-"]), st.sampled_from([*WORDS, '"اطلاق النار"', "OR"])),
    min_size=1,
    max_size=5,
).map(lambda parts: " ".join(sign + word for sign, word in parts))


@settings(max_examples=200, deadline=None)
@given(texts, queries, st.integers(min_value=1, max_value=5))
def test_index_matches_a_plain_scan(rows: list[str], query: str, scan_after: int):
    """Any query over any texts, with the switch to a vectorised scan at any point."""
    series = pd.Series(rows)
    index = TextIndex(series, scan_after=scan_after)
    expected = match_query(series, query)
    assert match_query(series, query, index).tolist() == expected.tolist()


def test_terms_never_match_across_articles():
    index = TextIndex(pd.Series(["وقف اطلاق", "النار الان"]))
    assert not index.contains("اطلاق النار").any()
    assert index.contains("اطلاق").tolist() == [True, False]


def test_an_index_of_other_rows_is_refused():
    index = TextIndex(pd.Series(["غزة", "هدنة"]))
    with pytest.raises(ValueError, match="covers 2 rows"):
        match_query(pd.Series(["غزة"]), "غزة", index)


@pytest.fixture(scope="module")
def real_texts() -> pd.Series:
    """Normalised titles and bodies of 3,000 SaudiNewsNet records."""
    source = shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(3000), handle, strict=False)]
    return pd.Series(
        [normalize(f"{r.get('title') or ''} {r.get('content') or ''}") for r in records]
    )


@pytest.mark.parametrize(
    "query",
    ["الملك", "النفط OR الاسعار", '"ولي العهد" -الرياض', "ال", "السعودية الامير -وزير"],
)
def test_real_news_filters_agree_with_a_plain_scan(real_texts: pd.Series, query: str):
    articles = pd.DataFrame(
        {
            "search_text": real_texts,
            "published_at": pd.Timestamp("2020-01-01"),
            "outlet": "x",
            "topic": 0,
        }
    )
    index = TextIndex(real_texts, scan_after=500)
    fast = filter_mask(articles, Filters(text=query), index).to_numpy()
    slow = filter_mask(articles, Filters(text=query)).to_numpy()
    assert np.array_equal(fast, slow)
    assert 0 < fast.sum() < len(real_texts) or query == "ال"
