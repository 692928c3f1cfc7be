"""Alias merging over the whole corpus (the reduce half of entity extraction).

Names cut before a verb-shaped word are completed, names from weaker contexts are confirmed,
surnames alone are counted for the corpus's full name, and short person names are merged into
the most frequent longer name they end.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from dashboard.pipeline.entities.article import Article
from dashboard.pipeline.entities.name_words import _KUNYA
from dashboard.pipeline.entities.tokens import _forms
from dashboard.pipeline.gazetteer import (
    FIRST_NAMES,
    NAME_JOINERS,
    Key,
)

# A name after a role cut before a word that looks like a verb (دونالد | ترامب) is read with
# that word when the longer form recurs after roles in this many articles of the corpus.
MINED_MIN_ARTICLES = 3


# A surname alone stands for the corpus's full name when that name is seen in this many
# articles and holds this share of the articles of all full names ending with it.
SURNAME_MIN_ARTICLES = 2


SURNAME_MIN_SHARE = 0.8


# ... and when the word stands alone in at most this many times as many articles as the full
# name: a common word that closed a wrong name (ساعة، أربعة) stands alone far more often.
SURNAME_MAX_ALONE = 3


# A name read from a weaker context (after a nationality adjective: البرتغالي كريستيانو رونالدو;
# a kunya: أبو مهدي المهندس) counts when it is proposed so in this many articles, or is a person
# the corpus names elsewhere.
CANDIDATE_MIN_ARTICLES = 2


# ... and unless every word of it but أبو stands alone (outside any name) in more than this many
# times as many articles as propose the name: that is an ordinary word (مشروع قانون).
CANDIDATE_MAX_ALONE = 3


def _merge_persons(totals: Counter, kinds: dict[Key, str]) -> dict[Key, Key]:
    """Short person names -> the most frequent longer name they end (or open, before بن)."""
    persons = [k for k, kind in kinds.items() if kind == "person"]
    by_token: dict[str, list[Key]] = defaultdict(list)
    for key in persons:
        for token in set(key):
            by_token[token].append(key)
    merged = {}
    for short in persons:
        candidates = [
            long
            for long in by_token[short[-1]]
            if len(long) > len(short)
            and (
                (long[-len(short) :] == short and long[-len(short) - 1] not in NAME_JOINERS)
                or (long[: len(short)] == short and long[len(short)] in {"بن", "ابن", "ال"})
            )
        ]
        ranked = sorted(candidates, key=lambda k: -totals[k])
        if ranked and (len(ranked) == 1 or totals[ranked[0]] >= 2 * totals[ranked[1]]):
            merged[short] = ranked[0]
    for long in persons:  # a name that swallowed the next word: جو بايدن أغلق -> جو بايدن
        head = long[:-1]
        if len(head) >= 2 and head[-1] not in NAME_JOINERS and totals[head] >= 2 * totals[long]:
            merged[long] = merged.get(head, head)
    return merged


def _apply_mined(per_article: list[Article]) -> None:
    """Read a name cut before a verb-shaped word with that word (دونالد -> دونالد ترامب) in
    every article where the longer form was a candidate, when enough articles propose it."""
    proposed = Counter(long for art in per_article for long in set(art.extended.values()))
    for art in per_article:
        for short, long in art.extended.items():
            if proposed[long] < MINED_MIN_ARTICLES or short not in art.counts:
                continue
            art.counts[long] += art.counts.pop(short)
            art.kinds[long] = art.kinds.pop(short, "person")
            art.sources[long] = art.sources.pop(short, "pattern")


def _apply_candidates(per_article: list[Article]) -> None:
    """Count the names proposed by weaker contexts (see
    :meth:`~dashboard.pipeline.entities.scanner.Scanner.candidate`) where the corpus confirms
    them: a person the corpus names in a stronger context, or proposed in
    CANDIDATE_MIN_ARTICLES articles and not made of ordinary words (CANDIDATE_MAX_ALONE)."""
    proposed = Counter(key for art in per_article for key in art.candidates)
    if not proposed:
        return
    parts = {token for key in proposed for token in key if token not in _KUNYA}
    alone = Counter(token for art in per_article for token in art.loose if token in parts)
    named = {
        key
        for art in per_article
        for key, kind in art.kinds.items()
        if kind == "person" and key in proposed
    }
    for art in per_article:
        for key, count in art.candidates.items():
            common = (
                min((alone[t] for t in key if t not in _KUNYA), default=0)
                > CANDIDATE_MAX_ALONE * proposed[key]
            )
            if key in named or (proposed[key] >= CANDIDATE_MIN_ARTICLES and not common):
                art.counts[key] += count
                art.kinds.setdefault(key, "person")
                art.sources.setdefault(key, "pattern")


def corpus_surnames(per_article: list[Article], kinds: dict[Key, str]) -> dict[str, Key]:
    """Surname -> the corpus's full name, for surnames that one person's name ends in
    unambiguously and that rarely stand alone (see SURNAME_MIN_ARTICLES, SURNAME_MIN_SHARE and
    SURNAME_MAX_ALONE)."""
    owners: dict[str, Counter] = defaultdict(Counter)
    for art in per_article:
        for key in art.counts:
            if kinds.get(key) != "person" or len(key) < 2 or key[-2] in NAME_JOINERS:
                continue
            if len(key[-1]) >= 3 and key[-1] not in FIRST_NAMES:
                owners[key[-1]][key] += 1
    owned = _owned_forms(per_article, owners)
    alone = Counter(
        form for art in per_article for form in {owned[t] for t in art.loose if t in owned}
    )
    out = {}
    for surname, counts in owners.items():
        (best, n), total = max(counts.items(), key=lambda kv: (kv[1], kv[0])), counts.total()
        if (
            n >= SURNAME_MIN_ARTICLES
            and n >= SURNAME_MIN_SHARE * total
            and alone[surname] <= SURNAME_MAX_ALONE * n
        ):
            out[surname] = best
    return out


def _owned_forms(per_article: list[Article], names: dict[str, object]) -> dict[str, str]:
    """Loose word -> the form of it (itself or without clitics) that is one of ``names``."""
    out = {}
    for token in {t for art in per_article for t in art.loose}:
        form = next((f for f in _forms(token) if f in names), None)
        if form is not None:
            out[token] = form
    return out


def _resolve_surnames(per_article: list[Article], surnames: dict[str, Key]) -> None:
    """Count loose words that are a corpus surname (نتنياهو alone) for its full name."""
    if not surnames:
        return
    owned = _owned_forms(per_article, surnames)
    for art in per_article:
        for token, count in art.loose.items():
            if token not in owned:
                continue
            key = surnames[owned[token]]
            art.counts[key] += count
            art.kinds.setdefault(key, "person")
            art.sources.setdefault(key, "pattern")
