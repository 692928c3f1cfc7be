"""How a topic is named: its keywords in the corpus's spelling, clitic forms folded to the
bare word, and a label that names each word once.

A keyword comes out of c-TF-IDF as the corpus wrote it, proclitics included: ``لكرة``
from ``الاتحاد لكرة القدم``, ``للانتخابات`` beside ``الانتخابات``. A word is shown
without its proclitic (و، ف، ب، ل, alone or two together, or before the article: بال،
لل، وال) when the corpus shows that reading is right (:meth:`Spellings.fold`): the bare
word is used as well, and the prefixed word never takes the article itself, which a word
whose first letter is its own (``بطاقة``: ``البطاقة``) does. A name that starts with one
of those letters (``باراك``) keeps it, since its remainder is rare or unused.

A label of keywords (:func:`label_terms`) drops a keyword whose words another one shown
already holds, lets a phrase take the place of the words it holds (``كرة`` and
``القدم`` become ``كرة القدم``), and never shows one word twice.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dashboard.text.arabic import DIACRITICS, TATWEEL, is_keyword, normalize
from dashboard.text.marks import balanced

ARTICLE = "ال"
# Proclitics of a normalised word, longest first: a conjunction and/or a preposition
# before the article (the bare word keeps its article: بال، لل، وال), or before a bare word.
# ك is left out: as "like" it rarely starts a keyword, and it starts many words of its own
# (كمال، كرة beside فكرة).
WITH_ARTICLE = ("وبال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "لل")
PLAIN = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل")
MIN_STEM = 3  # letters left after a proclitic
PROCLITICS = sorted(WITH_ARTICLE + PLAIN, key=len, reverse=True)
BARE_SHARE = 0.25  # the bare word is used at least this often per use of the prefixed one
ARTICLE_SHARE = 0.05  # a prefixed word taking the article more often than this is a word
LABEL_TERMS = 3
LABEL_WORDS = 8

_SURFACE = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u064b-\u065f\u0640]+|[A-Za-z]+")
_LETTERS = re.compile(r"^[\u0621-\u064a\u0671-\u06d3\u064b-\u065f\u0640]+")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


@dataclass(frozen=True)
class Spellings:
    """A corpus's words: each normalised word's most frequent spelling and its count."""

    forms: dict[str, str]
    counts: Counter[str]

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Spellings:
        """Count every word of ``texts`` (no diacritics or tatweel) under its normalised form."""
        spelled: dict[str, Counter[str]] = defaultdict(Counter)
        for text in texts:
            for raw in _SURFACE.findall(text):
                shown = DIACRITICS.sub("", raw).replace(TATWEEL, "")
                if shown:
                    spelled[normalize(shown)][shown] += 1
        forms = {norm: seen.most_common(1)[0][0] for norm, seen in spelled.items()}
        counts = Counter({norm: seen.total() for norm, seen in spelled.items()})
        return cls(forms, counts)

    def fold(self, word: str) -> str:
        """A normalised word without its proclitic when the corpus reads it as one.

        The remainder (with the article kept where the proclitic held it: ``للانتخابات``
        gives ``الانتخابات``) must be a keyword the corpus uses at least ``BARE_SHARE`` as
        often as the prefixed word (counting its form with the article), and the prefixed
        word must almost never take the article itself (``ARTICLE_SHARE``). Of two readings
        (``للجنة``: ل + لجنة or ل + الجنة) the one the corpus uses more is taken.

        >>> words = Spellings.from_texts(["لكرة كرة الكرة بطاقة البطاقة طاقة الطاقة"])
        >>> words.fold("لكرة"), words.fold("بطاقة"), words.fold("كرة")
        ('كرة', 'بطاقة', 'كرة')
        >>> Spellings.from_texts(["للجنة لجنة اللجنة الجنة"]).fold("للجنة")
        'لجنة'
        """
        own = self.counts[word]
        if self.counts[ARTICLE + word] > ARTICLE_SHARE * own:
            return word
        best, best_used = word, 0
        for prefix in PROCLITICS:
            rest = word[len(prefix) :]
            if not word.startswith(prefix) or len(rest) < MIN_STEM:
                continue
            article = prefix in WITH_ARTICLE
            bare = ARTICLE + rest if article else rest
            used = self.counts[bare] + (0 if article else self.counts[ARTICLE + rest])
            enough = used >= BARE_SHARE * own and used > best_used
            if enough and self.counts[bare] and is_keyword(bare):
                best, best_used = bare, used
        return best

    def key(self, word: str) -> str:
        """What the spellings of one word share: folded, without the article.

        >>> words = Spellings.from_texts(["لكرة الكرة كرة"])
        >>> words.key("لكرة") == words.key("الكرة") == words.key("كرة") == "كرة"
        True
        """
        folded = self.fold(normalize(word))
        return folded[2:] if folded.startswith(ARTICLE) and len(folded) > 4 else folded

    def keys(self, term: str) -> frozenset[str]:
        """The keys (:meth:`key`) of a term's words."""
        return frozenset(self.key(word) for word in term.split())

    def term(self, term: str) -> str:
        """A normalised keyword with its first word folded (:meth:`fold`): an inner word's
        proclitic belongs to the phrase (``الثقافة والفنون``)."""
        first, _, rest = term.partition(" ")
        return " ".join(filter(None, (self.fold(first), rest)))

    def shown(self, term: str) -> str:
        """A normalised keyword in the corpus's most frequent spelling of each word."""
        return " ".join(self.forms.get(word, word) for word in term.split())


