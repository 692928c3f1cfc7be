"""Named entities in Arabic news without an NER model.

Three kinds of evidence are combined on normalised token sequences:

* tags of an article that also occur in its title or body;
* gazetteers (see :mod:`dashboard.pipeline.gazetteer`), longest match first, with
  the clitics و ف ب ل ك (and لل) stripped from a first word when the bare
  form is a known name;
* patterns: a role before a person's name (الرئيس، وزير الخارجية ...), and an
  organisation head noun before its name (وزارة، حزب، شركة ...).

Short forms of a person (a surname after the full name in the same article, a
shorter name seen elsewhere) are merged into the most frequent full form.

>>> import pandas as pd
>>> frame = pd.DataFrame({"id": ["a"], "title": ["قمة في الشرق الأوسط"], "body": [""],
...                       "tags": [[]]})
>>> extract_mentions(frame)[["entity", "type", "count"]].values.tolist()
[['الشرق الأوسط', 'place', 1]]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse

from dashboard.pipeline.forkpool import fork_map
from dashboard.pipeline.gazetteer import (
    FIRST_NAMES,
    FOREIGN_FIRST_NAMES,
    NAME_JOINERS,
    NOT_NAME_WORDS,
    ORG_HEADS,
    PERSON_ROLES,
    Gazetteer,
    Key,
    gazetteer,
    normalize_display,
    words,
)
from dashboard.pipeline.lexicon import lexicon
from dashboard.text.arabic import DIACRITICS, TOKEN, normalize, stopwords, tokenize

MENTION_COLUMNS = ["article_id", "entity", "type", "count", "source"]
PAIR_COLUMNS = ["source", "target", "count", "lift", "npmi", "score"]
# Pairs seen in few articles have a noisy NPMI: the ranking score shrinks it by
# count / (count + PAIR_PRIOR), so a pair in 2 articles needs far more association
# than a pair in 50 to rank above it.
PAIR_PRIOR = 5
SOURCE_RANK = {"tag": 0, "gazetteer": 1, "pattern": 2}
# A name after a role cut before a word that looks like a verb (دونالد | ترامب) is read with
# that word when the longer form recurs after roles in this many articles of the corpus.
MINED_MIN_ARTICLES = 3
# A surname alone stands for the corpus's full name when that name is seen in this many
# articles and holds this share of the articles of all full names ending with it.
SURNAME_MIN_ARTICLES = 2
SURNAME_MIN_SHARE = 0.8
# ... and when the word stands alone in at most this many times as many articles as the full
# name: a common word that closed a wrong name (ساعة، أربعة) stands alone far more often.
SURNAME_MAX_ALONE = 3
# A name read from a weaker context (after a nationality adjective: البرتغالي كريستيانو رونالدو;
# a kunya: أبو مهدي المهندس) counts when it is proposed so in this many articles, or is a person
# the corpus names elsewhere.
CANDIDATE_MIN_ARTICLES = 2
# ... and unless every word of it but أبو stands alone (outside any name) in more than this many
# times as many articles as propose the name: that is an ordinary word (مشروع قانون).
CANDIDATE_MAX_ALONE = 3

# Invisible characters that would split a word (bidi marks, zero-width joiners) and tatweel.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u0640]")
# Words, numbers, and punctuation marks (kept as tokens so that no name spans them).
_WORD_OR_MARK = re.compile(TOKEN.pattern + r"|[^\s\w]")
ARABIC_WORD = re.compile("[\u0621-\u064a]+")
_ROLE_MAX = max(len(role) for role in PERSON_ROLES)
_ROLE_FIRST = frozenset(role[0] for role in PERSON_ROLES)
# Attached prefixes after which a word starts a new phrase, not a name's next part.
_PHRASE_PREFIXES = ("وال", "بال", "فال", "كال", "لل")
# Attached pronouns (نظيره، بلادها، قادتهم) that end ordinary words, rarely a name's last part.
_PRONOUN_SUFFIXES = ("ه", "ها", "هم", "هما", "هن")
# Honorifics and office words that follow or precede names but are never part of them.
_NOT_NAMES = words(
    "صاحب سمو السمو معالي فخامة جلالة عضو مستشار نائب نائبا وزير وزيرة رئيس رئيسا مساعد "
    "أمير سفير مدير خارجية"
)
_TITLE_WORDS = words("الملك الأمير الشيخ الإمام")
# Roles that head a construct (مدير تعليم المنطقة): one word after them is rarely a name.
_CONSTRUCT_ROLES = words("رئيس رئيسة مدير مديرة مستشار مستشارة قائد عضو وزير وزيرة محافظ")
_OFFICE_ADJECTIVES = words("العام العامة الأعلى العليا")
# The first word of a kunya (أبو عبيدة، أبي بكر).
_KUNYA = words("أبو أبي أبا")
# The name علي as written (with و or not), before normalisation folds it into على.
_ALI = frozenset({"علي", "وعلي"})
# Particles inside foreign names (ستيفان دي ميستورا، لولا دا سيلفا), bound to the next part.
_PARTICLES = words("دي دا دو دل ديل دير فون")
# Definite words that are parts of compound Arabic names (زين الدين، نصر الله).
_COMPOUND_PARTS = words("الدين الله")
_KUNYA_FORMS = frozenset(
    c + k for k in _KUNYA for c in ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب")
)


@dataclass
class Hit:
    """One entity occurrence: canonical key, type, source, surface text and token span."""

    key: Key
    kind: str
    source: str
    surface: str
    start: int
    end: int
    candidate: bool = False


@dataclass
class Article:
    """Counts gathered from one article."""

    counts: Counter = field(default_factory=Counter)
    kinds: dict[Key, str] = field(default_factory=dict)
    sources: dict[Key, str] = field(default_factory=dict)
    extended: dict[Key, Key] = field(default_factory=dict)
    loose: Counter = field(default_factory=Counter)
    tag_only: dict[Key, str] = field(default_factory=dict)
    candidates: Counter = field(default_factory=Counter)


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


def _first_name(token: str) -> str:
    """The known first name ``token`` is, with و or ف before it or not; else ''."""
    if token in FIRST_NAMES:
        return token
    return token[1:] if token[:1] in "وف" and token[1:] in FIRST_NAMES else ""


@lru_cache(maxsize=200_000)
def _starts_pattern(token: str) -> bool:
    """Whether a pattern may start at ``token``: a role, a head noun (bare or definite), or a
    known first name."""
    if _first_name(token) or (token.startswith("ال") and token[2:] in ORG_HEADS):
        return True
    return any(form in _ROLE_FIRST or form in ORG_HEADS for form in _forms(token))


@lru_cache(maxsize=200_000)
def _is_name_token(token: str) -> bool:
    """A word that can be part of a name: Arabic letters, not (with clitics) a stopword,
    role, head noun or honorific."""
    if ARABIC_WORD.fullmatch(token) is None or len(token) < 2:
        return False
    forms = [token, *(form for form, _, _ in bare_forms(token))]
    if any(form in stopwords() and form[:1] not in "وف" for form in forms[1:]):
        return False  # a stoplist form after a clitic; بوتين is not ب + و + a stopword
    if token in stopwords() or (token[:1] in "وف" and token[1:] in stopwords()):
        return False
    return not any(
        form in ORG_HEADS or form in _ROLE_FIRST or form in _NOT_NAMES or form in NOT_NAME_WORDS
        for form in forms
    )


def _join_abd(tokens: list[str]) -> Key:
    """A person key with عبد written joined to the next word (عبد العزيز -> عبدالعزيز)."""
    out: list[str] = []
    for token in tokens:
        if out and out[-1] == "عبد":
            out[-1] += token
        else:
            out.append(token)
    return tuple(out)


class Scanner:
    """Finds entity hits in one article's tokens."""

    def __init__(self, gaz: Gazetteer, tags: dict[Key, Key]) -> None:
        self.gaz = gaz
        self.tags = tags
        self.tag_len = Counter()
        self.common: frozenset[str] = frozenset()
        self.extended: dict[Key, Key] = {}
        self.ali: set[int] = set()
        for alias in tags:
            self.tag_len[alias[0]] = max(self.tag_len[alias[0]], len(alias))

    def scan(self, norm: list[str], surface: list[str]) -> list[Hit]:
        """All hits, left to right, none overlapping; the longest match wins at each place.

        A name from a list wins over a pattern of the same length.
        """
        self.common = common_nouns(norm)
        # علي is the name, not على (the same word once normalised), where the article writes
        # على with its alef maqsura elsewhere: there the two spellings are told apart.
        self.ali = {j for j, t in enumerate(surface) if t in _ALI} if "على" in surface else set()
        hits, i = [], 0
        starts = self.gaz.starts
        while i < len(norm):
            listed = starts.get(norm[i])  # a listed name may start here (remembered per word)
            if listed is None:
                listed = self.gaz.may_start(norm[i], _forms(norm[i]))
            name = self.match_name(norm, surface, i) if listed or self.tag_len else None
            found = self.match_pattern(norm, surface, i) if _starts_pattern(norm[i]) else []
            if not found and i in self.ali:
                ali = self.person_by_first_name(norm, surface, i)
                found = [ali] if ali else []
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
            if found:
                hits.extend(found)
                i = found[-1].end
            else:
                i += 1
        return hits

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
                text = " ".join([first_surface, *surface[i + 1 : i + n]])
                if alias in self.tags:
                    key = self.tags[alias]
                    return Hit(key, self.tag_type(key), "tag", text, i, i + n)
                if alias in self.gaz.aliases and not (n == 1 and first in _ROLE_FIRST):
                    key = self.gaz.aliases[alias]
                    full = "".join(alias) == "".join(key) or (
                        self.gaz.types[key] == "person" and _full_form(alias, key)
                    )  # أبوظبي، حسن نصر الله: the name as the text spaces it
                    surface_text = text if alias == key or full else ""
                    return Hit(key, self.gaz.types[key], "gazetteer", surface_text, i, i + n)
        return None

    def candidate(self, norm: list[str], surface: list[str], i: int) -> list[Hit]:
        """A person's name of 2-3 parts in a weaker context, for the corpus to confirm: after a
        nationality adjective (البرتغالي كريستيانو رونالدو), or a kunya (أبو مهدي المهندس)."""
        kunya = next((f for f in _forms(norm[i]) if f in _KUNYA), None)
        second = norm[i + 1] if i + 1 < len(norm) else ""
        if not _is_name_token(second) or (
            kunya is None
            and (not _is_name_token(norm[i]) or norm[i][:2] == "ال" or not _is_foreign_part(second))
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
            and not all(
                _is_foreign_part(norm[j]) or norm[j - 1] in _PARTICLES for j in range(i, end)
            )
        ):
            return []
        key = _join_abd([first, *norm[i + 1 : end]])
        text = " ".join([first_surface, *surface[i + 1 : end]])
        named = kunya is None and all(
            _lexicon_name(token) or token in _PARTICLES for token in norm[i:end]
        )  # the lexicon takes every part for a name: no need for the corpus to confirm it
        return [Hit(key, "person", "pattern", text, i, end, candidate=not named)]

    def context_name(self, norm: list[str], surface: list[str], i: int) -> list[Hit]:
        """A name of 2-3 words the lexicon takes for names (ترامب، ويفر: not ordinary words),
        opening a clause (after a full stop, a colon or a verb such as قال) and closed by a
        verb, a colon, a comma or an office (كريس ويفر وهو شريك، بيتر سيارتو ، يؤكد), or an
        empty list."""
        end, opens = i + 1, False
        while end < len(norm) and end - i < 4:
            token = norm[end]
            if token in _PARTICLES and end + 1 < len(norm):
                end += 1
                continue
            if not _lexicon_name(token):
                break
            if self.opens_name(norm, i, end):  # ميشيل باشليه | جورج فلويد
                opens = True
                break
            end += 1
        while end - i > 1 and norm[end - 1] in _PARTICLES:
            end -= 1
        if end - i < 2 or end >= len(norm) or not (opens or _closes_name(norm[end])):
            return []
        if any((t,) in self.gaz.aliases for t in norm[i:end]):
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

    @staticmethod
    def pads(norm: list[str], name: Hit, found: list[Hit]) -> bool:
        """Whether a pattern only pads a listed organisation with ordinary words (حركة فتح
        الاقتحامات); a place adjective (مجلس الأمن القومي) makes a longer name."""
        if name.kind != "organisation" or found[0].start != name.start:
            return False
        return not all(_is_nisba(token) for token in norm[name.end : found[-1].end])

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
        (returned before it), or an empty list."""
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
        j = i + size
        for _ in range(3):  # modifiers: الأمريكي، الخارجية، للشؤون، باسم
            token = norm[j] if j < len(norm) else ""
            if token and self.match_name(norm, surface, j):
                break
            modifier = token.startswith(("ال", "لل")) and token not in stopwords()
            if not (modifier or token == "باسم"):
                break
            j += 1
        org = self.org_at(norm, surface, j) if j < len(norm) else None
        start = org.end if org else j
        while (
            start < len(norm) and self.is_place(norm[start]) and norm[start] not in FIRST_NAMES
        ):  # رئيس مصر ...
            start += 1
        if start < len(norm) and norm[start] == "،":
            start += 1
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
        if token.startswith("ل") and token not in FIRST_NAMES:
            return [org] if org else []
        if (
            token not in FIRST_NAMES
            and token[:1] == "ي"
            and len(token) >= 4
            and not (lexicon().proper_word(token))
        ):
            # يدشن: a verb, not a first name
            return [org] if org else []
        if (
            not (_is_name_token(token) or start in self.ali)
            or (token,) in self.gaz.aliases
            or (_lexicon_ends(token) and token not in FIRST_NAMES)
        ):  # وخفت، ورفضت: a verb or an ordinary word after a role is not a name
            return [org] if org else []
        end = self.name_end(norm, start)
        if (
            end == start
            or (size == 1 and first in _CONSTRUCT_ROLES and not org and end - start < 2)
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
        """End of a name of up to three parts starting at ``start``; joiners bind to the next."""
        j, parts = start, 0
        while j < len(norm) and parts < 3:
            token = norm[j]
            after_joiner = j > start and (norm[j - 1] in NAME_JOINERS or norm[j - 1] in _PARTICLES)
            if (
                j > start
                and not after_joiner
                and (
                    self.ends_name(norm, j)
                    or self.opens_name(norm, start, j)
                    or (parts >= 2 and _ends_long_name(token, norm[j - 1]))
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
            if not (j == start or _is_name_token(token) or title_after_al or j in self.ali) or (
                j > start and token[2:] in ORG_HEADS
            ):
                break
            j += 1
            parts += 1
        while j > start and (norm[j - 1] in NAME_JOINERS or norm[j - 1] in _PARTICLES):  # unbound
            j -= 1
        return j

    def opens_name(self, norm: list[str], start: int, j: int) -> bool:
        """Whether the word at ``j`` opens the next person's name: a transliterated first name
        after a part that is not one (جو بايدن | دونالد), a word already in the name (ماكرون
        | إيمانويل ماكرون), a first name with و (أحمد سليم | وزياد), or a listed person
        (نتنياهو | يوآف غالانت)."""
        token = norm[j]
        if token in norm[start:j] or (token[1:] in FIRST_NAMES and token[:1] == "و"):
            return True  # ماكرون | إيمانويل ماكرون; أحمد سليم | وزياد
        if token in FOREIGN_FIRST_NAMES and norm[j - 1] not in FIRST_NAMES:
            return True
        listed = self.match_name(norm, norm, j)
        return listed is not None and listed.kind == "person" and listed.end > j + 1

    def ends_name(self, norm: list[str], j: int) -> bool:
        """Whether the word at ``j`` (after a name part) starts something else: a phrase,
        a verb, a listed name (with a clitic or not), a tag, an ordinary noun, or a definite
        noun and its adjective."""
        token = norm[j]
        if token in FIRST_NAMES or token in self.gaz.person_parts:
            return False
        nxt = norm[j + 1] if j + 1 < len(norm) else ""
        definite = token.startswith("ال")
        bare = [form for form, _, _ in bare_forms(token)]
        return (
            token.startswith(_PHRASE_PREFIXES)
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
            or (definite and nxt.startswith("ال") and _is_nisba(nxt))
        )

    def organisation(self, norm: list[str], surface: list[str], i: int, head: str) -> Hit | None:
        """An organisation: a head noun and 1-3 words (later ones definite nouns, or a place
        adjective that ends it), or None. A listed organisation after the head (شركة أرامكو)
        stands for itself."""
        j = i + 1
        first = norm[j] if j < len(norm) else ""
        if not (_is_name_token(first) or first in _TITLE_WORDS) or first.startswith("لل"):
            return None
        j += 1
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
            j += 1
        return self.org_hit(norm, surface, i, j, head)

    def definite_organisation(self, norm: list[str], surface: list[str], i: int) -> Hit | None:
        """A definite head noun and its adjective (البنك المركزي المصري، الهيئة العامة
        للترفيه، الاتحاد الآسيوي لكرة القدم), or None."""
        head = norm[i][2:] if norm[i].startswith("ال") else ""
        if head not in ORG_HEADS or i + 1 >= len(norm) or not _is_nisba(norm[i + 1]):
            return None
        j = i + 2
        while j < len(norm) and j - i <= 4:
            token, nxt = norm[j], norm[j + 1] if j + 1 < len(norm) else ""
            if token.startswith("ال") and _is_nisba(token):
                j += 1
            elif token.startswith("ل") and not token.startswith("لل") and nxt.startswith("ال"):
                j += 2  # لكرة القدم
            elif token.startswith("لل") and _is_name_token(token):
                j += 1
                if nxt.startswith("ال") and _is_nisba(nxt):
                    j += 1
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


def _full_form(alias: Key, key: Key) -> bool:
    """Whether a listed person's other spelling is a full name as the text writes it (حسن نصر
    الله، بني غانتس), not a surname alone or a title and name (الملك سلمان)."""
    return len(alias) >= 2 and alias[0] not in _ROLE_FIRST and len(key) >= 2


@lru_cache(maxsize=200_000)
def _is_foreign_part(token: str) -> bool:
    """Whether a word after a nationality adjective may be part of a name: not definite nor
    with و or a phrase prefix, no feminine, plural or pronoun ending (فضائية، هجمات،
    إنقاذهم), not shaped like a present or future verb (يوافق، تفرض، سيغطي), an accusative
    (طوقا) or an elative (أفضل)."""
    if token in FIRST_NAMES or token in _PARTICLES or token in _COMPOUND_PARTS:
        return True
    return not (
        len(token) < 3
        or token.startswith(("ال", "و", "سي", "ست", *_PHRASE_PREFIXES))
        or token.endswith(("ة", "ات", *_PRONOUN_SUFFIXES[1:]))
        or (token.endswith("ه") and not token.endswith("يه"))
        or (token[:1] in "يت" and len(token) >= 4)
        or (token.endswith("ا") and not token.endswith("يا") and len(token) >= 3)
        or (token[:1] == "ا" and len(token) == 4)  # an elative: أفضل، أكبر
    )


@lru_cache(maxsize=200_000)
def _lexicon_name(token: str, opening: bool = False) -> bool:
    """Whether ``token`` may be part of a name by the lexicon: a known first name or a proper
    noun, or a word it does not know shaped like a foreign name (not definite, no verb prefix,
    no feminine or plural ending on an ordinary stem, not two words glued together). A word
    with و is a W (ويفر) and never ``opening`` a name (there it is the conjunction)."""
    if token.startswith("ال") or not _is_name_token(token):
        return False
    if token in FIRST_NAMES or lexicon().proper_word(token):
        return True
    if token[:1] in "يتن" or lexicon().ordinary_word(token):
        return False
    if token[:1] == "و":
        return not opening and _foreign_w(token)
    if not _is_foreign_part(token):
        return False
    return not _inflected(token) and not _glued(token)


def _foreign_w(token: str) -> bool:
    """A foreign name written with و for W (ويفر): و before a word the lexicon does not know,
    not a first name (وزياد) nor a definite word."""
    rest = token[1:]
    return (
        token[:1] == "و"
        and len(rest) >= 3
        and rest not in FIRST_NAMES
        and not rest.startswith("ال")
        and not lexicon().ordinary_word(rest)
        and not lexicon().proper_word(rest)
        and rest not in stopwords()
        and not _glued(token)
    )


def _inflected(token: str) -> bool:
    """An ordinary word with a plural, dual or construct ending or a clitic (مسلحون، بلدين،
    معارضي، وزملاء)."""
    stems = [form for form, _, _ in bare_forms(token)]
    for ending, least in (("ون", 3), ("ين", 4), ("يين", 3), ("ان", 4), ("ي", 4)):
        if token.endswith(ending) and len(token) - len(ending) >= least:
            stem = token[: -len(ending)]
            stems += [stem, stem + "ة"]
    return any(lexicon().ordinary_word(stem) for stem in stems)


def _glued(token: str) -> bool:
    """Two words the scraper glued together (فيمااكدت، وكانالعميد): a stopword of three letters
    or more followed by a dictionary word (with the article or not) or a stopword."""
    for cut in range(3, len(token) - 2):
        head, tail = token[:cut], token[cut:]
        if head in stopwords() and (
            tail in stopwords()
            or lexicon().ordinary_word(tail)
            or (tail.startswith("ال") and lexicon().ordinary_word(tail[2:]))
        ):
            return True
    return False


# Offices that follow a name in apposition (كازومي ماتسوي رئيس بلدية ..., X - كاتب).
_ROLE_WORDS = (
    frozenset(role[0][2:] if role[0].startswith("ال") else role[0] for role in PERSON_ROLES)
    | _NOT_NAMES
)
# Marks after which a clause starts, and marks that may close a name; quotes are neither (a
# quoted title, « يديعوت أحرونوت », is not a person).
_CLAUSE_MARKS = frozenset(".:،,؛;!?؟()-–—")


@lru_cache(maxsize=200_000)
def _opens_clause(token: str) -> bool:
    """Whether a name may start after ``token``: a mark (full stop, colon, comma) or a verb
    (قال، وأكد)."""
    if not token[:1].isalpha():
        return token in _CLAUSE_MARKS
    return _is_verb(token)


def _is_verb(token: str) -> bool:
    """Whether ``token``, with و or ف or not, is mostly a verb (قال، وحث، فأكد)."""
    rest = token[1:] if token[:1] in "وف" else token
    return lexicon().verb(token) or lexicon().verb(rest)


@lru_cache(maxsize=200_000)
def _closes_name(token: str) -> bool:
    """Whether ``token`` may follow a name: a mark, or a verb (يؤكد، سيغيب، قال, with و or
    not), or وهو / وهي."""
    if not token[:1].isalpha():
        return token in _CLAUSE_MARKS
    if token in ("وهو", "وهي") or token in _ROLE_WORDS:
        return True
    if token[:1] in "يت" and len(token) >= 4 and not lexicon().proper_word(token):
        return True
    if token[:2] in ("سي", "ست") and len(token) >= 5:
        return True
    return _is_verb(token)


@lru_cache(maxsize=200_000)
def _lexicon_ends(token: str) -> bool:
    """Whether the lexicon says ``token`` is not a name's next part: mostly a verb (جاء، أحيا),
    an ordinary noun in the accusative (زعيما), or و before an ordinary word (وابنة، وكلمات)."""
    if lexicon().proper_word(token):
        return False
    if lexicon().verb(token) or (token[-1:] == "ا" and lexicon().ordinary_word(token[:-1])):
        return True  # جاء، أحيا; an accusative noun (زعيما)
    rest = token[1:]
    return token[:1] == "و" and (lexicon().ordinary_word(rest) or lexicon().verb(rest))


@lru_cache(maxsize=200_000)
def _is_accusative(token: str) -> bool:
    """A word shaped like an accusative noun or adverb (معتبرا، سببا), not a one-word name
    (ماريا keeps its ي)."""
    return len(token) >= 4 and token.endswith("ا") and not token.endswith("يا")


@lru_cache(maxsize=200_000)
def _is_nationality(token: str) -> bool:
    """A definite adjective of relation that can stand before a person's name (البرتغالي)."""
    return token.startswith("ال") and token not in _OFFICE_ADJECTIVES and _is_nisba(token)


