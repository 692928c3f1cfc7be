"""Person rules of the scanner read from the shape of a name: a first name the packaged
lexicon takes for a proper noun, then a family name with the article (ماجد الزهراني)."""

from __future__ import annotations

from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.name_words import _is_name_token, _is_verbal_noun
from dashboard.pipeline.gazetteer import Gazetteer
from dashboard.pipeline.lexicon import lexicon


class FamilyNames:
    """The scanner's family-name rule; the scanner gives the gazetteer, the article's common
    nouns and its name matching (``name_end``, ``nationality``)."""

    gaz: Gazetteer
    common: frozenset[str]

    def family_named(self, norm: list[str], surface: list[str], i: int) -> list[Hit]:
        """A person opening with a word the lexicon takes for a proper noun (not a listed
        name), then a family name (see :meth:`family_word`): فايز الحربي, or an empty list."""
        token = norm[i]
        if (
            i + 1 >= len(norm)
            or not lexicon().proper_word(token)
            or not _is_name_token(token)
            or (token,) in self.gaz.aliases
            or not self.family_word(norm[i + 1])
        ):
            return []
        end = max(self.name_end(norm, i), i + 2)
        key = tuple(norm[i:end])
        return [Hit(key, "person", "pattern", " ".join(surface[i:end]), i, end)]

    def family_word(self, token: str) -> bool:
        """Whether a word may be a family name with the article: definite and ending in the
        ي of relation, its bare form a proper noun to the lexicon (الزهراني، الخالدي), not an
        ordinary word, a listed name, an adjective of a listed place's people, a verbal noun,
        nor a noun the article uses with a preposition."""
        bare = token[2:]
        lex = lexicon()
        return (
            token.startswith("ال")
            and token.endswith("ي")
            and len(bare) >= 4
            and _is_name_token(token)
            and lex.proper_word(bare)
            and not lex.ordinary_word(token)
            and (token,) not in self.gaz.aliases
            and token not in self.common
            and not self.nationality(token)
            and not _is_verbal_noun(token)
        )
