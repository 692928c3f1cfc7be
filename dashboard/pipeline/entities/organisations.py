"""Organisation rules of the scanner: a head noun and its name (وزارة الصحة السعودية، مؤسسة
ساهر للاستشارات), a definite head and its adjective (البنك المركزي المصري), and a name
between quotes (شركة "هواوي")."""

from __future__ import annotations

from dashboard.pipeline.entities.fields import field_rest, listed_field_end
from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.name_words import (
    _TITLE_WORDS,
    _describes,
    _first_name,
    _inflected,
    _is_name_token,
    _is_nisba,
    _is_verbal_noun,
    _lexicon_ends,
    _unknown_word,
)
from dashboard.pipeline.entities.tokens import ARABIC_WORD, _forms, _variants
from dashboard.pipeline.gazetteer import FACILITY_NOUNS, NAME_JOINERS, ORG_HEADS, Gazetteer, words
from dashboard.pipeline.lexicon import lexicon
from dashboard.text.arabic import stopwords

# Quotation marks around a name (شركة "هواوي"، لـ«الأفق»), opening or closing.
_QUOTES = frozenset('"«»“”')


# Head nouns of a body named after the person who leads it (حكومة محمد الصالح).
_LED_BY = frozenset({"حكومة", "ادارة"})


# Ordinal adjectives: after a definite head they number it (المجموعة الثانية), never name it.
_ORDINALS = words(
    "الأول الأولى الثاني الثانية الثالث الثالثة الرابع الرابعة الخامس الخامسة السادس السادسة "
    "السابع السابعة الثامن الثامنة التاسع التاسعة العاشر العاشرة الأخير الأخيرة"
)


# A team and its club (فريق آرسنال، فريقه سوثند يونايتد): the club is named without the word.
_TEAM_WORDS = words("فريق وفريق لفريق بفريق فريقه فريقها")

# Heads of bodies that often bear a foreign name of several words (صحيفة واشنطن بوست، نادي
# سانت باولي، منظمة هيومن رايتس ووتش); a public body's name is followed by its head's name
# (رئيس بلدية كييف فيتالي كليتشكو).
_FOREIGN_NAMED = words("صحيفة جريدة مجلة نادي شركة وكالة منظمة شبكة مجموعة")

# Heads of a body named after a person (مؤسسة الأمير سلطان الخيرية، مستشفى كمال ناصر): the
# person's name and the adjectives after it are the body's name.
_NAMED_AFTER = FACILITY_NOUNS | words("مؤسسة جمعية صندوق")


