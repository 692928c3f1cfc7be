"""The learned name tagger's places and organisations where the rules read none, and listed
places it reads as no name.

The tagger (:mod:`dashboard.pipeline.entities.tagger`) labels places and organisations as
well as persons. Here they are read over stretches of an article around the words whose
place or organisation scores come near their O score (:func:`read`), and a place or an
organisation of the tagger that no hit of the rules overlaps is added when its words read as
a name (:func:`revise`): its first word no verb, stopword, role, head noun, month or listed
common word, and no dictionary word unless a listed name starts with it; its other words no
verb or stopword; a name of one word not before a title or a role (كرم الأمير: a verb); a
place of one word not definite (القطاع is the Gaza Strip or a sector); no name already read
inside a longer one of its type in the article (الضفة beside الضفة الغربية). A listed place
of the rules (from the gazetteer) that no place or organisation of the tagger overlaps is
dropped (نجد، تور read as places in other senses). Which of these changes the extraction
makes is :data:`KEPT`; the other options are the variants measured and not kept (README,
"The learned name tagger", its places and organisations).
Used with the tagger (unless ``MARSAD_NAME_TAGGER=off``), after its persons (``article.py``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.learned import _announces
from dashboard.pipeline.entities.name_words import _ROLE_FIRST, _TITLE_WORDS, _is_name_token
from dashboard.pipeline.entities.tagger import (
    LABELS,
    MARGIN,
    NameTagger,
    rule_labels,
    spans,
    viterbi,
)
from dashboard.pipeline.entities.tokens import _forms
from dashboard.pipeline.gazetteer import (
    COMMON_WORD_PLACES,
    FIRST_NAMES,
    ORG_HEADS,
    PLACE_NOUNS,
    gazetteer,
)
from dashboard.pipeline.lexicon import lexicon
from dashboard.text.arabic import stopwords
from dashboard.text.dates import MONTHS

_O = LABELS.index("O")
_KINDS = {
    kind: [LABELS.index(f"B-{kind}"), LABELS.index(f"I-{kind}")]
    for kind in ("place", "organisation")
}
# How far under the O label's score a place's or organisation's label may be for the
# token to open a stretch (the Viterbi over the stretch decides).
NEAR = 2.0

# The ways the tagger's places and organisations change the rules' hits: "place+1" adds
# places of one word, "place+2" of two words or more, "org+1" and "org+2" organisations
# alike; "drop" drops a listed place that no name of the tagger overlaps. Measured and not
# kept: "retype" retypes a rule's organisation or place that the tagger reads, same words,
# as the other type; "def" adds definite places of one word too; "loose" lets a
# dictionary word open a name; "noquote" adds no one-word name after a quote or bracket;
# "apart" adds names that stand inside a longer one of their type; "strip" cuts a clitic
# off a first word no list knows; "head" lets a head noun open a name of two words or more.
OPTIONS = frozenset(
    "place+1 place+2 org+1 org+2 retype drop def loose noquote apart strip head".split()
)
# Marks a quoted or bracketed word follows: a one-word name the tagger reads there is as
# often a title, a nickname or a foreign word glossed.
_QUOTES = frozenset('«»"()')
KEPT = frozenset({"place+1", "place+2", "org+1", "org+2", "drop"})
_CHOSEN: list[frozenset[str]] = [KEPT]


def choose(options: frozenset[str]) -> None:
    """Set the ways the tagger's places and organisations change the hits (the scorer's
    variants); :data:`KEPT` is what the extraction uses."""
    unknown = options - OPTIONS
    if unknown:
        raise ValueError(f"unknown options {sorted(unknown)}")
    _CHOSEN[:] = [frozenset(options)]


def read(
    model: NameTagger, norm: list[str], hits: list[Hit], around: tuple[Hit, ...] = ()
) -> list[tuple[int, int, str]]:
    """(start, end, type) of the places and organisations the tagger reads: Viterbi over
    ``MARGIN`` tokens on each side of every token outside the rules' hits whose place or
    organisation score comes within :data:`NEAR` of its O score, and of the hits ``around``
    (those whose reading may change them)."""
    n = len(norm)
    if not n:
        return []
    rows = model.words(["<s>", "</s>", *norm])
    table = model.table[0]
    at = rows[2:]
    words = table[np.concatenate((rows[:1], rows[:1], at, rows[1:2], rows[1:2]))]
    scores = model.scores(norm, rule_labels(n, hits), words)
    named = scores[:, _KINDS["place"] + _KINDS["organisation"]].max(axis=1)
    near = named > scores[:, _O] - NEAR
    for h in hits:
        near[h.start : h.end] = False
    for h in around:
        near[h.start : h.end] = True
    marks = np.flatnonzero(near)
    if not len(marks):
        return []
    ranges: list[list[int]] = []
    for i in marks.tolist():
        s, e = max(0, i - MARGIN), min(n, i + MARGIN + 1)
        if ranges and s <= ranges[-1][1]:
            ranges[-1][1] = e
        else:
            ranges.append([s, e])
    labels = viterbi([scores[s:e] for s, e in ranges], model.transitions)
    return [
        name
        for (start, _), seq in zip(ranges, labels, strict=True)
        for name in spans(seq, start)
        if name[2] in _KINDS
    ]


def _verb(token: str) -> bool:
    """Whether ``token`` is mostly a verb (with و or ف or not; the feminine ت only after
    one of them: وقالت, while تكريت is no verb)."""
    lex = lexicon()
    if lex.verb(token):
        return True
    rest = token[1:] if token[:1] in "وف" else ""
    return bool(rest) and (lex.verb(rest) or (rest[-1:] == "ت" and lex.verb(rest[:-1])))


@lru_cache(maxsize=200_000)
def _name_word(token: str) -> bool:
    """A word that may be part of a place's or an organisation's name: Arabic letters, no
    stopword, role or head noun (with its clitics), and no verb."""
    return _is_name_token(token) and not _verb(token)


@lru_cache(maxsize=200_000)
def _inner_word(token: str) -> bool:
    """A word that may follow a name's first word: letters, no stopword and no verb."""
    return token[:1].isalpha() and token not in stopwords() and not _verb(token)


