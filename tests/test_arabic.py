from hypothesis import given
from hypothesis import strategies as st

from dashboard.text.arabic import arabic_share, is_keyword, normalize, stopwords, tokenize


def test_normalize_folds_spelling_variants():
    assert normalize("إِنَّ الأمــطار") == "ان الامطار"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("عام ٢٠٢٤ و۱۹") == "عام 2024 و19"


def test_normalize_folds_every_variant_and_digit_as_one_table_would():
    variants = "أإآٱى٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
    assert normalize(f"ب{variants}ب") == "ب" + "ااااي" + "0123456789" * 2 + "ب"


def test_normalize_removes_bidi_overrides_and_zero_width():
    assert normalize("\u202eغزة\u200f اليوم") == "غزة اليوم"


def test_tokenize_keeps_words_and_numbers():
    assert tokenize("سعر برميل Brent بلغ 82 دولاراً") == [
        "سعر",
        "برميل",
        "Brent",
        "بلغ",
        "82",
        "دولارا",
    ]


def test_stopwords_cover_function_words_and_news_filler():
    words = stopwords()
    for word in ("في", "التي", "وقال", "الخميس", "اضاف"):
        assert word in words
    assert "الانتخابات" not in words


def test_is_keyword_rejects_stopwords_numbers_and_letters():
    assert is_keyword("الانتخابات")
    assert not is_keyword("وقال")
    assert not is_keyword("2024")
    assert not is_keyword("ب")


def test_arabic_share():
    assert arabic_share("غزة") == 1.0
    assert arabic_share("abc") == 0.0
    assert arabic_share("123") == 0.0


@given(st.text())
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
