"""Place rules of the scanner: a place named by a head noun (مخيم البريج، بلدة صرين، مطار
الملك خالد), and a club or company named after a listed place (مانشستر يونايتد)."""

from __future__ import annotations

from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.name_words import (
    _OFFICE_ADJECTIVES,
    _PARTICLES,
    _ROLE_FIRST,
    _TITLE_WORDS,
    _describes,
    _first_name,
    _is_name_token,
    _is_nisba,
    _is_verbal_noun,
    _known_accusative,
    _lexicon_name,
    _starts_pattern,
    _starts_place,
    _unknown_word,
)
from dashboard.pipeline.entities.organisations import _QUOTES
from dashboard.pipeline.entities.tokens import ARABIC_WORD, _forms, _variants, bare_forms
from dashboard.pipeline.entities.toponyms import SETTLEMENT_HEADS, opener_end, settlement_name
from dashboard.pipeline.gazetteer import PLACE_NOUNS, Gazetteer, country_keys, words
from dashboard.pipeline.lexicon import lexicon
from dashboard.text.arabic import stopwords

# Place heads of an administrative area or an island: the name after one is the place (مدينة
# ميرلو is ميرلو; a site's head is part of its name: مخيم البريج), a listed place after one
# stands for itself, and a definite dictionary word after one describes it (منطقة الحدود).
_AREA_HEADS = words("بلدة قرية ضاحية إقليم محافظة منطقة ولاية مدينة ناحية جزيرة مقاطعة مستوطنة")
# A quarter is named with its head (حي الزيتون, as a street is: شارع العليا), and after حي
# (also "alive", "live") an indefinite word is read as after a site's head (حي قريب: no name).
_NAMED_ALONE = _AREA_HEADS
# Endings of an Arabic feminine, plural or verb: a word the lexicon does not know that ends so
# does not go on a foreign name (مدينة X عادت), nor, but for the feminine and the verb's ت,
# opens a name after a head (قاعدة بيانات; مطار معيتيقة is one).
_PLURAL_ENDS = ("ات", "ون", "ين", "وا")
_ARABIC_ENDS = ("ة", "ت", *_PLURAL_ENDS)
# Heads after which a definite dictionary word describes rather than names (منطقة الحدود،
# محطة الوقود، محور الحديث); محور is a road and an alliance: no country after it.
_DESCRIBED = _AREA_HEADS | {"محطة", "محور"}
# Heads of a mosque: one named after a body (مسجد قوات الطوارئ) is a place, and the body is
# named too.
_MOSQUES = words("مسجد جامع")
# Words a name of a place may go on with after its first: unknown to the lexicon, neither a
# head of another place nor more than two (إقليم كوانج نينه، مدينة سان بطرسبورغ).
_MORE_WORDS = 2

# Words of a football or basketball report, and of nothing else: an article with two of them
# is a sports report, where a city named without a word of location before it is its club
# (فاز ليفربول على بوردو). Words of other senses are left out (هدف aim, فريق طبي، السلة
# الغذائية، الموسم of the pilgrimage, مهاجم an assailant).
_SPORTS_WORDS = words(
    """
    مباراة مباراته مباراتها المباراة الدوري بالدوري للدوري لدوري دوري مدرب المدرب مدربه
    اللاعب لاعبو لاعبي بهدفين مضيفه مهاجمه مهاجمها ركلات الترجيح تعادل تعادلا بتعادل التعادل
    لكرة
    """
)
# Words after which a city in a sports report is where something is, not its club (في مدينة
# مانشستر، إلى برشلونة، داخل روما).
_LOCATIVE = words(
    """
    في الى إلى داخل قرب مدينة ومدينة بمدينة عاصمة العاصمة شوارع شرق غرب شمال جنوب وسط
    شرقي غربي شمالي جنوبي بطولة دورة - – —
    """
)
# Words of a player or a coach before the club he plays for or trains, in any article (نجم
# برشلونة، لاعب ليفربول، لتدريب روما): a city after one is its club.
_CLUB_NOUNS = words("نجم لاعب لاعبي لاعبو مدرب لتدريب مهاجم حارس مدافع")
# Continents: named in sports reports for their competitions and teams, never as a club.
_CONTINENTS = {(w,) for w in words("أوروبا أوربا أفريقيا إفريقيا آسيا أستراليا")}


def sports_report(norm: list[str]) -> bool:
    """Whether an article's tokens hold two different words of a sports report."""
    return len(_SPORTS_WORDS.intersection(norm)) >= 2


