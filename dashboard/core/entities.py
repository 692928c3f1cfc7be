"""Named entities in Arabic news without an NER model.

Three kinds of evidence are combined on normalised token sequences:

* tags of an article that also occur in its title or body;
* gazetteers (see :mod:`dashboard.core.gazetteer`), longest match first, with
  the clitics و ف ب ل ك (and لل) stripped from a first word when the bare
  form is a known name;
* patterns: a role before a person's name (الرئيس، وزير الخارجية ...), and an
  organisation head noun before its name (وزارة، حزب، شركة ...).

Short forms of a person (a surname after the full name in the same article, a
shorter name seen elsewhere) are merged into the most frequent full form.

>>> import pandas as pd
>>> frame = pd.DataFrame({"id": ["a"], "title": ["قمة في الشرق الأوسط"], "body": [""],
...                       "tags": [[]]})
>>> extract_mentions(frame)[["entity", "type", "count"]].values.tolist()
[['الشرق الأوسط', 'place', 1]]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse

from dashboard.core.arabic import DIACRITICS, TOKEN, normalize, stopwords, tokenize
from dashboard.core.gazetteer import (
    NAME_JOINERS,
    ORG_HEADS,
    PERSON_ROLES,
    Gazetteer,
    Key,
    gazetteer,
    normalize_display,
    words,
)

MENTION_COLUMNS = ["article_id", "entity", "type", "count", "source"]
PAIR_COLUMNS = ["source", "target", "count", "lift", "npmi"]
SOURCE_RANK = {"tag": 0, "gazetteer": 1, "pattern": 2}

# Invisible characters that would split a word (bidi marks, zero-width joiners) and tatweel.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u0640]")
# Words, numbers, and punctuation marks (kept as tokens so that no name spans them).
_WORD_OR_MARK = re.compile(TOKEN.pattern + r"|[^\s\w]")
ARABIC_WORD = re.compile("[\u0621-\u064a]+")
_ROLE_MAX = max(len(role) for role in PERSON_ROLES)
_ROLE_FIRST = frozenset(role[0] for role in PERSON_ROLES)
# Attached prefixes after which a word starts a new phrase, not a name's next part.
_PHRASE_PREFIXES = ("وال", "بال", "فال", "كال", "لل")
# Attached pronouns (نظيره، بلادها، قادتهم) that end ordinary words, rarely a name's last part.
_PRONOUN_SUFFIXES = ("ه", "ها", "هم", "هما", "هن")
# Honorifics and office words that follow or precede names but are never part of them.
_NOT_NAMES = words(
    "صاحب سمو السمو معالي فخامة جلالة عضو مستشار نائب نائبا وزير وزيرة رئيس رئيسا مساعد "
    "أمير سفير مدير خارجية"
)
_TITLE_WORDS = words("الملك الأمير الشيخ الإمام")


@dataclass
class Hit:
    """One entity occurrence: canonical key, type, source, surface text and token span."""

    key: Key
    kind: str
    source: str
    surface: str
    start: int
    end: int


@dataclass
class Article:
    """Counts gathered from one article."""

    counts: Counter = field(default_factory=Counter)
    kinds: dict[Key, str] = field(default_factory=dict)
    sources: dict[Key, str] = field(default_factory=dict)


def split_tokens(text: str) -> tuple[list[str], list[str]]:
    """Surface tokens (diacritics removed) and their normalised forms, position by position."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    surface = _WORD_OR_MARK.findall(DIACRITICS.sub("", text))
    norm = normalize(" ".join(surface)).split(" ") if surface else []
    if len(norm) != len(surface):
        norm = [normalize(token) or "." for token in surface]
    return surface, norm


@lru_cache(maxsize=200_000)
def bare_forms(token: str) -> tuple[tuple[str, int, str], ...]:
    """Forms of ``token`` without clitics, as (form, surface chars to cut, text to prepend)."""
    forms = []
    rest = token[1:] if token[:1] in "وف" else token
    if rest != token:
        forms.append((rest, 1, ""))
    cut = len(token) - len(rest)
    if rest.startswith("لل"):
        forms.append(("ا" + rest[1:], cut + 1, "ا"))
    elif rest[:1] in "بلك":
        forms.append((rest[1:], cut + 1, ""))
    return tuple(form for form in forms if len(form[0]) >= 3)


def _variants(norm: list[str], surface: list[str], i: int) -> list[tuple[str, str]]:
    """The first token at ``i`` as written and without clitics, with matching surfaces."""
    out = [(norm[i], surface[i])]
    out += [(form, add + surface[i][cut:]) for form, cut, add in bare_forms(norm[i])]
    return out