def merge_variants(words: list[tuple[str, float]], spellings: Spellings) -> list[tuple[str, float]]:
    """Keywords folded (:meth:`Spellings.term`), clitic variants (the same :meth:`Spellings.key`
    word by word) merged into the first (heaviest) one, weights summed; heaviest sum first
    (a chart of the weights then falls from its first bar).

    >>> words = Spellings.from_texts(["الشرطة شرطة بالشرطة الامن"])
    >>> merge_variants([("الامن", 0.4), ("الشرطة", 0.3), ("شرطة", 0.2), ("بالشرطة", 0.1)], words)
    [('الشرطة', 0.6), ('الامن', 0.4)]
    """
    merged: dict[tuple[str, ...], list] = {}
    for word, weight in words:
        word = spellings.term(word)
        key = tuple(spellings.key(w) for w in word.split())
        if key in merged:
            merged[key][1] += weight
        else:
            merged[key] = [word, weight]
    summed = [(word, round(weight, 10)) for word, weight in merged.values()]
    return sorted(summed, key=lambda pair: -pair[1])


def label_terms(keywords: Sequence[str], spellings: Spellings, n: int = LABEL_TERMS) -> list[str]:
    """At most ``n`` keywords for a label, in their order, each word once.

    A keyword whose words one keyword taken already holds is left out; one that holds
    whole keywords taken before takes the place of the first of them (so a phrase found
    after ``n`` keywords were taken can still replace its words); one that shares only
    some of its words with those taken is left out. Words are compared by their
    :meth:`Spellings.key` (``الوزارة`` is ``وزارة``), a plural, feminine or nisba ending
    aside (:func:`word_stems`: ``الخدمة`` and ``الخدمات`` are one word to a label).

    >>> words = Spellings.from_texts(["لكرة كرة الكرة القدم الفريق نادي"])
    >>> label_terms(["القدم", "كرة", "كرة القدم", "الفريق", "نادي"], words)
    ['كرة القدم', 'الفريق', 'نادي']
    >>> label_terms(["الخدمات", "الوزارة", "وزارة العمل", "الخدمة", "مكاتب"], words)
    ['الخدمات', 'وزارة العمل', 'مكاتب']
    """
    taken: list[tuple[str, list[frozenset[str]]]] = []
    for keyword in keywords:
        words = [word_stems(spellings.key(word)) for word in keyword.split()]
        if any(_holds(held, words) for _, held in taken):
            continue
        inside = [i for i, (_, held) in enumerate(taken) if _holds(words, held)]
        others = (held for i, (_, held) in enumerate(taken) if i not in inside)
        if any(_meets(held, w) for held in others for w in words):
            continue
        if inside:
            taken[inside[0]] = (keyword, words)
            taken = [t for i, t in enumerate(taken) if i not in inside[1:]]
        elif len(taken) < n:
            taken.append((keyword, words))
    return [keyword for keyword, _ in taken]


