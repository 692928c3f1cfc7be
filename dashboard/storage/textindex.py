"""Whole-word search over every article's normalised text.

A query word matches a token of the text (a run of letters and digits) that is
the word itself, or the word behind Arabic proclitics: و or ف, then ب, ك, ل, ال,
بال, كال or لل (so "سلام" finds "والسلام" and "بالسلام" but never "اسلام", and
"الرياض" finds "للرياض"). A word ending in ``*`` asks for prefixes: "سلام*" also
finds "سلامة". Several words are a phrase: the same rule for each word, tokens in
order. Latin letters match in either case.

The texts are joined into one string, one article per line (normalised text has
no line breaks). A word's letters (for a word with the article, from its ل on:
"لملك" stands in both "الملك" and "للملك") are found with ``str.find``, which
scans memory at C speed; each place is checked where it stands, cheapest tests
first (the letter after it must end the token, the letter before it must end a
proclitic), and a hit jumps to the end of its article, so the work grows with
the number of matching articles. A word found in very many places switches
to one regular-expression scan of the articles left, which bounds the cost on
huge corpora. ``query.match_query`` combines words into boolean queries.

>>> index = TextIndex(pd.Series(["وقف اطلاق النار في غزة", "مباراة الدوري", "الاسلام"]))
>>> index.contains("غزة").tolist(), index.contains("سلام").tolist()
([True, False, False], [False, False, False])
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

import numpy as np
import pandas as pd

SEPARATOR = "\n"
CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل")
PROCLITICS = frozenset(c + p for c in CONJUNCTIONS for p in PREPOSITIONS)
LONGEST_PROCLITIC = max(map(len, PROCLITICS))
ARTICLE = "ال"
WORD = re.compile(r"[^\W_]+")
NEXT_WORD = re.compile(r"[\W_]*?([^\W_]+)")


def words(text: str) -> list[str]:
    """The words of a query term or a text: runs of letters and digits."""
    return WORD.findall(text)


def has_article(word: str) -> bool:
    """Whether a query word starts with the article ال (and goes on)."""
    return word.startswith(ARTICLE) and len(word) > len(ARTICLE)


@lru_cache(maxsize=1024)
def word_forms(word: str) -> tuple[str, ...]:
    """Every way a token can spell ``word``: a proclitic (or none) in front, and after a
    proclitic ending in لل the word without its article, which that لل took with it
    ("للرياض" is "الرياض"). Longest first."""
    heads = sorted(PROCLITICS, key=len, reverse=True)
    forms = [head + word for head in heads]
    if has_article(word):
        forms += [head + word[len(ARTICLE) :] for head in heads if head.endswith("لل")]
    return tuple(forms)


@lru_cache(maxsize=1024)
def form_set(word: str) -> frozenset[str]:
    """:func:`word_forms` as a set, for exact lookups."""
    return frozenset(word_forms(word))


def word_core(word: str) -> str:
    """The longest end that every form of ``word`` shares, to search for: the word, or
    for a word with the article its ل and what follows (both "الملك" and "للملك" end
    in "لملك"), which is rarer than the word without its article."""
    return word[1:] if has_article(word) else word


@lru_cache(maxsize=1024)
def lead_letters(word: str) -> frozenset[str]:
    """The letters that stand just before :func:`word_core` in some form of ``word``."""
    size = len(word_core(word))
    return frozenset(form[-size - 1] for form in word_forms(word) if len(form) > size)


def word_matches(token: str, word: str, prefix: bool = False) -> bool:
    """Whether ``token`` is one of ``word``'s forms (or starts with one, for a ``prefix``)."""
    return token.startswith(word_forms(word)) if prefix else token in form_set(word)


def phrase_pattern(wanted: list[str], core: str, prefix: bool) -> re.Pattern:
    """A regular expression that finds the phrase as :func:`word_matches` does, word by word.

    It starts with ``core`` (the end of every form of the first word), so the scan
    runs at the speed of a plain search; the proclitics are checked looking back.
    """
    last = len(wanted) - 1
    behind = "|".join(rf"(?<=(?<![^\W_]){re.escape(form)})" for form in word_forms(wanted[0]))
    parts = [re.escape(core) + ("" if prefix and not last else r"(?![^\W_])") + f"(?:{behind})"]
    for i, word in enumerate(wanted[1:], start=1):
        forms = "|".join(map(re.escape, word_forms(word)))
        tail = "" if prefix and i == last else r"(?![^\W_])"
        parts.append(rf"(?:[^\w\n]|_)+(?:{forms}){tail}")
    return re.compile("".join(parts))


