"""The corpus mode of the entity scorer: a drawn set's windows extracted inside a background of
unlabelled articles, only the windows scored."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import fixture_module, shared_file
from entity_scoring import background, scored_in_corpus

FIXTURES = Path(__file__).parent / "fixtures"


def test_background_is_seeded_and_leaves_out_the_labelled_articles() -> None:
    data = shared_file("data/saudinewsnet/README.md").parents[1]
    first = background(data, set(), per_corpus=30)
    assert len(first) == 90 and len({a["id"] for a in first}) == 90
    assert [a["id"] for a in background(data, set(), per_corpus=30)] == [a["id"] for a in first]
    left_out = {a["id"] for a in first[::3]}
    again = background(data, left_out, per_corpus=30)
    assert [a["id"] for a in again] == [a["id"] for a in first if a["id"] not in left_out]
    assert all(a["body"].strip() for a in again)


def test_a_set_scored_in_a_corpus_counts_its_own_gold() -> None:
    folder = FIXTURES / "entities_eval_v7"
    got = scored_in_corpus([folder], per_corpus=20)[folder.name]
    labels = [json.loads(line) for line in (folder / "labels.jsonl").read_text().splitlines()]
    for kind in ("person", "organisation", "place"):
        assert got[kind]["gold"] == sum(len(a[kind]) for a in labels)
        assert 0 < got[kind]["tp"] <= got[kind]["predicted"]
    draws = fixture_module(FIXTURES / "entities_eval_v2" / "draw.py")
    labelled = draws.labelled_ids(sorted(FIXTURES.glob("entities_eval_v*")))
    data = shared_file("data/saudinewsnet/README.md").parents[1]
    assert not labelled & {a["id"] for a in background(data, labelled, per_corpus=200)}