def _person_sized(key: Key) -> bool:
    """Whether a tag could be a person's name: at most three words, none with لل attached
    (معرض الضفاف الدولي للكتاب is not one)."""
    return len(key) <= 3 and not any(token.startswith("لل") for token in key)


def _ends_long_name(token: str, previous: str) -> bool:
    """Whether ``token``, after two name parts, is the next word rather than a third part: a
    family name with the article closes a name (سالم الدوسري | هدف), and a third part is
    neither accusative (وزيرا، قادما) nor a word with a preposition attached (بجائزة)."""
    if token in FIRST_NAMES:
        return False
    return (
        (previous.startswith("ال") and previous not in _COMPOUND_PARTS)
        or (len(token) >= 4 and token.endswith("ا") and not token.startswith("ال"))
        or (token[:1] in "بلك" and len(token) >= 5)
    )


def _is_nisba(token: str) -> bool:
    """A definite adjective of relation or an office word (المصري، السعودية، العامة)."""
    return token in _OFFICE_ADJECTIVES or (len(token) >= 5 and token.endswith(("ي", "ية")))


def _is_verbal_noun(token: str) -> bool:
    """A definite word shaped like a verbal noun (التقليل، الاستمرار، الانسحاب), not a family
    name: those starting so end in the nisba ي (التميمي)."""
    if token.startswith("است") and len(token) >= 6:  # استعداد
        return True
    return len(token) >= 6 and token.startswith(("الت", "الاست", "الان")) and token[-1] != "ي"


