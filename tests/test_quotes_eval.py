"""Precision of the quote extractor on 50 quotes judged by hand, recomputed from the labels.

See fixtures/quotes_eval/README.md: the seeded SaudiNewsNet draw, the rules of judgment and
the figures. The labels hold article ids, offsets and hashed entity names only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import fixture_module, shared_file

HERE = Path(__file__).parent / "fixtures" / "quotes_eval"
# Floors a little under the first measurement (rules: 47, 39 and 15 of 21 linked; baseline:
# speaker 12 of 50), so that a regression fails. With the name tagger (on by default since
# 2026-12-01) 19 of 25 linked: four more speakers have a store entity (README).
FLOORS = {"speech": 0.92, "speaker": 0.76, "entity": 0.68}


def evaluation():
    """The fixture's evaluate module (draw, baseline, scoring)."""
    return fixture_module(HERE / "evaluate.py")


@pytest.fixture(scope="module")
def counts() -> dict[str, dict[str, int]]:
    module = evaluation()
    articles, mentions = module.corpus(shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz"))
    judged = module.labels()
    quotes = module.quotes_of(articles, mentions, [label["article_id"] for label in judged])
    return module.score(judged, articles, mentions, quotes)


def test_every_judged_quote_is_still_found(counts: dict) -> None:
    assert counts["rules"]["judged"] == 50
    assert counts["rules"]["found"] == 50


def test_precision_holds_and_beats_the_baseline(counts: dict) -> None:
    rules, base = counts["rules"], counts["baseline"]
    assert rules["speech"] / rules["judged"] >= FLOORS["speech"]
    assert rules["speaker"] / rules["judged"] >= FLOORS["speaker"]
    assert rules["linked"] > 0
    assert rules["linked"] > 0
    assert rules["entity"] / rules["linked"] >= FLOORS["entity"]
    assert rules["speaker"] > 2 * base["speaker"]
