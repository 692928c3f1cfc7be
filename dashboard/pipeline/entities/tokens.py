"""Tokens of an article for entity scanning: surface and normalised forms, clitics stripped."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from dashboard.pipeline.gazetteer import (
    Key,
)
from dashboard.text.arabic import DIACRITICS, TOKEN, normalize

# Invisible characters that would split a word (bidi marks, zero-width joiners) and tatweel.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u0640]")


# Words, numbers, and punctuation marks (kept as tokens so that no name spans them).
_WORD_OR_MARK = re.compile(TOKEN.pattern + r"|[^\s\w]")


ARABIC_WORD = re.compile("[\u0621-\u064a]+")


def split_tokens(text: str) -> tuple[list[str], list[str]]:
    """Surface tokens (diacritics removed) and their normalised forms, position by position."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    surface = _WORD_OR_MARK.findall(DIACRITICS.sub("", text))
    norm = normalize(" ".join(surface)).split(" ") if surface else []
    if len(norm) != len(surface):
        norm = [normalize(token) or "." for token in surface]
    return surface, norm


@lru_cache(maxsize=200_000)
def bare_forms(token: str) -> tuple[tuple[str, int, str], ...]:
    """Forms of ``token`` without clitics, as (form, surface chars to cut, text to prepend)."""
    forms = []
    rest = token[1:] if token[:1] in "وف" else token
    if rest != token:
        forms.append((rest, 1, ""))
    cut = len(token) - len(rest)
    if rest.startswith("لل"):
        forms.append(("ا" + rest[1:], cut + 1, "ا"))
    elif rest[:1] in "بلك":
        forms.append((rest[1:], cut + 1, ""))
    return tuple(form for form in forms if len(form[0]) >= 3)


def _variants(norm: list[str], surface: list[str], i: int) -> list[tuple[str, str]]:
    """The first token at ``i`` as written and without clitics, with matching surfaces."""
    out = [(norm[i], surface[i])]
    out += [(form, add + surface[i][cut:]) for form, cut, add in bare_forms(norm[i])]
    return out


@lru_cache(maxsize=200_000)
def _forms(token: str) -> tuple[str, ...]:
    """``token`` and its forms without clitics."""
    return (token, *(form for form, _, _ in bare_forms(token)))


def _join_abd(tokens: list[str]) -> Key:
    """A person key with عبد written joined to the next word (عبد العزيز -> عبدالعزيز)."""
    out: list[str] = []
    for token in tokens:
        if out and out[-1] == "عبد":
            out[-1] += token
        else:
            out.append(token)
    return tuple(out)
