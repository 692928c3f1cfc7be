"""A person rule of the scanner for names in lists: a guest or speaker named before a dash and
an office (الضيوف: سامر نادر - مدير المركز، وليد حمدان - الكاتب السياسي)."""

from __future__ import annotations

from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.name_words import _ALI, _ROLE_FIRST, _is_name_token
from dashboard.pipeline.entities.tokens import _join_abd
from dashboard.pipeline.gazetteer import NAME_JOINERS, Gazetteer

DASHES = ("-", "–", "—")

# Marks after which an entry of a list starts.
_ENTRY_MARKS = frozenset("،,:.")


class NameLists:
    """The scanner's rule for a name before a dash and an office; the scanner gives the
    gazetteer."""

    gaz: Gazetteer

    def guest(self, norm: list[str], surface: list[str], i: int) -> list[Hit]:
        """A person opening a list's entry (after a mark): two to four name words, not
        definite first, closed by a dash and an office (عضو، مدير، الكاتب), or an empty
        list."""
        if i and norm[i - 1] not in _ENTRY_MARKS:
            return []
        end = i
        while end < len(norm) and end - i < 4 and self.guest_word(norm[end]):
            end += 1
        if (
            end - i < 2
            or end + 1 >= len(norm)
            or norm[end] not in DASHES
            or norm[i].startswith("ال")
            or norm[end - 1] in NAME_JOINERS
            or not (norm[end + 1] in _ROLE_FIRST or "ال" + norm[end + 1] in _ROLE_FIRST)
        ):
            return []
        key = _join_abd(norm[i:end])
        return [Hit(key, "person", "pattern", " ".join(surface[i:end]), i, end)]

    def guest_word(self, token: str) -> bool:
        """Whether a word may be part of a guest's name: a name word (علي and the joiners
        too) that is not a listed place or organisation."""
        listed = self.gaz.types.get(self.gaz.aliases.get((token,), ()), "person")
        return (_is_name_token(token) or token in _ALI or token in NAME_JOINERS) and (
            listed == "person"
        )
