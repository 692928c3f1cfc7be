"""Alias merging over the whole corpus (the reduce half of entity extraction).

Names cut before a verb-shaped word are completed, names from weaker contexts are confirmed,
surnames alone are counted for the corpus's full name, and short person names are merged into
the most frequent longer name they end.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection

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


# A family name with the article (المالكي) stands for the full name only when that name is
# seen in this many articles.
DEFINITE_MIN_ARTICLES = 3


# A name read from a weaker context (after a nationality adjective: البرتغالي كريستيانو رونالدو;
# a kunya: أبو مهدي المهندس) counts when it is proposed so in this many articles, or is a person
# the corpus names elsewhere.
CANDIDATE_MIN_ARTICLES = 2


# ... and unless every word of it but أبو stands alone (outside any name) in more than this many
# times as many articles as propose the name: that is an ordinary word (مشروع قانون).
CANDIDATE_MAX_ALONE = 3


# A short person name of two words or more merges into a longer name that ends in it only when
# the longer name is counted this many times as often: a whole name that a rarer, longer name
# happens to end (محمد حسين in زينب محمد حسين) is another person or the same name spelled out
# in full (محمد بن سلمان بن عبدالعزيز آل سعود), not a short form of it.
LONGER_MIN_RATIO = 2


def _merge_persons(totals: Counter, kinds: dict[Key, str]) -> dict[Key, Key]:
    """Short person names -> the most frequent longer name they end (or open, before بن); a
    short name of two words or more only into a name counted LONGER_MIN_RATIO times as
    often."""
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
        if (
            ranked
            and (len(ranked) == 1 or totals[ranked[0]] >= 2 * totals[ranked[1]])
            and (len(short) == 1 or totals[ranked[0]] >= LONGER_MIN_RATIO * totals[short])
        ):
            merged[short] = ranked[0]
    for long in persons:  # a name that swallowed the next word: جو بايدن أغلق -> جو بايدن
        head = long[:-1]
        if (
            len(head) >= 2
            and head[-1] not in NAME_JOINERS
            and totals[head] >= 2 * totals[long]
            and not _name_part(long[-1])
        ):
            merged[long] = merged.get(head, head)
    _merge_families(persons, totals, merged)
    return merged


def _merge_families(persons: list[Key], totals: Counter, merged: dict[Key, Key]) -> None:
    """A nasab and the same nasab with its family's name (سلمان بن عبدالعزيز، ... آل سعود) are
    one person, named by the more frequent, when the corpus gives that nasab one family only;
    names merged into either follow (``merged`` is updated in place)."""
    families: dict[Key, list[Key]] = defaultdict(list)
    for key in persons:
        if len(key) >= 5 and key[-2] == "ال" and "بن" in key[:-2]:
            families[key[:-2]].append(key)
    redirect: dict[Key, Key] = {}
    for short, longs in families.items():
        if len(longs) != 1 or not totals[short] or short in merged or longs[0] in merged:
            continue
        keep, drop = (short, longs[0]) if totals[short] >= totals[longs[0]] else (longs[0], short)
        redirect[drop] = keep
    for key, target in merged.items():  # one pass, not one per family
        merged[key] = redirect.get(target, target)
    merged.update(redirect)


def _name_part(word: str) -> bool:
    """Whether a name's last word is a name's part, not a word it swallowed: a first name or a
    word with the article (محمد نور الدين، محمد بن عبدالله المرعول, not جو بايدن أغلق)."""
    return word.startswith("ال") or word in FIRST_NAMES


def mined(proposed: Counter) -> set[Key]:
    """The longer forms of names cut before a verb-shaped word that enough articles propose
    (``proposed``: articles per longer form, see MINED_MIN_ARTICLES)."""
    return {long for long, n in proposed.items() if n >= MINED_MIN_ARTICLES}


def apply_mined(art: Article, accepted: set[Key]) -> None:
    """Read a name cut before a verb-shaped word with that word (دونالد -> دونالد ترامب) in
    ``art`` where the longer form is one of ``accepted`` (see :func:`mined`)."""
    for short, long in art.extended.items():
        if long not in accepted or short not in art.counts:
            continue
        art.counts[long] += art.counts.pop(short)
        art.kinds[long] = art.kinds.pop(short, "person")
        art.sources[long] = art.sources.pop(short, "pattern")


def confirmed_candidates(proposed: Counter, alone: Counter, persons: Counter) -> set[Key]:
    """The names proposed by weaker contexts (see
    :meth:`~dashboard.pipeline.entities.scanner.Scanner.candidate`) that the corpus confirms: a
    person the corpus names in a stronger context (``persons``: articles reading the key as a
    person), or proposed in CANDIDATE_MIN_ARTICLES articles (``proposed``) and not made of
    ordinary words (``alone``: articles where a word stands outside any name;
    CANDIDATE_MAX_ALONE)."""
    out = set()
    for key, n in proposed.items():
        common = min((alone[t] for t in key if t not in _KUNYA), default=0) > (
            CANDIDATE_MAX_ALONE * n
        )
        if persons[key] > 0 or (n >= CANDIDATE_MIN_ARTICLES and not common):
            out.add(key)
    return out


def apply_candidates(art: Article, confirmed: set[Key]) -> None:
    """Count the candidates of ``art`` that the corpus confirms (see
    :func:`confirmed_candidates`)."""
    for key, count in art.candidates.items():
        if key in confirmed:
            art.counts[key] += count
            art.kinds.setdefault(key, "person")
            art.sources.setdefault(key, "pattern")


def surname_owners(named: Counter, kinds: dict[Key, str]) -> dict[str, Counter]:
    """Surname -> articles naming each person's full name that ends in it (``named``: articles
    counting a key), for the person names that may own a surname."""
    owners: dict[str, Counter] = defaultdict(Counter)
    for key, n in named.items():
        if kinds.get(key) != "person" or len(key) < 2 or key[-2] in NAME_JOINERS:
            continue
        if len(key[-1]) >= 3 and key[-1] not in FIRST_NAMES:
            owners[key[-1]][key] = n
    return owners


def corpus_surnames(owners: dict[str, Counter], alone: Counter) -> dict[str, Key]:
    """Surname -> the corpus's full name, for surnames that one person's name ends in
    unambiguously (``owners``, see :func:`surname_owners`) and that rarely stand alone
    (``alone``: articles where a loose word stands for the surname, see :func:`alone_forms`;
    SURNAME_MIN_ARTICLES, SURNAME_MIN_SHARE and SURNAME_MAX_ALONE; a definite one also
    DEFINITE_MIN_ARTICLES)."""
    out = {}
    for surname, counts in owners.items():
        (best, n), total = max(counts.items(), key=lambda kv: (kv[1], kv[0])), counts.total()
        if (
            n >= SURNAME_MIN_ARTICLES
            and n >= SURNAME_MIN_SHARE * total
            and alone[surname] <= SURNAME_MAX_ALONE * n
            and (not surname.startswith("ال") or n >= DEFINITE_MIN_ARTICLES)
        ):
            out[surname] = best
    return out


def owned_words(words: Collection[str], names: Collection[str]) -> dict[str, str]:
    """Loose word of ``words`` -> the form of it (itself or without clitics) that is one of
    ``names``, the first such form (when there are fewer names than words, only the words
    the names' clitic spellings give are looked at)."""
    if len(words) <= len(names):
        found = words
    else:
        found = {w for name in names for w in clitic_spellings(name) if w in words}
    out = {}
    for word in found:
        form = next((f for f in _forms(word) if f in names), None)
        if form is not None:
            out[word] = form
    return out


def alone_forms(art: Article, owned: dict[str, str]) -> set[str]:
    """The forms that loose words of ``art`` stand for (``owned``: see :func:`owned_words`)."""
    return {owned[t] for t in art.loose if t in owned}


def clitic_spellings(form: str) -> set[str]:
    """Every word whose forms without clitics may include ``form`` (a superset: the forms of
    each are checked)."""
    heads = ("", "و", "ف")
    out = {h + form for h in heads} | {h + c + form for h in heads for c in "بلك"}
    if form.startswith("ال"):
        out |= {h + "ل" + form[1:] for h in heads}
    return out


def resolve_surnames(art: Article, surnames: dict[str, Key], owned: dict[str, str]) -> None:
    """Count loose words of ``art`` that are a corpus surname (نتنياهو alone) for its full
    name (``owned``: loose word -> the surname it stands for, see :func:`owned_words`)."""
    for token, count in art.loose.items():
        if token not in owned:
            continue
        key = surnames[owned[token]]
        art.counts[key] += count
        art.kinds.setdefault(key, "person")
        art.sources.setdefault(key, "pattern")
