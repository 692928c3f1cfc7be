"""The out-of-core engine gives the in-memory numbers: rows, coverage, shares, drill-downs."""

from __future__ import annotations

import gzip
import json
import random
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.core import query
from dashboard.core.arabic import normalize
from dashboard.core.engine import Engine, prepare
from dashboard.core.query import Filters, Series
from dashboard.core.textindex import TextIndex, words
from dashboard.core.wordindex import WordIndex
from tests.conftest import shared_file

SAMPLE = 300


@pytest.fixture(scope="module")
def snn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """A SaudiNewsNet sample (every 100th record) written as a store's ``articles.parquet``
    in row groups of 40 and prepared for the engine; with the frame the in-memory path reads."""
    source = shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        # Every 100th record: the sample spans the collection's three weeks.
        records = [json.loads(line) for i, line in enumerate(handle) if i % 100 == 0][:SAMPLE]
    rng = np.random.default_rng(3)
    articles = pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(len(records))],
            "title": [r["title"] or "" for r in records],
            "body": [r["content"] or "" for r in records],
            "published_at": pd.to_datetime([r["date_extracted"] for r in records]),
            "outlet": [r["source"] for r in records],
            "topic": rng.integers(-1, 6, len(records)),
        }
    )
    articles["search_text"] = [
        normalize(f"{t} {b}") for t, b in zip(articles["title"], articles["body"], strict=True)
    ]
    folder = tmp_path_factory.mktemp("snn-engine")
    table = pa.Table.from_pandas(articles, preserve_index=False)
    pq.write_table(table, folder / "articles.parquet", row_group_size=40)
    prepare(folder)
    return folder, articles


@pytest.fixture(scope="module")
def demo(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """The built demo store's articles, with a word index beside them."""
    folder = tmp_path_factory.mktemp("demo-engine")
    shutil.copy(demo_store / "articles.parquet", folder / "articles.parquet")
    prepare(folder)
    return folder, pd.read_parquet(folder / "articles.parquet")


TOPICS = pd.DataFrame({"topic": range(6), "label": [f"t{i}" for i in range(6)]})


def queries(articles: pd.DataFrame, seed: int) -> list[tuple[str, bool]]:
    """Words, prefixes and 2-3 word phrases drawn from the articles' own text."""
    rng = random.Random(seed)
    texts = articles["search_text"].tolist()
    vocabulary = sorted({w for t in rng.sample(texts, 30) for w in words(t)})
    terms = [(w, False) for w in rng.sample(vocabulary, 60)]
    terms += [(w[:3], True) for w in rng.sample(vocabulary, 20)]
    for text in rng.sample(texts, 20):
        found = words(text)
        if len(found) > 3:
            i = rng.randrange(len(found) - 2)
            terms.append((" ".join(found[i : i + 2]), False))
            terms.append((" ".join(found[i : i + 3]), True))
    return [*terms, ("سلام", False), ("الرياض", False), ("سلام", True), ("في", False)]


def test_word_index_matches_the_text_index(snn: tuple[Path, pd.DataFrame]) -> None:
    folder, articles = snn
    texts = articles["search_text"]
    old = TextIndex(texts)
    new = WordIndex(folder, len(texts), lambda rows: texts.iloc[rows])
    checked = 0
    for term, prefix in queries(articles, seed=5):
        expected = old.contains(term, prefix)
        assert np.array_equal(new.contains(term, prefix), expected), (term, prefix)
        checked += int(expected.any())
    assert checked > 50  # most drawn terms occur, so the comparison is not of empty masks


def filter_states(articles: pd.DataFrame) -> list[Filters]:
    """No filter, dates, outlets, topics, keyword queries (with operators and a phrase), all."""
    outlets = tuple(articles["outlet"].value_counts().index[:2])
    first, last = articles["published_at"].min(), articles["published_at"].max()
    start, end = (first + (last - first) / 3).date(), (first + 2 * (last - first) / 3).date()
    text = " ".join(words(articles["search_text"].iloc[0])[:2])
    return [
        Filters(),
        Filters(start=start, end=end),
        Filters(outlets=outlets),
        Filters(topics=(1, -1)),
        Filters(text="الرياض OR السعودية -وزير"),
        Filters(text=f'"{text}"'),
        Filters(start=start, end=end, outlets=outlets, text="المملكة"),
    ]


@pytest.mark.parametrize("corpus", ["snn", "demo"])
def test_engine_gives_the_in_memory_numbers(corpus: str, request: pytest.FixtureRequest) -> None:
    folder, articles = request.getfixturevalue(corpus)
    engine, index = Engine(folder, threads=1), TextIndex(articles["search_text"])
    compared = (
        Series("query", "الرياض"),
        Series("outlet", articles["outlet"].iat[0]),
        Series("topic", "2"),
        query.collection_series("صحف", articles["outlet"].value_counts().index[1:3]),
    )
    states = filter_states(articles)
    # The demo (a fixture shared with other tests) gets the broadest states only, for time.
    for filters in states if corpus == "snn" else [states[0], states[4], states[6]]:
        rows = np.flatnonzero(query.filter_mask(articles, filters, index).to_numpy())
        assert np.array_equal(engine.filtered_rows(filters), rows), filters
        top = query.top_outlets(articles.iloc[rows], 3)
        assert engine.top_outlets(filters, 3) == top
        for frequency in [{"snn": "day", "demo": "week"}[corpus]]:
            for breakdown, series in [("outlet", ()), ("topic", ()), ("compare", compared)]:
                expected = query.coverage_view(
                    articles, TOPICS, filters, frequency, breakdown, series, top=3, index=index
                )
                got = engine.coverage(TOPICS, filters, frequency, breakdown, series, top=3)
                pd.testing.assert_frame_equal(got, expected, check_dtype=False)
        periods = expected["period"].drop_duplicates()
        first, last = periods.iloc[len(periods) // 3], periods.iloc[2 * len(periods) // 3]
        for label in [None, *expected["series"].unique()[:2], *top[:1], query.OTHER_OUTLETS]:
            for breakdown, series in [("outlet", ()), ("compare", compared)]:
                picked = (TOPICS, filters, frequency, breakdown, series, label, first, last)
                shown = query.period_articles(articles, *picked, index=index)
                got = engine.period_rows(*picked)
                assert articles["id"].iloc[got].tolist() == shown["id"].tolist(), picked


def test_engine_reads_only_the_rows_shown(snn: tuple[Path, pd.DataFrame]) -> None:
    folder, articles = snn
    engine = Engine(folder)
    rows = np.array([200, 3, 39, 40, 41, SAMPLE - 1])  # across row groups of 40, unsorted
    shown = engine.read(rows, ["id", "body"])
    assert shown["id"].tolist() == articles["id"].iloc[rows].tolist()
    assert shown["body"].tolist() == articles["body"].iloc[rows].tolist()
    assert engine.read(np.zeros(0, dtype=np.int64), ["id"]).empty
