"""Where the scanner's rules may start in an article: a word test per distinct word, so that
the scanner visits only those places (a third of the words in news text) and no others.

Each test here is a necessary condition of the rules in
:meth:`~dashboard.pipeline.entities.scanner.Scanner.scan`: at a place none holds, no rule
finds anything, so skipping it changes no hit.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from dashboard.pipeline.entities.name_words import (
    _ALI,
    _KUNYA,
    _KUNYA_FORMS,
    _is_name_token,
    _is_nationality,
    _lexicon_name,
    _opens_clause,
    _starts_pattern,
    _starts_place,
)
from dashboard.pipeline.entities.organisations import _TEAM_WORDS
from dashboard.pipeline.entities.tokens import _forms
from dashboard.pipeline.gazetteer import NAME_JOINERS, Gazetteer
from dashboard.pipeline.lexicon import lexicon


def _may_open(token: str) -> bool:
    """Whether a rule may start at ``token`` whatever comes before it: a pattern's or a
    place's head, a team word, a kunya, a proper noun, or ل (before a quote)."""
    return (
        _starts_pattern(token)
        or _starts_place(token)
        or token in _TEAM_WORDS
        or token in _KUNYA_FORMS
        or token == "ل"
        or lexicon().proper_word(token)
    )


_MARKS = frozenset({".", ":", ",", "،"})


def _opens_after(token: str) -> bool:
    """Whether a rule may start after ``token``: a nationality (a candidate), a clause's
    opening (a name from the lexicon), a full stop, colon or comma (a byline, a guest)."""
    return _is_nationality(token) or _opens_clause(token) or token in _MARKS


def _may_follow(token: str) -> bool:
    """Whether a rule that asks for :func:`_opens_after` of the word before may start at
    ``token``: a name word without the article (a byline, a guest, a candidate), علي or a
    joiner (a guest), a kunya (a candidate) or a name from the lexicon (a name opening a
    clause)."""
    return (
        (_is_name_token(token) and not token.startswith("ال"))
        or token in _ALI
        or token in NAME_JOINERS
        or any(form in _KUNYA for form in _forms(token))
        or _lexicon_name(token, True)
    )


# The bits of a word's code: a rule may start at it, after a word that opens one, or after it.
_OPENS, _FOLLOWS, _AFTER = 1, 2, 4


@lru_cache(maxsize=200_000)
def _word_code(token: str) -> int:
    """The tests of ``token`` as bits: :func:`_may_open`, :func:`_may_follow` and
    :func:`_opens_after`."""
    return _OPENS * _may_open(token) | _FOLLOWS * _may_follow(token) | _AFTER * _opens_after(token)


def rule_starts(
    norm: list[str], gaz: Gazetteer, tag_len: dict[str, int], ali: set[int]
) -> list[int]:
    """The places of ``norm``, in order, where a listed name, a tag or a rule may start
    (``ali``: where علي is the name; the first word always)."""
    if not norm:
        return []
    starts = gaz.starts
    for token in set(norm).difference(starts):
        gaz.may_start(token, _forms(token))  # remembered per word in ``starts``
    codes = list(map(int.__or__, map(_word_code, norm), map(starts.__getitem__, norm)))
    if tag_len:
        tagged = {t for t in set(norm) if any(f in tag_len for f in _forms(t))}
        codes = [code | (token in tagged) for code, token in zip(codes, norm, strict=True)]
    code = np.array(codes, dtype=np.int8)
    before = np.concatenate(([0], code[:-1])).astype(np.int8)
    wanted = ((code & _OPENS) > 0) | (((code & _FOLLOWS) > 0) & ((before & _AFTER) > 0))
    places = np.flatnonzero(wanted).tolist()
    extra = ali.union([0]).difference(places)
    return sorted([*places, *extra]) if extra else places
