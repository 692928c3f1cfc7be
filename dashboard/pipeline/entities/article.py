"""One article's entity counts (the map half of entity extraction).

Each article is scanned apart: its hits are counted, a surname after the full name in the
same article is counted for that name, and the words that may be surnames are kept for the
corpus to resolve (see :mod:`dashboard.pipeline.entities.aliases`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard.pipeline.entities import apposed, conjuncts, learned, tagger, tagger_places
from dashboard.pipeline.entities.definite_names import definite_form, name_place
from dashboard.pipeline.entities.name_words import _is_name_token
from dashboard.pipeline.entities.scanner import Hit, Scanner
from dashboard.pipeline.entities.tokens import _forms, split_tokens
from dashboard.pipeline.gazetteer import (
    NAME_JOINERS,
    Gazetteer,
    Key,
    gazetteer,
)
from dashboard.text.arabic import stopwords, tokenize

SOURCE_RANK = {"tag": 0, "gazetteer": 1, "pattern": 2}


@dataclass
class Article:
    """Counts gathered from one article."""

    counts: Counter = field(default_factory=Counter)
    kinds: dict[Key, str] = field(default_factory=dict)
    sources: dict[Key, str] = field(default_factory=dict)
    extended: dict[Key, Key] = field(default_factory=dict)
    loose: Counter = field(default_factory=Counter)
    tag_only: dict[Key, str] = field(default_factory=dict)
    candidates: Counter = field(default_factory=Counter)


def _surname_aliases(persons: list[Key], common: frozenset[str]) -> dict[str, Key]:
    """Surname -> full name for persons of 2+ parts in one article, ambiguous ones and
    ordinary nouns left out."""
    owners: dict[str, set[Key]] = defaultdict(set)
    for person in persons:
        if len(person) >= 2 and person[-2] not in NAME_JOINERS and len(person[-1]) >= 3:
            if person[-1] in common:
                continue
            owners[person[-1]].add(person)
    return {name: next(iter(keys)) for name, keys in owners.items() if len(keys) == 1}


def _first_name_forms(persons: list[Key], surnames: dict[str, Key]) -> dict[str, Key]:
    """First name -> full name for the article's persons of 2+ parts whose first name opens
    no other person's name there and is no surname (الشاب حسين after حسين زهير موسى)."""
    owners: dict[str, set[Key]] = defaultdict(set)
    for person in persons:
        if len(person) >= 2 and person[0] not in NAME_JOINERS:
            owners[person[0]].add(person)
    return {
        name: next(iter(keys))
        for name, keys in owners.items()
        if len(keys) == 1 and name not in surnames
    }


def _leftovers(
    norm: list[str], hits: list[Hit], aliases: dict[str, Key], scanner: Scanner
) -> tuple[Counter, Counter]:
    """Words outside every hit: surnames of the article's own persons, counted for their full
    names, and the other words that could be a surname for the corpus to resolve (a name word
    of three letters or more, without the article; with it, only where a name stands: see
    :mod:`~.definite_names`)."""
    outside, end = [], 0
    for hit in hits:  # left to right, none overlapping
        outside += range(end, hit.start)
        end = max(end, hit.end)
    outside += range(end, len(norm))
    counts = Counter(norm[i] for i in outside)
    placed = {norm[i] for i in outside if definite_form(norm[i]) and name_place(norm, i, scanner)}
    found, loose = Counter(), Counter()
    for token, count in counts.items():
        forms = _forms(token)
        if aliases and not aliases.keys().isdisjoint(forms):
            found[aliases[next(f for f in forms if f in aliases)]] += count
        elif _may_be_surname(token) or token in placed:
            loose[token] = count
    return found, loose


@lru_cache(maxsize=200_000)
def _may_be_surname(token: str) -> bool:
    """A name word of three letters or more without the article, after و / ف or not (a
    definite word is far more often an ordinary noun or adjective than a family name standing
    alone: والعمرة after الحج)."""
    if len(token) < 3 or token.startswith("ال") or definite_form(token):
        return False
    return _is_name_token(token)


