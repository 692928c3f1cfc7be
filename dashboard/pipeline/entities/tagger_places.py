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
dropped (نجد، تور read as places in other senses). These are the changes measured and kept
(README, "The learned name tagger", its places and organisations); the variants measured and
not kept (retype, def, loose, noquote, apart, strip, head) and the switch that chose among them
are in git history at df71901 (``git show df71901:dashboard/pipeline/entities/tagger_places.py``).
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
    Reading,
    decoded,
    viterbi,
)
from dashboard.pipeline.entities.tokens import _forms
from dashboard.pipeline.gazetteer import (
    COMMON_WORD_PLACES,
    FIRST_NAMES,
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


def read(
    model: NameTagger,
    norm: list[str],
    hits: list[Hit],
    around: tuple[Hit, ...] = (),
    reading: Reading | None = None,
) -> list[tuple[int, int, str]]:
    """(start, end, type) of the places and organisations the tagger reads: Viterbi over
    ``MARGIN`` tokens on each side of every token outside the rules' hits whose place or
    organisation score comes within :data:`NEAR` of its O score, and of the hits ``around``
    (those whose reading may change them). ``reading``: the tagger's reading of ``norm``
    (:meth:`NameTagger.read`, shared with its persons; read here when not given)."""
    n = len(norm)
    if not n:
        return []
    if reading is None:
        reading = model.read(norm)
    scores = reading.scores(model, norm, hits)
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
    return [name for name in decoded(ranges, labels, n) if name[2] in _KINDS]


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
def _opening(token: str) -> bool:
    """A word a name the rules missed may open with: a name word the lexicon does not hold
    as an ordinary word (without its clitic, or with the article), or a listed name's
    first word."""
    if not _name_word(token):
        return False
    forms = _forms(token)
    if any(f in COMMON_WORD_PLACES or f in MONTHS for f in forms):
        return False
    gaz = gazetteer()
    if any(f in gaz.max_len for f in forms):
        return True
    lex = lexicon()
    return not any(lex.ordinary_word(f) or f in FIRST_NAMES for f in forms)


def _key(tokens: list[str]) -> tuple[tuple[str, ...], int]:
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
    return tuple(tokens), 0


def _inside(key: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether ``key``'s words stand together inside a longer ``other`` (الضفة in الضفة
    الغربية, الجزيرة in قناة الجزيرة): the same name, already read there."""
    n = len(key)
    return len(other) > n and any(other[i : i + n] == key for i in range(len(other) - n + 1))


def _droppable(hit: Hit) -> bool:
    """A listed place (from the gazetteer), dropped where the tagger reads no name over it."""
    return hit.kind == "place" and hit.source == "gazetteer"


def revise(
    model: NameTagger,
    norm: list[str],
    surface: list[str],
    hits: list[Hit],
    reading: Reading | None = None,
) -> list[Hit]:
    """The hits changed by the tagger's places and organisations: the names it reads added,
    the listed places it reads no name over dropped; hits from tags and candidates are left
    alone. ``reading``: as :func:`read`'s."""
    listed = tuple(h for h in hits if not h.candidate and _droppable(h))
    read_names = read(model, norm, hits, listed, reading)
    taken = bytearray(len(norm) + 1)
    for h in hits:
        taken[h.start : h.end] = b"\x01" * (h.end - h.start)
    keys: dict[str, set] = {kind: set() for kind in _KINDS}
    for h in hits:
        if h.kind in keys and not h.candidate:
            keys[h.kind].add(h.key)
    out = []
    for h in hits:
        dropped = not h.candidate and _droppable(h)
        if dropped and not any(s < h.end and h.start < e for s, e, _ in read_names):
            continue
        out.append(h)
    added = []
    for s, e, kind in read_names:
        if any(taken[s:e]):
            continue
        if not _opening(norm[s]) or not all(_inner_word(t) for t in norm[s + 1 : e]):
            continue
        if e - s == 1 and e < len(norm) and _before_role(norm[e]):
            continue  # كرم الأمير: a verb before its subject
        key, cut = _key(norm[s:e])
        if kind == "place" and e - s == 1 and key[0].startswith("ال"):
            continue  # القطاع, the strip or a sector: a definite word alone is rarely a place
        first = surface[s][cut:]
        if norm[s].startswith("لل") and key[0].startswith("ال") and not cut:
            first = "ا" + first[1:]  # للميادين: الميادين
        text = " ".join([first, *surface[s + 1 : e]])
        added.append(Hit(key, kind, "pattern", text, s, e))
        keys[kind].add(key)
    for hit in added:
        if not any(_inside(hit.key, k) for k in keys[hit.kind]):
            out.append(hit)
    return sorted(out, key=lambda h: h.start)