@lru_cache(maxsize=200_000)
def _is_name_token(token: str) -> bool:
    """A word that can be part of a name: Arabic letters, not (with clitics) a stopword,
    role, head noun or honorific."""
    if ARABIC_WORD.fullmatch(token) is None or len(token) < 2:
        return False
    forms = [token, *(form for form, _, _ in bare_forms(token))]
    return not any(
        form in stopwords() or form in ORG_HEADS or form in _ROLE_FIRST or form in _NOT_NAMES
        for form in forms
    )


def _join_abd(tokens: list[str]) -> Key:
    """A person key with عبد written joined to the next word (عبد العزيز -> عبدالعزيز)."""
    out: list[str] = []
    for token in tokens:
        if out and out[-1] == "عبد":
            out[-1] += token
        else:
            out.append(token)
    return tuple(out)


class Scanner:
    """Finds entity hits in one article's tokens."""

    def __init__(self, gaz: Gazetteer, tags: dict[Key, Key]) -> None:
        self.gaz = gaz
        self.tags = tags
        self.tag_len = Counter()
        for alias in tags:
            self.tag_len[alias[0]] = max(self.tag_len[alias[0]], len(alias))

    def scan(self, norm: list[str], surface: list[str]) -> list[Hit]:
        """All hits, left to right, none overlapping; the longest match wins at each place."""
        hits, i = [], 0
        while i < len(norm):
            hit = self.match_name(norm, surface, i) or self.match_pattern(norm, surface, i)
            if hit:
                hits.append(hit)
                i = hit.end
            else:
                i += 1
        return hits

    def match_name(self, norm: list[str], surface: list[str], i: int) -> Hit | None:
        """The longest tag or gazetteer name starting at ``i``."""
        for first, first_surface in _variants(norm, surface, i):
            longest = max(self.gaz.max_len.get(first, 0), self.tag_len.get(first, 0))
            for n in range(min(longest, len(norm) - i), 0, -1):
                alias = (first, *norm[i + 1 : i + n])
                text = " ".join([first_surface, *surface[i + 1 : i + n]])
                if alias in self.tags:
                    key = self.tags[alias]
                    return Hit(key, self.gaz.types.get(key, ""), "tag", text, i, i + n)
                if alias in self.gaz.aliases:
                    key = self.gaz.aliases[alias]
                    surface_text = text if alias == key else ""
                    return Hit(key, self.gaz.types[key], "gazetteer", surface_text, i, i + n)
        return None

    def match_pattern(self, norm: list[str], surface: list[str], i: int) -> Hit | None:
        """A person after a role, or an organisation after a head noun, starting at ``i``."""
        for first, _ in _variants(norm, surface, i):
            if first in _ROLE_FIRST:
                hit = self.person_after_role(norm, surface, i, first)
                if hit:
                    return hit
            if first in ORG_HEADS:
                return self.organisation(norm, surface, i, first)
        return None

    def person_after_role(
        self, norm: list[str], surface: list[str], i: int, first: str
    ) -> Hit | None:
        """A person name of 1-3 parts after a role (and its modifiers), or None."""
        size = next(
            (
                n
                for n in range(_ROLE_MAX, 0, -1)
                if (first, *norm[i + 1 : i + n]) in PERSON_ROLES and i + n <= len(norm)
            ),
            0,
        )
        if not size:
            return None
        j = i + size
        for _ in range(3):  # modifiers: الأمريكي، الخارجية، للشؤون، باسم
            token = norm[j] if j < len(norm) else ""
            modifier = token.startswith(("ال", "لل")) and token not in stopwords()
            if not (modifier or token == "باسم"):
                break
            j += 1
        start = j
        while start < len(norm) and self.is_place(norm[start]):  # رئيس مصر ...
            start += 1
        if start >= len(norm) or norm[start].startswith(("ال", "ل", *_PHRASE_PREFIXES)):
            return None
        if norm[start].endswith(_PRONOUN_SUFFIXES):
            return None
        if not _is_name_token(norm[start]) or (norm[start],) in self.gaz.aliases:
            return None
        if norm[start] in self.tag_len:  # let the tag match there instead
            return None
        end = self.name_end(norm, start)
        key = _join_abd(norm[start:end])
        return Hit(key, "person", "pattern", " ".join(surface[start:end]), start, end)

    def is_place(self, token: str) -> bool:
        """Whether ``token``, with or without clitics, is a one-word gazetteer name."""
        return any((form,) in self.gaz.aliases for form, _ in _variants([token], [token], 0))

    def name_end(self, norm: list[str], start: int) -> int:
        """End of a name of up to three parts starting at ``start``; joiners bind to the next."""
        j, parts = start, 0
        while j < len(norm) and parts < 3:
            token = norm[j]
            later = j > start and norm[j - 1] not in NAME_JOINERS
            if later and (
                token.startswith(_PHRASE_PREFIXES)
                or token.endswith(_PRONOUN_SUFFIXES)
                or (token[:1] in "يت" and len(token) >= 4)
                or (token,) in self.gaz.aliases
                or token in self.tag_len
            ):
                break
            if token in NAME_JOINERS and j + 1 < len(norm) and norm[j + 1].isalpha():
                j += 1
                continue
            if not _is_name_token(token) or (later and token[2:] in ORG_HEADS):
                break
            j += 1
            parts += 1
        return j

    def organisation(self, norm: list[str], surface: list[str], i: int, head: str) -> Hit | None:
        """An organisation: a head noun and 1-3 words (later ones definite), or None."""
        j = i + 1
        if j >= len(norm) or not _is_name_token(norm[j]) or norm[j].startswith("لل"):
            return None
        j += 1
        while j < len(norm) and j - i <= 3:
            token = norm[j]
            after_title = norm[j - 1] in _TITLE_WORDS or norm[j - 1] in NAME_JOINERS
            definite = token.startswith(("ال", "وال")) and (token,) not in self.gaz.aliases
            if not (definite or after_title) or not _is_name_token(token):
                break
            j += 1
        key = (head, *norm[i + 1 : j])
        head_surface = next(s for f, s in _variants(norm, surface, i) if f == head)
        text = " ".join([head_surface, *surface[i + 1 : j]])
        return Hit(key, "organisation", "pattern", text, i, j)


