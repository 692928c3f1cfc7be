"""Places after a head noun (issue 16): a quarter named with its head, a head written with ب
(بحي), a foreign name of two or three words after a head, and a name opened by a noun of the
land after one; with the guards against a clitic word taken for a name. On sentences written
for the tests."""

from __future__ import annotations

import pytest
from test_entities_context import found


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    return found(
        "قصفت الطائرات منزلا بحي البستان شرق المدينة",  # 0
        "قصفت الطائرات منزلا في حي البستان شرق المدينة",  # 1
        "سقطت القذيفة في مدينة سان كارلوفيتش أمس",  # 2
        "سقطت القذيفة في إقليم كوانج نينه أمس",  # 3
        "سقطت القذيفة في قرية مجدل شمس أمس",  # 4
        "وصل الوفد إلى مدينة كارلوفيتش بولاية تكساس",  # 5
        "كان حي بقطاع غزة هادئا",  # 6
        "قصف منزل في شارع الثلاثيني بحي البستان",  # 7
    )


def test_a_quarter_is_named_with_its_head(corpus) -> None:
    assert corpus[1] == {"حي البستان": "place"}, corpus[1]


def test_a_head_of_two_letters_after_ba(corpus) -> None:
    assert corpus[0] == {"حي البستان": "place"}, corpus[0]


def test_a_foreign_name_of_two_words_after_a_head(corpus) -> None:
    assert corpus[2] == {"سان كارلوفيتش": "place"}, corpus[2]  # not the listed سان alone
    assert corpus[3] == {"كوانج نينه": "place"}, corpus[3]


def test_a_name_opened_by_a_noun_of_the_land_after_a_head(corpus) -> None:
    assert corpus[4] == {"مجدل شمس": "place"}, corpus[4]  # not the listed مجدل alone


def test_a_clitic_word_does_not_go_on_a_name(corpus) -> None:
    assert corpus[5] == {"كارلوفيتش": "place", "تكساس": "place"}, corpus[5]
    assert corpus[6] == {"غزة": "place"}, corpus[6]
    assert corpus[7] == {"شارع الثلاثيني": "place", "حي البستان": "place"}, corpus[7]


@pytest.fixture(scope="module")
def sites() -> list[dict[str, str]]:
    return found(
        "استهدفت الصواريخ قاعدة كارسيم الجوية شمال البلاد",  # 0
        "أقيم الحفل في قصر كارسيم مساء",  # 1
        "اشتعلت النيران في مصفاة كارسيم أمس",  # 2
        "أنشأت الوزارة قاعدة بيانات جديدة للطلاب",  # 3
        "توقفت السيارة عند محطة الوقود صباحا",  # 4
        "استقبل الضيوف في قصر سموه بالمدينة",  # 5
        "هبطت الطائرة في مطار كارليتيقة أمس",  # 6
    )


def test_bases_palaces_and_refineries_are_named_sites(sites) -> None:
    assert sites[0] == {"قاعدة كارسيم الجوية": "place"}, sites[0]
    assert sites[1] == {"قصر كارسيم": "place"}, sites[1]
    assert sites[2] == {"مصفاة كارسيم": "place"}, sites[2]


def test_a_plural_a_dictionary_word_or_a_pronoun_after_a_site_head_is_no_name(sites) -> None:
    assert sites[3] == {}, sites[3]  # an unknown plural
    assert sites[4] == {}, sites[4]  # a definite dictionary word after محطة
    assert sites[5] == {}, sites[5]  # a word and its pronoun
    assert sites[6] == {"مطار كارليتيقة": "place"}, sites[6]  # a name may end in ة


def test_a_mosque_named_after_a_body_and_the_body() -> None:
    got = found("انفجرت عبوة في مسجد قوات الأمن بالمدينة", "صلى المصلون في جامع وزارة الدفاع")
    assert got[0] == {"مسجد قوات الأمن": "place", "قوات الأمن": "organisation"}, got[0]
    assert got[1] == {"جامع وزارة الدفاع": "place", "وزارة الدفاع": "organisation"}, got[1]


def test_an_axis_is_a_road_but_not_an_alliance_nor_a_topic() -> None:
    got = found(
        "تقدمت القوات في محور كارسيم وسط القطاع",
        "أعلن محور المقاومة دعمه للفصائل",
        "وهذا هو محور الحديث اليوم",
        "تحدث عن محور إيران في المنطقة",
    )
    assert got[0] == {"محور كارسيم": "place"}, got[0]
    assert got[1] == {}, got[1]
    assert got[2] == {}, got[2]
    assert got[3] == {"إيران": "place"}, got[3]


def test_a_quoted_name_after_a_place_head() -> None:
    got = found(
        'وقع الحادث في ولاية "كارسيم" الأميركية',
        "استهدفت الصواريخ قاعدة “كارسيم” شمال البلاد",
        'نقل الأسير إلى سجن "مجدو" أمس',
        'قالت محطة "كارسيم نيوز" إن الوفد وصل',
    )
    assert got[0] == {"كارسيم": "place"}, got[0]
    assert got[1] == {"قاعدة كارسيم": "place"}, got[1]
    assert got[2] == {"سجن مجدو": "place"}, got[2]
    assert "محطة كارسيم نيوز" not in got[3], got[3]  # a broadcaster
