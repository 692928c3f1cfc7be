"""Words that are not names where a name's pattern would read one (issue 16), on sentences
written for the tests: a preposition glued to a word after a role and its organisation, a word
and God's name after a title or as a verbal noun and its agent, and a dictionary word after an
adjective of relation."""

from __future__ import annotations

from test_entities_patterns import articles, persons

from dashboard.pipeline.entities.mentions import extract_mentions


def test_a_preposition_and_a_place_head_after_a_role_is_no_name() -> None:
    frame = extract_mentions(
        articles(
            "وأعلن المتحدث باسم الدفاع المدني بمنطقة حائل العميد سامي الراشد أن الفرق أخمدت الحريق",
            "وصرح المتحدث الرسمي لهيئة الإسعاف بمدينة حائل أن الفرق وصلت",
        )
    )
    assert persons(frame) == {"سامي الراشد"}
    assert persons(frame, "a1") == set()


def test_a_preposition_and_a_first_name_after_a_role_is_no_name() -> None:
    frame = extract_mentions(articles("وقال الوزير بتوفيق الله اكتمل المشروع في موعده"))
    assert persons(frame) == set()


def test_a_verbal_noun_and_gods_name_is_no_person() -> None:
    frame = extract_mentions(
        articles(
            "ونجح الفريق بعد توفيق الله في إنقاذ المصابين",
            "وتمكنت الفرق بعد توفيق الله إحباط المحاولة",
            "وقال رئيس الوزراء خير الله طلفاح إن القرار نهائي",
        )
    )
    assert persons(frame) == set()
    assert persons(frame, "a1") == set()
    assert persons(frame, "a2") == {"خير الله طلفاح"}  # a name after the two words


def test_the_formula_after_the_prophet_is_no_person_in_a_corpus() -> None:
    bodies = [
        f"وتحدث {speaker} عن سيرة النبي صلى الله عليه وسلم في {place}"
        for speaker, place in (("الخطيب", "المسجد"), ("المعلم", "الفصل"), ("المحاضر", "القاعة"))
    ]
    frame = extract_mentions(articles(*bodies))
    assert frame[frame["type"] == "person"].empty


def test_a_dictionary_word_after_an_adjective_opens_no_foreign_name_in_a_corpus() -> None:
    bodies = [
        f"و{verb} الخام العالمي مزيج نفطي {amount} في تعاملات اليوم"
        for verb, amount in (("ارتفع", "دولارين"), ("انخفض", "دولارا"), ("استقر", "قليلا"))
    ]
    frame = extract_mentions(articles(*bodies))
    assert frame[frame["type"] == "person"].empty


def test_a_dictionary_word_before_an_unknown_surname_still_opens_a_name() -> None:
    bodies = [
        f"و{verb} الفرنسي نيل دوبراسكو {rest}"
        for verb, rest in (
            ("قال", "إن الرحلة نجحت"),
            ("أكد", "أن الطاقم بخير"),
            ("عاد", "إلى بلاده"),
        )
    ]
    frame = extract_mentions(articles(*bodies))
    assert all(persons(frame, f"a{i}") == {"نيل دوبراسكو"} for i in range(3))