def common_nouns(norm: list[str]) -> frozenset[str]:
    """Definite words of an article that also occur with a preposition attached (الحرب when
    بالحرب or للحرب occurs): ordinary nouns, not the family names they resemble."""
    found = set()
    for token in set(norm):
        if token.startswith(("بال", "فال", "كال")):
            found.add(token[1:])
        elif token.startswith("لل") and len(token) > 3:
            found.add("ا" + token[1:])
    return frozenset(found)


def _surname_aliases(persons: list[Key], common: frozenset[str]) -> dict[str, Key]:
    """Surname -> full name for persons of 2+ parts in one article, ambiguous ones and
    ordinary nouns left out."""
    owners: dict[str, set[Key]] = defaultdict(set)
    for person in persons:
        if len(person) >= 2 and person[-2] not in NAME_JOINERS and len(person[-1]) >= 3:
            if person[-1] in common:
                continue
            owners[person[-1]].add(person)
    return {name: next(iter(keys)) for name, keys in owners.items() if len(keys) == 1}


def _leftovers(
    norm: list[str], hits: list[Hit], aliases: dict[str, Key]
) -> tuple[Counter, Counter]:
    """Words outside every hit: surnames of the article's own persons, counted for their full
    names, and the other words that could be a surname for the corpus to resolve (a name word
    of three letters or more, without the article)."""
    outside, end = [], 0
    for hit in hits:  # left to right, none overlapping
        outside += norm[end : hit.start]
        end = max(end, hit.end)
    outside += norm[end:]
    found, loose = Counter(), Counter()
    for token, count in Counter(outside).items():
        if aliases:
            form = next((f for f in _forms(token) if f in aliases), None)
            if form is not None:
                found[aliases[form]] += count
                continue
        if _may_be_surname(token):
            loose[token] = count
    return found, loose


