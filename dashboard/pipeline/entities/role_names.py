"""The person after a role's complement: وزير خارجية X فلان، المتحدث باسم حركة X فلان، المفوض
العام لوكالة X فلان، السفير الفلسطيني في قطر فلان.

A role's complement is definite (وزير الخارجية الإسرائيلي), a word with a preposition attached
(لوكالة، للمركز، بالوكالة), a word with an attached pronoun (وزير دفاعه), a listed place or
organisation (ملك إسبانيا، مراسل الجزيرة), a quoted name, or في، لدى، باسم and the word after
them. The first indefinite word after it that reads as a name opens the person's name, and the
name ends where the scanner's name reading ends it.
"""

from __future__ import annotations

from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.name_words import (
    _PRONOUN_SUFFIXES,
    _first_name,
    _is_name_token,
    _lexicon_ends,
    _lexicon_name,
    _unknown_word,
)
from dashboard.pipeline.entities.tokens import _join_abd, bare_forms
from dashboard.pipeline.gazetteer import ORG_HEADS, Gazetteer
from dashboard.pipeline.lexicon import lexicon
from dashboard.text.arabic import stopwords

# Quotes around a name inside the complement (زعيم حزب "باتكفشينا" المعارض).
_QUOTE_MARKS = frozenset('"«»“”')

# Words of the complement that take the next word with them (السفير في قطر، باسم الحركة).
_LINKS = frozenset({"في", "لدى", "باسم"})

# Words of number that read as proper nouns to the lexicon (واحد من مخترعي).
_NUMBERS = frozenset({"واحد", "احد", "احدى", "اول"})

# The longest complement read, in words.
COMPLEMENT_MAX = 7


class RoleNames:
    """The scanner's rule of a name after a role's complement; the scanner gives the
    gazetteer and its name reading (``match_name``, ``name_end``, ``may_extend``)."""

    gaz: Gazetteer

    def name_after_complement(
        self, norm: list[str], surface: list[str], j: int, found: list[Hit]
    ) -> list[Hit]:
        """The person named after a role's complement starting at ``j``, after the bodies and
        places the complement names (``found``: those the role's reading found), or an empty
        list: the name must follow at least one word of complement, and have two parts or
        more."""
        start, words, bodies = j, 0, list(found)
        while j < len(norm) and words <= COMPLEMENT_MAX:
            token = norm[j]
            known = next((h for h in bodies if h.start == j), None)
            if known is None:
                known = self.match_name(norm, surface, j) or (
                    self.org_at(norm, surface, j) if _head(token) else None
                )
                if known is not None and known.kind != "person":
                    bodies.append(known)  # ملك إسبانيا، حكومة صنعاء: kept
            if known is not None:
                if known.kind == "person":
                    return []  # a listed person: the role's own reading takes it
                j, words = known.end, words + 1
                continue
            if token in _QUOTE_MARKS:
                j += 1
                continue
            if not token[:1].isalpha() or (token in stopwords() and token not in _LINKS):
                return []
            if token in _LINKS:
                j, words = j + 2, words + 1
                continue
            if self.complement_word(token):
                j, words = j + 1, words + 1
                if _head(token) and j < len(norm) and _is_name_token(norm[j]):
                    j += 1  # لوكالة فرانس برس، لجمعية وعد: the body's own name
                continue
            if j == start or not self.opens_role_name(token):
                return []
            person = self.role_name(norm, surface, j)
            return [*bodies, person] if person else []
        return []

    @staticmethod
    def complement_word(token: str) -> bool:
        """Whether a word belongs to a role's complement rather than to the name after it:
        definite, a preposition and a word (لوكالة، بالوكالة), a noun with an attached pronoun
        (دفاعه), or an organisation's head noun."""
        if _first_name(token):
            return False
        return (
            token.startswith(("ال", "لل"))
            or (token[:1] in "لب" and len(token) >= 5 and not lexicon().proper_word(token))
            or (token.endswith(_PRONOUN_SUFFIXES) and lexicon().ordinary_word(token[:-1]))
            or _head(token)
        )

    @staticmethod
    def opens_role_name(token: str) -> bool:
        """Whether an indefinite word after a role's complement opens a name: a listed first
        name, a proper noun to the lexicon or a word it does not know (not a verb)."""
        lex = lexicon()
        if (
            token in _NUMBERS
            or (token[:1] in "لبك" and lex.ordinary_word(token[1:]))  # لمدة
            or (token[:2] in ("سي", "ست", "سن") and not lex.proper_word(token))  # سيحل
        ):
            return False
        return (
            _is_name_token(token)
            and not _lexicon_ends(token)
            and (
                bool(_first_name(token))
                or lex.proper_word(token)
                or _unknown_word(token)
                or _lexicon_name(token, True)
            )
        )

    def role_name(self, norm: list[str], surface: list[str], j: int) -> Hit | None:
        """The name of two or three parts opening at ``j`` after a role's complement."""
        end = self.name_end(norm, j)
        if (
            end - j == 1
            and self.may_extend(norm, j, end)
            and not any((form,) in self.gaz.aliases for form, _, _ in bare_forms(norm[end]))
        ):
            end += 1  # غدعون ساعر: a surname the lexicon reads as a word; not كيبيك بكندا
        if end - j < 2:
            return None
        key = _join_abd(norm[j:end])
        return Hit(key, "person", "pattern", " ".join(surface[j:end]), j, end)


def _head(token: str) -> bool:
    """Whether a word is an organisation's head noun, with a preposition attached or not
    (لوكالة، شركة)."""
    return token in ORG_HEADS or (token[:1] in "لب" and token[1:] in ORG_HEADS)
