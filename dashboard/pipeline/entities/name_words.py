"""Word rules of names: which words can start, continue or close a person or organisation name.

The tests here look at one token (and at most its neighbours); they are cached because the
scanner asks them of every word of every article.
"""

from __future__ import annotations

from functools import lru_cache

from dashboard.pipeline.entities.tokens import ARABIC_WORD, _forms, bare_forms
from dashboard.pipeline.gazetteer import (
    FIRST_NAMES,
    NOT_NAME_WORDS,
    ORG_HEADS,
    PERSON_ROLES,
    PLACE_HEADS,
    PLACE_NOUNS,
    Key,
    words,
)
from dashboard.pipeline.lexicon import lexicon
from dashboard.text.arabic import stopwords

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
_CONSTRUCT_ROLES = words("رئيس رئيسة مدير مديرة مستشار مستشارة قائد عضو وزير وزيرة محافظ مدرب")


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


def _first_name(token: str) -> str:
    """The known first name ``token`` is (a listed one, or عبد joined to a name), with و or ف
    before it or not; else ''."""
    if token in FIRST_NAMES or _joined_abd(token):
        return token
    rest = token[1:]
    return rest if token[:1] in "وف" and (rest in FIRST_NAMES or _joined_abd(rest)) else ""


def _joined_abd(token: str) -> bool:
    """A theophoric first name written as one word (عبدالعزيز، عبدالرحمن)."""
    return token.startswith("عبدال") and len(token) >= 8 and token.isalpha()


@lru_cache(maxsize=200_000)
def _starts_pattern(token: str) -> bool:
    """Whether a pattern may start at ``token``: a role, a head noun (bare or definite), or a
    known first name."""
    if _first_name(token) or (token.startswith("ال") and token[2:] in ORG_HEADS):
        return True
    return any(form in _ROLE_FIRST or form in ORG_HEADS for form in _forms(token))


@lru_cache(maxsize=200_000)
def _starts_place(token: str) -> bool:
    """Whether a place's head noun (مخيم، بلدة), with clitics or not, is ``token`` (a head of
    two letters after ب too: بحي)."""
    return any(form in PLACE_NOUNS for form in _forms(token)) or (
        token[:1] == "ب" and token[1:] in PLACE_NOUNS
    )


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


def _full_form(alias: Key, key: Key) -> bool:
    """Whether a listed person's other spelling is a full name as the text writes it (حسن نصر
    الله، بني غانتس), not a surname alone or a title and name (الملك سلمان)."""
    return len(alias) >= 2 and alias[0] not in _ROLE_FIRST and len(key) >= 2


@lru_cache(maxsize=200_000)
def _is_foreign_part(token: str) -> bool:
    """Whether a word after a nationality adjective may be part of a name: not definite nor
    with و or a phrase prefix, no feminine, plural or pronoun ending (فضائية، هجمات،
    إنقاذهم), not shaped like a present or future verb (يوافق، تفرض، سيغطي), an accusative the
    lexicon knows (طوقا) or an elative (أفضل)."""
    if token in FIRST_NAMES or token in _PARTICLES or token in _COMPOUND_PARTS:
        return True
    return not (
        len(token) < 3
        or token.startswith(("ال", "و", "سي", "ست", *_PHRASE_PREFIXES))
        or token.endswith(("ة", "ات", *_PRONOUN_SUFFIXES[1:]))
        or (token.endswith("ه") and not token.endswith("يه"))
        or (token[:1] in "يت" and len(token) >= 4)
        or (token.endswith("ا") and not token.endswith("يا") and _known_accusative(token))
        or (token[:1] == "ا" and len(token) == 4)  # an elative: أفضل، أكبر
    )


@lru_cache(maxsize=200_000)
def _preposition_word(token: str) -> bool:
    """Whether ``token`` is a preposition (ب، ل، ك; with و or ف before it or not) attached to a
    dictionary word of four letters or more, a first name or a place's head noun (بمنطقة،
    وبتوفيق، لمدينة), and not itself a word the first-name list or the lexicon knows (بسام،
    بدر، بخيت): no name starts so. Shorter words are left (بتال، بداح: ب and تال، داح)."""
    core = token[1:] if token[:1] in "وف" and token[1:2] in "بلك" else token
    rest = core[1:]
    if core[:1] not in "بلك" or len(rest) < 3 or _first_name(token):
        return False
    if lexicon().proper_word(core) or lexicon().ordinary_word(core):
        return False
    if rest in FIRST_NAMES or rest in PLACE_HEADS:
        return True
    return len(rest) >= 4 and lexicon().ordinary_word(rest)


def _dictionary_word(token: str) -> bool:
    """Whether the lexicon knows ``token`` as an ordinary word and neither as a first name nor
    as a proper noun (مزيج، صلى): after an adjective of relation it opens no foreign name
    (خام القياس العالمي مزيج برنت)."""
    lex = lexicon()
    return lex.ordinary_word(token) and not _first_name(token) and not lex.proper_word(token)


def _theophoric_phrase(key: Key) -> bool:
    """Whether a name is a word and God's name (صلى الله، رضي الله، توفيق الله), alone or before
    a dictionary word (توفيق الله إحباط): a formula, a verbal noun and its agent, or at most a
    compound name with no first name before it (نصر الله; not خير الله طلفاح); عبد الله is
    one name, joined before this test."""
    return (
        len(key) in (2, 3)
        and key[1] in ("الله", "لله")
        and key[0] != "عبد"
        and (len(key) == 2 or _dictionary_word(key[2]))
    )