@lru_cache(maxsize=200_000)
def _may_be_surname(token: str) -> bool:
    """A name word of three letters or more without the article (a definite word is far more
    often an ordinary noun or adjective than a family name standing alone)."""
    if len(token) < 3 or token.startswith("ال"):
        return False
    return _is_name_token(token)


def _tag_aliases(tags: object, gaz: Gazetteer) -> dict[Key, Key]:
    """Tag token tuple -> canonical key (the gazetteer's when the tag is a known name)."""
    if not isinstance(tags, list | tuple | np.ndarray):
        return {}
    out = {}
    for tag in tags:
        alias = tuple(tokenize(str(tag)))
        if alias and not all(t in stopwords() for t in alias):
            out[alias] = gaz.aliases.get(alias, alias)
    return out


def _article(text: str, tags: object, gaz: Gazetteer, surfaces: dict[Key, Counter]) -> Article:
    """Entity counts of one article; surface forms are added to ``surfaces``."""
    surface, norm = split_tokens(text)
    scanner = Scanner(gaz, _tag_aliases(tags, gaz))
    hits = scanner.scan(norm, surface)
    result = Article()
    persons = [h.key for h in hits if h.kind == "person" and not h.candidate]
    long_form = {p[-1]: p for p in sorted(persons, key=len) if len(p) >= 2}
    for hit in hits:
        key = hit.key
        if hit.candidate:
            result.candidates[key] += 1
            surfaces[key][hit.surface] += 1
            continue
        if hit.kind == "person" and len(key) == 1 and key[0] in long_form:
            key = long_form[key[0]]
        elif hit.surface:
            surfaces[key][hit.surface] += 1
        result.counts[key] += 1
        if hit.kind:
            result.kinds.setdefault(key, hit.kind)
        old = result.sources.get(key)
        if old is None or SOURCE_RANK[hit.source] < SOURCE_RANK[old]:
            result.sources[key] = hit.source
    local = _surname_aliases(persons, scanner.common)
    found, result.loose = _leftovers(norm, hits, local)
    result.counts.update(found)
    result.extended = scanner.extended
    for key in set(scanner.tags.values()) - set(result.counts):
        result.tag_only[key] = scanner.tag_type(key)
    return result


