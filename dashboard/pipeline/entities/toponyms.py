"""Toponyms the gazetteer does not list, read from the words around them: a quarter or town
named by a dictionary word after its head (حي الزيتون، بلدة القرية), a name opened by a noun of
the land (تل الهوى، بطن الهوى، دار الرمادة), and a listed place inside the name of a body of that
place (شرطة جدة، برلمان طبرق)."""

from __future__ import annotations

from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.name_words import (
    _inflected,
    _is_name_token,
    _is_nisba,
    _is_verbal_noun,
)
from dashboard.pipeline.entities.tokens import _forms
from dashboard.pipeline.gazetteer import Gazetteer, words
from dashboard.pipeline.lexicon import lexicon
from dashboard.text.arabic import stopwords

# Heads of a settled place (a quarter, a village, a camp, a district): a definite dictionary
# word after one is its name (حي الزيتون، قرية الفندق، محافظة العقيق), where after منطقة or
# مدينة it mostly describes (منطقة الحدود، مدينة الملاهي); ناحية is also "in terms of"
# (من ناحية الشكل).
SETTLEMENT_HEADS = words("حي بلدة قرية مخيم ضاحية محافظة")

# Nouns of the land that open a place's name in construct with the next word (تل الهوى، بطن
# الهوى، دار الرمادة، كفر قاسم، عين العرب، بيت لاهيا، أبو فلاح).
TOPONYM_OPENERS = words("تل بطن دار بيت عين بئر كفر دير خربة رأس مجدل خان نبع بني أبو أم")

# Heads of public bodies named after the place they serve (شرطة جدة، بلدية القنفدة، برلمان
# طبرق): the place is named too. The name of a club, a national team, a company, a foundation
# or an outlet (مؤسسة غزة الإنسانية، صحيفة نيويورك تايمز) does not name the place.
_PUBLIC_HEADS = words("شرطة بلدية أمانة برلمان محكمة مديرية فرع مجلس")


def settlement_name(token: str) -> bool:
    """Whether a definite word after a settled place's head may be its name: a dictionary word
    of four letters or more (الزيتون، الدرج), neither a verbal noun, an adjective of relation,
    nor a plural of a dictionary word (المواطنين، الصيادين; not الزيتون, a word itself)."""
    stem = token[2:]
    plural = token.endswith(("ين", "ون", "ات")) and not lexicon().ordinary_word(stem)
    return (
        token.startswith("ال")
        and len(stem) >= 3
        and _is_name_token(token)
        and not _is_verbal_noun(token)
        and not _is_nisba(token)
        and not (plural and (_inflected(stem) or token.endswith("ات")))
    )


def opener_end(norm: list[str], j: int) -> int:
    """End of a name opened at ``j`` by a noun of the land and its complement (تل الهوى، مجدل
    شمس), or ``j`` where the word there opens none."""
    nxt = norm[j + 1] if j + 1 < len(norm) else ""
    if (
        norm[j] not in TOPONYM_OPENERS
        or not _is_name_token(nxt)
        or nxt in stopwords()
        or _is_verbal_noun(nxt)
        or nxt[:1] in "وف"
    ):
        return j
    return j + 2


class InnerPlaces:
    """A listed place inside the name of a body of that place; the scanner gives the gazetteer
    and its name matching (``match_name``)."""

    gaz: Gazetteer

    def inner_places(self, norm: list[str], surface: list[str], found: list[Hit]) -> list[Hit]:
        """``found`` and, after a public body read from its head noun, the listed places its
        name holds (شرطة جدة: جدة too)."""
        out = []
        for hit in found:
            out.append(hit)
            if hit.kind != "organisation" or hit.source != "pattern":
                continue
            if not any(form in _PUBLIC_HEADS for form in _forms(norm[hit.start])):
                continue
            j = hit.start + 1
            while j < hit.end:
                place = self.match_name(norm, surface, j)
                if (
                    place is not None
                    and place.kind == "place"
                    and place.end <= hit.end
                    and not self.place_adjective(norm, place)  # الجمعية العربية السعودية
                ):
                    out.append(place)
                    j = place.end
                else:
                    j += 1
        return out
