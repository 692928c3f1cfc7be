"""The rules' bounds on the name tagger's persons: where the rules fix a name's start or end,
the tagger's person obeys them.

The tagger (:mod:`dashboard.pipeline.entities.tagger`) reads persons from learned weights; the
rules (the scanner) know things the weights cannot hold for every word: a title or a role is no
part of the name after it, a listed first name with و opens the next person, an office or a
place with a clitic ends a name, a name never ends on a joiner (أبو، بن), and a name read only
from a nationality or a kunya waits for the corpus to confirm it. :func:`bounded` applies these
to the tagger's person spans after decoding: it trims, splits and cuts them, it never moves a
name past where the tagger read it (but to take the word after a joiner that the rules took),
and each test is one the rules' own reading already makes (:mod:`scanner`,
:mod:`name_ends`). A post-pass rather than constraints inside the Viterbi: the tests read the
article as the rules did (their hits, candidates and the scanner's word tests), they change no
feature and no weight, so the model file and its training stay as they are, and each bound
can be seen at work on a written sentence (tests/test_entities_tagger.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from dashboard.pipeline.entities import name_ends
from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.name_words import (
    _KUNYA,
    _PARTICLES,
    _TITLE_WORDS,
    _first_name,
    _glued,
    _is_nationality,
    _is_nisba,
    _is_verb,
    _lexicon_name,
)
from dashboard.pipeline.entities.scanner import _ROLE_MODIFIERS, _and_next, opens_by_shape
from dashboard.pipeline.entities.tokens import _forms, bare_forms
from dashboard.pipeline.gazetteer import (
    FOREIGN_FIRST_NAMES,
    NAME_JOINERS,
    ORG_HEADS,
    PERSON_ROLES,
    PLACE_NOUNS,
    gazetteer,
)
from dashboard.text.arabic import stopwords


@dataclass(frozen=True)
class Person:
    """A person the tagger reads, within the rules' bounds; ``candidate``: for the corpus to
    confirm, as the rules' names after a nationality are."""

    start: int
    end: int
    candidate: bool = False


@lru_cache(maxsize=200_000)
def title(token: str) -> bool:
    """Whether the rules read ``token`` as what stands before a name, never in it: a title, a
    one-word role, a rank's modifier (ركن، باسم) or a nationality, with a clitic or not."""
    return _is_nationality(token) or any(
        f in _TITLE_WORDS or f in _ROLE_MODIFIERS or (f,) in PERSON_ROLES for f in _forms(token)
    )


def ends_before(norm: list[str], j: int) -> bool:
    """Whether the rules end any name before the word at ``j``: the next phrase
    (:func:`name_ends.next_phrase`: a short present verb, a preposition on a noun, an
    elative, an office), or a listed place or body, or a place's or body's head noun, with a clitic
    (بمأرب، بولاية)."""
    return _ends(norm[j], norm[j + 1] if j + 1 < len(norm) else "")


@lru_cache(maxsize=200_000)
def _ends(token: str, nxt: str) -> bool:
    if name_ends.next_phrase(token, nxt):
        return True
    if _first_name(token) or token in FOREIGN_FIRST_NAMES:
        return False
    gaz = gazetteer()
    if token in gaz.person_parts or gaz.types.get(gaz.aliases.get((token,), ()), "") == "person":
        return False
    rest = token[1:]
    return (token[:1] == "ب" and (rest in PLACE_NOUNS or rest in ORG_HEADS)) or any(
        gaz.types.get(gaz.aliases.get((form,), ()), "person") != "person"
        for form, _, _ in bare_forms(token)
    )


def opens_next(norm: list[str], start: int, j: int) -> bool:
    """Whether the word at ``j`` opens the next person's name by its shape, as the rules read
    it (:func:`scanner.opens_by_shape`: جو هاريسون | دونالد، أحمد بن راشد | كمال، أحمد سليم |
    وزياد), or is و and the next phrase after two parts (محمد نور | وحسن:
    :func:`scanner._and_next`)."""
    if j - start == 1 and norm[j] in FOREIGN_FIRST_NAMES and norm[j] != norm[start]:
        return False  # ليبرون جيمس، إيف فرانسوا: one word before is no name alone
    return opens_by_shape(norm, start, j) or _and_next(norm[j], j - start)


def _kunya(token: str) -> bool:
    return any(f in _KUNYA for f in _forms(token))


def _joiner(token: str) -> bool:
    return token in NAME_JOINERS or token in _PARTICLES


def after_glued(norm: list[str], start: int) -> bool:
    """Whether the word before ``start`` is two words the scraper glued together (فيمااكدت:
    :func:`name_words._glued`; not a definite word), after which the rules read no name: a
    name's start cannot be told there."""
    before = norm[start - 1] if start else ""
    return not before.startswith("ال") and _glued(before)


