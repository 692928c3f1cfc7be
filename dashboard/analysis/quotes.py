"""Who said what: reported speech in Arabic news, found by rules on each cleaned body.

Forms recognised (a cue, a speaker, and the content said):

* a speech verb, its speaker, then the content after إن/أن/بأن, a colon or a quotation mark:
  ``وقال وزير الخارجية فلان الفلاني إن ...``, ``وأضاف: «...»`` (a verb with no speaker
  continues the previous quote's speaker);
* ``نقلت الوكالة عن فلان قوله إن ...``;
* a participle after a comma continuing the same speaker: ``...، مؤكدا أن ...``;
* a quotation followed by its attribution: ``«...»، قال فلان`` or ``«...» بحسب فلان``;
* attributed content: ``وبحسب الوزارة، فإن ...`` and ``...، بحسب الوزارة.``

Content that its own quotation marks enclose whole (``إن «...»``) is kept without them
(:func:`inside_marks`), with its offsets.

A quote's speaker is linked to one of the article's entities (the store's mention frame,
where a surname alone already counts for the full name): a person named in the speaker's
words, else an organisation, else any other entity; a surname alone also finds the person.
A speaker named only by a role (الوزير، البيان) takes the previous quote's entity when that
speaker's words hold the same noun.

>>> import pandas as pd
>>> articles = pd.DataFrame({"id": ["a"], "body": ["وقال الوزير سليم حداد إن المطر قادم."],
...     "published_at": [pd.Timestamp("2024-01-01")], "outlet": ["x"]})
>>> mentions = pd.DataFrame({"article_id": ["a"], "entity": ["سليم حداد"], "type": ["person"]})
>>> extract_quotes(articles, mentions)[["speaker", "entity", "cue", "quote"]].values.tolist()
[['الوزير سليم حداد', 'سليم حداد', 'وقال', 'المطر قادم']]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add, sub
from typing import NamedTuple

import pandas as pd

from dashboard.pipeline.entities.tokens import bare_forms
from dashboard.text.arabic import normalize, tokenize

QUOTE_COLUMNS = [
    "article_id",
    "published_at",
    "outlet",
    "speaker",
    "entity",
    "entity_type",
    "cue",
    "quote",
    "start",
    "end",
    "speaker_start",
    "speaker_end",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(normalize(text).split())


# Speech verbs in the forms news uses (perfect, imperfect; he, she, they), normalised.
VERBS = _words(
    """
    قال قالت قالوا يقول تقول أكد أكدت أكدوا يؤكد تؤكد أعلن أعلنت أعلنوا يعلن تعلن
    صرح صرحت صرحوا يصرح تصرح أضاف أضافت أضافوا يضيف تضيف أوضح أوضحت أوضحوا يوضح توضح
    شدد شددت شددوا يشدد تشدد اعتبر اعتبرت اعتبروا يعتبر تعتبر رأى رأت رأوا يرى ترى
    لفت لفتت لفتوا يلفت تلفت نفى نفت نفوا ينفي تنفي حذر حذرت حذروا يحذر تحذر
    أشار أشارت أشاروا يشير تشير ذكر ذكرت ذكروا أفاد أفادت أفادوا يفيد تفيد
    كشف كشفت كشفوا يكشف تكشف تابع تابعت زعم زعمت زعموا يزعم تزعم اعترف اعترفت أقر أقرت
    نوه نوهت ختم ختمت استطرد استطردت أردف أردفت ادعى ادعت أفصح أفصحت
    """
)
# Participles after a comma that go on quoting the same speaker (مؤكدا أن ...).
PARTICIPLES = _words(
    """
    مضيفا مضيفة مؤكدا مؤكدة مشيرا مشيرة لافتا لافتة موضحا موضحة معتبرا معتبرة مشددا مشددة
    محذرا محذرة منوها منوهة قائلا قائلة متابعا متابعة نافيا نافية كاشفا كاشفة مبينا مبينة
    """
)
# ``عن فلان قوله إن``: the speaker stands between عن and this word.
SAYING = _words("قوله قولها قولهم قولهما")
# Attribution words: بحسب / حسب / وفق / وفقا لـ / نقلا عن / على لسان.
ATTRIBUTIONS = _words("بحسب حسب وفق وفقا نقلا")
ON_TONGUE = ("علي", "لسان")
# Words an attributed source (one with no entity) starts with.
SOURCE_NOUNS = frozenset(
    form
    for word in _words(
        """
        مصدر مصادر بيان بيانات تقرير تقارير وكالة صحيفة موقع قناة مسؤول مسؤولون مسؤولين
        شهود مراسل وسائل دراسة إحصاءات أرقام وزارة هيئة مكتب متحدث ناطق مصادر
        """
    )
    for form in (word, "ال" + word)
)
# Content markers: إن / أن / بأن, alone or with an attached pronoun.
_MARKERS = frozenset({"ان", "بان", "فان"})
_PRONOUNS = frozenset({"ه", "ها", "هم", "هما", "هن", "نا", "ني", "ي", "ك"})
# Words before أن that make it a conjunction of time or purpose, not a content marker.
_NOT_AFTER = frozenset({"بعد", "قبل", "منذ", "حتي", "دون", "بدل", "رغم", "لو", "كما", "يجب"})
# Where a speaker's noun phrase ends: prepositions, time words, punctuation.
_STOPS = _words(
    """
    في خلال عبر لدى أمام على إلى من عن مع اليوم أمس غدا مساء صباح ليلة الليلة يوم
    الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت بعد قبل عقب أثناء إثر
    حيث الذي التي الذين وذلك كما أيضا بدوره بدورها بدورهم مؤخرا سابقا فيه فيها فيهم له لها
    لهم عنه عنها عنهم
    """
) | frozenset("،,;؛-–—()[]")
# Media words after ل that start a phrase, not a name (لوكالة، لصحيفة).
# Words between a speaker and a later name that make the name someone else (مع نظيره فلان).
# Prepositions a participle takes before its content (مشيرا إلى أن، محذرا من أن).
_TO_CLAUSE = _words("إلى الى على من")
_NOT_APPOSITION = _words("مع عن إلى الى ضد نظيره نظيرته")
_TO_MEDIA = _words("وكالة صحيفة قناة موقع تلفزيون إذاعة مجلة الصحفيين الصحافيين")
_OPENING = {"«": "»", "“": "”", '"': '"', "„": "“"}
OPENING_MARKS = tuple(_OPENING)  # the quotation marks that open a quotation
_CLOSING = frozenset({"»", "”", '"'})
_SENTENCE_ENDS = frozenset(".!?؟")
# Every token key a quote may start from: a cue of a verb, a participle or ``قوله``, an
# attribution, or a verb after a closing quotation mark (see ``_Article.verb_quotes`` and
# ``_Article.attribution_quotes``); ``_conj`` forms included.
_CUES = (
    SAYING
    | PARTICIPLES
    | frozenset({"علي", "وعلي"})
    | frozenset(prefix + word for word in VERBS | ATTRIBUTIONS for prefix in ("", "و", "ف"))
)
_TYPE_RANK = {"person": 0, "organisation": 1, "other": 2, "place": 3}
MAX_SPEAKER = 12  # words of a speaker
MAX_GAP = 10  # words between a speaker and the content (في بيان صحفي ...)
MAX_QUOTED = 400  # words inside one pair of quotation marks
MIN_QUOTE_CHARS = 8
MIN_QUOTED_WORDS = 4  # fewer words in quotation marks are a name or a term, not a quote

_PIECE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u0640]+|[^\w\s]")


class _Token(NamedTuple):
    start: int
    end: int
    key: str  # normalised word, or the punctuation mark itself
    sentence: int


@dataclass
class _Quote:
    cue: int  # token index of the cue
    speaker: tuple[int, int]  # token range [a, b) of the speaker's words (empty: none)
    start: int  # character offsets of the content
    end: int


def tokens_of(text: str) -> list[_Token]:
    """Words and punctuation marks of ``text`` with offsets and sentence numbers.

    A sentence ends at . ! ? ؟ (a point between digits excepted) and at a line break that
    does not follow a colon.
    """
    return _tokens(text)[0]


def _tokens(text: str) -> tuple[list[_Token], list[int]]:
    """:func:`tokens_of`, and the indices of the tokens that may be a quote's cue (what
    :meth:`_Article.verb_quotes` and :meth:`_Article.attribution_quotes` start from: every
    other token is passed over by both).

    Only white space stands between two tokens, so the pieces and the spaces before them
    are found in one pass and each offset is a running sum of their lengths; a sentence
    starts after each . ! ? ؟ token and after each line break, found by their offsets."""
    found = _GAPPED.findall(text)
    if not found:
        return [], []
    gaps, pieces = zip(*found, strict=True)
    sizes = list(map(len, pieces))
    ends = list(accumulate(map(add, map(len, gaps), sizes)))
    starts = list(map(sub, ends, sizes))
    keys = list(map(_KEYS.get, pieces))
    if None in keys:
        keys = [_key(p) if k is None else k for k, p in zip(keys, pieces, strict=True)]
    breaks = [0] * len(keys)
    for at in (m.start() for m in _ENDS.finditer(text)):
        i = bisect_left(starts, at)  # the mark's own token
        if i + 1 < len(keys):
            digits = keys[i] == "." and starts[i + 1] == ends[i] and pieces[i + 1].isdigit()
            breaks[i + 1] = 0 if digits else 1
    for at in (m.start() for m in _BREAK.finditer(text)):
        i = bisect_left(starts, at)  # the token after the line break
        if 0 < i < len(keys) and keys[i - 1] not in _SENTENCE_ENDS and keys[i - 1] != ":":
            breaks[i] = 1
    rows = zip(starts, ends, keys, accumulate(breaks), strict=True)
    tokens = list(map(tuple.__new__, repeat(_Token), rows))  # _Token's fields, unchecked
    return tokens, [i for i, key in enumerate(keys) if key in _CUES]


_GAPPED = re.compile(rf"(\s*)({_PIECE.pattern})")  # a token and the white space before it
_ENDS = re.compile("[" + re.escape("".join(sorted(_SENTENCE_ENDS))) + "]")
_BREAK = re.compile("\n")


_KEYS: dict[str, str] = {}  # piece -> token key: news repeats its words
_MAX_KEYS = 200_000


def _key(piece: str) -> str:
    """The key of a piece of text: a word normalised (the word itself when that leaves
    nothing), a punctuation mark itself; remembered in ``_KEYS``."""
    key = (normalize(piece) if piece[0].isalnum() or piece[0] == "_" else piece) or piece
    if len(_KEYS) >= _MAX_KEYS:
        _KEYS.clear()
    _KEYS[piece] = key
    return key


@lru_cache(maxsize=200_000)
def _forms(key: str) -> tuple[str, ...]:
    """``key`` and its forms without clitics (و ف ب ل ك لل); cached: a speaker's
    words are matched against every entity of the article)."""
    return (key, *(form for form, _, _ in bare_forms(key)))


@lru_cache(maxsize=100_000)
def _conj(key: str, words: frozenset[str]) -> bool:
    """Whether ``key``, alone or after و/ف, is one of ``words``."""
    return key in words or (key[:1] in "وف" and key[1:] in words)


def _is_cue_word(key: str) -> bool:
    return _conj(key, VERBS) or key in PARTICIPLES or key in SAYING


def _is_stop(key: str) -> bool:
    if key in _STOPS or key == "ل" or key.startswith("لل") or key in _SENTENCE_ENDS:
        return True
    return key[:1] == "ل" and key[1:] in _TO_MEDIA


# What a parse read of the article's entities (a check's kind; see :class:`_Article`).
PARSED = 0  # the article was parsed with its checks kept (start = end = outcome = 0)
SPEAKER = 1  # a speaker's extent between a cue and its marker: outcome its end - cue, or -1
SOURCE = 2  # whether an attributed source's words name an entity: outcome 1 or 0
INHERITS = 3  # the quote starting at ``start`` takes the previous quote's speaker

Entity = tuple[str, str, tuple[str, ...]]  # name, type, its words


def entity_words(entities: list[tuple[str, str]]) -> list[Entity]:
    """Each (name, type) with its words, those with none left out."""
    found = [(name, kind, _name_words(name)) for name, kind in entities]
    return [e for e in found if e[2]]


@lru_cache(maxsize=200_000)
def _name_words(name: str) -> tuple[str, ...]:
    """The words of an entity's name; cached: the same names come back article after
    article (each re-linked article reads its whole entity list)."""
    return tuple(tokenize(name))


WordIndex = tuple[dict[str, list[int]], dict[str, list[int]]]


def word_index(entities: list[Entity]) -> WordIndex:
    """Where the entities (:func:`entity_words`) may be read from: each one's first word ->
    its place in ``entities``, and a two-word-or-longer person's last word -> its place
    (places in order), so that :meth:`_Article.entity_in` looks up the words it reads
    instead of trying every entity at every word."""
    first: dict[str, list[int]] = {}
    last: dict[str, list[int]] = {}
    for place, (_, kind, parts) in enumerate(entities):
        first.setdefault(parts[0], []).append(place)
        if kind == "person" and len(parts) >= 2:
            last.setdefault(parts[-1], []).append(place)
    return first, last


class _Article:
    """One article's tokens, entities and quotes.

    The spans are found from the words alone but at two points, which read the entities:
    where a speaker's words end (a person named, or one in apposition after a comma) and
    whether an attributed source without a source noun names an entity. Each such reading
    is kept in ``checks`` as (kind, start, end, outcome), the characters read and what was
    found, with the quotes that take the previous speaker (:data:`INHERITS`), so that the
    quotes can be linked to a changed entity list without a parse (:func:`relinked`).
    """

    def __init__(self, body: str, entities: list[Entity], index: WordIndex | None = None) -> None:
        self.body = body
        self.tokens, self.cues = _tokens(body)
        self.entities = entities
        self.index = index  # of ``entities`` (:func:`word_index`), made when first read
        self.taken: list[tuple[int, int]] = []
        self.checks: list[tuple[int, int, int, int]] = []

    # --- spans -------------------------------------------------------------------------
    def opens(self, j: int) -> bool:
        """Whether token ``j`` opens a quotation (a straight mark followed by a space closes)."""
        token = self.tokens[j]
        if token.key not in _OPENING:
            return False
        return token.key != '"' or not self.body[token.end : token.end + 1].isspace()

    def is_marker(self, j: int) -> bool:
        """Whether token ``j`` opens content: إن/أن (with a pronoun), a colon, a quotation."""
        tokens, key = self.tokens, self.tokens[j].key
        if key == ":" or self.opens(j):
            return True
        stem = next((m for m in ("بان", "فان", "ان") if key.startswith(m)), "")
        if not stem or (key != stem and key[len(stem) :] not in _PRONOUNS):
            return False
        return j == 0 or tokens[j - 1].key not in _NOT_AFTER

    def sentence_end(self, j: int) -> int:
        """Index of the last token of token ``j``'s sentence."""
        last = j
        while (
            last + 1 < len(self.tokens)
            and self.tokens[last + 1].sentence == self.tokens[j].sentence
        ):
            last += 1
        return last

    def closing(self, j: int) -> int | None:
        """Index of the mark closing the quotation opened at ``j`` (None when unclosed)."""
        close = _OPENING[self.tokens[j].key]
        for k in range(j + 1, min(len(self.tokens), j + MAX_QUOTED)):
            if "\n" in self.body[self.tokens[k - 1].end : self.tokens[k].start]:
                return None  # a quotation is closed within its paragraph
            if self.tokens[k].key == close:
                return k
        return None

    def clause_end(self, j: int) -> int:
        """Index after the last token of the content starting at ``j``: the sentence's end,
        or a comma followed by a cue (the speaker goes on with a new quote)."""
        last = self.sentence_end(j)
        k = j
        while k <= last:
            key = self.tokens[k].key
            if key in ",،" and k + 1 <= last and _is_cue_word(self.tokens[k + 1].key):
                return k
            if self.opens(k) and (close := self.closing(k)) is not None:
                k = close + 1  # a quotation inside the content is read whole
                last = max(last, self.sentence_end(close))
                continue
            k += 1
        while last >= j and self.tokens[last].key in _SENTENCE_ENDS | {",", "،", ":"}:
            last -= 1
        return last + 1

    def content(self, m: int) -> tuple[int, int] | None:
        """Character span of the content whose marker is token ``m``."""
        tokens, key = self.tokens, self.tokens[m].key
        if key == ":" and m + 1 < len(tokens):
            m, key = m + 1, tokens[m + 1].key
            if not self.opens(m):
                end = self.clause_end(m)
                return (tokens[m].start, tokens[end - 1].end) if end > m else None
        if self.opens(m):
            close = self.closing(m)
            if close is not None:
                return None if self.named(m, close) else (tokens[m].end, tokens[close].start)
            end = self.clause_end(m + 1)
            return (tokens[m + 1].start, tokens[end - 1].end) if end > m + 1 else None
        first = m + 1 if key in _MARKERS else m
        if first >= len(tokens):
            return None
        end = self.clause_end(first)
        return (tokens[first].start, tokens[end - 1].end) if end > first else None

    def free(self, span: tuple[int, int]) -> bool:
        """Whether ``span`` overlaps no quote found before."""
        return all(span[1] <= a or span[0] >= b for a, b in self.taken)

    # --- speakers ----------------------------------------------------------------------
    def entity_in(self, a: int, b: int) -> tuple[int, int, str, str] | None:
        """The best entity named in tokens [a, b): (first, end, name, type). Named whole
        (its words from a token one of whose forms is its first word) or, for a person of
        two words or more, by its last word alone; the best by type (persons first), then
        named whole, longer, earlier, and earlier in the entity list."""
        if self.index is None:
            self.index = word_index(self.entities)
        first, last = self.index
        found = []
        for i in range(a, b):
            forms = _forms(self.tokens[i].key)
            for place in {p for form in forms for p in first.get(form, ())}:
                _, kind, parts = self.entities[place]
                if len(parts) <= b - i:
                    keys = [t.key for t in self.tokens[i + 1 : i + len(parts)]]
                    if keys == list(parts[1:]):
                        found.append((_TYPE_RANK.get(kind, 2), 0, -len(parts), i, place))
            for place in {p for form in forms for p in last.get(form, ())}:
                found.append((_TYPE_RANK["person"], 1, -1, i, place))
        if not found:
            return None
        _, whole, size, i, place = min(found)
        name, kind, _ = self.entities[place]
        return i, i + (-size if whole == 0 else 1), name, kind

    def speaker_after(self, v: int, m: int) -> tuple[int, int] | None:
        """:meth:`speaker_in`, kept as a :data:`SPEAKER` check of tokens [v, m)."""
        found = self.speaker_in(v, m)
        end = -1 if found is None else found[1] - v
        self.checks.append((SPEAKER, self.tokens[v].start, self.tokens[m - 1].end, end))
        return found

    def speaker_in(self, v: int, m: int) -> tuple[int, int] | None:
        """The speaker's token range between a cue at ``v`` and a marker at ``m``; None when
        the words between are not a speaker and a short circumstance (في بيان ...). Reads
        the tokens [v, m) alone."""
        k = v + 1
        while k < m and not _is_stop(self.tokens[k].key):
            k += 1
        end = k
        named = self.entity_in(v + 1, end)
        if named is None or named[3] != "person":
            later = self.entity_in(end, m)  # an apposition: رئيس الشركة، فلان الفلاني، إن
            between = {t.key for t in self.tokens[end : later[0]]} if later else set()
            comma = later is not None and self.tokens[later[0] - 1].key in ",،"
            if comma and later[3] == "person" and not between & _NOT_APPOSITION:
                end = later[1]
        if end - (v + 1) > MAX_SPEAKER or m - end > MAX_GAP:
            return None
        return v + 1, end

    def named(self, opening: int, close: int) -> bool:
        """Whether the quotation between ``opening`` and ``close`` is too short to be a quote
        (a name or a term in quotation marks)."""
        inside = sum(t.key[0].isalnum() for t in self.tokens[opening + 1 : close])
        return inside < MIN_QUOTED_WORDS

    def marker_after(self, v: int) -> int | None:
        """The first content marker after a cue at ``v`` in its sentence, near enough."""
        sentence, skip = self.tokens[v].sentence, 0
        for j in range(v + 1, min(len(self.tokens), v + MAX_SPEAKER + MAX_GAP + 2)):
            token = self.tokens[j]
            if token.sentence != sentence and self.tokens[j - 1].key != ":":
                return None
            if j < skip:
                continue
            if self.opens(j) and (close := self.closing(j)) is not None and self.named(j, close):
                skip = close + 1  # a name in quotation marks: لـ"الصحيفة"، وأضاف "فلان":
                continue
            if self.is_marker(j):
                return j
            if _conj(token.key, VERBS) or token.key in _SENTENCE_ENDS:
                return None
        return None

    # --- forms -------------------------------------------------------------------------
    def verb_quotes(self) -> list[_Quote]:
        """Cue first: verbs, participles and ``عن فلان قوله``."""
        out = []
        for v in self.cues:
            token = self.tokens[v]
            key = token.key
            if key in SAYING:
                start = self.saying_speaker(v)
                if start is None:
                    continue
                speaker = (start, v)
            elif _conj(key, VERBS) or (
                key in PARTICIPLES and v > 0 and self.tokens[v - 1].key in ",،"
            ):
                speaker = None
            else:
                continue
            if not self.free((token.start, token.end)):
                continue  # a cue inside a quotation is part of what was said
            m = self.marker_after(v)
            if m is None:
                continue
            if speaker is None:
                speaker = (v + 1, v + 1) if key in PARTICIPLES else self.speaker_after(v, m)
                after = self.tokens[v + 1].key
                if key in PARTICIPLES and m != v + 1 and not (m == v + 2 and after in _TO_CLAUSE):
                    continue
            if speaker is None or (speaker[0] == speaker[1] and key.endswith("وا")):
                continue  # "they said" with no subject does not continue one speaker
            span = self.content(m)
            if span is not None and self.free(span):
                self.taken.append(span)
                out.append(_Quote(v, speaker, *span))
        return out

    def saying_speaker(self, v: int) -> int | None:
        """Start of the speaker between عن and قوله at ``v``."""
        for k in range(v - 1, max(-1, v - MAX_SPEAKER - 1), -1):
            if self.tokens[k].key == "عن":
                return k + 1 if k + 1 < v else None
            if self.tokens[k].sentence != self.tokens[v].sentence:
                return None
        return None

    def source_after(self, a: int) -> tuple[int, int] | None:
        """A source's token range from ``a`` to its sentence's end (or a stop), when short."""
        if a < len(self.tokens) and self.tokens[a].key == "ما":
            a += 2  # بحسب ما ذكرت الوكالة
        if a < len(self.tokens) and self.tokens[a].key in {"ل", "عن"}:
            a += 1
        if a >= len(self.tokens) or self.is_marker(a):
            return None
        last = self.sentence_end(a) if a < len(self.tokens) else a
        end = a
        while end <= last and not _is_stop(self.tokens[end].key):
            end += 1
        if end == a or end - a > MAX_SPEAKER:
            return None
        head = self.tokens[a].key
        if {head, *_forms(head)} & SOURCE_NOUNS:
            return a, end
        named = self.entity_in(a, end) is not None
        self.checks.append((SOURCE, self.tokens[a].start, self.tokens[end - 1].end, int(named)))
        return (a, end) if named else None

    def attributed(self, j: int) -> int | None:
        """Index after an attribution phrase starting at ``j`` (None when there is none)."""
        key = self.tokens[j].key
        if key in ATTRIBUTIONS or (_conj(key, ATTRIBUTIONS) and self.leading(j)):
            return j + 1
        if key not in ("علي", "وعلي") or j + 1 >= len(self.tokens):
            return None
        return j + 2 if self.tokens[j + 1].key == ON_TONGUE[1] else None

    def leading(self, j: int) -> bool:
        """Whether token ``j`` opens a sentence, or a clause after a comma with و."""
        tokens = self.tokens
        if j == 0 or tokens[j - 1].sentence != tokens[j].sentence:
            return True
        return tokens[j - 1].key in ",،" and tokens[j].key[:1] == "و"

    def attribution_quotes(self) -> list[_Quote]:
        """Content first, then its attribution; and attribution opening a sentence."""
        out, tokens = [], self.tokens
        for j in self.cues:
            token = tokens[j]
            after = self.attributed(j)
            closed = j > 1 and tokens[j - 1].key in ",،" and tokens[j - 2].key in _CLOSING
            closed = closed or (j > 0 and tokens[j - 1].key in _CLOSING)
            if after is None and not (_conj(token.key, VERBS) and closed):
                continue
            if not self.free((token.start, token.end)):
                continue
            source = self.source_after(after if after is not None else j + 1)
            if source is None:
                continue
            sentence_start = self.leading(j)
            span = None
            if sentence_start and after is not None:
                comma = next(
                    (
                        k
                        for k in range(source[1], self.sentence_end(j) + 1)
                        if tokens[k].key in ",،"
                    ),
                    None,
                )
                if comma is None or comma - source[1] > MAX_GAP:
                    continue
                first = comma + 1
                while first < len(tokens) and tokens[first].key in {"فان", "فقد", "ف"}:
                    first += 1
                span = self.content(first - 1 if tokens[first - 1].key == "فان" else first)
                if span is None or first >= len(tokens):
                    continue
            elif not sentence_start:
                span = self.before(j)
            if span is not None and span[1] - span[0] >= MIN_QUOTE_CHARS and self.free(span):
                self.taken.append(span)
                out.append(_Quote(j, source, *span))
        return out

    def before(self, j: int) -> tuple[int, int] | None:
        """The content ending just before an attribution at ``j``: the quotation closing
        there, or the sentence up to the comma."""
        tokens, k = self.tokens, j - 1
        if k >= 0 and tokens[k].key in ",،":
            k -= 1
        if k < 0:
            return None
        if tokens[k].key in _CLOSING:
            for o in range(k - 1, max(-1, k - MAX_QUOTED), -1):
                if _OPENING.get(tokens[o].key) == tokens[k].key:
                    return (tokens[o].end, tokens[k].start) if o + 1 < k else None
            return None
        if tokens[j - 1].key not in ",،":
            return None
        first = j - 1
        while first > 0 and tokens[first - 1].sentence == tokens[j].sentence:
            first -= 1
        return tokens[first].start, tokens[k].end

    # --- all ---------------------------------------------------------------------------
    def quotes(self) -> list[dict]:
        """Every quote with its speaker resolved, in text order."""
        found = sorted(self.verb_quotes() + self.attribution_quotes(), key=lambda q: q.start)
        rows, previous = [], None
        for quote in found:
            row = self.resolve(quote, previous)
            if row is not None:
                rows.append(row)
                previous = row
        return rows

    def resolve(self, quote: _Quote, previous: dict | None) -> dict | None:
        """The quote's row: speaker words and entity, taken from ``previous`` when the cue
        names no speaker, or only a role that the previous speaker's words hold."""
        a, b = quote.speaker
        tokens = self.tokens
        if len(self.body[quote.start : quote.end].strip()) < MIN_QUOTE_CHARS:
            return None
        inner, outer = inside_marks(self.body[quote.start : quote.end])
        start, end = quote.start + inner, quote.start + outer
        cue = self.body[tokens[quote.cue].start : tokens[quote.cue].end]
        row = {"cue": cue, "quote": self.body[start:end].strip(), "start": start, "end": end}
        if a == b:
            if previous is None:
                return None
            self.checks.append((INHERITS, start, end, 0))
            keep = ("speaker", "entity", "entity_type", "speaker_start", "speaker_end")
            return {**row, **{k: previous[k] for k in keep}}
        speaker = {
            "speaker": self.body[tokens[a].start : tokens[b - 1].end],
            "speaker_start": tokens[a].start,
            "speaker_end": tokens[b - 1].end,
        }
        return {**row, **speaker, **self.link(a, b, previous)}

    def link(self, a: int, b: int, previous: dict | None) -> dict:
        """The entity (and its type) of the speaker in tokens [a, b): one named there, else
        the previous quote's when the speaker is a role that its speaker's words hold."""
        named = self.entity_in(a, b)
        if named is not None:
            return {"entity": named[2], "entity_type": named[3]}
        if previous is not None and previous["entity"] and b - a <= 2:
            heads = {t.key.removeprefix("ال") for t in self.tokens[a:b]}
            said = {w.removeprefix("ال") for w in tokenize(previous["speaker"])}
            if heads & said:
                return {"entity": previous["entity"], "entity_type": previous["entity_type"]}
        return {"entity": "", "entity_type": ""}


