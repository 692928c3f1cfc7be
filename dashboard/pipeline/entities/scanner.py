"""The entity scanner: gazetteer names, tags and patterns found in one article's tokens."""

from __future__ import annotations

from collections import Counter

from dashboard.pipeline.entities import name_ends
from dashboard.pipeline.entities.family_names import FamilyNames
from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.name_lists import DASHES, NameLists
from dashboard.pipeline.entities.name_words import (
    _ALI,
    _COMPOUND_PARTS,
    _CONSTRUCT_ROLES,
    _KUNYA,
    _KUNYA_FORMS,
    _PARTICLES,
    _PHRASE_PREFIXES,
    _PRONOUN_SUFFIXES,
    _ROLE_FIRST,
    _ROLE_MAX,
    _TITLE_WORDS,
    _closes_name,
    _dictionary_word,
    _ends_long_name,
    _first_name,
    _full_form,
    _inflected,
    _is_accusative,
    _is_foreign_part,
    _is_name_token,
    _is_nationality,
    _is_nisba,
    _is_verbal_noun,
    _lexicon_ends,
    _lexicon_name,
    _noun_after_foreign_name,
    _opens_clause,
    _person_sized,
    _preposition_word,
    _starts_pattern,
    _starts_place,
    _theophoric_phrase,
    _unknown_word,
    common_nouns,
)
from dashboard.pipeline.entities.organisations import _QUOTES, _TEAM_WORDS, OrganisationNames
from dashboard.pipeline.entities.places import PlaceNames, sports_report
from dashboard.pipeline.entities.role_names import RoleNames
from dashboard.pipeline.entities.scan_starts import rule_starts
from dashboard.pipeline.entities.tokens import _forms, _join_abd, _variants, bare_forms
from dashboard.pipeline.entities.toponyms import InnerPlaces
from dashboard.pipeline.gazetteer import (
    FACILITY_NOUNS,
    FIRST_NAMES,
    FOREIGN_FIRST_NAMES,
    NAME_JOINERS,
    ORG_HEADS,
    PERSON_ROLES,
    Gazetteer,
    Key,
)
from dashboard.pipeline.lexicon import lexicon
from dashboard.text.arabic import stopwords

_DASHES = DASHES


# Words between a role and the name that are neither definite nor a body (المتحدث باسم، العقيد
# ركن).
_ROLE_MODIFIERS = frozenset({"باسم", "ركن"})


# Joiners after which any word is a name's next part (فهد بن سعود بن مساعد).
_NASAB = frozenset({"بن", "ابن", "بنت", "ال"})


# Joiners of a nasab, son or daughter of (بن، بنت).
_BIN = name_ends.SON_OF


def _and_next(token: str, parts: int) -> bool:
    """Whether a word after ``parts`` name parts is و and the next phrase, not a third part: و
    before a name, a verb's present or an ordinary word, plural or construct (محمد عيد | وحسن،
    عمر هوساوي | ولاعبي); not a name that starts with و (وليد، وهبة). After one part it may be
    a foreign name's W (عوفر وينتر), so it is left."""
    rest, lex = token[1:], lexicon()
    if parts < 2 or token[:1] != "و" or token in FIRST_NAMES or lex.proper_word(token):
        return False
    return len(rest) >= 3 and (
        bool(_first_name(rest))
        or lex.proper_word(rest)
        or lex.ordinary_word(rest)
        or (rest[:1] in "يتن" and len(rest) >= 4)
        or _inflected(rest)
    )


def opens_by_shape(norm: list[str], start: int, j: int) -> bool:
    """Whether the word at ``j``, in a name from ``start``, opens the next person's name by
    its shape: a transliterated first name after a part that is not one (جو بايدن | دونالد),
    a word already in the name (ماكرون | إيمانويل ماكرون), a first name with و (أحمد سليم |
    وزياد), a word without the article after one nasab (محمد بن سلمان | جمال), or a first
    name after a family name with the article (علي السقا | موسى سرور)."""
    token = norm[j]
    repeated = token in norm[start:j] and token not in NAME_JOINERS
    if repeated and not (
        token in FIRST_NAMES and not any(t in FOREIGN_FIRST_NAMES for t in norm[start:j])
    ):
        return True  # ماكرون | إيمانويل ماكرون, not أحمد سامي أحمد
    if token[1:] in FIRST_NAMES and token[:1] == "و":
        return True  # أحمد سليم | وزياد
    if token in FOREIGN_FIRST_NAMES and norm[j - 1] not in FIRST_NAMES:
        return True
    if (
        token in FIRST_NAMES
        and j - 2 >= start
        and norm[j - 2] not in NAME_JOINERS
        and norm[j - 1].startswith("ال")
        and norm[j - 1] not in _COMPOUND_PARTS
    ):
        return True  # علي السقا | موسى سرور; not عبد الفتاح رياض
    # محمد بن سلمان | جمال خاشقجي; not بن علي الشمري nor بن جميل بن إبراهيم عارف
    return (
        j - 2 >= start
        and norm[j - 2] in _BIN
        and sum(t in _BIN for t in norm[start:j]) == 1
        and not token.startswith("ال")
        and token not in NAME_JOINERS
        and not name_ends.nasab_surname(token)
    )