def after_nationality(norm: list[str], start: int) -> bool:
    """Whether a name at ``start`` follows a nationality, the rules' weaker context that
    waits for the corpus (وقال الهولندي فلان); not a nisba that is an indefinite noun's
    complement, a club or a body (مهاجم الأهلي فلان)."""
    if start < 1 or not _is_nationality(norm[start - 1]):
        return False
    before = norm[start - 2] if start >= 2 else ""
    return not (
        before[:1].isalpha()
        and not before.startswith("ال")
        and before not in stopwords()
        and not _is_verb(before)
    )


def _family_goes_on(token: str) -> bool:
    """Whether a name goes on after آل and the family's name: a nasab (بن) or a tribe's nisba
    (سالم مبارك آل عائض الشهراني), not the sentence's next word (آل سعود | الوفد)."""
    return token in name_ends.SON_OF or _is_nisba(token)


def bounded(norm: list[str], hits: list[Hit], spans: Iterable[tuple[int, int]]) -> list[Person]:
    """The tagger's person spans within the rules' bounds.

    A span that overlaps a name the rules left to the corpus (a candidate: after a
    nationality, a kunya) is left out, the candidate standing, but for a kunya read over the
    same words (the tagger confirms it). Titles, roles and nationalities at its start are cut
    off (not where a rule's person starts with one: الملك سلمان). It is split where the
    rules open the next person by its shape (:func:`opens_next`), and it ends where the
    rules end a name (:func:`ends_before`). A part that ends on a joiner takes the rule's end
    when a rule's person goes on past it (أبو زهري), else drops the joiner. A part that
    overlaps no rule's person is left out after a glued word (:func:`after_glued`); one
    after a nationality is a candidate, as the rules' are, unless the lexicon takes every
    word of it for a name. A rule's person right after a title (الملك، الأمير، الشيخ، الإمام)
    that the tagger reads nothing over stays.
    """
    persons = [h for h in hits if h.kind == "person" and not h.candidate]
    n = len(norm)
    ruled = [-1] * (n + 1)  # the rules' person each token is in (its index), or -1
    waiting = [-1] * (n + 1)  # the candidate each token is in, or -1
    for k, h in enumerate(persons):
        ruled[h.start : h.end] = [k] * (h.end - h.start)
    candidates = [(h.start, h.end) for h in hits if h.kind == "person" and h.candidate]
    for k, (a, b) in enumerate(candidates):
        waiting[a:b] = [k] * (b - a)
    out: list[Person] = []
    for s, e in spans:
        waits = {waiting[j] for j in range(s, e)} - {-1}
        kunya = False
        if waits:
            a, b = candidates[min(waits)]
            kunya = len(waits) == 1 and a == s and b <= e and _kunya(norm[s])
            if not kunya:
                continue
        while s < e and (ruled[s] < 0 or (s and ruled[s - 1] == ruled[s])) and title(norm[s]):
            s += 1
        parts, start = [], s
        for j in range(s + 1, e):
            if j - s >= 2 and norm[j - 2] == "ال" and not _family_goes_on(norm[j]):
                e = j  # آل and the family's name close a name: ... آل سعود | الوفد
                break
            if _joiner(norm[j - 1]) or (ruled[j] >= 0 and ruled[j] == ruled[j - 1]):
                continue  # bound to the word before it, or inside a name the rules read
            if opens_next(norm, start, j):
                parts.append((start, j))
                start = j
            elif ends_before(norm, j):
                e = j
                break
        if start < e:
            parts.append((start, e))
        for s, e in parts:
            if _joiner(norm[e - 1]) and ruled[e - 1] >= 0:
                e = max(e, persons[ruled[e - 1]].end)
            while e > s and _joiner(norm[e - 1]):
                e -= 1
            if s >= e:
                continue
            read = kunya or any(ruled[j] >= 0 for j in range(s, e))
            if not read and after_glued(norm, s):
                continue
            waits_for_corpus = after_nationality(norm, s) and not all(
                _lexicon_name(t) or t in _PARTICLES for t in norm[s:e]
            )
            out.append(Person(s, e, not read and waits_for_corpus))
    if out or persons:
        taken = bytearray(n + 1)
        for p in out:
            taken[p.start : p.end] = b"\x01" * (p.end - p.start)
        out += [
            Person(h.start, h.end)
            for h in persons
            if h.start
            and not any(taken[h.start : h.end])
            and any(f in _TITLE_WORDS for f in _forms(norm[h.start - 1]))
        ]
    return sorted(out, key=lambda p: p.start)
