"""End-to-end builds: the demo corpus and a 2,000-article sample of SaudiNewsNet (the
session's ``snn_build``, which the Ray test compares with)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import DEMO

from dashboard.pipeline.build import BuildConfig, BuildError, build
from dashboard.pipeline.topics import keyword_problems, load_model
from dashboard.storage.index import VectorIndex
from dashboard.storage.store import Store
from dashboard.text.arabic import DIACRITICS, TATWEEL, is_keyword, normalize
from dashboard.text.marks import CLOSERS, PAIRS, SAME


def word_set(text: str) -> set[str]:
    return set(re.findall(r"\w+", normalize(text)))


def syndicated_groups(articles: pd.DataFrame) -> list[set[int]]:
    """Rows of one story at several outlets: bodies sharing over 70% of their words, at most
    two days apart (the demo's 12 syndicated stories; template siblings stay below 0.7)."""
    words = [word_set(b) for b in articles["body"]]
    outlets = articles["outlet"].to_numpy()
    days = articles["published_at"].to_numpy()
    close = np.abs(days[:, None] - days[None, :]) < np.timedelta64(3, "D")
    candidates = np.argwhere(np.triu(close & (outlets[:, None] != outlets[None, :]), 1))
    pairs = []
    for i, j in candidates.tolist():
        if len(words[i] & words[j]) / len(words[i] | words[j]) > 0.7:
            pairs.append((i, j))
    groups: list[set[int]] = []
    for i, j in pairs:
        joined = [g for g in groups if i in g or j in g]
        merged = {i, j}.union(*joined)
        groups = [g for g in groups if g not in joined] + [merged]
    return groups


def test_demo_build_accounts_for_every_record(demo_store: Path):
    store = Store(demo_store)
    manifest = store.manifest
    raw_lines = DEMO.read_text(encoding="utf-8").splitlines()
    report = manifest["ingest"]
    assert report["read"] == len(raw_lines)
    assert report["read"] == report["loaded"] + report["rejected"] + report["duplicates"]
    assert len(store.articles) == report["loaded"]
    assert store.embeddings.shape == (len(store.articles), 512)
    assert store.verify() == []
    assert manifest["versions"]["bertopic"] != "not installed"
    timings, stages = manifest["timings_s"], {"ingest", "embed", "topics", "entities", "store"}
    assert set(timings) >= stages | {"total"} and set(manifest["cpu_s"]) >= stages | {"total"}
    # the stages account for the whole build up to the manifest's writing, store included
    staged = sum(seconds for name, seconds in timings.items() if name != "total")
    assert staged == pytest.approx(timings["total"], abs=max(1.0, 0.02 * timings["total"]))


def test_demo_boilerplate_and_arabic_month_dates_are_handled(demo_store: Path):
    articles = Store(demo_store).articles
    assert not articles["body"].str.contains("جميع الحقوق محفوظة|تابعونا على").any()
    assert articles["published_at"].dt.year.between(2024, 2025).all()
    # raw dates written with Arabic month names became real dates, e.g. "5 آذار 2024"
    raw = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    arabic_dated = [r for r in raw if re.search(r"[\u0621-\u064a]", r["date"])]
    assert len(arabic_dated) >= 20
    assert set(articles["url"]) >= {r["url"] for r in arabic_dated}


def test_demo_topics_differ_and_keywords_are_clean(demo_store: Path):
    store = Store(demo_store)
    topics = store.frame("topics")
    assert len(topics) >= 6
    assert topics["label"].nunique() == len(topics)
    for keywords in topics["keywords"]:
        for keyword in keywords:
            assert not DIACRITICS.search(keyword) and TATWEEL not in keyword, keyword
            for word in normalize(keyword).split():
                assert is_keyword(word), f"{word!r} in {keyword!r}"
    # themes separate: oil coverage and football coverage fall in different topics
    articles = store.articles
    oil = articles[articles["search_text"].str.contains("برميل")]["topic"].mode()[0]
    league = articles[articles["search_text"].str.contains("الدوري")]["topic"].mode()[0]
    assert oil != league


def check_outlier_report(store: Store) -> None:
    """The build's outlier shares before and after reassignment are those of the saved
    model's HDBSCAN labels and of the published topics, and reassignment moved former
    outliers only: each cluster is one topic, whole."""
    notes = store.manifest["topics"]
    model = load_model(store.path, None)  # pickled with its HDBSCAN clusterer
    clustered = np.asarray(model.hdbscan_model.labels_)  # one label per article, build order
    topics = store.articles["topic"].to_numpy()
    assert len(clustered) == len(topics) and notes["fitted_on"] == len(topics)
    assert notes["outlier_share_before_reassignment"] == pytest.approx(np.mean(clustered == -1))
    assert notes["outlier_share"] == pytest.approx(np.mean(topics == -1))
    members = pd.crosstab(clustered[clustered >= 0], topics[clustered >= 0]) > 0
    assert (members.sum(axis=1) == 1).all() and (members.sum(axis=0) == 1).all()


def test_demo_outliers_are_reported_before_and_after_reassignment(demo_store: Path):
    store = Store(demo_store)
    check_outlier_report(store)
    assert store.manifest["topics"]["cleaning_failures"] == []


def test_demo_nearest_neighbour_of_a_syndicated_copy_is_its_twin(demo_store: Path):
    store = Store(demo_store)
    groups = syndicated_groups(store.articles)
    assert len(groups) >= 10
    for group in groups:
        for row in group:
            nearest = int(VectorIndex(store.embeddings).similar_to(row, 1)[0][0])
            assert nearest in group - {row}, (row, nearest, group)


def test_demo_entities_recur(demo_store: Path):
    mentions = Store(demo_store).frame("mentions")
    per_entity = mentions.groupby("entity")["article_id"].nunique()
    assert (per_entity >= 10).sum() >= 15
    assert {"person", "organisation", "place"} <= set(mentions["type"])


def test_rebuild_of_unchanged_corpus_reembeds_nothing(served: Path):
    first = Store(served).embeddings.copy()  # a copy of the session's demo build
    manifest = build([DEMO], served, BuildConfig(), log=lambda _line: None)
    assert manifest["embedder"]["reused"] == manifest["counts"]["articles"]
    assert np.array_equal(Store(served).embeddings, first)


def test_build_with_nothing_loadable_fails_clearly(tmp_path: Path):
    corpus = tmp_path / "empty.jsonl"
    corpus.write_text(json.dumps({"title": "عنوان", "body": "", "date": "2024-01-01"}) + "\n")
    with pytest.raises(BuildError, match="no article could be loaded"):
        build([corpus], tmp_path / "out", BuildConfig(), log=lambda _line: None)
    assert not (tmp_path / "out").exists()


def unmarked(text: str) -> str:
    """``text`` without quotation marks and brackets, its spaces single."""
    marks = set(PAIRS) | set(CLOSERS) | {SAME}
    return " ".join("".join(c for c in text if c not in marks).split())


def test_saudinewsnet_sample_builds_end_to_end(snn_build: Path):
    store = Store(snn_build)  # the session's build, which the Ray test compares with
    manifest = store.manifest
    report = manifest["ingest"]
    assert report["read"] == 2000
    assert report["read"] == report["loaded"] + report["rejected"] + report["duplicates"]
    assert len(store.frame("rejected")) == report["rejected"]
    assert manifest["counts"]["outlets"] >= 12
    assert manifest["counts"]["topics"] >= 10
    check_outlier_report(store)
    notes = manifest["topics"]  # real news leaves outliers, and some are reassigned
    assert notes["outlier_share_before_reassignment"] > notes["outlier_share"]
    articles = store.articles
    for row in store.frame("topics").itertuples():
        for keyword in row.keywords:
            assert keyword_problems(keyword) == [], (row.topic, keyword)
        titles = articles.loc[articles["topic"] == row.topic, "title"]
        # A headline stretch keeps the headline's own words (a lone و before a quoted name
        # among them) and drops the quotation marks its cut left unpaired.
        if not any(unmarked(row.label) in unmarked(title) for title in titles):
            for keyword in row.label.split(" · "):
                assert keyword_problems(keyword) == [], (row.topic, keyword)
    assert manifest["counts"]["entities"] > 100
    assert store.articles["published_at"].between("2015-07-01", "2015-09-01").all()