class TextIndex:
    """Whole-word search over a fixed sequence of normalised texts (row order kept)."""

    def __init__(self, texts: pd.Series, scan_after: int = 50_000) -> None:
        """Index ``texts`` (normalised, so free of line breaks).

        Args:
            texts: One normalised text per row; the result masks follow its order.
            scan_after: After this many places looked at, the rest of a word's rows
                are found by one regular-expression scan instead.
        """
        self.joined = SEPARATOR.join([*texts.tolist(), ""])  # each row ends with one
        lengths = texts.str.len().to_numpy(dtype=np.int64)
        self.ends = np.cumsum(lengths + 1) - 1  # offset of each row's separator
        self.bounds = self.ends.tolist()  # the same, for bisect in the search loop
        self.scan_after = scan_after

    def __len__(self) -> int:
        return len(self.ends)

    def contains(self, term: str, prefix: bool = False) -> np.ndarray:
        """Boolean mask of the rows that hold ``term``: a word, or the words of a phrase
        in order (already normalised); with ``prefix`` its last word may go on."""
        found = np.zeros(len(self), dtype=bool)
        wanted = words(term)
        if not wanted:
            return found
        first = wanted[0]
        core = word_core(first)
        leads = lead_letters(first)
        plain = len(wanted) == 1 and core == first  # a lone word: most places settle at once
        closed = len(wanted) > 1 or not prefix  # the first word's token ends with the core
        joined, ends, size, find = self.joined, self.bounds, len(core), self.joined.find
        rows, looked, position = [], 0, find(core)
        while position != -1:
            # Cheap tests first: most places are inside other words. At 0 the letter
            # before is the closing separator; after is at most the row's separator.
            before = joined[position - 1]
            if (closed and joined[position + size].isalnum()) or (
                before.isalnum() and before not in leads
            ):
                position += 1
            else:
                row = bisect_left(ends, position)
                end = ends[row]
                if (plain and not before.isalnum()) or self._phrase_at(
                    position, core, wanted, prefix, end
                ):
                    rows.append(row)
                    position = end + 1
                else:
                    position += 1
            looked += 1
            if looked >= self.scan_after:
                found |= self._scan(position, wanted, core, prefix)
                break
            position = find(core, position)
        found[rows] = True
        return found

    def _phrase_at(
        self, position: int, core: str, wanted: list[str], prefix: bool, end: int
    ) -> bool:
        """Whether the phrase ``wanted`` starts with the token around ``position``, where
        ``core`` (its first word, or that word without its article) was found."""
        joined = self.joined
        start, reach = position, LONGEST_PROCLITIC + len(wanted[0]) - len(core)
        while start > 0 and position - start < reach and joined[start - 1].isalnum():
            start -= 1
        if start > 0 and joined[start - 1].isalnum():
            return False  # more letters before the word than any proclitic has
        stop = position + len(core)
        last = len(wanted) == 1
        if not (prefix and last):
            while stop < end and joined[stop].isalnum():
                stop += 1
        if not word_matches(joined[start:stop], wanted[0], prefix and last):
            return False
        for i, word in enumerate(wanted[1:], start=2):
            step = NEXT_WORD.match(joined, stop, end)
            if step is None:
                return False
            stop = step.end()
            if not word_matches(step.group(1), word, prefix and i == len(wanted)):
                return False
        return True

    def _scan(self, position: int, wanted: list[str], core: str, prefix: bool) -> np.ndarray:
        """The rows of every place the phrase occurs from ``position`` on (one regex scan)."""
        pattern = phrase_pattern(wanted, core, prefix)
        places = [m.start() for m in pattern.finditer(self.joined, position)]
        found = np.zeros(len(self), dtype=bool)
        found[np.searchsorted(self.ends, np.asarray(places, dtype=np.int64))] = True
        return found