class OrganisationNames:
    """The scanner's organisation rules; the scanner gives the gazetteer and its name matching
    (``match_name``, ``name_end``, ``nationality``, ``is_place``)."""

    gaz: Gazetteer

    def organisation(self, norm: list[str], surface: list[str], i: int, head: str) -> Hit | None:
        """An organisation: a head noun and 1-3 words (later ones definite nouns, or a place
        adjective that ends it), or None. A listed organisation after the head (شركة أرامكو)
        stands for itself."""
        j = i + 1
        first = norm[j] if j < len(norm) else ""
        if first in _QUOTES:  # شركة "هواوي تكنولوجيز": the quoted words are the name
            return self.quoted_name(norm, surface, j, 3, head)
        if not (_is_name_token(first) or first in _TITLE_WORDS) or first.startswith("لل"):
            return None
        if _joined_verb(first):
            return None  # أسهم شركة وتراجعت: و and a verb open the next clause
        listed = self.match_name(norm, surface, j)
        if listed and listed.kind == "person" and head in _NAMED_AFTER:
            end = max(listed.end, self.name_end(norm, j))
            return self.org_hit(norm, surface, i, self.adjectives_end(norm, end), head)
        if (listed and listed.kind == "person") or (head in _LED_BY and _first_name(first)):
            return None  # إدارة بايدن، حكومة محمد الصالح: the person is the name here
        if (head in _LED_BY and listed and listed.kind == "place") or _lexicon_ends(first):
            return None  # حكومة صنعاء: the place; حكومة وشعب: a phrase
        if head in _LED_BY and first[2:] in ORG_HEADS:
            return None  # إدارة الشركة: the body named before
        if _loose_description(first, norm[j + 1] if j + 1 < len(norm) else ""):
            return None  # لجنة محلفين، مستشفى خاص بوسط، شرطة بسيارة: what the body is
        if _first_name(first):  # مستشفى كمال ناصر
            end = self.name_end(norm, j)
            end = self.adjectives_end(norm, end) if head in _NAMED_AFTER else end
            return self.org_hit(norm, surface, i, end, head)
        j += 1
        if head in _FOREIGN_NAMED and (
            (self.club_word(first) and not _describes(first)) or (listed and listed.kind == "place")
        ):
            while (
                j < len(norm)
                and j - i <= 3
                and self.club_word(norm[j])
                and lexicon().proper_word(norm[j])
                and not _clause_word(norm[j])
                and self.match_name(norm, surface, j) is None
            ):
                j += 1  # صحيفة واشنطن بوست، نادي سانت باولي: a foreign name's words
        while j < len(norm) and j - i <= 3:
            token = norm[j]
            after_title = norm[j - 1] in _TITLE_WORDS or norm[j - 1] in NAME_JOINERS
            known = (token,) in self.gaz.aliases
            definite = token.startswith(("ال", "وال"))
            if definite and known and _is_nisba(token):  # وزارة الصحة السعودية
                j += 1
                break
            if not ((definite and not known) or after_title) or not _is_name_token(token):
                break
            if _is_nisba(norm[j - 1]) and (
                token[:1] == "و" or (not _is_nisba(token) and norm[j - 1].startswith("ال"))
            ):
                break  # مستشفى الأهلي والمقاومة، قوات الأمن العراقية | المرحلة: after an
                # adjective, و or a noun starts another phrase
            if _is_nisba(token) and self.describes_name(norm[j - 1]):
                break  # صحيفة هآرتس الإسرائيلية، وكالة الأنباء البحرينية الرسمية
            j += 1
        if j == i + 2 and _describes(first) and (first,) not in self.gaz.aliases:
            return None  # شركة مسؤولة، حزب سياسي: a description, not a name
        return self.org_hit(norm, surface, i, self.field_end(norm, j), head)

    @staticmethod
    def adjectives_end(norm: list[str], j: int) -> int:
        """End of the definite adjectives of relation from ``j`` (الخيرية، التخصصي)."""
        while j < len(norm) and norm[j].startswith("ال") and _is_nisba(norm[j]):
            j += 1
        return j

    def team(self, norm: list[str], surface: list[str], i: int) -> list[Hit]:
        """The club named after a word for a team (فريق آرسنال الإنجليزي، فريقه سوثند
        يونايتد): one or two words the lexicon takes for foreign names or does not know, not
        a listed name (a club named after a city stays the city's: فريق برشلونة), or none."""
        j = end = i + 1
        while end < len(norm) and end - j < 2 and self.club_word(norm[end]):
            end += 1
        if end == j or self.match_name(norm, surface, j) is not None:
            return []
        text = " ".join(surface[j:end])
        return [Hit(tuple(norm[j:end]), "organisation", "pattern", text, j, end)]

    @staticmethod
    def club_word(token: str) -> bool:
        """A word of a club's name: one the lexicon takes for a proper noun or does not know,
        neither a first name, definite, nor a dictionary word with a clitic (آرسنال، يونايتد;
        not فريق طبي، فريق الجودة، فريقه لمدة)."""
        return (
            _is_name_token(token)
            and not token.startswith("ال")
            and not _first_name(token)
            and (lexicon().proper_word(token) or _unknown_word(token))
            and not any(lexicon().ordinary_word(form) for form in _forms(token))
        )

    def describes_name(self, previous: str) -> bool:
        """Whether an adjective after ``previous`` in an organisation's name describes the body
        rather than names it: after a proper name that is neither definite, a dictionary word
        nor a place (هآرتس، ليفربول), or after a nationality (البحرينية | الرسمية)."""
        return self.nationality(previous) or not (
            previous.startswith(("ال", "وال"))  # وزارة الأوقاف والشؤون | الدينية
            or _is_nisba(previous)
            or lexicon().ordinary_word(previous)
            or lexicon().verb(previous)
            or self.is_place(previous)
        )

    def quoted_name(
        self, norm: list[str], surface: list[str], j: int, most: int, head: str = "صحيفة"
    ) -> Hit | None:
        """The organisation named by 1 to ``most`` words between quotes opening at ``j`` (not
        all stopwords, not a listed person, not opening with a word that describes:
        لـ"صناعية ..."), or None. A listed place between the quotes is the outlet or body
        named after it (لـ«الشرق الأوسط»، صحيفة "الرياض"), another entity than the place:
        keyed under ``head`` (the head noun before the quotes, else صحيفة), shown as
        written."""
        close = next(
            (k for k in range(j + 2, min(j + most + 2, len(norm))) if norm[k] in _QUOTES), 0
        )
        inside = norm[j + 1 : close]
        if not close or not all(ARABIC_WORD.fullmatch(t) for t in inside):
            return None
        listed = self.gaz.types.get(self.gaz.aliases.get(tuple(inside), ()), "organisation")
        if (
            all(t in stopwords() for t in inside)
            or listed not in ("organisation", "place")
            or _describes(inside[0])
        ):
            return None
        text = " ".join(surface[j + 1 : close])
        key = (head, *inside) if listed == "place" else tuple(inside)
        return Hit(key, "organisation", "pattern", text, j, close + 1)

    def field_end(self, norm: list[str], j: int) -> int:
        """End of an organisation's name after its field (مؤسسة ساهر للاستشارات، مؤسسة
        الأفق للصحافة والنشر): a noun with لل and the rest of its field
        (:func:`~.fields.field_rest`), or a listed name with لل; not a verbal noun (دعت وزارة
        الصحة للتطعيم)."""
        token = norm[j] if j < len(norm) else ""
        verbal = _is_verbal_noun("ا" + token[1:]) and not token.endswith("ات")  # للاستشارات
        if not (token.startswith("لل") and _is_name_token(token)) or verbal:
            return j
        longest = self.gaz.max_len.get("ال" + token[2:], 0)
        listed = listed_field_end(norm, j, self.gaz.aliases, longest) if longest > 1 else j
        return listed if listed > j else field_rest(norm, j + 1)

    def definite_organisation(self, norm: list[str], surface: list[str], i: int) -> Hit | None:
        """A definite head noun and its adjective (البنك المركزي المصري، الهيئة العامة
        للترفيه، الاتحاد الآسيوي لكرة القدم), or None."""
        head = norm[i][2:] if norm[i].startswith("ال") else ""
        if head not in ORG_HEADS or i + 1 >= len(norm) or not _is_nisba(norm[i + 1]):
            return None
        if (head in _LED_BY and self.nationality(norm[i + 1])) or norm[i + 1][:1] == "و":
            return None  # الحكومة البريطانية: a description; الصندوق والتقى: a new clause
        if norm[i + 1] in _ORDINALS:
            return None  # المجموعة الأولى: one of several, not a name
        j = i + 2
        while j < len(norm) and j - i <= 4:
            token, nxt = norm[j], norm[j + 1] if j + 1 < len(norm) else ""
            if token.startswith("ال") and _is_nisba(token):
                j += 1
            elif token.startswith("ل") and not token.startswith("لل") and nxt.startswith("ال"):
                j += 2  # لكرة القدم
            elif token.startswith("لل") and _is_name_token(token):
                end = self.field_end(norm, j)  # للسياحة والتراث الوطني، للأمم المتحدة
                j = end if end > j else field_rest(norm, j + 1)  # للترفيه
            else:
                break
        return self.org_hit(norm, surface, i, min(j, len(norm)), norm[i])

    def org_hit(self, norm: list[str], surface: list[str], i: int, j: int, head: str) -> Hit:
        """The organisation spanning ``i:j``, under its listed name when it has one."""
        alias = (head, *norm[i + 1 : j])
        key = self.gaz.aliases.get(alias) or self.gaz.aliases.get(alias[1:]) or alias
        if self.gaz.types.get(key, "organisation") != "organisation":
            key = alias
        head_surface = next((s for f, s in _variants(norm, surface, i) if f == head), surface[i])
        text = " ".join([head_surface, *surface[i + 1 : j]]) if key == alias else ""
        return Hit(key, "organisation", "pattern", text, i, j)


