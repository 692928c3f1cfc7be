"""Persons found with the packaged lexicon (dashboard/pipeline/lexicon.py) on sentences written for
the tests: names no list holds, read from their context and from the words the lexicon knows
are not names; علي told from على; words glued by a scraper and plural phrases left out."""

from __future__ import annotations

from test_entities_patterns import articles, persons

from dashboard.pipeline.entities.mentions import extract_mentions


def test_an_unlisted_name_between_a_verb_and_an_apposition_is_a_person() -> None:
    frame = extract_mentions(
        articles(
            "وقال كريس ويفر وهو شريك في مؤسسة للاستشارات إن الروبل سيتراجع",
            "وحث كازومي ماتسوي رئيس البلدية على إلغاء الأسلحة",
            "تقرير . هانزي فليك يؤكد أن الفريق جاهز",
        )
    )
    assert persons(frame, "a0") == {"كريس ويفر"}
    assert persons(frame, "a1") == {"كازومي ماتسوي"}
    assert persons(frame, "a2") == {"هانزي فليك"}


def test_ordinary_words_in_the_same_context_are_not_a_person() -> None:
    frame = extract_mentions(
        articles(
            "وقال مسؤولون أميركيون إن الاتفاق قريب",
            "وأكد مصدر مسؤول أن الاجتماع تأجل",
            "وقام مسلحون مجهولون يشتبه بانتمائهم إلى التنظيم باختطافه",
            "نفى الوزير ذلك، فيمااكدت كيكو هاشيموتو يقول الوزير إنه لم يتلق شيئا",
        )
    )
    assert all(not persons(frame, a) for a in ("a0", "a1", "a2", "a3"))


def test_a_name_after_a_name_starts_a_new_person() -> None:
    frame = extract_mentions(articles("، ميشيل باشليه جورج فلويد يقول إن العدالة تأخرت"))
    assert "ميشيل باشليه جورج فلويد" not in persons(frame)
    assert "ميشيل باشليه" in persons(frame)


def test_a_verb_closes_a_name_after_a_role() -> None:
    frame = extract_mentions(articles("كلام المتحدثة باسم الخارجية ماري هارف جاء بعد الدعم"))
    assert persons(frame) == {"ماري هارف"}


def test_ali_is_a_name_where_the_article_writes_ala_with_alef_maqsura() -> None:
    frame = extract_mentions(
        articles(
            "وصل علي محمد السعدي إلى عدن ووقف على الحدود",
            "قال اللواء علي محسن صالح إن الجيش على أهبة الاستعداد",
            "هجوم علي مواقع الجيش والقصف علي المدينة",
        )
    )
    assert persons(frame, "a0") == {"علي محمد السعدي"}
    assert persons(frame, "a1") == {"علي محسن صالح"}
    assert persons(frame, "a2") == set()


def test_a_name_after_a_nationality_counts_when_the_lexicon_takes_it_for_a_name() -> None:
    frame = extract_mentions(articles("وسجل الهولندي آريين روبن هدفا في المباراة"))
    assert persons(frame) == {"آريين روبن"}


def test_a_verb_or_an_accusative_noun_is_not_a_name() -> None:
    frame = extract_mentions(
        articles(
            "كانت لدي مشكلة مع الرئيس وخفت من النتيجة",
            "عين الحزب منصور زعيما له",
        )
    )
    assert persons(frame, "a0") == set()
    assert persons(frame, "a1") == set()