@lru_cache(maxsize=200_000)
def _before_role(token: str) -> bool:
    """A title or a role (الأمير، المدير), with the article or not: a word alone before one is
    far more often a verb before its subject than a name."""
    return token in _TITLE_WORDS or token in _ROLE_FIRST or _announces(token)


@lru_cache(maxsize=200_000)
def _head(token: str) -> bool:
    """An organisation's or a place's head noun (قناة، جامعة، مدينة), with a clitic or not."""
    return not _verb(token) and any(f in ORG_HEADS or f in PLACE_NOUNS for f in _forms(token))


@lru_cache(maxsize=200_000)
def _opening(token: str, loose: bool = False) -> bool:
    """A word a name the rules missed may open with: a name word the lexicon does not hold
    as an ordinary word (without its clitic, or with the article), or a listed name's
    first word."""
    if not _name_word(token):
        return False
    forms = _forms(token)
    if any(f in COMMON_WORD_PLACES or f in MONTHS for f in forms):
        return False
    if loose:
        return True
    gaz = gazetteer()
    if any(f in gaz.max_len for f in forms):
        return True
    lex = lexicon()
    return not any(lex.ordinary_word(f) or f in FIRST_NAMES for f in forms)


def _key(tokens: list[str], strip: bool = False) -> tuple[tuple[str, ...], int]:
    """A name's key (the gazetteer's where a form of it is listed) and the surface
    characters its first word's clitic takes."""
    gaz = gazetteer()
    first = tokens[0]
    forms = _forms(first)
    for form in forms:
        key = gaz.aliases.get((form, *tokens[1:]))
        if key is not None:
            return key, len(first) - len(form)
    lex = lexicon()
    if lex.proper_word(first) or first in gaz.max_len:
        return (first, *tokens[1:]), 0
    for form in forms[1:]:
        if form in gaz.max_len or lex.proper_word(form) or form.startswith("ال"):
            return (form, *tokens[1:]), len(first) - len(form)
    if strip and len(forms) > 1 and len(forms[1]) >= 3 and not lex.ordinary_word(first):
        return (forms[1], *tokens[1:]), len(first) - len(forms[1])
    return tuple(tokens), 0