def _loose_description(first: str, nxt: str) -> bool:
    """Whether an indefinite word after an organisation's head says what the body is rather
    than names it: a plural (لجنة محلفين: a plural in ين or ون heads no construct), a word
    with ب (شرطة بسيارة) or an attached pronoun (منتخب بلاده), or a dictionary word before a
    word with ب (مستشفى خاص بوسط; not شركة سابك)."""
    lex = lexicon()
    if first.startswith("ال") or lex.proper_word(first) or _first_name(first):
        return False
    if first.endswith(("ين", "ون")) and len(first) >= 5 and _inflected(first):
        return True
    if first[:1] == "ب" and lex.ordinary_word(first[1:]):
        return True
    stem = next(
        (first[: -len(end)] for end in ("هما", "هم", "هن", "ها", "ه") if first.endswith(end)), ""
    )
    if stem and lex.ordinary_word(stem):
        return True  # منتخب بلاده: a noun with its pronoun
    return lex.ordinary_word(first) and nxt[:1] == "ب" and lex.ordinary_word(nxt[1:])


def _clause_word(token: str) -> bool:
    """Whether a proper word of the lexicon is one of the clause's, not of a foreign name:
    a verb with the feminine ending of its past (أوقفت) or a dictionary noun with an attached
    pronoun (ثقته: ثقة)."""
    lex = lexicon()
    if token.endswith("ت") and lex.verb(token[:-1]):
        return True
    stem = next((token[: -len(end)] for end in ("هما", "هم", "ها", "ه") if token.endswith(end)), "")
    return bool(stem) and any(
        lex.ordinary_word(form) for form in (stem, stem[:-1] + "ة" if stem.endswith("ت") else stem)
    )


def _joined_verb(token: str) -> bool:
    """Whether a word is و and a verb in the feminine of its past (وتراجعت: a dictionary
    word, verb or noun, with ت), which opens the next clause rather than names a body."""
    rest = token[1:]
    lex = lexicon()
    return (
        token[:1] == "و"
        and len(rest) >= 4
        and rest.endswith("ت")
        and (lex.verb(rest[:-1]) or lex.ordinary_word(rest[:-1]))
    )
