"""Persons named in a list after one already read: the next conjunct (و before a first word and
a family name) is a person too (وقال خالد المطيري وجمال الحربي وسعد القرني).

A pass over an article's final hits (after the learned passes, the same with the tagger on or
off): a name of two words joined by و to a person just read, closed by a mark, another
conjunct, a stopword or a verb, is added as a person. Names that are also everyday words
(جمال، حسن، وسام) are left out of the first-name list; here the list itself is the cue.
"""

from __future__ import annotations

from dashboard.pipeline.entities.apposed import _unlisted
from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.name_words import (
    _PHRASE_PREFIXES,
    _PRONOUN_SUFFIXES,
    _ROLE_WORDS,
    _closes_name,
    _first_name,
    _is_accusative,
    _is_name_token,
    _lexicon_ends,
)
from dashboard.pipeline.entities.tokens import _forms, _join_abd
from dashboard.pipeline.gazetteer import FIRST_NAMES, NAME_JOINERS, Gazetteer
from dashboard.pipeline.lexicon import lexicon
from dashboard.text.arabic import stopwords

# Marks between a person and the next conjunct (خالد المطيري، وجمال الحربي).
_LIST_MARKS = frozenset("،,")


def _family_word(token: str, listed_first: bool) -> bool:
    """A word shaped like a family name: a name word of three letters or more that the lexicon
    takes for neither a verb nor an ordinary word (unless also a proper noun), with the article
    only as a word of relation (الحربي; not القومية، المحتمل) unless a listed first name opens
    the conjunct (وعبدالكريم السواط), no feminine or plural ending (تصريحات)."""
    lex = lexicon()
    bare = token[2:] if token.startswith("ال") else token
    return (
        _is_name_token(token)
        and len(bare) >= 3
        and token not in NAME_JOINERS
        and not lex.verb(token)
        and not (token.startswith("ال") and not token.endswith("ي") and not listed_first)
        and not token.startswith(_PHRASE_PREFIXES)
        and not token.endswith(_PRONOUN_SUFFIXES)
        and not (token.endswith(("ة", "ان")) and not lex.proper_word(token))
        and not any(lex.ordinary_word(f) and not lex.proper_word(f) for f in _forms(token)[1:])
        and not token.endswith(("ات", "ون", "ين"))
        and (lex.proper_word(bare) or bare in FIRST_NAMES or not lex.ordinary_word(bare))
    )


def _strong_family(token: str) -> bool:
    """A family name by its shape: a word of relation ending in ي (الحربي، عسيري), a listed
    first name (سامر سالم) or a proper noun the lexicon knows."""
    return (
        (token.endswith("ي") and len(token) >= 4)
        or token in FIRST_NAMES
        or lexicon().proper_word(token)
    )


def _first_word(token: str, family: str) -> bool:
    """Whether ``token`` (without its و) may open the conjunct's name: a name word, not
    definite, no role; an everyday word (وسام، أسعد) only before a family name by its shape."""
    if (
        len(token) < 3
        or token.startswith("ال")
        or token.endswith((*_PRONOUN_SUFFIXES, "وا"))
        or not _is_name_token(token)
        or token in _ROLE_WORDS
        or token in NAME_JOINERS
        or lexicon().verb(token)
        or _lexicon_ends(token)
    ):
        return False
    if _first_name(token) or lexicon().proper_word(token):
        return True
    if token[:1] in "يتنس" or _is_accusative(token):
        return False  # a verb (سيلتحق، يسعى) or an accusative (وزيرا)
    return _strong_family(family) if lexicon().ordinary_word(token) else True


def _closed(norm: list[str], k: int) -> bool:
    """Whether the conjunct's name ends before ``k``: the text ends, a mark, the next conjunct,
    a phrase with the article after a preposition, a stopword or a verb follows (not a third
    name part)."""
    if k >= len(norm):
        return True
    token = norm[k]
    if not token[:1].isalpha():
        return True
    return (
        (token[:1] == "و" and len(token) > 1)
        or token.startswith(_PHRASE_PREFIXES)  # للإصابات، بالمركز
        or token in stopwords()
        or _closes_name(token)
    )


def conjunct(norm: list[str], surface: list[str], gaz: Gazetteer, j: int) -> Hit | None:
    """The person named by the conjunct at ``j`` (just after a person, or after a comma after
    one): و glued to a first word, then a family name, closed (:func:`_closed`); else None."""
    if j < len(norm) and norm[j] in _LIST_MARKS:
        j += 1
    if j + 1 >= len(norm) or norm[j][:1] != "و" or len(norm[j]) < 4:
        return None
    first, family = norm[j][1:], norm[j + 1]
    lex = lexicon()
    if lex.verb(norm[j]) or (lex.ordinary_word(norm[j]) and not lex.proper_word(norm[j])):
        return None  # وصلوا، وزير، وفرحنا: one word, not و and a name
    if not (
        _first_word(first, family)
        and _family_word(family, bool(_first_name(first)))
        and not family.startswith("و")
        and _closed(norm, j + 2)
        and _unlisted(gaz, first)
        and _unlisted(gaz, family)
        and (first, family) not in gaz.aliases
    ):
        return None
    text = " ".join([surface[j][1:], surface[j + 1]])
    return Hit(_join_abd([first, family]), "person", "pattern", text, j, j + 2)


def revise(norm: list[str], surface: list[str], hits: list[Hit], gaz: Gazetteer) -> list[Hit]:
    """``hits`` with the persons named by conjuncts after a person (each new one may be
    followed by the next), where no hit lies; hits in text order."""
    taken = [False] * (len(norm) + 1)
    for hit in hits:
        for k in range(hit.start, hit.end):
            taken[k] = True
    added: list[Hit] = []
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.kind != "person" or hit.candidate:
            continue
        person = hit
        while True:
            new = conjunct(norm, surface, gaz, person.end)
            if new is None or any(taken[k] for k in range(new.start, new.end)):
                break
            for k in range(new.start, new.end):
                taken[k] = True
            added.append(new)
            person = new
    return sorted([*hits, *added], key=lambda h: h.start) if added else hits