class PlaceNames:
    """The scanner's place rules; the scanner gives the gazetteer, the article's common nouns
    and its name matching (``match_name``, ``name_end``, ``nationality``)."""

    gaz: Gazetteer
    common: frozenset[str]

    def named_after_place(
        self, norm: list[str], surface: list[str], place: Hit, hits: list[Hit]
    ) -> Hit:
        """A club or company named after a listed place and a foreign word the lexicon takes
        for a name (مانشستر يونايتد، باريس سان جرمان، أتلتيكو مدريد): an organisation; else
        the place."""
        start, end = place.start, place.end
        while (
            end < len(norm)
            and end - place.end < 2
            and self.foreign_word(norm, surface, end, end > place.end)
        ):
            end += 1
        free = not hits or hits[-1].end < start
        if end == place.end and start > 0 and free and self.foreign_word(norm, surface, start - 1):
            start -= 1
        if (start, end) == (place.start, place.end):
            return place
        rest = norm[place.start + 1 : place.end]
        first, first_surface = next(
            (
                (f, s)
                for f, s in _variants(norm, surface, place.start)
                if (f, *rest) in self.gaz.aliases
            ),
            (norm[place.start], surface[place.start]),
        )
        cut = place.start - start + 1
        key = (*norm[start : place.start], first, *norm[place.start + 1 : end])
        text = " ".join(
            [*surface[start : place.start], first_surface, *surface[place.start + 1 : end]]
        )
        return Hit(key, "organisation", "pattern", text, start, end) if cut else place

    def foreign_word(
        self, norm: list[str], surface: list[str], k: int, unknown: bool = False
    ) -> bool:
        """A word the lexicon knows for a foreign proper noun (يونايتد، سيتي، أتلتيكو), or after
        one a word it does not know at all (سان جرمان), neither a first name nor part of a
        listed name, nor the start of a listed name there."""
        token = norm[k]
        return (
            (lexicon().proper_word(token) or (unknown and _unknown_word(token)))
            and _is_name_token(token)
            and not _first_name(token)
            and token not in _PARTICLES
            and token not in self.gaz.person_parts
            and self.match_name(norm, surface, k) is None  # قطر | تميم بن حمد
        )

    def club_city(self, norm: list[str], place: Hit, sports: bool) -> Hit:
        """A listed city (not a country) of one word in a sports report (``sports``) or after a
        player's or a coach's word (نجم برشلونة), neither written with ب or ل before it nor
        after a word of location, a dash or a capital's adjective (العاصمة العمانية مسقط), nor
        before a feminine adjective of a nation (سالزبورغ النمساوية: the city, where the club
        is masculine): the club named after it (ليفربول يمنح مهاجمه، الفوز على سويندون), keyed
        as نادي and the city, shown as written; else the place."""
        token = norm[place.start]
        before = norm[place.start - 1] if place.start else ""
        after = norm[place.end] if place.end < len(norm) else ""
        if (
            not (sports or before in _CLUB_NOUNS)
            or place.kind != "place"
            or place.end - place.start != 1
            or (token,) not in self.gaz.aliases
            or place.key in country_keys()
            or place.key in _CONTINENTS
            or before in _LOCATIVE
            or after == ":"  # الرياض: a dateline
            or (after.endswith("ية") and self.of_nation(after))
            or (self.of_nation(before) and place.start > 1 and _locative(norm[place.start - 2]))
        ):
            return place
        club = ("نادي", *place.key)  # the club, another entity than its city
        return Hit(club, "organisation", "pattern", place.surface, place.start, place.end)

    def of_nation(self, token: str) -> bool:
        """Whether a definite adjective names a listed place's people (:meth:`nationality`),
        the place ending in ا where the adjective has و (النمساوية: النمسا)."""
        stem = token.removesuffix("ة").removesuffix("ي")
        return self.nationality(token) or (
            token.startswith("ال")
            and stem.endswith("و")
            and stem != token
            and stem[-2:-1] == "ا"
            and (stem[:-1],) in self.gaz.aliases
        )

    @staticmethod
    def place_adjective(norm: list[str], place: Hit) -> bool:
        """Whether a listed place of one word shaped like a feminine adjective of relation
        follows a definite feminine or plural word it agrees with (الشركة السعودية، للحرفية
        السعودية، المصانع البتروكيماوية السعودية): the adjective, not the place."""
        token = norm[place.start]
        previous = norm[place.start - 1] if place.start else ""
        definite = previous.startswith(("ال", "لل")) or previous[1:].startswith(("ال", "لل"))
        return (
            place.end - place.start == 1
            and token.startswith("ال")
            and token.endswith("ية")
            and definite
            and previous.isalpha()
            and previous.endswith(("ة", "ات"))  # not زار الرئيس السعودية
        )

    def place_after_head(self, norm: list[str], surface: list[str], i: int) -> list[Hit]:
        """A place named by a head noun and its name (مخيم البريج، بلدة صرين، مطار الملك خالد
        الدولي), with the listed place it names as well (مخيم جنين, then جنين), or an empty
        list. A listed place after an area's head is left to stand for itself (محافظة جدة),
        unless an adjective of direction makes a longer name (ضاحية بيروت الجنوبية)."""
        head, head_surface = next(
            (f, s) for f, s in head_variants(norm, surface, i) if f in PLACE_NOUNS
        )
        j = i + 1
        token = norm[j] if j < len(norm) else ""
        if not token:
            return []
        listed = self.match_name(norm, surface, j)
        clitic = listed is not None and tuple(norm[j : listed.end]) not in self.gaz.aliases
        if clitic and norm[j][:1] in "بلك":
            return []  # حي بقطاع غزة: a preposition and the place the head is in
        if head == "محور" and listed is not None and listed.key in country_keys():
            return []  # محور إيران: an alliance, not a road
        if token in _QUOTES and head != "محطة":  # محطة "فوكس نيوز": a broadcaster
            return self.quoted_place(norm, surface, i, head, head_surface)
        inner: list[Hit] = []
        if head in _MOSQUES and _starts_pattern(token):
            body = self.match_pattern(norm, surface, j)
            if body and body[0].kind == "organisation" and body[0].start == j:
                end = body[0].end  # مسجد قوات الطوارئ: the mosque and the body
                key, text = (head, *norm[j:end]), " ".join([head_surface, *surface[j:end]])
                return [Hit(key, "place", "pattern", text, i, end), body[0]]
        if token in _TITLE_WORDS:
            end = self.name_end(norm, j + 1)
            if end == j + 1:
                return []
        elif opener_end(norm, j) > j and (listed is None or opener_end(norm, j) > listed.end):
            end = opener_end(norm, j)  # قرية مجدل شمس: not مجدل alone
        elif listed is not None and listed.kind in ("place", "person"):
            end, inner = listed.end, [listed] if listed.kind == "place" else []
            more = self.foreign_end(norm, j + 1) if listed.kind == "place" else j + 1
            if listed.end - j == 1 and more > j + 1:
                end, inner = more, []  # مدينة سان بطرسبورغ: not سان
        elif opener_end(norm, j) > j:
            end = opener_end(norm, j)  # تل الهوى، دار الرمادة
        elif self.place_word(token, head, norm[j + 1] if j + 1 < len(norm) else ""):
            end = self.name_end(norm, j) if _first_name(token) else self.foreign_end(norm, j + 1)
            last = self.match_name(norm, surface, end) if end < len(norm) else None
            if last is not None and last.kind == "place" and last.key[0] == norm[end]:
                end = last.end  # مدينة غازي عنتاب: a listed place closes the name
        else:
            return []
        adjective = norm[end] if end < len(norm) else ""
        if (
            adjective.startswith("ال")
            and _is_nisba(adjective)
            and not self.nationality(adjective)
            and (adjective,) not in self.gaz.aliases
            and adjective not in _ROLE_FIRST  # محافظة نينوى | القيادي
        ):
            end += 1  # الدولي، الجنوبية
        elif head in _NAMED_ALONE:
            if inner:
                return []
            return [Hit(tuple(norm[j:end]), "place", "pattern", " ".join(surface[j:end]), j, end)]
        key = (head, *norm[j:end])
        text = " ".join([head_surface, *surface[j:end]])
        return [Hit(key, "place", "pattern", text, i, end), *inner]

    def quoted_place(
        self, norm: list[str], surface: list[str], i: int, head: str, head_surface: str
    ) -> list[Hit]:
        """The place a head noun names by 1 to 3 words between quotes (ولاية "نيوجيرسي"، قاعدة
        "غليلوت"): the quoted name after an area's head, the head and the name after a site's
        (with a listed place quoted there), or an empty list where the words are all stopwords
        or a listed person or organisation."""
        j = i + 1
        close = next((k for k in range(j + 2, min(j + 5, len(norm))) if norm[k] in _QUOTES), 0)
        inside = norm[j + 1 : close]
        listed = self.match_name(norm, surface, j + 1) if close else None
        if (
            not close
            or not all(ARABIC_WORD.fullmatch(t) for t in inside)
            or all(t in stopwords() for t in inside)
            or (listed is not None and listed.kind != "place")
        ):
            return []
        place = listed if listed is not None and listed.end == close else None
        if head in _NAMED_ALONE:
            text = " ".join(surface[j + 1 : close])
            return [place or Hit(tuple(inside), "place", "pattern", text, j + 1, close)]
        text = " ".join([head_surface, *surface[j + 1 : close]])
        site = Hit((head, *inside), "place", "pattern", text, i, close + 1)
        return [site, place] if place else [site]

    def foreign_end(self, norm: list[str], k: int) -> int:
        """End of the words from ``k`` that go on a place's name (:data:`_MORE_WORDS` at most):
        words the lexicon does not know at all, with or without a clitic, none a place's head
        nor a listed name, nor ending like an Arabic feminine, plural or verb (بولاية، عادت)."""
        end = k
        while end < len(norm) and end - k < _MORE_WORDS and self.goes_on(norm[end]):
            end += 1
        return end

    def goes_on(self, token: str) -> bool:
        """Whether ``token`` may go on a foreign place's name (:meth:`foreign_end`)."""
        return (
            _unknown_word(token)
            and not _starts_place(token)  # شارع الثلاثيني بحي الصبرة
            and not token.endswith(_ARABIC_ENDS)
            and not self.clitic_known(token)
            and not (token.endswith("ه") and lexicon().ordinary_word(token[:-1]))  # دعمه
        )

    def clitic_known(self, token: str) -> bool:
        """Whether ``token`` is a clitic and a word the lexicon or the gazetteer knows, or a
        word with the article (بقطاع، بولاية، بالضفة)."""
        lex = lexicon()
        return any(
            form.startswith("ال")
            or form in self.gaz.max_len
            or lex.ordinary_word(form)
            or lex.proper_word(form)
            or lex.verb(form)
            for form, _, _ in bare_forms(token)
        )

    def place_word(self, token: str, head: str, nxt: str = "") -> bool:
        """Whether ``token`` after a place head may be the place's own name: a word the
        lexicon takes for a name or does not know (صرين، ستافروبول), or a definite word that is
        neither plural nor a verbal noun nor used with a preposition in the article (البريج،
        معبر الكرامة); after an area's head or محطة, not a dictionary word (منطقة الحدود،
        محطة الوقود). A word the lexicon does not know does not end like an Arabic plural
        (قاعدة بيانات)."""
        if head in _AREA_HEADS and _area_name(token, nxt):
            return True
        if head in SETTLEMENT_HEADS and settlement_name(token) and token not in self.common:
            return True  # حي الزيتون، بلدة الفندق
        if not _is_name_token(token) or any(
            lexicon().ordinary_word(form) for form in _forms(token)
        ):
            return False
        if not token.startswith("ال"):
            return (
                token[:1] not in "وفل"
                and not token.startswith(("بال", "كال"))  # مستوطنة بالضفة
                and not self.clitic_known(token)  # حي بقطاع غزة
                and not (token.endswith("ه") and lexicon().ordinary_word(token[:-1]))  # قصر سموه
                and not _describes(token)
                and not (token.endswith("ا") and _known_accusative(token))
                and (_lexicon_name(token) or _unknown_word(token))
                and (lexicon().proper_word(token) or not token.endswith(_PLURAL_ENDS))
            )
        return not (
            token.endswith(("ين", "ون", "ات"))
            or _is_verbal_noun(token)
            or token in self.common
            or (head in _DESCRIBED and lexicon().ordinary_word(token[2:]))
        )


