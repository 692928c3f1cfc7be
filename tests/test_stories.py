"""Stories across outlets and semantic attention over time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from test_build import syndicated_groups

from dashboard.analysis.stories import (
    article_story,
    attention,
    story_labels,
    story_table,
    story_timeline,
)
from dashboard.storage.store import Store


def test_a_story_groups_the_syndicated_copies(demo_store: Path):
    store = Store(demo_store)
    articles = store.articles
    labels = story_labels(store.embeddings, articles["published_at"])
    groups = syndicated_groups(articles)
    assert len(groups) >= 10
    for group in groups:
        assert len({labels[row] for row in group}) == 1 and labels[next(iter(group))] >= 0
    # stories stay small: template siblings months apart are not chained into one
    assert np.bincount(labels[labels >= 0]).max() <= 6


def test_story_table_names_who_published_first(demo_store: Path):
    store = Store(demo_store)
    articles = store.articles
    labels = story_labels(store.embeddings, articles["published_at"])
    table = story_table(articles, labels)
    assert len(table) == labels.max() + 1
    story = int(table["story"].iat[0])
    timeline = story_timeline(articles, labels, story)
    assert timeline["outlet"].iat[0] == table["first_outlet"].iat[0]
    assert timeline["lag_hours"].iat[0] == 0 and timeline["lag_hours"].is_monotonic_increasing
    assert (timeline["published_at"].max() - timeline["published_at"].min()).days <= 3 * (
        len(timeline) - 1
    )


def test_story_labels_respect_the_time_window():
    vectors = np.tile(np.array([[1.0, 0.0]], dtype=np.float32), (3, 1))
    when = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-02", "2024-03-01"]))
    labels = story_labels(vectors, when, threshold=0.9, days=3, block=1)
    assert labels.tolist() == [0, 0, -1]


def test_article_story_lists_its_copies_first_publisher_first():
    articles = pd.DataFrame(
        {
            "id": ["late", "alone", "early"],
            "outlet": ["x", "y", "z"],
            "published_at": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-01-01"]),
        }
    )
    labels = np.array([0, -1, 0])
    story = article_story(articles, labels, "late")
    assert story["id"].tolist() == ["early", "late"]
    assert story["lag_hours"].tolist() == [0.0, 24.0] and story["order"].tolist() == [1, 2]
    assert article_story(articles, labels, "alone").empty
    assert article_story(articles, labels, "unknown").empty


def test_attention_counts_articles_near_the_query_per_period_and_outlet():
    articles = pd.DataFrame(
        {
            "id": list("abcde"),
            "outlet": ["x", "x", "y", "x", "y"],
            "published_at": pd.to_datetime(
                ["2024-01-01", "2024-01-02", "2024-01-03", "2024-02-05", "2024-02-06"]
            ),
        }
    )
    scores = np.array([0.9, 0.2, 0.8, 0.7, 0.1], dtype=np.float32)
    table = attention(articles, scores, 0.6, "month")
    assert table[["outlet", "count"]].values.tolist() == [["x", 1], ["y", 1], ["x", 1]]
    assert table["share"].tolist() == [0.5, 1.0, 1.0]
    assert table["ids"].iat[0] == ["a"]
    assert attention(articles, scores, 0.95, "month").empty
