"""Foreign names read by their neighbours: two words shaped like a foreign name and closed by an
office in apposition (دارين كولتون ضابط الشرطة، ليام فرستر، رئيس اللجنة) or by a present verb
(يقول، يتحدث), or opened by a verb of saying (وأضاف لامين كوسا), are a person.

A pass over an article's final hits (after the learned passes, the same with the tagger on or
off) where no hit lies: the scanner reads a foreign name from a listed first name, a role or a
nationality before it; here the cue is after it, or a verb of saying before it.
"""

from __future__ import annotations

from functools import lru_cache

from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.name_words import (
    _PRONOUN_SUFFIXES,
    _ROLE_WORDS,
    _foreign_w,
    _inflected,
    _is_foreign_part,
    _is_name_token,
    _is_verb,
    _lexicon_ends,
    _lexicon_name,
    _unknown_word,
)
from dashboard.pipeline.entities.tokens import _forms
from dashboard.pipeline.gazetteer import FIRST_NAMES, NAME_JOINERS, Gazetteer, words
from dashboard.pipeline.lexicon import lexicon

# Offices and occupations that stand in apposition after a name (bare or with the article).
_APPOSITIONS = _ROLE_WORDS | words(
    """
    لاعب مدافع مهاجم حارس مدرب باحث خبير محلل ضابط أستاذ مراسل متحدث متحدثة محامي محامية
    كاتب كاتبة مخرج مخرجة ممثل ممثلة مغني مغنية نجم نجمة مؤسس رئيسة مديرة مقرر مقررة
    """
)

# Verbs of saying after which a clause names its speaker (وقال، وأضافت، يعتبر).
_SAYING = words(
    """
    قال قالت أضاف أضافت أكد أكدت أوضح أوضحت صرح صرحت ذكر ذكرت أشار أشارت اعتبر اعتبرت
    يعتبر تعتبر يرى ترى وصف وصفت كشف كشفت أعلن أعلنت تابع تابعت
    """
)

# Present verbs that follow the speaker (فلان يقول، فلان يتحدث عن).
_SAYS = words("يقول تقول يؤكد تؤكد يتحدث تتحدث يرى ترى يكشف تكشف يعلن تعلن يدعو تدعو يحذر تحذر")


def _office(token: str) -> bool:
    """An office or occupation, bare or with the article (ضابط، الباحث، المتحدثة)."""
    return token in _APPOSITIONS or (token.startswith("ال") and token[2:] in _APPOSITIONS)


def _closes(norm: list[str], k: int) -> bool:
    """Whether the words at ``k`` close a name by apposition: an office, a comma and an
    office, or a present verb of saying."""
    token = norm[k] if k < len(norm) else ""
    if token in "،," and token:
        token = norm[k + 1] if k + 1 < len(norm) else ""
    return _office(token) or token in _SAYS


def _saying(token: str) -> bool:
    """A verb of saying, with و or ف or not (وقال، فأضافت)."""
    return token in _SAYING or (token[:1] in "وف" and token[1:] in _SAYING)


@lru_cache(maxsize=200_000)
def _foreign_word(token: str) -> bool:
    """A word of a foreign name: one the lexicon does not know (بارتليت، دياك), or takes for a
    name (a first name, a proper noun), not definite, not a joiner."""
    lex = lexicon()
    return (
        len(token) >= 2
        and token not in NAME_JOINERS
        and not token.startswith(("ال", "و"))
        and _is_name_token(token)
        and (
            _lexicon_name(token, True)
            or (_unknown_word(token) and _is_foreign_part(token) and not _inflected(token))
        )
        and not _lexicon_ends(token)
        and not _is_verb(token)
        and not any(
            lex.ordinary_word(f)
            or lex.verb(f)
            or lex.proper_word(f)
            or f in FIRST_NAMES
            or f in NAME_JOINERS
            or (f[:1] in "يت" and len(token) <= 5)  # ليضع، فيأتي; not ليونيد
            for f in _forms(token)[1:]
        )
    )


def _surname(token: str) -> bool:
    """A foreign surname: a word of a foreign name, or one written with و for W (ويلسون) that
    ends like no Arabic inflection (not وجبانا، وضعها، وفاة)."""
    if _foreign_word(token):
        return True
    return (
        _foreign_w(token)
        and not token.endswith(("ا", "ة", *_PRONOUN_SUFFIXES))
        and not _lexicon_ends(token)
    )


def _unlisted(gaz: Gazetteer, token: str) -> bool:
    """Whether no form of ``token`` (with clitics or not) is a listed place or organisation."""
    return all(
        gaz.types.get(gaz.aliases.get((form,), ()), "person") == "person" for form in _forms(token)
    )


def pair(norm: list[str], surface: list[str], gaz: Gazetteer, i: int) -> Hit | None:
    """The person of two words at ``i`` read by its neighbours, or None: both words of a
    foreign name (:func:`_foreign_word`), one the lexicon does not know or the first a listed
    first name, no listed place or organisation, closed by apposition (:func:`_closes`) or
    after a verb of saying and before a mark or an office."""
    if i + 1 >= len(norm):
        return None
    first, last = norm[i], norm[i + 1]
    if not (_foreign_word(first) and _surname(last) and len(last) >= 3 and len(first) <= 10):
        return None
    if last.endswith("ة") and last not in FIRST_NAMES:
        return None
    if not (_unknown_word(first) or _unknown_word(last) or first in FIRST_NAMES):
        return None
    if not (_unlisted(gaz, first) and _unlisted(gaz, last)) or (first, last) in gaz.aliases:
        return None
    after = norm[i + 2] if i + 2 < len(norm) else ""
    said = i > 0 and _saying(norm[i - 1]) and (not after[:1].isalpha() or _office(after))
    if not (said or _closes(norm, i + 2)):
        return None
    text = " ".join(surface[i : i + 2])
    return Hit((first, last), "person", "pattern", text, i, i + 2)


def _cued(norm: list[str]) -> list[int]:
    """The places a pair may start at: two words before an office or a present verb of saying
    (a comma between or not), one word after a verb of saying; in text order."""
    starts = set()
    for k, token in enumerate(norm):
        if _office(token) or token in _SAYS:
            starts.add(k - 2)
            if k >= 3 and norm[k - 1] in ("،", ","):
                starts.add(k - 3)
        elif _saying(token):
            starts.add(k + 1)
    return sorted(i for i in starts if 0 <= i < len(norm) - 1)


def revise(norm: list[str], surface: list[str], hits: list[Hit], gaz: Gazetteer) -> list[Hit]:
    """``hits`` with the persons read by their neighbours where no hit lies; in text order."""
    taken = [False] * (len(norm) + 1)
    for hit in hits:
        for k in range(hit.start, hit.end):
            taken[k] = True
    added = []
    for i in _cued(norm):
        if taken[i] or taken[i + 1] or (i and taken[i - 1] and not _saying(norm[i - 1])):
            continue
        hit = pair(norm, surface, gaz, i)
        if hit is not None:
            added.append(hit)
            taken[i] = taken[i + 1] = True
    return sorted([*hits, *added], key=lambda h: h.start) if added else hits
