"""Which Arabic words are ordinary words and which are proper names, from a packaged lexicon.

Arramooz ships a table of 37,714 Arabic word forms with their part of speech and their
frequency in a large news corpus (``arramooz/data/wordfreq.sqlite``), and its dictionary of
noun and verb lemmas. A form is *proper* when its frequency as a proper noun (``noun_prop``)
is at least its frequency as anything else, and *ordinary* when it is a dictionary word that
is not proper. A word the lexicon does not know is neither: a transliterated foreign name
(ويفر، بولسونارو) or an inflected form.

>>> lexicon().proper_word("محمد"), lexicon().ordinary_word("مصدر")
(True, True)
>>> lexicon().ordinary_word("محمد"), lexicon().verb("قال")
(False, True)
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.text.arabic import normalize


@dataclass(frozen=True)
class Lexicon:
    """Normalised word sets: proper names, ordinary words, and words that are mostly verbs
    (past, third person)."""

    proper: frozenset[str]
    ordinary: frozenset[str]
    verbs: frozenset[str]

    def proper_word(self, token: str) -> bool:
        """Whether ``token`` (normalised) is mostly a proper noun."""
        return token in self.proper

    def ordinary_word(self, token: str) -> bool:
        """Whether ``token`` (normalised) is a dictionary word that is mostly not a name."""
        return token in self.ordinary

    def verb(self, token: str) -> bool:
        """Whether ``token`` (normalised) is mostly a verb (قال، أكد، دعا)."""
        return token in self.verbs


def _data_dir() -> Path:
    import arramooz

    return Path(arramooz.__file__).parent / "data"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, read once per process (a few tenths of a second)."""
    data = _data_dir()
    proper: Counter = Counter()
    other: Counter = Counter()
    verb: Counter = Counter()
    with sqlite3.connect(f"file:{data / 'wordfreq.sqlite'}?mode=ro", uri=True) as db:
        for form, kind, freq in db.execute("select unvocalized, word_type, freq from wordfreq"):
            word = normalize(form or "")
            if not word or " " in word:
                continue
            (proper if kind == "noun_prop" else other)[word] += int(freq or 0)
            if kind == "verb":
                verb[word] += int(freq or 0)
    # a verb more than anything else (قال، أحيا), not صالح or عمر
    verbs = {w for w, n in verb.items() if 2 * n >= other[w] + proper[w]}
    lemmas: set[str] = set()
    with sqlite3.connect(f"file:{data / 'arabicdictionary.sqlite'}?mode=ro", uri=True) as db:
        for table in ("nouns", "verbs"):
            for (form,) in db.execute(f"select unvocalized from {table}"):
                word = normalize(form or "")
                if word and " " not in word:
                    lemmas.add(word)
                    if table == "verbs" and word not in other and word not in proper:
                        verbs.add(word)
    names = frozenset(w for w, n in proper.items() if n >= other[w])
    ordinary = frozenset((set(other) | lemmas) - names)
    return Lexicon(proper=names, ordinary=ordinary, verbs=frozenset(verbs - names))