def inside_marks(text: str) -> tuple[int, int]:
    """Where the words of a quote stand in ``text`` without the quotation marks that enclose
    it whole (an opening mark at its start, spaces aside, whose first closing mark is its
    last character; again while there is one): the span inside them, or the whole of
    ``text`` when none does. Marks around a part of it stay.

    >>> inside_marks("«الاتفاق لا يبدد القلق»"), inside_marks("«لا» تعني «لا شيء بعد»")
    ((1, 22), (0, 22))
    """
    start, end = 0, len(text)
    while True:
        words = text[start:end]
        first = start + len(words) - len(words.lstrip())
        last = end - (len(words) - len(words.rstrip()))
        close = _OPENING.get(text[first]) if last - first > 2 else None
        if close is None or text.find(close, first + 1, last) != last - 1:
            return start, end
        start, end = first + 1, last - 1


def article_quotes(body: str, entities: list[tuple[str, str]]) -> list[dict]:
    """The quotes of one article body given its entities as (name, type) pairs."""
    return _Article(body, entity_words(entities)).quotes()


def parsed_article(
    body: str, entities: list[tuple[str, str]]
) -> tuple[list[dict], list[tuple[int, int, int, int]]]:
    """:func:`article_quotes` and what the parse read of the entities (its checks, after a
    :data:`PARSED` one; see :class:`_Article`)."""
    article = _Article(body, entity_words(entities))
    return article.quotes(), [(PARSED, 0, 0, 0), *article.checks]