def _merge_persons(totals: Counter, kinds: dict[Key, str]) -> dict[Key, Key]:
    """Short person names -> the most frequent longer name they end (or open, before بن)."""
    persons = [k for k, kind in kinds.items() if kind == "person"]
    by_token: dict[str, list[Key]] = defaultdict(list)
    for key in persons:
        for token in set(key):
            by_token[token].append(key)
    merged = {}
    for short in persons:
        candidates = [
            long
            for long in by_token[short[-1]]
            if len(long) > len(short)
            and (
                (long[-len(short) :] == short and long[-len(short) - 1] not in NAME_JOINERS)
                or (long[: len(short)] == short and long[len(short)] in {"بن", "ابن", "ال"})
            )
        ]
        ranked = sorted(candidates, key=lambda k: -totals[k])
        if ranked and (len(ranked) == 1 or totals[ranked[0]] >= 2 * totals[ranked[1]]):
            merged[short] = ranked[0]
    for long in persons:  # a name that swallowed the next word: جو بايدن أغلق -> جو بايدن
        head = long[:-1]
        if len(head) >= 2 and head[-1] not in NAME_JOINERS and totals[head] >= 2 * totals[long]:
            merged[long] = merged.get(head, head)
    return merged


def _entity_type(key: Key, kinds: Counter, gaz: Gazetteer) -> str:
    """Gazetteer type, else the pattern type seen most, else the head-noun rule, else 'other'."""
    if key in gaz.types:
        return gaz.types[key]
    if kinds:
        return most_common(kinds)
    return "organisation" if key[0] in ORG_HEADS else "other"


