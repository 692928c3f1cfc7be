"""Where a person's name ends: words that, after a name's part, open the next phrase.

A name read from a first name, a role or a nationality runs on while the next word may be a
name's part; these tests tell the scanner that a word is the sentence going on instead: a
short present verb (يعد، يصف), a preposition glued to a dictionary noun (لبدء، بمقر), an
elative (أكبر، أهم) or an office in apposition (لاعب، مشرف). Each looks at the word (an elative
also at the next) and never fires on a listed first name, nor (but for an office) on a word
the lexicon takes for a proper noun. Two tests keep a name from being cut short instead: a
family name of relation that is also a listed place (المنصوري), and a foreign surname shaped
like a present verb after a listed transliterated first name (جون تيري). And a word that
would end a name as soon as it started, a verbal noun or a preposition glued to a noun (اتخاذ،
بخفض), is no name alone after a role or a nationality.
"""

from __future__ import annotations

from functools import lru_cache

from dashboard.pipeline.gazetteer import FIRST_NAMES, FOREIGN_FIRST_NAMES, Gazetteer
from dashboard.pipeline.lexicon import lexicon
from dashboard.text.arabic import stopwords


@lru_cache(maxsize=200_000)
def next_phrase(token: str, nxt: str) -> bool:
    """Whether ``token``, after a name's part, opens the next phrase rather than continuing
    the name."""
    if token in FIRST_NAMES or not token.isalpha():
        return False
    if token in _OFFICES:
        return True
    return not lexicon().proper_word(token) and (
        short_present_verb(token) or preposition_noun(token) or elative(token, nxt)
    )


def short_present_verb(token: str) -> bool:
    """A present verb of three letters (يعد، يصف، تقع), not a foreign name's تش (تشو) nor a
    word ending in ي, a surname far more often than a verb (يسي، تقي)."""
    return len(token) == 3 and token[:1] in "يت" and token[:2] != "تش" and token[-1] != "ي"


# A title written bare or cut short between a role and the name (العقيد دكتور فلان، اللواء د.
# فلان): no part of the name. The short forms are followed by their point.
_BARE_TITLES = frozenset("دكتور دكتورة مهندس مهندسة".split())
_SHORT_TITLES = frozenset("د م".split())


def title_width(norm: list[str], j: int) -> int:
    """How many tokens of such a title start at ``j`` (0, 1, or 2 for a short form and its
    point)."""
    token = norm[j] if j < len(norm) else ""
    if token in _BARE_TITLES:
        return 1
    return 2 if token in _SHORT_TITLES and norm[j + 1 : j + 2] == ["."] else 0


# The words of a nasab, son or daughter of.
SON_OF = frozenset({"بن", "ابن", "بنت"})


def nasab_follows(norm: list[str], i: int) -> bool:
    """Whether بن، ابن or بنت follows the word at ``i``: a first name then, whatever else the
    word may be read as (عاطي بن عطية)."""
    return i + 1 < len(norm) and norm[i + 1] in SON_OF


def present_verb(token: str) -> bool:
    """A present or future verb where a first name was expected after a role (يدشن، سيناقشان،
    يعد), not a listed first name nor a word the lexicon takes for a proper noun (يان)."""
    return (
        token not in FIRST_NAMES
        and (
            (token[:1] == "ي" and len(token) >= 4)
            or (token[:2] in ("سي", "ست") and len(token) >= 5)
            or short_present_verb(token)
        )
        and not lexicon().proper_word(token)
    )


def preposition_noun(token: str) -> bool:
    """ب، ل or ك glued to a dictionary noun of three letters or more (لبدء، بمقر، كممثل), the
    whole not itself a word the lexicon knows; not a long vowel after the first letter, which
    spells a foreign name (بايل، لوثر، بيرس)."""
    rest = token[1:]
    lex = lexicon()
    return (
        token[:1] in "بلك"
        and rest[:1] not in "اوي"
        and len(rest) >= 3
        and not lex.ordinary_word(token)
        and lex.ordinary_word(rest)
        and not lex.proper_word(rest)
        and rest not in FIRST_NAMES
        and not rest.endswith("ي")
    )


def elative(token: str, nxt: str) -> bool:
    """An elative of four letters (أكبر، أهم، أفضل) that the lexicon knows as an ordinary word,
    before the noun it qualifies: an indefinite word that is neither a name nor a stopword
    (أكبر معمرة، أهم شاعر)."""
    return (
        len(token) == 4
        and token[:1] == "ا"
        and lexicon().ordinary_word(token)
        and nxt.isalpha()
        and not nxt.startswith(("ال", "و"))
        and nxt not in FIRST_NAMES
        and nxt not in stopwords()
        and not lexicon().proper_word(nxt)
    )


# Offices that stand after a name in apposition (X لاعب الفريق، X مشرف العمل), never its part.
_OFFICES = frozenset(
    "لاعب مشرف مدرب مدير رئيس نائب وزير سفير قائد مستشار عضو محافظ متحدث مراسل".split()
)