def relinked(
    body: str,
    entities: list[tuple[str, str]],
    rows: list[dict],
    checks: list[tuple[int, int, int, int]],
) -> list[dict] | None:
    """The quote ``rows`` of ``body`` (in text order, from :func:`parsed_article` with other
    entities) linked to ``entities``: each check is read again on its characters alone,
    and when each finds what it found, the spans are those of a parse and only the
    speakers are looked up again; None when one finds otherwise (the body must be parsed
    again)."""
    words = entity_words(entities)
    index = word_index(words)
    inherited = set()
    for kind, start, end, outcome in checks:
        if kind == INHERITS:
            inherited.add(start)
        elif kind in (SPEAKER, SOURCE):
            window = _Article(body[start:end], words, index)
            size = len(window.tokens)
            if kind == SPEAKER:
                found = window.speaker_in(0, size)
                got = -1 if found is None else found[1]
            else:
                got = int(window.entity_in(0, size) is not None)
            if got != outcome:
                return None
    out, previous = [], None
    for row in rows:
        if row["start"] in inherited:
            keep = {k: previous[k] for k in ("entity", "entity_type")}
        else:
            speaker = _Article(row["speaker"], words, index)
            keep = speaker.link(0, len(speaker.tokens), previous)
        out.append({**row, **keep})
        previous = out[-1]
    return out


