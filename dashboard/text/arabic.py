"""Arabic text: normalisation, tokenising and stopwords.

Normalisation folds the spelling variation that scraped news carries and that
a reader does not see as a difference: diacritics, tatweel, the hamza-carrying
alef forms, alef maqsura written for ya, and Arabic-Indic digits.

>>> normalize("مُحَمَّد")
'محمد'
>>> normalize("أعلنت وزارة الصحة ٢٠٢٤")
'اعلنت وزارة الصحة 2024'
>>> tokenize("قالت الحكومة إنّ الأمطار ستستمر")
['قالت', 'الحكومة', 'ان', 'الامطار', 'ستستمر']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_FOLD = {**_ALEF, **_DIGITS}  # no character of one is in the other
# The same as pairs of strings: one str.replace per character a text holds is several
# times faster than str.translate, which looks every character up.
_FOLD_PAIRS = tuple((chr(k), v if isinstance(v, str) else chr(v)) for k, v in _FOLD.items())
# Invisible format characters (bidi overrides, zero-width joiners) that scrapers
# carry along and that can reorder how a title displays.
_FORMAT_CHARS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
TOKEN = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+|[A-Za-z]+|\d+")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")

NEWS_STOPWORDS_FILE = Path(__file__).with_name("news_stopwords.txt")
DISPLAY_STOPWORDS_FILE = Path(__file__).with_name("display_stopwords.txt")


def normalize(text: str) -> str:
    """Fold diacritics, tatweel, alef forms, alef maqsura and digits.

    Args:
        text: Any Unicode text; non-Arabic characters pass through.

    Returns:
        The normalised text, NFKC-composed, with invisible bidi and
        zero-width characters removed and whitespace collapsed.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _FORMAT_CHARS.sub("", text)
    text = DIACRITICS.sub("", text).replace(TATWEEL, "")
    for variant, plain in _FOLD_PAIRS:
        if variant in text:
            text = text.replace(variant, plain)
    return " ".join(text.split())


def tokenize(text: str) -> list[str]:
    """Split normalised text into Arabic words, Latin words and numbers."""
    return TOKEN.findall(normalize(text))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Packaged Arabic stopwords plus the news stoplist, all normalised."""
    from tashaphyne.stopwords import STOPWORDS

    packaged = {normalize(word) for word in STOPWORDS}
    return frozenset(packaged | _listed(NEWS_STOPWORDS_FILE))


def _listed(path: Path) -> set[str]:
    """The words of a word list (whitespace-separated, ``#`` lines comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {word for line in lines if not line.startswith("#") for word in line.split()}


@lru_cache(maxsize=1)
def display_stopwords() -> frozenset[str]:
    """The words a table of top words leaves out: :func:`stopwords` and the function words,
    adverbs and auxiliaries of ``display_stopwords.txt`` (تم، بشكل، يمكن), which carry no
    subject but are common words to the entity rules, which use :func:`stopwords` alone.

    >>> "بشكل" in display_stopwords(), "بشكل" in stopwords(), "في" in display_stopwords()
    (True, False, True)
    """
    return stopwords() | {normalize(word) for word in _listed(DISPLAY_STOPWORDS_FILE)}


def is_keyword(token: str) -> bool:
    """Whether a token may stand as a topic keyword or search term.

    Stopwords, numbers, single letters and anything with no letter fail.
    """
    if len(token) < 2 or token.isdigit():
        return False
    if not (ARABIC_LETTER.search(token) or token.isalpha()):
        return False
    return token not in stopwords()


def arabic_share(text: str) -> float:
    """Share of letters in ``text`` that are Arabic script (0 when no letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if ARABIC_LETTER.match(c)) / len(letters)


_CLITICS = re.compile(r"^(?:[وف]?(?:بال|كال|لل|ال)|[وف][بلك]?|[بلك])(?=[\u0621-\u064a]{3,})")


def strip_clitics(word: str) -> str:
    """A normalised word without its leading و/ف/ب/ل/ك and article ال (3 letters kept at least).

    >>> strip_clitics("بالشرطة"), strip_clitics("وزارة"), strip_clitics("بلد")
    ('شرطة', 'زارة', 'بلد')
    """
    return _CLITICS.sub("", word)