def _known_accusative(token: str) -> bool:
    """A word ending in ا that the lexicon knows, or knows without the ا (زعيما، سببا، قادما),
    not a foreign name the lexicon does not know (ساليتا)."""
    lex = lexicon()
    return lex.ordinary_word(token) or lex.verb(token) or lex.ordinary_word(token[:-1])


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


@lru_cache(maxsize=200_000)
def _unknown_word(token: str) -> bool:
    """A name word the lexicon does not know at all (رمادين، برادين), without the article, و,
    or the ي or ت of a present verb, nor two words glued together."""
    lex = lexicon()
    return (
        _is_name_token(token)
        and len(token) >= 3
        and not token.startswith(("ال", "و"))
        and token[:1] not in "يت"
        and not (lex.ordinary_word(token) or lex.proper_word(token) or lex.verb(token))
        and not (token.endswith("ا") and _known_accusative(token))  # بيانا، رسميا
        and not _glued(token)
    )


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
    """Whether ``token``, with و or ف or not, is mostly a verb (قال، وحث، فأكد), with the
    feminine ت or not (وقالت)."""
    rest = token[1:] if token[:1] in "وف" else token
    if rest[-1:] == "ت" and lexicon().verb(rest[:-1]):
        return True
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
    an ordinary noun in the accusative (زعيما), a past verb with the feminine ت (رفضت) or the
    plural وا (وصلوا), or و before an ordinary word or verb (وابنة، وكلمات، ورفضت)."""
    if lexicon().proper_word(token):
        return False
    if lexicon().verb(token) or (token[-1:] == "ا" and lexicon().ordinary_word(token[:-1])):
        return True  # جاء، أحيا; an accusative noun (زعيما)
    if token[-1:] == "ت" and lexicon().verb(token[:-1]):
        return True  # رفضت
    if token[-2:] == "وا" and lexicon().verb(token[:-2]):
        return True  # وصلوا
    rest = token[1:]
    return token[:1] == "و" and (
        lexicon().ordinary_word(rest)
        or lexicon().verb(rest)
        or (rest[-1:] == "ت" and lexicon().verb(rest[:-1]))
    )


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
    neither accusative in shape (وزيرا، قادما; not a proper noun the lexicon knows: مارادونا) nor
    a word with a preposition attached (بجائزة)."""
    if token in FIRST_NAMES:
        return False
    return (
        (previous.startswith("ال") and previous not in _COMPOUND_PARTS)
        or (
            len(token) >= 4
            and token.endswith("ا")
            and not token.startswith("ال")
            and not lexicon().proper_word(token)
        )
        or (token[:1] in "بلك" and len(token) >= 5)
    )


def _noun_after_foreign_name(token: str, previous: str) -> bool:
    """Whether ``token`` is the next word after a foreign name rather than a part: a definite
    dictionary noun (not an adjective of relation) after a name word the lexicon does not know
    (رافاييل نادال | الموسم، بنتيكي | القميص), an indefinite dictionary word or plural after
    one (عوفر وينتر | انتقادات), or an elative after one it takes for a name (كيفن دي بروين |
    أفضل)."""
    lex = lexicon()
    if token.startswith("ال"):
        return not token.endswith("ي") and _unknown_word(previous) and lex.ordinary_word(token[2:])
    if token in FIRST_NAMES or lex.proper_word(token) or previous in FIRST_NAMES:
        return False
    if lex.proper_word(previous):
        return token[:1] == "ا" and len(token) == 4 and lex.ordinary_word(token)
    return (_unknown_word(previous) or _foreign_w(previous)) and (
        lex.ordinary_word(token) or (token.endswith("ات") and len(token) >= 5)
    )


def _is_nisba(token: str) -> bool:
    """A definite adjective of relation or an office word (المصري، السعودية، العامة)."""
    return token in _OFFICE_ADJECTIVES or (len(token) >= 5 and token.endswith(("ي", "ية")))


def _describes(token: str) -> bool:
    """Whether an indefinite word after an organisation's head noun describes it rather than
    names it: an adjective of relation (سياسي، إسرائيلية) or a dictionary word with the
    feminine ending (مسؤولة، مسلحة)."""
    if token.startswith("ال") or lexicon().proper_word(token):
        return False
    return (len(token) >= 4 and token.endswith(("ي", "ية"))) or (
        token.endswith("ة")
        and (lexicon().ordinary_word(token) or lexicon().ordinary_word(token[:-1]))
    )


def _is_verbal_noun(token: str) -> bool:
    """A definite word shaped like a verbal noun (التقليل، الاستمرار، الانسحاب), not a family
    name: those starting so end in the nisba ي (التميمي)."""
    if token.startswith("است") and len(token) >= 6:  # استعداد
        return True
    return len(token) >= 6 and token.startswith(("الت", "الاست", "الان")) and token[-1] != "ي"


def common_nouns(norm: list[str]) -> frozenset[str]:
    """Definite words of an article that also occur with a preposition attached (الحرب when
    بالحرب or للحرب occurs): ordinary nouns, not the family names they resemble."""
    return frozenset(map(_without_preposition, set(norm))).difference(("",))


@lru_cache(maxsize=200_000)
def _without_preposition(token: str) -> str:
    """The definite word ``token`` is with a preposition attached (بالحرب، للحرب -> الحرب),
    or an empty string."""
    if token.startswith(("بال", "فال", "كال")):
        return token[1:]
    if token.startswith("لل") and len(token) > 3:
        return "ا" + token[1:]
    return ""