def mention_lists(mentions: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Each article's entities (name, type), in the order of ``mentions``."""
    by_article: dict[str, list[tuple[str, str]]] = {}
    if len(mentions):
        for article_id, name, kind in zip(  # lists: an Arrow column's scalars are slow
            mentions["article_id"].astype(str).tolist(),
            mentions["entity"].astype(str).tolist(),
            mentions["type"].astype(str).tolist(),
            strict=True,
        ):
            by_article.setdefault(article_id, []).append((name, kind))
    return by_article


def extract_quotes(articles: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Every quote of ``articles`` (id, body, published_at, outlet), its speaker linked to
    the entities of ``mentions`` (article_id, entity, type).

    Returns:
        One row per quote (columns :data:`QUOTE_COLUMNS`); start/end and speaker_start/
        speaker_end are character offsets into the body; entity is "" when none is linked.
    """
    return parsed_quotes(articles, mention_lists(mentions))[0][QUOTE_COLUMNS]


CHECK_COLUMNS = ["row", "kind", "start", "end", "outcome"]


def parsed_quotes(
    articles: pd.DataFrame, by_article: dict[str, list[tuple[str, str]]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`extract_quotes` with each article's entities given, and each quote's ``row``
    (its article's label in ``articles``' index); and the parse's checks of every article
    (:data:`CHECK_COLUMNS`, see :func:`parsed_article`)."""
    rows, checks = [], []
    for row, article_id, body, when, outlet in zip(
        articles.index,
        articles["id"].astype(str),
        articles["body"].fillna("").astype(str),
        articles["published_at"],
        articles["outlet"],
        strict=True,
    ):
        found, read = parsed_article(body, by_article.get(article_id, []))
        for quote in found:
            rows.append({"article_id": article_id, "published_at": when, "outlet": outlet, **quote})
            rows[-1]["row"] = row
        checks.extend((row, *check) for check in read)
    return quote_frame(rows), check_frame(checks)


def quote_frame(rows: list[dict]) -> pd.DataFrame:
    """Quote rows (dicts of :data:`QUOTE_COLUMNS` and ``row``) as a frame, offsets as int64."""
    frame = pd.DataFrame(rows, columns=[*QUOTE_COLUMNS, "row"])
    for column in ("start", "end", "speaker_start", "speaker_end", "row"):
        frame[column] = frame[column].astype("int64")
    return frame


def check_frame(checks: list[tuple[int, int, int, int, int]]) -> pd.DataFrame:
    """Checks as (row, kind, start, end, outcome) tuples as a frame (int64 rows, int32 rest)."""
    frame = pd.DataFrame(checks, columns=CHECK_COLUMNS)
    return frame.astype(
        {"row": "int64", "kind": "int8", "start": "int32", "end": "int32", "outcome": "int32"}
    )
