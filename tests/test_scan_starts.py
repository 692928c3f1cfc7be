"""The scanner visits only the places ``rule_starts`` gives: its hits are those of a scan that
visits every place, on written and real articles, with tags and without."""

from __future__ import annotations

import gzip
import json
from itertools import islice
from pathlib import Path

import pytest
from conftest import shared_file

from dashboard.pipeline.entities import scanner as scanner_module
from dashboard.pipeline.entities.article import _tag_aliases
from dashboard.pipeline.entities.scanner import Scanner
from dashboard.pipeline.entities.tokens import split_tokens
from dashboard.pipeline.gazetteer import gazetteer

WRITTEN = Path(__file__).parent / "fixtures" / "entities_labelled.jsonl"


def _articles() -> list[tuple[str, list[str]]]:
    """(text, tags): the written texts, 150 SaudiNewsNet articles, 100 tagged Al Mayadeen ones."""
    lines = WRITTEN.read_text(encoding="utf-8").splitlines()
    out = [(json.loads(line)["text"], []) for line in lines]
    with gzip.open(shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz"), "rt") as handle:
        rows = (json.loads(line) for line in handle)
        out += [(f"{r['title'] or ''} . {r['content'] or ''}", []) for r in islice(rows, 150)]
    path = shared_file("data/almayadeen_2014_2022/almayadeen_2014_2022.jsonl.gz")
    with gzip.open(path, "rt") as handle:
        rows = (json.loads(line) for line in handle)
        out += [
            (f"{r['title'] or ''} . {r['body'] or ''}", r["keywords"]) for r in islice(rows, 100)
        ]
    return out


def _hits(articles: list[tuple[str, list[str]]]) -> list[list]:
    gaz = gazetteer()
    found = []
    for text, tags in articles:
        surface, norm = split_tokens(text)
        found.append(Scanner(gaz, _tag_aliases(tags, gaz)).scan(norm, surface))
    return found


def test_the_places_skipped_hold_no_hit(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = _articles()
    assert sum(bool(tags) for _, tags in articles) >= 50  # the tags' path is exercised
    visited = _hits(articles)
    monkeypatch.setattr(scanner_module, "rule_starts", lambda norm, *_: range(len(norm)))
    everywhere = _hits(articles)
    assert sum(map(len, everywhere)) > 2000
    assert visited == everywhere