def last_part(token: str, previous: str, gaz: Gazetteer) -> bool:
    """Whether ``token`` after the name's part ``previous`` is still the name, whatever else it
    looks like: a family name of relation that is also a listed place, or a foreign surname
    shaped like a present verb, or a one-word listed place after a listed transliterated first
    name (جون بولتون، جوزيف بلاتر: a town's name or ب before one)."""
    return (
        family_nisba(token, gaz)
        or foreign_surname(token, previous)
        or (previous in FOREIGN_FIRST_NAMES and place_surname(token, gaz))
    )


def place_surname(token: str, gaz: Gazetteer) -> bool:
    """Whether ``token`` (with ب or ل before it or not; و joins a second place: جورجيا
    وأوكرانيا) is a one-word listed place, neither
    definite nor a word the lexicon takes for an ordinary word."""
    if token.startswith("ال") or lexicon().ordinary_word(token):
        return False
    forms = [token, *(token[k:] for k in (1,) if token[:1] in "بل" and len(token) >= 5)]
    return any(gaz.types.get(gaz.aliases.get((f,), ()), "") == "place" for f in forms)


def family_nisba(token: str, gaz: Gazetteer) -> bool:
    """Whether a one-word listed place after a name's part is its family name of relation
    instead (خليل إبراهيم المنصوري): a definite word ending in ي of five letters or more,
    the name of no country."""
    return (
        token.startswith("ال")
        and token.endswith("ي")
        and len(token) >= 6
        and gaz.types.get(gaz.aliases.get((token,), ()), "") == "place"
    )


@lru_cache(maxsize=200_000)
def foreign_surname(token: str, previous: str) -> bool:
    """Whether a word shaped like a present verb (ي or ت, four to seven letters) after a listed
    transliterated first name is its surname (جون تيري، نيكولا تيسلا): no prefix of a derived
    verb (يت، يست، ين), and without its first letter no verb or word the lexicon knows, with
    an alef before or after it or not (يؤكد: أكد، يطالب: طالب)."""
    rest = token[1:]
    lex = lexicon()
    return (
        previous in FOREIGN_FIRST_NAMES
        and token[:1] in "يت"
        and 4 <= len(token) <= 7
        and not token.startswith(("يت", "تت", "يست", "تست", "ين", "تن"))
        and not any(lex.verb(f) or lex.ordinary_word(f) for f in (rest, "ا" + rest, rest + "ا"))
    )


@lru_cache(maxsize=200_000)
def no_lone_name(token: str) -> bool:
    """Whether a word alone after a role is no name: a verbal noun the lexicon knows, of the
    shapes افتعال، انفعال، استفعال (اتخاذ، اجتياح) or تفعيل (تأليف), or ب or ل glued to a verb or
    a dictionary word of three letters or more (بوضع، بخفض), not of a name's shape فعّال (بتال،
    بسام); never a listed first name nor a proper noun to the lexicon."""
    lex = lexicon()
    if token in FIRST_NAMES or lex.proper_word(token):
        return False
    masdar = (token[:1] == "ا" and 5 <= len(token) <= 7 and token[-2] == "ا") or (
        token[:1] == "ت" and len(token) == 5 and token[3] == "ي"
    )
    rest = token[1:]
    glued = (
        token[:1] in "بل"
        and len(rest) >= 3
        and rest[1:2] != "ا"
        and not lex.ordinary_word(token)
        and (lex.ordinary_word(rest) or lex.verb(rest))
    )
    return (masdar and lex.ordinary_word(token)) or glued


@lru_cache(maxsize=200_000)
def nasab_surname(token: str) -> bool:
    """Whether an indefinite word after a name with one بن (خالد بن عبدالقادر طاهر) is its family
    name rather than the next person's first name (محمد بن سلمان | جمال): a word the lexicon
    does not know at all (not even as a proper noun, which may be a first name), neither a
    verb's shape nor a preposition and a word."""
    lex = lexicon()
    return (
        len(token) >= 3
        and token.isalpha()
        and token not in FIRST_NAMES
        and not token.startswith(("ال", "و"))
        and token[:1] not in "يت"
        and not lex.ordinary_word(token)
        and not lex.verb(token)
        and not lex.proper_word(token)
        and not lex.ordinary_word(token[1:])
    )


# A monarch's or pope's ordinal after the name (تشارلز الثالث، عبدالله الثاني), and the titles
# after which it is read so (after any name, الثاني may be second place).
_ORDINALS = frozenset("الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر".split())
_REGNAL_TITLES = frozenset("الملك ملك الملكة ملكة البابا بابا السلطان سلطان".split())


def regnal_end(norm: list[str], end: int, title: str) -> int:
    """The end of a name read after the role ``title`` (its first word), taking the ordinal
    after it when the role is a monarch's or a pope's (الملك شارلز الثالث)."""
    if title in _REGNAL_TITLES and end < len(norm) and norm[end] in _ORDINALS:
        return end + 1
    return end