class Scanner(PlaceNames, OrganisationNames, FamilyNames, RoleNames, NameLists, InnerPlaces):
    """Finds entity hits in one article's tokens."""

    def __init__(self, gaz: Gazetteer, tags: dict[Key, Key]) -> None:
        self.gaz = gaz
        self.tags = tags
        self.tag_len = Counter()
        self.common: frozenset[str] = frozenset()
        self.extended: dict[Key, Key] = {}
        self.ali: set[int] = set()
        self.hamza_al: set[int] = set()
        self.forms: Counter | None = None
        for alias in tags:
            self.tag_len[alias[0]] = max(self.tag_len[alias[0]], len(alias))

    def scan(self, norm: list[str], surface: list[str]) -> list[Hit]:
        """All hits, left to right, none overlapping; the longest match wins at each place.

        A name from a list wins over a pattern of the same length. Only the places
        :func:`~dashboard.pipeline.entities.scan_starts.rule_starts` gives are visited: a new
        rule's start condition goes into its word tests (tests/test_scan_starts.py checks).
        """
        self.common = common_nouns(norm)
        self.forms = None
        sports = sports_report(norm)
        # إلياس، ألفر: a word written with a hamza on its alef before ل has no article
        self.hamza_al = {j for j, t in enumerate(surface) if t[:2] in ("أل", "إل")}
        # علي is the name, not على (the same word once normalised), where the article writes
        # على with its alef maqsura elsewhere: there the two spellings are told apart.
        self.ali = {j for j, t in enumerate(surface) if t in _ALI} if "على" in surface else set()
        if not _ALI.isdisjoint(surface[:-1]):
            self.ali |= {  # علي محمد الزبيدي: علي before a first name opens a name of three parts
                j
                for j, t in enumerate(surface[:-1])
                if t in _ALI
                and (
                    (norm[j + 1] in FIRST_NAMES and self.name_end(norm, j + 1) - j >= 3)
                    or (j and norm[j - 1] in _TITLE_WORDS)  # الشيخ علي: the name after a title
                )
            }
        hits, resume = [], 0
        starts = self.gaz.starts
        for i in rule_starts(norm, self.gaz, self.tag_len, self.ali):
            if i < resume:
                continue  # within the last hit
            listed = starts[norm[i]]  # a listed name may start here (remembered per word)
            name = self.match_name(norm, surface, i) if listed or self.tag_len else None
            if name and name.end - name.start == 1 and self.other_first_name(norm, i, name.key):
                name = None  # إيريك شولتز: not the listed شولتز
            found = self.match_pattern(norm, surface, i) if _starts_pattern(norm[i]) else []
            if not found and i in self.ali:
                ali = self.person_by_first_name(norm, surface, i)
                found = [ali] if ali else []
            if not found and _starts_place(norm[i]):
                found = self.place_after_head(norm, surface, i)
            if not found and norm[i] in _TEAM_WORDS:
                found = self.team(norm, surface, i)
            if name and (not found or name.end >= found[-1].end or self.pads(norm, name, found)):
                found = [name]
            if not found and (norm[i] in _KUNYA_FORMS or (i and _is_nationality(norm[i - 1]))):
                found = self.candidate(norm, surface, i)
            if (
                not found
                and (i == 0 or _opens_clause(norm[i - 1]))
                and _lexicon_name(norm[i], True)
            ):
                found = self.context_name(norm, surface, i)
            if not found and (i == 0 or norm[i - 1] in ".:" or self.second_writer(hits, norm, i)):
                found = self.byline(norm, surface, i)
            if not found and lexicon().proper_word(norm[i]):
                found = self.family_named(norm, surface, i)
            if not found and (i == 0 or norm[i - 1] in ",،:."):
                found = self.guest(norm, surface, i)
            if not found and norm[i] == "ل" and i + 1 < len(norm) and norm[i + 1] in _QUOTES:
                outlet = self.quoted_name(norm, surface, i + 1, 2)  # قال لـ"الوطن"
                found = [outlet] if outlet else []
            if found and found[-1].kind == "person" and (i == 0 or norm[i - 1] in ".:"):
                outlet = self.byline_outlet(norm, surface, found[-1].end)  # a listed first name
                found = [*found, outlet] if outlet else found
            if len(found) == 1 and found[0].kind == "place" and found[0].source == "gazetteer":
                found = [] if self.place_adjective(norm, found[0]) else found
                found = [self.named_after_place(norm, surface, found[0], hits)] if found else []
                found = [self.club_city(norm, found[0], sports)] if found else []
            if found:
                resume = found[-1].end
                if found[0].kind == "organisation":  # شرطة جدة: جدة as well
                    found = self.inner_places(norm, surface, found)
                hits.extend(h for h in found if not self.names_place(norm, h))
        return hits

    @staticmethod
    def names_place(norm: list[str], hit: Hit) -> bool:
        """Whether a person's name is part of a place's or building's name: it follows a
        facility noun, with a title between them or not (مطار الملك سعود، مشفى كمال ناصر)."""
        k = hit.start - 1
        if k >= 0 and norm[k] in _TITLE_WORDS:
            k -= 1
        return hit.kind == "person" and k >= 0 and any(f in FACILITY_NOUNS for f in _forms(norm[k]))

    def byline(self, norm: list[str], surface: list[str], i: int) -> list[Hit]:
        """A byline opening a clause: a name of two or three words closed by a dash, then the
        outlet (one or two words closed by another dash or a colon): محمد أحمد - الصحيفة -.
        The name is not all dictionary words (تقرير خاص -), has no feminine noun (قناة
        فضائية -), and neither a listed name nor a definite word first."""
        end = i
        while end < len(norm) and end - i < 3 and _is_name_token(norm[end]):
            end += 1
        if (
            end - i < 2
            or end >= len(norm)
            or norm[end] not in _DASHES
            or norm[i].startswith("ال")
            or any((t,) in self.gaz.aliases or _lexicon_ends(t) for t in norm[i:end])
            or all(lexicon().ordinary_word(t) and not _first_name(t) for t in norm[i:end])
            or any(t.endswith("ة") and not _first_name(t) for t in norm[i:end])
        ):
            return []
        key = _join_abd(norm[i:end])
        writer = Hit(key, "person", "pattern", " ".join(surface[i:end]), i, end)
        outlet = self.byline_outlet(norm, surface, end)
        return [writer, outlet] if outlet else [writer]

    @staticmethod
    def second_writer(hits: list[Hit], norm: list[str], i: int) -> bool:
        """Whether ``i`` follows a comma after a person opening a clause: a byline's second
        writer may stand there (سعود أحمد، فهد علي - الصحيفة -)."""
        if i < 2 or norm[i - 1] not in ",،" or not hits or hits[-1].end != i - 1:
            return False
        start = hits[-1].start
        return hits[-1].kind == "person" and (start == 0 or norm[start - 1] in ".:")

    def byline_outlet(self, norm: list[str], surface: list[str], dash: int) -> Hit | None:
        """The outlet of a byline after the writer's name and a dash at ``dash``: one or two
        name words closed by another dash or a colon (محمد أحمد - الصحيفة -), or None."""
        outlet = dash + 1
        if dash >= len(norm) or norm[dash] not in _DASHES:
            return None
        close = next(
            (k for k in range(outlet, min(outlet + 3, len(norm))) if norm[k] in (*_DASHES, ":")), 0
        )
        if close > outlet and all(
            _is_name_token(t) and (t,) not in self.gaz.aliases for t in norm[outlet:close]
        ):
            text = " ".join(surface[outlet:close])
            return Hit(tuple(norm[outlet:close]), "organisation", "pattern", text, outlet, close)
        return None

    def match_name(self, norm: list[str], surface: list[str], i: int) -> Hit | None:
        """The longest tag or gazetteer name starting at ``i``."""
        forms = _forms(norm[i])
        if not self.gaz.may_start(norm[i], forms) and not (
            self.tag_len and any(f in self.tag_len for f in forms)
        ):
            return None
        for first, first_surface in _variants(norm, surface, i):
            longest = max(self.gaz.max_len.get(first, 0), self.tag_len.get(first, 0))
            for n in range(min(longest, len(norm) - i), 0, -1):
                alias = (first, *norm[i + 1 : i + n])
                if alias in self.tags:
                    key = self.tags[alias]
                    text = " ".join([first_surface, *surface[i + 1 : i + n]])
                    return Hit(key, self.tag_type(key), "tag", text, i, i + n)
                if alias in self.gaz.aliases and not (n == 1 and first in _ROLE_FIRST):
                    key = self.gaz.aliases[alias]
                    text = " ".join([first_surface, *surface[i + 1 : i + n]])
                    full = "".join(alias) == "".join(key) or (
                        self.gaz.types[key] == "person" and _full_form(alias, key)
                    )  # أبوظبي، حسن نصر الله: the name as the text spaces it
                    surface_text = text if alias == key or full else ""
                    return Hit(key, self.gaz.types[key], "gazetteer", surface_text, i, i + n)
        return None

    def other_first_name(self, norm: list[str], i: int, key: Key) -> bool:
        """Whether the listed person's surname at ``i`` (شولتز) follows a first name that is
        not the listed one's: another person of that surname (إيريك شولتز)."""
        previous = norm[i - 1] if i else ""
        return (
            len(key) >= 2
            and self.gaz.types.get(key) == "person"
            and previous != key[0]
            and (previous,) not in self.gaz.aliases
            and _lexicon_name(previous)
            and (
                previous in FIRST_NAMES
                or _unknown_word(previous)
                or lexicon().proper_word(previous)
            )
        )

    def candidate(self, norm: list[str], surface: list[str], i: int) -> list[Hit]:
        """A person's name of 2-3 parts in a weaker context, for the corpus to confirm: after a
        nationality adjective (البرتغالي كريستيانو رونالدو), or a kunya (أبو مهدي المهندس)."""
        kunya = next((f for f in _forms(norm[i]) if f in _KUNYA), None)
        second = norm[i + 1] if i + 1 < len(norm) else ""
        if not _is_name_token(second) or (
            kunya is None
            and (
                not _is_name_token(norm[i])
                or norm[i][:2] == "ال"
                or name_ends.no_lone_name(norm[i])
                or not self.foreign(norm, i, i + 1)
            )
        ):
            return []
        first, first_surface = next(
            ((f, s) for f, s in _variants(norm, surface, i) if f == (kunya or norm[i])),
            (norm[i], surface[i]),
        )
        if (kunya, second) in self.gaz.aliases:
            return []
        end = self.name_end(norm, i) if kunya is None else self.kunya_end(norm, i)
        if kunya is None and end - i == 1 and self.may_extend(norm, i, end):
            end += 1
        if end - i < 2 or (
            kunya is None
            and not (
                _is_foreign_part(norm[i])
                and all(
                    self.foreign(norm, i, j) or norm[j - 1] in _PARTICLES for j in range(i, end)
                )
            )
        ):
            return []
        key = _join_abd([first, *norm[i + 1 : end]])
        if _theophoric_phrase(key) or (
            kunya is None
            and _dictionary_word(norm[i])
            and not any(_unknown_word(t) for t in norm[i + 1 : end])
        ):  # النبي صلى الله: a formula; العالمي مزيج برنت: a noun (not نيل أرمسترونغ)
            return []
        text = " ".join([first_surface, *surface[i + 1 : end]])
        named = (
            kunya is None
            and all(_lexicon_name(token) or token in _PARTICLES for token in norm[i:end])
        ) or self.recurs(norm, end - 1)
        # the lexicon takes every part for a name, or the article names the person by the
        # surname again (الإسباني فرناندو يورينتي ... خدمات يورينتي): no need for the corpus
        return [Hit(key, "person", "pattern", text, i, end, candidate=not named)]

    def context_name(self, norm: list[str], surface: list[str], i: int) -> list[Hit]:
        """A name of 2-3 words the lexicon takes for names (ترامب، ويفر: not ordinary words),
        opening a clause (after a full stop, a colon or a verb such as قال) and closed by a
        verb, a colon, a comma or an office (كريس ويفر وهو شريك، بيتر سيارتو ، يؤكد), or an
        empty list."""
        end, opens = i + 1, False
        strong = bool(_first_name(norm[i])) or lexicon().proper_word(norm[i])
        while end < len(norm) and end - i < 4:
            token = norm[end]
            if token in _PARTICLES and end + 1 < len(norm):
                end += 1
                continue
            if not (_lexicon_name(token) or (strong and _unknown_word(token))):
                break  # after a name the lexicon knows, a word it does not (إيفان رمادين)
            if self.opens_name(norm, i, end):  # ميشيل باشليه | جورج فلويد
                opens = True
                break
            end += 1
        while end - i > 1 and norm[end - 1] in _PARTICLES:
            end -= 1
        if end - i < 2 or end >= len(norm) or not (opens or _closes_name(norm[end])):
            return []
        if (norm[i],) in self.gaz.aliases or any(
            self.gaz.types.get(self.gaz.aliases.get((t,), ()), "person") != "person"
            for t in norm[i + 1 : end]
        ):
            return []
        key = tuple(norm[i:end])
        return [Hit(key, "person", "pattern", " ".join(surface[i:end]), i, end)]

    def kunya_end(self, norm: list[str], i: int) -> int:
        """End of a kunya at ``i``: the name after أبو, then at most one family name: a name
        word, or any definite word that is not a listed name (أبو مهدي المهندس)."""
        end = i + 2
        token = norm[end] if end < len(norm) else ""
        definite = (
            token.startswith("ال")
            and token.isalpha()
            and token not in stopwords()
            and (token,) not in self.gaz.aliases
            and token[2:] not in ORG_HEADS
        )
        if definite or (token and _is_name_token(token) and not self.ends_name(norm, end)):
            end += 1
        return end

    def pads(self, norm: list[str], name: Hit, found: list[Hit]) -> bool:
        """Whether a pattern only pads a listed organisation with ordinary words (حركة فتح
        الاقتحامات), another name after و (حزب الله والحوثيون) or its country's adjective
        (حزب الله اللبناني); a place adjective (مجلس الأمن القومي) makes a longer name."""
        if name.kind != "organisation" or found[0].start != name.start:
            return False
        return not all(
            _is_nisba(token) and token[:1] != "و" and not self.nationality(token)
            for token in norm[name.end : found[-1].end]
        )

    def nationality(self, token: str) -> bool:
        """Whether a definite adjective names a listed place's people (اللبناني، الروسية،
        البحرينية: the place with the article or not)."""
        adjective = token.startswith("ال") and token.endswith(("ي", "ية"))
        stem = token[2:].removesuffix("ة").removesuffix("ي") if adjective else ""
        places = ((stem,), (stem + "ا",), (stem + "يا",), ("ال" + stem,))
        return len(stem) >= 3 and any(
            self.gaz.types.get(self.gaz.aliases.get(p, ()), "") == "place" for p in places
        )

    def tag_type(self, key: Key) -> str:
        """A tag's type: the gazetteer's, else from a first name or head noun, else unknown."""
        if key in self.gaz.types:
            return self.gaz.types[key]
        if len(key) >= 2 and key[0] in FIRST_NAMES:
            return "person"
        return "organisation" if len(key) >= 2 and key[0] in ORG_HEADS else ""

    def match_pattern(self, norm: list[str], surface: list[str], i: int) -> list[Hit]:
        """Hits of a pattern starting at ``i``: a person after a role (with the organisation
        between them, as in المتحدث باسم مجلس الأمن القومي جون كيربي), an organisation after a
        head noun, or a person opening with a known first name; empty when none applies."""
        for first, _ in _variants(norm, surface, i):
            if first in _ROLE_FIRST:
                hits = self.person_after_role(norm, surface, i, first)
                if hits:
                    return hits
            if first in ORG_HEADS:
                hit = self.organisation(norm, surface, i, first)
                return [hit] if hit else []
        hit = self.definite_organisation(norm, surface, i) or self.person_by_first_name(
            norm, surface, i
        )
        return [hit] if hit else []

    def person_by_first_name(self, norm: list[str], surface: list[str], i: int) -> Hit | None:
        """A person of 2-3 parts opening with a known first name (جون كيربي), written with و
        or ف or not, or None."""
        first = _first_name(norm[i]) or ("علي" if i in self.ali else "")
        if not first:
            return None
        end = self.name_end(norm, i)
        if end - i < 2 or (first == "عبد" and end - i < 3):
            return None
        key = _join_abd([first, *norm[i + 1 : end]])
        if _theophoric_phrase(key):
            return None  # بعد توفيق الله: a verbal noun and God's name
        cut = len(norm[i]) - len(first)
        text = " ".join([surface[i][cut:], *surface[i + 1 : end]])
        return Hit(key, "person", "pattern", text, i, end)

    def org_at(self, norm: list[str], surface: list[str], j: int) -> Hit | None:
        """An organisation (listed, or a head noun and its name) starting at ``j``, or None."""
        name = self.match_name(norm, surface, j)
        name = name if name and name.kind == "organisation" else None
        pattern = next(
            (
                self.organisation(norm, surface, j, first)
                for first, _ in _variants(norm, surface, j)
                if first in ORG_HEADS
            ),
            None,
        ) or self.definite_organisation(norm, surface, j)
        if name and (not pattern or name.end >= pattern.end or self.pads(norm, name, [pattern])):
            return name
        return pattern

    def person_after_role(
        self, norm: list[str], surface: list[str], i: int, first: str
    ) -> list[Hit]:
        """A person name of 1-3 parts after a role, its modifiers and an organisation
        (returned before it), or else after the role's longer complement (see
        :meth:`~.role_names.RoleNames.name_after_complement`), or an empty list."""
        size = next(
            (
                n
                for n in range(_ROLE_MAX, 0, -1)
                if (first, *norm[i + 1 : i + n]) in PERSON_ROLES and i + n <= len(norm)
            ),
            0,
        )
        if not size:
            return []
        hits = self.role_reading(norm, surface, i, (first, size))
        if any(h.kind == "person" for h in hits):
            return hits
        return self.name_after_complement(norm, surface, i + size, hits) or hits

    def role_reading(
        self, norm: list[str], surface: list[str], i: int, role: tuple[str, int]
    ) -> list[Hit]:
        """A person name of 1-3 parts after the role at ``i`` (its first word as matched and
        its size), its modifiers and an organisation (returned before it), or an empty list."""
        first, size = role
        j = i + size
        for _ in range(3):  # modifiers: الأمريكي، الخارجية، للشؤون، باسم، ركن
            token = norm[j] if j < len(norm) else ""
            if token and (self.match_name(norm, surface, j) or token in FIRST_NAMES):
                break  # العميد إلياس حنا: a first name is no modifier
            modifier = (
                token.startswith(("ال", "لل"))
                and token not in stopwords()
                and j not in self.hamza_al
            )
            title = name_ends.title_width(norm, j)
            if not (modifier or token in _ROLE_MODIFIERS or title):
                break
            j += title or 1
        org = self.org_at(norm, surface, j) if j < len(norm) else None
        start = org.end if org else j
        while (
            start < len(norm) and self.is_place(norm[start]) and norm[start] not in FIRST_NAMES
        ):  # رئيس مصر ...
            start += 1
        if start < len(norm) and norm[start] == "،":
            start += 1
            if norm[start : start + 1] and norm[start][:1] == "و" and not _first_name(norm[start]):
                return [org] if org else []  # الفنان، وكلمات: a new clause after the comma
        if start >= len(norm):
            return [org] if org else []
        if norm[start] in self.tag_len:  # a tag after a role names a person
            tag = self.match_name(norm, surface, start)
            if (
                tag
                and tag.source == "tag"
                and tag.kind in ("", "person")
                and _person_sized(tag.key)
            ):
                tag.kind = "person"
                return [org, tag] if org else [tag]
            return [org] if org else []
        listed = self.match_name(norm, surface, start)
        if listed and listed.kind == "person":  # الرئيس الروسي فلاديمير بوتين
            return [org, listed] if org else [listed]
        token = norm[start]
        if token.startswith(("ال", *_PHRASE_PREFIXES)) or (
            token.endswith(_PRONOUN_SUFFIXES) and not token.endswith("الله")
        ):
            return [org] if org else []
        if (token.startswith("ل") and token not in FIRST_NAMES) or _preposition_word(token):
            return [org] if org else []  # بمنطقة، بتوفيق: a preposition, not a name, follows
        if name_ends.present_verb(token):  # يدشن، سيناقشان، يعد: a verb, not a first name
            return [org] if org else []
        if (
            not (_is_name_token(token) or start in self.ali)
            or (token,) in self.gaz.aliases
            or (
                _lexicon_ends(token)
                and token not in FIRST_NAMES
                and not name_ends.nasab_follows(norm, start)
            )
        ):  # وخفت، ورفضت: a verb or an ordinary word after a role is not a name
            return [org] if org else []
        end = name_ends.regnal_end(norm, self.name_end(norm, start), first)
        if self.may_extend(norm, start, end) and self.recurs(norm, end):
            end += 1  # وزيرة الخزانة جانيت يلين ... قالت يلين: the article names her so again
        if (
            end == start
            or (size == 1 and first in _CONSTRUCT_ROLES and not org and end - start < 2)
            or self.construct(norm, start, end)
            or (end - start == 1 and name_ends.no_lone_name(norm[start]))
            or (
                end - start == 1
                and _is_accusative(norm[start])
                and not self.may_extend(norm, start, end)
            )
        ):
            return [org] if org else []
        key = _join_abd(norm[start:end])
        if self.may_extend(norm, start, end):
            self.extended[key] = _join_abd(norm[start : end + 1])
        person = Hit(key, "person", "pattern", " ".join(surface[start:end]), start, end)
        return [org, person] if org else [person]

    @staticmethod
    def construct(norm: list[str], start: int, end: int) -> bool:
        """Whether the words after a role are a noun and its definite complement rather than
        a name: a dictionary word that is neither a first name nor a proper noun, then a
        definite word not shaped like a family name (رئيس قسم الاقتصاد، مباراة الليلة; not
        سلامة العبدالله، عتاب الدوري)."""
        token = norm[start]
        return (
            end - start >= 2
            and norm[start + 1].startswith("ال")
            and not norm[start + 1].endswith(("ي", "الله"))
            and lexicon().ordinary_word(token)
            and not lexicon().proper_word(token)
            and not _first_name(token)
        )

    def foreign(self, norm: list[str], start: int, j: int) -> bool:
        """Whether the word at ``j`` may be part of a foreign name after a nationality: shaped
        like one, or a surname the article uses again after a first part the lexicon takes
        for a name (الإسباني فرناندو يورينتي ... يورينتي)."""
        return _is_foreign_part(norm[j]) or (_lexicon_name(norm[start]) and self.recurs(norm, j))

    def recurs(self, norm: list[str], j: int) -> bool:
        """Whether the word at ``j``, neither definite, nor with an attached pronoun (نصفها),
        nor (with clitics or not) a word the lexicon takes for an ordinary word or a verb,
        occurs elsewhere in the article (with clitics or not): a surname the article uses
        again (قالت يلين)."""
        token, lex = norm[j], lexicon()
        return (
            _is_name_token(token)
            and len(token) >= 3
            and not token.startswith("ال")
            and not token.endswith(_PRONOUN_SUFFIXES[1:])
            and not any(lex.ordinary_word(f) or lex.verb(f) for f in _forms(token))
            and self.form_count(norm, token) >= 2
        )

    def form_count(self, norm: list[str], form: str) -> int:
        """How many words of the article are ``form`` or have it without clitics (counted
        once per article, when first asked)."""
        if self.forms is None:
            self.forms = Counter(f for token in norm for f in set(_forms(token)))
        return self.forms[form]

    def may_extend(self, norm: list[str], start: int, end: int) -> bool:
        """Whether the word that ended a one-word name after a role may still be its last
        part (a surname shaped like a verb, ترامب): a candidate the corpus confirms or not."""
        if end >= len(norm) or end - start != 1:
            return False
        token = norm[end]
        return (
            _is_name_token(token)
            and not token.startswith("ال")
            and token not in FIRST_NAMES
            and token not in norm[start:end]
            and (token,) not in self.gaz.aliases
        )

    def is_place(self, token: str) -> bool:
        """Whether ``token``, with or without clitics, is a one-word listed place."""
        return any(
            self.gaz.types.get(self.gaz.aliases.get((form,), ()), "") == "place"
            for form, _ in _variants([token], [token], 0)
        )

    def name_end(self, norm: list[str], start: int) -> int:
        """End of a name of up to three parts starting at ``start`` (four with a family name of
        relation: سالم مبارك آل عائض الشهراني; five in a chain of nasab: محمد بن نايف بن عبد
        العزيز آل سعود); joiners bind to the next."""
        j, parts = start, 0
        while j < len(norm) and (
            parts < 3
            or (parts == 3 and self.family_name(norm, j))
            or (parts < 5 and self.nasab_part(norm, start, j))
        ):
            token = norm[j]
            after_joiner = j > start and (norm[j - 1] in NAME_JOINERS or norm[j - 1] in _PARTICLES)
            after_nasab = after_joiner and norm[j - 1] in _NASAB
            if (
                j > start
                and not after_joiner
                and (
                    self.ends_name(norm, j)
                    or self.opens_name(norm, start, j)
                    or (parts >= 2 and token not in _NASAB and _ends_long_name(token, norm[j - 1]))
                    or _and_next(token, parts)
                    or (j not in self.hamza_al and _noun_after_foreign_name(token, norm[j - 1]))
                )
            ):
                break
            if token in NAME_JOINERS and j + 1 < len(norm) and norm[j + 1].isalpha():
                pair = self.gaz.aliases.get((token, norm[j + 1]), ())
                if self.gaz.types.get(pair) not in (None, "person") or (
                    parts >= 2 and token in _KUNYA
                ):
                    break  # أبو ظبي; قاسم سليماني | أبو مهدي
                j += 1
                continue
            if j > start and token in _PARTICLES and j + 1 < len(norm) and norm[j + 1].isalpha():
                j += 1
                continue
            title_after_al = after_joiner and norm[j - 1] == "ال" and token in _TITLE_WORDS
            nasab = after_nasab and token.isalpha() and (token not in stopwords() or token in _ALI)
            abd = norm[j - 1] == "عبد" and j > start and token[:2] == "ال"  # عبد الملك
            named = _is_name_token(token) or title_after_al or nasab or abd or j in self.ali
            if not (j == start or named) or (j > start and token[2:] in ORG_HEADS):
                break
            j += 1
            parts += 1
        while j > start and (norm[j - 1] in NAME_JOINERS or norm[j - 1] in _PARTICLES):  # unbound
            j -= 1
        return j

    @staticmethod
    def nasab_part(norm: list[str], start: int, j: int) -> bool:
        """Whether the word at ``j``, after three name parts of which one follows بن, may be a
        further part: a joiner or the word after one, or a family name after a chain of two بن
        (one for a definite name), neither a first name nor plural or accusative in shape, and
        not after آل and its family (عادل بن جميل بن إبراهيم عارف; not بن مساعد الفائزين, محمد
        بن زايد آل نهيان | حلف)."""
        token, before = norm[j], norm[start : j - 1]
        if norm[j - 1] in NAME_JOINERS or token in NAME_JOINERS:
            return "بن" in before or "بنت" in before
        return (
            sum(t in _BIN for t in before) >= 2 - token.startswith("ال")
            and "ال" not in before  # آل نهيان closes the name
            and token not in FIRST_NAMES
            and not token.endswith(("ين", "ون", "ات", "ا", "ية"))
        )

    def family_name(self, norm: list[str], j: int) -> bool:
        """Whether the word at ``j``, after three name parts, is a family name of relation
        (الشهراني), the fourth part of a name."""
        token = norm[j]
        return (
            token.startswith("ال")
            and token.endswith("ي")
            and len(token) >= 6
            and not norm[j - 1].startswith("ال")
            and _is_name_token(token)
            and not self.ends_name(norm, j)
        )

    def opens_name(self, norm: list[str], start: int, j: int) -> bool:
        """Whether the word at ``j`` opens the next person's name: by its shape
        (:func:`opens_by_shape`), or a listed person (نتنياهو | يوآف غالانت), or a listed
        person's surname after another's (ماكرون | بوتين)."""
        if opens_by_shape(norm, start, j):
            return True
        listed = self.match_name(norm, norm, j)
        return (
            listed is not None
            and listed.kind == "person"
            and (
                listed.end > j + 1
                or ((norm[j - 1],) in self.gaz.aliases and listed.key[0] not in norm[start:j])
            )
        )  # ماكرون | بوتين: two listed persons; not فلاديمير بوتين, إيريك شولتز

    def ends_name(self, norm: list[str], j: int) -> bool:
        """Whether the word at ``j`` (after a name part) starts something else: a phrase,
        a verb, a listed name (with a clitic or not), a tag, an ordinary noun, or a definite
        noun and its adjective."""
        token = norm[j]
        if token in FIRST_NAMES or token in self.gaz.person_parts:
            return False
        if name_ends.last_part(token, norm[j - 1], self.gaz):
            return False
        nxt = norm[j + 1] if j + 1 < len(norm) else ""
        definite = token.startswith("ال")
        bare = [form for form, _, _ in bare_forms(token)]
        return (
            (token.startswith(_PHRASE_PREFIXES) and len(token) >= 6)  # فالتر: no article
            or _lexicon_ends(token)
            or (
                not definite
                and token.endswith(_PRONOUN_SUFFIXES)
                and token[:3] != "عبد"
                and not token.endswith("الله")
            )
            or (token[:1] in "يت" and len(token) >= 4)
            or any(form[:1] == "ت" and len(form) >= 4 for form in bare if token[:1] in "بل")
            or (token.startswith("سي") and len(token) >= 5)
            or (token,) in self.gaz.aliases
            or any((form,) in self.gaz.aliases for form in bare)  # وأوكرانيا، بمأرب
            or (token[:1] == "ب" and token.endswith("ة") and len(token) >= 5)  # بولاية
            or token in self.tag_len
            or token in self.common
            or _is_verbal_noun(token)
            or name_ends.next_phrase(token, nxt)
            or (
                definite
                and nxt.startswith("ال")
                and _is_nisba(nxt)
                and not (token.endswith("ي") and nxt.endswith("ة"))  # الفلاحي | العملية
            )
        )