def extract_mentions(
    articles: pd.DataFrame, workers: int = 1, include_tags: bool = False
) -> pd.DataFrame:
    """Entity mentions per article.

    Args:
        articles: Canonical article frame (uses id, title, body and tags).
        workers: Processes that scan the articles (forked, so the gazetteer is shared);
            1 scans in this process. Alias merging and naming always see the whole corpus.
        include_tags: Also list tags the text does not name, with count 0 (they are not
            mentions in the text) and source 'tag'.

    Returns:
        One row per (article_id, entity) with columns article_id, entity (display name),
        type ('person'|'organisation'|'place'|'other'), count (mentions in title and body)
        and source ('tag'|'gazetteer'|'pattern'; 'tag' with count 0: a tag only).
    """
    workers = max(1, min(workers, len(articles) // 500))
    step = max(1, -(-len(articles) // workers))
    parts = [articles.iloc[i : i + step] for i in range(0, len(articles), step)]
    scans = fork_map(scan_frame, parts) if len(parts) > 1 else [scan_frame(articles)]
    return merge_scans(scans, articles["id"].tolist(), include_tags)


Scan = tuple[list[Article], dict[Key, Counter]]


def scan_frame(articles: pd.DataFrame) -> Scan:
    """Per-article counts and surface forms of a slice of the article frame (title, body, tags).

    The map half of :func:`extract_mentions`: any slice may be scanned apart (another
    process, another machine); :func:`merge_scans` joins the slices in row order.
    """
    tags = (
        [list(t) if isinstance(t, np.ndarray) else t for t in articles["tags"]]
        if "tags" in articles
        else [[]] * len(articles)
    )
    texts = (
        articles["title"].fillna("").astype(str) + " . " + articles["body"].fillna("").astype(str)
    ).tolist()
    return scan_articles(list(zip(texts, tags, strict=True)))


def merge_scans(scans: list[Scan], ids: list[str], include_tags: bool = False) -> pd.DataFrame:
    """The mention frame of the whole corpus from its slices' scans, in row order.

    The reduce half of :func:`extract_mentions`: aliases are merged and entities named
    over every article at once.
    """
    per_article = [article for found, _ in scans for article in found]
    if len(per_article) != len(ids):
        raise ValueError(f"{len(per_article)} articles scanned for {len(ids)} ids")
    surfaces: dict[Key, Counter] = defaultdict(Counter)
    for _, found in scans:
        for key, counter in found.items():
            surfaces[key].update(counter)
    return mention_frame(ids, per_article, surfaces, gazetteer(), include_tags)


def scan_articles(items: list[tuple[str, object]]) -> tuple[list[Article], dict[Key, Counter]]:
    """Per-article counts and the surface forms seen, for (text, tags) pairs.

    What :func:`scan_frame` runs on its slice's texts and tags.
    """
    gaz = gazetteer()
    surfaces: dict[Key, Counter] = defaultdict(Counter)
    return [_article(text, tag_list, gaz, surfaces) for text, tag_list in items], surfaces


def _apply_mined(per_article: list[Article]) -> None:
    """Read a name cut before a verb-shaped word with that word (دونالد -> دونالد ترامب) in
    every article where the longer form was a candidate, when enough articles propose it."""
    proposed = Counter(long for art in per_article for long in set(art.extended.values()))
    for art in per_article:
        for short, long in art.extended.items():
            if proposed[long] < MINED_MIN_ARTICLES or short not in art.counts:
                continue
            art.counts[long] += art.counts.pop(short)
            art.kinds[long] = art.kinds.pop(short, "person")
            art.sources[long] = art.sources.pop(short, "pattern")


def _apply_candidates(per_article: list[Article]) -> None:
    """Count the names proposed by weaker contexts (see :meth:`Scanner.candidate`) where the
    corpus confirms them: a person the corpus names in a stronger context, or proposed in
    CANDIDATE_MIN_ARTICLES articles and not made of ordinary words (CANDIDATE_MAX_ALONE)."""
    proposed = Counter(key for art in per_article for key in art.candidates)
    if not proposed:
        return
    parts = {token for key in proposed for token in key if token not in _KUNYA}
    alone = Counter(token for art in per_article for token in art.loose if token in parts)
    named = {
        key
        for art in per_article
        for key, kind in art.kinds.items()
        if kind == "person" and key in proposed
    }
    for art in per_article:
        for key, count in art.candidates.items():
            common = (
                min((alone[t] for t in key if t not in _KUNYA), default=0)
                > CANDIDATE_MAX_ALONE * proposed[key]
            )
            if key in named or (proposed[key] >= CANDIDATE_MIN_ARTICLES and not common):
                art.counts[key] += count
                art.kinds.setdefault(key, "person")
                art.sources.setdefault(key, "pattern")


def corpus_surnames(per_article: list[Article], kinds: dict[Key, str]) -> dict[str, Key]:
    """Surname -> the corpus's full name, for surnames that one person's name ends in
    unambiguously and that rarely stand alone (see SURNAME_MIN_ARTICLES, SURNAME_MIN_SHARE and
    SURNAME_MAX_ALONE)."""
    owners: dict[str, Counter] = defaultdict(Counter)
    for art in per_article:
        for key in art.counts:
            if kinds.get(key) != "person" or len(key) < 2 or key[-2] in NAME_JOINERS:
                continue
            if len(key[-1]) >= 3 and key[-1] not in FIRST_NAMES:
                owners[key[-1]][key] += 1
    owned = _owned_forms(per_article, owners)
    alone = Counter(
        form for art in per_article for form in {owned[t] for t in art.loose if t in owned}
    )
    out = {}
    for surname, counts in owners.items():
        (best, n), total = max(counts.items(), key=lambda kv: (kv[1], kv[0])), counts.total()
        if (
            n >= SURNAME_MIN_ARTICLES
            and n >= SURNAME_MIN_SHARE * total
            and alone[surname] <= SURNAME_MAX_ALONE * n
        ):
            out[surname] = best
    return out


def _owned_forms(per_article: list[Article], names: dict[str, object]) -> dict[str, str]:
    """Loose word -> the form of it (itself or without clitics) that is one of ``names``."""
    out = {}
    for token in {t for art in per_article for t in art.loose}:
        form = next((f for f in _forms(token) if f in names), None)
        if form is not None:
            out[token] = form
    return out


def _resolve_surnames(per_article: list[Article], surnames: dict[str, Key]) -> None:
    """Count loose words that are a corpus surname (نتنياهو alone) for its full name."""
    if not surnames:
        return
    owned = _owned_forms(per_article, surnames)
    for art in per_article:
        for token, count in art.loose.items():
            if token not in owned:
                continue
            key = surnames[owned[token]]
            art.counts[key] += count
            art.kinds.setdefault(key, "person")
            art.sources.setdefault(key, "pattern")


def mention_frame(
    ids: list[str],
    per_article: list[Article],
    surfaces: dict[Key, Counter],
    gaz: Gazetteer,
    include_tags: bool = False,
) -> pd.DataFrame:
    """Turn per-article counts into the mention frame, merging aliases and naming entities.

    Names cut before a verb-shaped word are completed when the corpus confirms them, and
    surnames alone are counted for the corpus's full name. With ``include_tags``, tags the
    text does not name are added with count 0 and source 'tag'.
    """
    _apply_mined(per_article)
    _apply_candidates(per_article)
    kinds: dict[Key, Counter] = defaultdict(Counter)
    for art in per_article:
        for key, kind in art.kinds.items():
            kinds[key][kind] += 1
    first_kinds = {k: _entity_type(k, kinds.get(k, Counter()), gaz) for k in kinds}
    _resolve_surnames(per_article, corpus_surnames(per_article, first_kinds))
    totals: Counter = Counter()
    kinds = defaultdict(Counter)
    for art in per_article:
        totals.update(art.counts)
        for key, kind in art.kinds.items():
            kinds[key][kind] += 1
        if include_tags:
            for key, kind in art.tag_only.items():
                totals[key] += 0
                if kind:
                    kinds[key][kind] += 0
    plain_kinds = {k: _entity_type(k, kinds.get(k, Counter()), gaz) for k in totals}
    merged = _merge_persons(totals, plain_kinds)
    rows = []
    for article_id, art in zip(ids, per_article, strict=True):
        for key, count in art.counts.items():
            canon = merged.get(key, key)
            rows.append((article_id, canon, count, art.sources.get(key, "pattern")))
        if include_tags:
            rows += [(article_id, merged.get(k, k), 0, "tag") for k in art.tag_only]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in _MENTION_DTYPES.items()})
    frame = pd.DataFrame(rows, columns=["article_id", "key", "count", "source"])
    names = {k: _display(k, surfaces, gaz) for k in frame["key"].unique()}
    frame["entity"] = frame["key"].map(names)
    frame["type"] = frame["key"].map(plain_kinds)
    frame["rank"] = frame["source"].map(SOURCE_RANK)
    frame = frame.groupby(["article_id", "entity"], as_index=False, sort=False).agg(
        type=("type", "first"), count=("count", "sum"), rank=("rank", "min")
    )
    frame["source"] = frame["rank"].map({v: k for k, v in SOURCE_RANK.items()})
    frame["count"] = frame["count"].astype("int64")
    return frame[MENTION_COLUMNS].reset_index(drop=True)


_MENTION_DTYPES = {
    "article_id": "object",
    "entity": "object",
    "type": "object",
    "count": "int64",
    "source": "object",
}


def most_common(counts: Counter) -> str:
    """The most frequent item; ties go to the greatest item, so the answer does not depend on
    the order the articles were read in (the local and Ray builds must agree)."""
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _display(key: Key, surfaces: dict[Key, Counter], gaz: Gazetteer) -> str:
    """The most frequent surface form of ``key``, else the gazetteer's name, else the key."""
    if surfaces.get(key):
        return normalize_display(most_common(surfaces[key]))
    return gaz.display.get(key, " ".join(key))


def compact(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions with their repeated text columns as categories: the form a store keeps.

    Filtering, grouping and pairing categorical columns is several times faster
    than strings (entities page at 1M articles: p95 4.1 s -> 0.8 s).
    """
    columns = [c for c in ("article_id", "entity", "type", "source") if c in mentions.columns]
    return mentions.astype(dict.fromkeys(columns, "category")).reset_index(drop=True)


def incidence(mentions: pd.DataFrame) -> tuple[sparse.csr_matrix, np.ndarray]:
    """(article x entity 0/1 matrix, entity names in sorted order) of some mentions.

    Repeated (article, entity) rows count once. Rows are the distinct articles of
    ``mentions``; column j is ``names[j]``.
    """
    article_codes, _ = pd.factorize(mentions["article_id"])
    entity_codes, names = pd.factorize(mentions["entity"], sort=True)
    ones = np.ones(len(mentions), dtype=np.int64)
    shape = (article_codes.max() + 1, len(names))
    matrix = sparse.csr_matrix((ones, (article_codes, entity_codes)), shape=shape)
    matrix.data[:] = 1  # the constructor summed repeated pairs
    return matrix, np.asarray(names)


def cooccurrence(mentions: pd.DataFrame, min_support: int = 2) -> pd.DataFrame:
    """Entity pairs mentioned in the same article.

    The article count N is the number of distinct articles in ``mentions``, so a filtered
    subset gives statistics for that subset.

    Args:
        mentions: Output of :func:`extract_mentions`, or any subset of its rows.
        min_support: Least number of shared articles for a pair to be kept.

    Returns:
        Columns source, target (source < target), count (shared articles), lift, npmi and
        score (npmi * count / (count + PAIR_PRIOR)), sorted by score then count, descending.
    """
    if mentions.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in PAIR_COLUMNS})
    matrix, names = incidence(mentions)
    shape = matrix.shape
    joint = sparse.triu(matrix.T @ matrix, k=1).tocoo()
    keep = joint.data >= min_support
    left, right, both = joint.row[keep], joint.col[keep], joint.data[keep].astype(float)
    n_articles = float(shape[0])
    singles = np.asarray(matrix.sum(axis=0)).ravel().astype(float)
    lift = both * n_articles / (singles[left] * singles[right])
    p_both = both / n_articles
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.where(p_both < 1.0, np.log(lift) / -np.log(p_both), 1.0)
    frame = pd.DataFrame(
        {
            "source": np.asarray(names)[left],
            "target": np.asarray(names)[right],
            "count": both.astype("int64"),
            "lift": lift,
            "npmi": npmi,
            "score": npmi * both / (both + PAIR_PRIOR),
        }
    )
    return frame.sort_values(["score", "count"], ascending=False, ignore_index=True)


def entity_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per entity: entity, type, articles (distinct articles) and mentions (total count).

    Sorted by articles, then mentions, descending.
    """
    table = mentions.groupby("entity", as_index=False).agg(
        type=("type", "first"), articles=("article_id", "nunique"), mentions=("count", "sum")
    )
    table = table.sort_values(["articles", "mentions", "entity"], ascending=[False, False, True])
    return table.reset_index(drop=True)
