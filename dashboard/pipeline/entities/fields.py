"""The field that closes an organisation's name after its noun with لل: the field's adjectives
and a second field joined by و (الهيئة العامة للسياحة والتراث الوطني، المركز المغاربي للدراسات
الأمنية وتحليل السياسات، الإدارة العامة للعلاقات العامة والإعلام), or a listed name
(الجمعية العامة للأمم المتحدة)."""

from __future__ import annotations

from dashboard.pipeline.entities.name_words import _is_name_token, _is_nisba
from dashboard.pipeline.gazetteer import Key
from dashboard.pipeline.lexicon import lexicon


def _adjectives_end(norm: list[str], j: int) -> int:
    """End of the definite adjectives of relation from ``j`` (الأمنية، العامة، الوطني)."""
    while j < len(norm) and norm[j].startswith("ال") and _is_nisba(norm[j]):
        j += 1
    return j


def field_rest(norm: list[str], j: int) -> int:
    """End of a field whose noun with لل ends at ``j``: its adjectives, then a second noun
    with وال (والتراث الوطني) or an indefinite dictionary noun with و before a definite
    complement (وتحليل السياسات), and that noun's adjectives."""
    j = _adjectives_end(norm, j)
    token = norm[j] if j < len(norm) else ""
    nxt = norm[j + 1] if j + 1 < len(norm) else ""
    if token.startswith("وال") and _is_name_token(token) and not _is_nisba(token):
        return _adjectives_end(norm, j + 1)
    if (
        token[:1] == "و"
        and _is_name_token(token)
        and lexicon().ordinary_word(token[1:])
        and not lexicon().verb(token[1:])
        and nxt.startswith("ال")
        and _is_name_token(nxt)
        and not _is_nisba(nxt)
    ):
        return _adjectives_end(norm, j + 2)
    return j


def listed_field_end(norm: list[str], j: int, aliases: dict[Key, Key], longest: int) -> int:
    """End of a listed name of two words or more written with لل at ``j`` (للأمم المتحدة:
    الأمم المتحدة), or ``j``."""
    first = "ال" + norm[j][2:]
    for n in range(min(longest, len(norm) - j), 1, -1):
        if (first, *norm[j + 1 : j + n]) in aliases:
            return j + n
    return j