def _surname_aliases(persons: list[Key]) -> dict[str, Key]:
    """Surname -> full name for persons of 2+ parts in one article, ambiguous ones left out."""
    owners: dict[str, set[Key]] = defaultdict(set)
    for person in persons:
        if len(person) >= 2 and person[-2] not in NAME_JOINERS and len(person[-1]) >= 3:
            owners[person[-1]].add(person)
    return {name: next(iter(keys)) for name, keys in owners.items() if len(keys) == 1}


def _count_surnames(norm: list[str], hits: list[Hit], aliases: dict[str, Key]) -> Counter:
    """Occurrences of surnames outside other hits, counted for their full names."""
    covered = np.zeros(len(norm), dtype=bool)
    for hit in hits:
        covered[hit.start : hit.end] = True
    found = Counter()
    for pos, token in enumerate(norm):
        if covered[pos]:
            continue
        for form, _, _ in ((token, 0, ""), *bare_forms(token)):
            if form in aliases:
                found[aliases[form]] += 1
                break
    return found


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
    hits = Scanner(gaz, _tag_aliases(tags, gaz)).scan(norm, surface)
    result = Article()
    persons = [h.key for h in hits if h.kind == "person"]
    long_form = {p[-1]: p for p in sorted(persons, key=len) if len(p) >= 2}
    for hit in hits:
        key = hit.key
        if hit.kind == "person" and len(key) == 1 and key[0] in long_form:
            key = long_form[key[0]]
        elif hit.surface:
            surfaces[key][hit.surface] += 1
        result.counts[key] += 1
        if hit.kind:
            result.kinds.setdefault(key, hit.kind)
        old = result.sources.get(key)
        if old is None or SOURCE_RANK[hit.source] < SOURCE_RANK[old]:
            result.sources[key] = hit.source
    result.counts.update(_count_surnames(norm, hits, _surname_aliases(persons)))
    return result


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
    return merged


def _entity_type(key: Key, kinds: Counter, gaz: Gazetteer) -> str:
    """Gazetteer type, else the pattern type seen most, else the head-noun rule, else 'other'."""
    if key in gaz.types:
        return gaz.types[key]
    if kinds:
        return kinds.most_common(1)[0][0]
    return "organisation" if key[0] in ORG_HEADS else "other"


def extract_mentions(articles: pd.DataFrame) -> pd.DataFrame:
    """Entity mentions per article.

    Args:
        articles: Canonical article frame (uses id, title, body and tags).

    Returns:
        One row per (article_id, entity) with columns article_id, entity (display name),
        type ('person'|'organisation'|'place'|'other'), count (mentions in title and body)
        and source ('tag'|'gazetteer'|'pattern').
    """
    gaz = gazetteer()
    surfaces: dict[Key, Counter] = defaultdict(Counter)
    tags = articles["tags"] if "tags" in articles else pd.Series([[]] * len(articles))
    texts = (
        articles["title"].fillna("").astype(str) + " . " + articles["body"].fillna("").astype(str)
    )
    per_article = [
        _article(text, tag_list, gaz, surfaces)
        for text, tag_list in zip(texts.astype(str), tags, strict=True)
    ]
    return _mention_frame(articles["id"].tolist(), per_article, surfaces, gaz)