def _locative(token: str) -> bool:
    """Whether ``token``, with a clitic or not, is a word of location (بالعاصمة)."""
    return any(form in _LOCATIVE for form in _forms(token))


def head_variants(norm: list[str], surface: list[str], i: int) -> list[tuple[str, str]]:
    """The word at ``i`` as written and without clitics (:func:`_variants`), and a head of
    two letters after ب, which :func:`_variants` keeps whole (بحي الزيتون)."""
    out = _variants(norm, surface, i)
    if norm[i][:1] == "ب" and norm[i][1:] in PLACE_NOUNS:
        out.append((norm[i][1:], surface[i][1:]))
    return out


def _area_name(token: str, nxt: str) -> bool:
    """Whether a word after an administrative area's head (an indefinite noun: بلدة، مدينة)
    is the area's name even where the lexicon knows it as a word: a definite adjective of
    relation, which could not describe an indefinite head (مدينة الرمادي، محافظة الشرقية), or
    an indefinite word that is neither shaped like an adjective of a word the lexicon knows
    (مدينة كبيرة، منطقة عسكرية، قرية فلسطينية), a verb, an accusative, nor a dictionary word
    before a definite one it heads (بلدة سلوان، بلدة تقوع; not منطقة حدود الدولة)."""
    lex = lexicon()
    if not _is_name_token(token) or token[:1] in "وفل" or token.startswith(("بال", "كال")):
        return False  # مستوطنة بالضفة: a preposition and its noun
    if token.startswith("ال"):
        return len(token) >= 5 and token.endswith(("ي", "ية")) and token not in _OFFICE_ADJECTIVES
    stem = token.removesuffix("ة").removesuffix("ي")
    adjective = stem != token and any(
        lex.ordinary_word(form) or lex.proper_word(form) for form in (token, stem, stem + "ي")
    )
    return (
        len(token) >= 3
        and not adjective
        and not (lex.ordinary_word(token) and nxt.startswith("ال"))  # منطقة حدود الدولة
        and not lex.verb(token)
        and not (token.endswith("ا") and _known_accusative(token))
    )
