"""Tests for dashboard.text.clean."""

from __future__ import annotations

import pandas as pd

from dashboard.text.clean import (
    clean_text,
    dedupe,
    remove_repeated_lines,
    removed_by_cleaning,
    strip_boilerplate,
)

PROSE = (
    "افتتحت البلدية حديقة جديدة في وسط المدينة صباح اليوم.\n\n"
    "وقال رئيس البلدية إن الحديقة تضم ملاعب للأطفال ومسارات للمشي."
)


def test_trailing_furniture_is_removed_and_returned() -> None:
    body = (
        PROSE + "\n\nتابعونا على منصات التواصل\n"
        "https://example.com/news/1\n© 2024 صحيفة المثال\nجميع الحقوق محفوظة\n"
    )
    kept, removed = strip_boilerplate(body)
    assert kept == PROSE
    assert removed == [
        "تابعونا على منصات التواصل",
        "https://example.com/news/1",
        "© 2024 صحيفة المثال",
        "جميع الحقوق محفوظة",
    ]


def test_read_also_block_with_second_article_is_returned_not_lost() -> None:
    second = "المطر يغمر الشوارع\n\nهطلت أمطار غزيرة على العاصمة يوم الأحد (5 أيار 2024)."
    body = PROSE + "\n\nإقرأ أيضاً:\n\n" + second + "\n\nمقالات ذات صلة\n• عنوان أول\n• عنوان ثان"
    kept, removed = strip_boilerplate(body)
    assert kept == PROSE
    assert removed[0] == "إقرأ أيضاً:"
    assert "هطلت أمطار غزيرة على العاصمة يوم الأحد (5 أيار 2024)." in removed
    assert removed[-1] == "• عنوان ثان"


def test_prose_mentioning_furniture_words_is_kept() -> None:
    body = (
        "وقال المتحدث: اقرأ أيضا ما كتبه الخبراء قبل الحكم.\n"
        "وأضاف أن جميع الحقوق محفوظة للمواطنين بموجب القانون الجديد.\n"
        "وختم بأن الجلسة القادمة ستعقد الأسبوع المقبل."
    )
    assert strip_boilerplate(body) == (body, [])


def test_furniture_in_the_middle_is_kept() -> None:
    body = "الفقرة الأولى.\nشارك هذا المقال\nالفقرة الأخيرة من الخبر."
    assert strip_boilerplate(body) == (body, [])


def test_html_tags_scripts_and_entities_are_removed() -> None:
    html = (
        "<div><h1>عنوان&nbsp;الخبر</h1><script>var x = '<p>لا</p>';</script>"
        "<style>p {color: red}</style><p>الفقرة &amp; الأولى</p>"
        "<p>الفقرة   الثانية<br>سطر</p></div>"
    )
    assert clean_text(html) == "عنوان الخبر\n\nالفقرة & الأولى\n\nالفقرة الثانية\nسطر"


def test_control_chars_and_whitespace() -> None:
    text = "  سطر\x00 أول\t\tهنا \r\n\r\n\r\n\nسطر\x07 ثان  "
    assert clean_text(text) == "سطر أول هنا\n\nسطر ثان"


def test_plain_text_with_a_less_than_sign_is_kept() -> None:
    assert clean_text("ارتفع المؤشر 3 < 5 نقاط") == "ارتفع المؤشر 3 < 5 نقاط"


def _frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "url", "title", "body"])


def test_dedupe_by_url_and_normalised_text() -> None:
    frame = _frame(
        [
            ("a", "http://x/1", "أمطار غزيرة", "هطلت أمطار غزيرة اليوم."),
            ("b", "http://x/1", "عنوان آخر", "نص آخر."),
            ("c", "", "امطار غزيرة", "هطلت أمطارٌ غزيرة   اليوم."),
            ("d", "http://y/2", "أمطار غزيرة", "هطلت أمطار غزيرة جدا اليوم."),
        ]
    )
    kept, duplicates = dedupe(frame)
    assert kept["id"].tolist() == ["a", "d"]
    assert duplicates["id"].tolist() == ["b", "c"]
    assert duplicates["duplicate_of"].tolist() == ["a", "a"]


def test_dedupe_long_bodies_differing_late_are_kept() -> None:
    body = "كلمة " * 300
    frame = _frame([("a", "", "ت", body + "نهاية"), ("b", "", "ت", body + "خاتمة")])
    kept, duplicates = dedupe(frame)
    assert kept["id"].tolist() == ["a", "b"]
    assert duplicates.empty


def test_follow_us_line_is_furniture_wherever_the_phrase_sits() -> None:
    body = PROSE + "\nللاطلاع على المزيد تابعونا عبر صفحتنا"
    assert strip_boilerplate(body) == (PROSE, ["للاطلاع على المزيد تابعونا عبر صفحتنا"])


def test_lines_an_outlet_repeats_are_learned_and_removed() -> None:
    footer = "للتواصل أرسل رسالة إلى الرقم 1234"
    bodies = [f"خبر رقم {i} عن الطقس.\n{footer}" for i in range(10)] + [f"خبر آخر.\n{footer}"]
    outlets = ["أ"] * 10 + ["ب"]
    kept, removed = remove_repeated_lines(bodies, outlets)
    assert kept[:10] == [f"خبر رقم {i} عن الطقس." for i in range(10)]
    assert removed[:10] == [[footer]] * 10
    assert (kept[10], removed[10]) == (bodies[10], [])  # outlet ب repeats nothing


def test_a_body_made_only_of_repeated_lines_is_kept_whole() -> None:
    bodies = ["نص قصير يتكرر."] * 6
    assert remove_repeated_lines(bodies, ["أ"] * 6) == (bodies, [[]] * 6)


def test_every_bidirectional_control_is_removed_and_reported() -> None:
    controls = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
    assert clean_text(f"نص{controls} الخبر") == "نص الخبر"
    expected = [f"U+{ord(c):04X}" for c in controls]
    assert removed_by_cleaning(f"نص{controls}", markup=False) == expected
    for control in controls:  # each alone too
        assert clean_text(f"أ{control}ب") == "أب"