def _tag_aliases(tags: object, gaz: Gazetteer) -> dict[Key, Key]:
    """Tag token tuple -> canonical key (the gazetteer's when the tag is a known name)."""
    if not isinstance(tags, list | tuple | np.ndarray):
        return {}
    out = {}
    for tag in tags:
        alias = tuple(tokenize(str(tag)))
        if alias and not all(t in stopwords() for t in alias):
            out[alias] = gaz.aliases.get(alias, alias)
    return out


def _article(text: str, tags: object, gaz: Gazetteer, surfaces: dict[Key, Counter]) -> Article:
    """Entity counts of one article; surface forms are added to ``surfaces``."""
    surface, norm = split_tokens(text)
    scanner = Scanner(gaz, _tag_aliases(tags, gaz))
    hits = scanner.scan(norm, surface)
    model = learned.active()
    if model is not None:
        hits = model.revise(norm, surface, hits)
    names = tagger.active()
    if names is not None:
        reading = names.read(norm)  # the word scores, read once for persons and places
        hits = names.revise(norm, surface, hits, reading)
        hits = tagger_places.revise(names, norm, surface, hits, reading)
    hits = apposed.revise(norm, surface, hits, gaz)
    hits = conjuncts.revise(norm, surface, hits, gaz)
    result = Article()
    persons = [h.key for h in hits if h.kind == "person" and not h.candidate]
    long_form = {p[-1]: p for p in sorted(persons, key=len) if len(p) >= 2}
    long_form.update(_first_name_forms(persons, long_form))
    for hit in hits:
        key = hit.key
        if hit.candidate:
            result.candidates[key] += 1
            surfaces[key][hit.surface] += 1
            continue
        if hit.kind == "person" and len(key) == 1 and key[0] in long_form:
            key = long_form[key[0]]
        elif hit.surface:
            surfaces[key][hit.surface] += 1
        result.counts[key] += 1
        if hit.kind and result.kinds.get(key, "person") == "person":
            result.kinds[key] = hit.kind  # a body read after its head noun is no person
        old = result.sources.get(key)
        if old is None or SOURCE_RANK[hit.source] < SOURCE_RANK[old]:
            result.sources[key] = hit.source
    local = _surname_aliases(persons, scanner.common)
    found, result.loose = _leftovers(norm, hits, local, scanner)
    result.counts.update(found)
    result.extended = scanner.extended
    for key in set(scanner.tags.values()) - set(result.counts):
        result.tag_only[key] = scanner.tag_type(key)
    return result


Scan = tuple[list[Article], dict[Key, Counter]]


def scan_frame(articles: pd.DataFrame) -> Scan:
    """Per-article counts and surface forms of a slice of the article frame (title, body, tags).

    The map half of :func:`~dashboard.pipeline.entities.mentions.extract_mentions`: any slice
    may be scanned apart (another process, another machine);
    :func:`~dashboard.pipeline.entities.mentions.merge_scans` joins the slices in row order.
    """
    tags = (
        [list(t) if isinstance(t, np.ndarray) else t for t in articles["tags"]]
        if "tags" in articles
        else [[]] * len(articles)
    )
    texts = (
        articles["title"].fillna("").astype(str) + " . " + articles["body"].fillna("").astype(str)
    ).tolist()
    return scan_articles(list(zip(texts, tags, strict=True)))


def scan_articles(items: list[tuple[str, object]]) -> tuple[list[Article], dict[Key, Counter]]:
    """Per-article counts and the surface forms seen, for (text, tags) pairs.

    What :func:`scan_frame` runs on its slice's texts and tags.
    """
    gaz = gazetteer()
    surfaces: dict[Key, Counter] = defaultdict(Counter)
    return [_article(text, tag_list, gaz, surfaces) for text, tag_list in items], surfaces