def _mention_frame(
    ids: list[str], per_article: list[Article], surfaces: dict[Key, Counter], gaz: Gazetteer
) -> pd.DataFrame:
    """Turn per-article counts into the mention frame, merging aliases and naming entities."""
    totals: Counter = Counter()
    kinds: dict[Key, Counter] = defaultdict(Counter)
    for art in per_article:
        totals.update(art.counts)
        for key, kind in art.kinds.items():
            kinds[key][kind] += 1
    plain_kinds = {k: _entity_type(k, kinds.get(k, Counter()), gaz) for k in totals}
    merged = _merge_persons(totals, plain_kinds)
    rows = []
    for article_id, art in zip(ids, per_article, strict=True):
        for key, count in art.counts.items():
            canon = merged.get(key, key)
            rows.append((article_id, canon, count, art.sources.get(key, "pattern")))
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in _MENTION_DTYPES.items()})
    frame = pd.DataFrame(rows, columns=["article_id", "key", "count", "source"])
    names = {k: _display(k, surfaces, gaz) for k in frame["key"].unique()}
    frame["entity"] = frame["key"].map(names)
    frame["type"] = frame["key"].map(plain_kinds)
    frame["rank"] = frame["source"].map(SOURCE_RANK)
    frame = frame.groupby(["article_id", "entity"], as_index=False, sort=False).agg(
        type=("type", "first"), count=("count", "sum"), rank=("rank", "min")
    )
    frame["source"] = frame["rank"].map({v: k for k, v in SOURCE_RANK.items()})
    frame["count"] = frame["count"].astype("int64")
    return frame[MENTION_COLUMNS].reset_index(drop=True)


_MENTION_DTYPES = {
    "article_id": "object",
    "entity": "object",
    "type": "object",
    "count": "int64",
    "source": "object",
}


def _display(key: Key, surfaces: dict[Key, Counter], gaz: Gazetteer) -> str:
    """The most frequent surface form of ``key``, else the gazetteer's name, else the key."""
    if surfaces.get(key):
        return normalize_display(surfaces[key].most_common(1)[0][0])
    return gaz.display.get(key, " ".join(key))


def cooccurrence(mentions: pd.DataFrame, min_support: int = 2) -> pd.DataFrame:
    """Entity pairs mentioned in the same article.

    The article count N is the number of distinct articles in ``mentions``, so a filtered
    subset gives statistics for that subset.

    Args:
        mentions: Output of :func:`extract_mentions`, or any subset of its rows.
        min_support: Least number of shared articles for a pair to be kept.

    Returns:
        Columns source, target (source < target), count (shared articles), lift and npmi,
        sorted by npmi then count, both descending.
    """
    pairs = mentions[["article_id", "entity"]].drop_duplicates()
    if pairs.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in PAIR_COLUMNS})
    article_codes, _ = pd.factorize(pairs["article_id"])
    entity_codes, names = pd.factorize(pairs["entity"], sort=True)
    ones = np.ones(len(pairs), dtype=np.int64)
    shape = (article_codes.max() + 1, len(names))
    matrix = sparse.csr_matrix((ones, (article_codes, entity_codes)), shape=shape)
    joint = sparse.triu(matrix.T @ matrix, k=1).tocoo()
    keep = joint.data >= min_support
    left, right, both = joint.row[keep], joint.col[keep], joint.data[keep].astype(float)
    n_articles = float(shape[0])
    singles = np.asarray(matrix.sum(axis=0)).ravel().astype(float)
    lift = both * n_articles / (singles[left] * singles[right])
    p_both = both / n_articles
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.where(p_both < 1.0, np.log(lift) / -np.log(p_both), 1.0)
    frame = pd.DataFrame(
        {
            "source": np.asarray(names)[left],
            "target": np.asarray(names)[right],
            "count": both.astype("int64"),
            "lift": lift,
            "npmi": npmi,
        }
    )
    return frame.sort_values(["npmi", "count"], ascending=False, ignore_index=True)


def entity_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per entity: entity, type, articles (distinct articles) and mentions (total count).

    Sorted by articles, then mentions, descending.
    """
    table = mentions.groupby("entity", as_index=False).agg(
        type=("type", "first"), articles=("article_id", "nunique"), mentions=("count", "sum")
    )
    table = table.sort_values(["articles", "mentions", "entity"], ascending=[False, False, True])
    return table.reset_index(drop=True)