def _inside(key: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether ``key``'s words stand together inside a longer ``other`` (الضفة in الضفة
    الغربية, الجزيرة in قناة الجزيرة): the same name, already read there."""
    n = len(key)
    return len(other) > n and any(other[i : i + n] == key for i in range(len(other) - n + 1))


def _droppable(hit: Hit) -> bool:
    """A listed place (from the gazetteer), which "drop" drops where the tagger reads no
    name over it."""
    return hit.kind == "place" and hit.source == "gazetteer"


def revise(model: NameTagger, norm: list[str], surface: list[str], hits: list[Hit]) -> list[Hit]:
    """The hits changed by the tagger's places and organisations (:data:`KEPT`, or what
    :func:`choose` set); hits from tags and candidates are left alone."""
    chosen = _CHOSEN[0]
    if not chosen:
        return hits
    ruled = [h for h in hits if h.source != "tag" and not h.candidate and h.kind in _KINDS]
    if "retype" not in chosen:
        ruled = [h for h in ruled if "drop" in chosen and _droppable(h)]
    read_names = read(model, norm, hits, tuple(ruled))
    if not read_names and "drop" not in chosen:
        return hits
    taken = bytearray(len(norm) + 1)
    for h in hits:
        taken[h.start : h.end] = b"\x01" * (h.end - h.start)
    by_span = {(s, e): kind for s, e, kind in read_names}
    keys: dict[str, set] = {kind: set() for kind in _KINDS}
    for h in hits:
        if h.kind in keys and not h.candidate:
            keys[h.kind].add(h.key)
    out = []
    for h in hits:
        kind = by_span.get((h.start, h.end))
        if h.source != "tag" and not h.candidate and h.kind in _KINDS:
            if "retype" in chosen and kind is not None and kind != h.kind:
                h = Hit(h.key, kind, h.source, h.surface, h.start, h.end)
            elif (
                "drop" in chosen
                and _droppable(h)
                and kind is None
                and not any(s < h.end and h.start < e for s, e, _ in read_names)
            ):
                continue
        out.append(h)
    added = []
    for s, e, kind in read_names:
        size = "+1" if e - s == 1 else "+2"
        option = ("place" if kind == "place" else "org") + size
        if option not in chosen or any(taken[s:e]):
            continue
        heads = "head" in chosen and e - s > 1 and _head(norm[s])
        if not (heads or _opening(norm[s], "loose" in chosen)) or not all(
            _inner_word(t) for t in norm[s + 1 : e]
        ):
            continue
        if "noquote" in chosen and e - s == 1 and s and norm[s - 1] in _QUOTES:
            continue
        if e - s == 1 and e < len(norm) and _before_role(norm[e]):
            continue  # كرم الأمير: a verb before its subject
        key, cut = _key(norm[s:e], "strip" in chosen)
        if kind == "place" and e - s == 1 and "def" not in chosen and key[0].startswith("ال"):
            continue  # القطاع, the strip or a sector: a definite word alone is rarely a place
        first = surface[s][cut:]
        if norm[s].startswith("لل") and key[0].startswith("ال") and not cut:
            first = "ا" + first[1:]  # للميادين: الميادين
        text = " ".join([first, *surface[s + 1 : e]])
        added.append(Hit(key, kind, "pattern", text, s, e))
        keys[kind].add(key)
    for hit in added:
        if "apart" in chosen or not any(_inside(hit.key, k) for k in keys[hit.kind]):
            out.append(hit)
    return sorted(out, key=lambda h: h.start)
