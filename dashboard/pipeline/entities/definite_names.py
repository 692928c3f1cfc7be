"""Definite words that may stand alone for a family name (المالكي، الحريري).

A word with the article is far more often an ordinary noun or adjective than a family name
alone. An adjective agrees with its noun, so right after a definite word (المذهب المالكي) a
definite word is left out, but after a verb of saying (وقال المالكي); after an indefinite
word (تنحي المالكي، في المالكي) it is kept for the corpus to resolve (see
:func:`~.aliases.corpus_surnames`, which counts how often it stands alone: an ordinary noun
stands alone far more often than its rare owner is named). A listed place's people
(اللبناني), a listed name, a word the article also writes with a preposition (بالجديد), and
a dictionary noun without the article (الصدر: صدر; a nisba in ي is kept) and a word in ة (an
ordinary feminine noun far more often than a family name: العمرة) are left out too.
"""

from __future__ import annotations

from dashboard.pipeline.entities.apposed import _saying
from dashboard.pipeline.entities.name_words import _is_name_token
from dashboard.pipeline.entities.scanner import Scanner
from dashboard.pipeline.lexicon import lexicon


def _definite(token: str) -> bool:
    """A word with the article, with a clitic before it or not (الحج، والحج، بالحج، للحج)."""
    return token.startswith(("ال", "لل")) or (token[:1] in "وفبك" and token[1:3] == "ال")


def definite_form(token: str) -> str:
    """``token`` without و / ف when it is then a definite word of five letters or more."""
    form = token[1:] if token[:1] in "وف" and token[1:3] == "ال" else token
    return form if form.startswith("ال") and len(form) >= 5 else ""


def name_place(norm: list[str], i: int, scanner: Scanner) -> bool:
    """Whether the definite word at ``i`` may stand for a family name alone (see the module's
    docstring)."""
    form = definite_form(norm[i])
    if not form or form.endswith("ة") or not _is_name_token(form) or form in scanner.common:
        return False
    stem = form[2:]
    if scanner.nationality(form) or (form,) in scanner.gaz.aliases:
        return False
    if lexicon().ordinary_word(stem) and not stem.endswith("ي"):
        return False
    previous = norm[i - 1] if i else ""
    return _saying(previous) or not _definite(previous)