# Endings a label reads past: sound plurals, the feminine ة and the nisba ي, ية.
ENDINGS = ("يين", "يون", "ية", "ات", "ين", "ون", "ة", "ي")


def word_stems(key: str) -> frozenset[str]:
    """A word's key and the key without each ending of ``ENDINGS`` (3 letters kept at least);
    two words whose stems meet are one word to a label.

    >>> sorted(word_stems("فلسطينية")), sorted(word_stems("فلسطين"))
    (['فلسطين', 'فلسطيني', 'فلسطينية'], ['فلسط', 'فلسطين'])
    """
    cut = {key[: -len(end)] for end in ENDINGS if key.endswith(end) and len(key) - len(end) >= 3}
    return frozenset({key} | cut)


def _meets(term: list[frozenset[str]], word: frozenset[str]) -> bool:
    """Whether one of ``term``'s words is ``word`` (their stems meet)."""
    return any(word & other for other in term)


def _holds(term: list[frozenset[str]], words: list[frozenset[str]]) -> bool:
    """Whether ``term`` holds every one of ``words``."""
    return all(_meets(term, word) for word in words)


def headline_label(
    titles: Sequence[str], keywords: Sequence[str], spellings: Spellings
) -> str | None:
    """The stretch of at most ``LABEL_WORDS`` headline words holding the most keyword words.

    Headlines are tried in the order given (closest to the topic first); a stretch
    starts and ends on a keyword word and needs two distinct ones, and keeps no quotation
    mark or bracket whose partner it cut off (:func:`dashboard.text.marks.balanced`).
    Words are compared by their :meth:`Spellings.key`, and the first word is shown without
    a proclitic the corpus reads as one: a label does not start with "and" or "for".
    ``None`` when no headline has two.

    >>> titles = ["عاجل: الشرطة تعتقل مشتبهاً به في سرقة المصرف المركزي"]
    >>> headline_label(titles, ["الشرطة", "سرقة", "المصرف"], Spellings.from_texts(titles))
    'الشرطة تعتقل مشتبهاً به في سرقة المصرف'
    """
    wanted = {spellings.key(w) for keyword in keywords for w in keyword.split()}
    best: tuple[int, int, str] | None = None
    for title in titles:
        words = title.split()
        keys = [spellings.key(_EDGE.sub("", word)) for word in words]
        hits = [i for i, key in enumerate(keys) if key in wanted]
        for a, start in enumerate(hits):
            for end in hits[a:]:
                if end - start >= LABEL_WORDS:
                    break
                found = len({keys[i] for i in hits if start <= i <= end})
                span = " ".join(words[start : end + 1])
                candidate = (found, -(end - start), balanced(_EDGE.sub("", span)))
                if found >= 2 and (best is None or candidate[:2] > best[:2]):
                    best = candidate
    return bare_start(best[2], spellings) if best else None


def bare_start(label: str, spellings: Spellings) -> str:
    """``label`` with its first word in the spelling of its folded form (when it folds)."""
    match = _LETTERS.match(label)
    if not match:
        return label
    word = normalize(DIACRITICS.sub("", match.group()).replace(TATWEEL, ""))
    folded = spellings.fold(word)
    if folded == word:
        return label
    return spellings.forms.get(folded, folded) + label[match.end() :]
