"""Persons read from their context in issue 16's fourth round, on sentences written for the
tests: a dictionary word after a foreign name, علي after a title, عبد joined to a name, two
names side by side, and a surname the article uses again."""

from __future__ import annotations

import pytest
from test_entities_context import found


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    return found(
        "وجه العميد الإسرائيلي عوفر وينتر انتقادات حادة للحكومة",  # 0
        "اختير النجم البلجيكي كيفن دي بروين أفضل لاعب",  # 1
        "أكد الشيخ علي مليح الزوبعي في حوار أن الأمر صعب",  # 2
        "وأوضح مدير النشاطات بالرئاسة عبدالعزيز البتال أن الحفل ناجح",  # 3
        "شارك في الندوة ماهر السقا موسى سرور وغيرهما",  # 4
        "قالت وزيرة الخزانة جانيت يلين إن النمو قوي، وأضافت يلين أن الأسعار",  # 5
        "وصف الإسباني فرناندو يورينتي مهاجم الفريق المباراة بالصعبة، وقال يورينتي إنه",  # 6
    )


def test_a_dictionary_word_after_a_foreign_name_is_the_next_word(corpus) -> None:
    assert corpus[0].get("عوفر وينتر") == "person", corpus[0]
    assert corpus[1].get("كيفن دي بروين") == "person", corpus[1]


def test_ali_after_a_title_is_the_name(corpus) -> None:
    assert corpus[2] == {"علي مليح الزوبعي": "person"}, corpus[2]


def test_abd_joined_to_a_name_is_a_first_name(corpus) -> None:
    assert corpus[3] == {"عبدالعزيز البتال": "person"}, corpus[3]


def test_a_first_name_after_a_family_name_opens_the_next_name(corpus) -> None:
    assert corpus[4] == {"ماهر السقا": "person", "موسى سرور": "person"}, corpus[4]


def test_a_surname_used_again_confirms_the_name(corpus) -> None:
    assert corpus[5] == {"جانيت يلين": "person"}, corpus[5]
    assert corpus[6].get("فرناندو يورينتي") == "person", corpus[6]


@pytest.fixture(scope="module")
def more() -> list[dict[str, str]]:
    return found(
        "رأى رئيس قسم الاقتصاد في المصرف أن الأسعار سترتفع",  # 0
        "مقال الرأي . سعود الحربي، مرزوق العنزي - الصحيفة - الرياض: بدأت الأعمال",  # 1
        "وقال إيريك شولتز، المتحدث باسم البيت الأبيض، إن",  # 2
        "التقى ماكرون بوتين في باريس",  # 3
        "فاز الفريق في المجموعة الأولى بفارق كبير",  # 4
        "وجهت لجنة محلفين الاتهام إلى الرجل وقدمت شكوى لدى شرطة بسيارة أجرة"
        " ويعمل في مستشفى خاص بوسط المدينة",  # 5
        "أعلنت قوات الأمن العراقية المرحلة الثانية من العملية",  # 6
        "تأهل منتخب الجزائر إلى النهائي وفرح منتخب بلاده",  # 7
    )


def test_a_noun_and_its_complement_after_a_role_are_no_name(more) -> None:
    assert not any(kind == "person" for kind in more[0].values()), more[0]


def test_a_second_writer_after_a_comma(more) -> None:
    persons = {name for name, kind in more[1].items() if kind == "person"}
    assert persons == {"سعود الحربي", "مرزوق العنزي"}, more[1]


def test_a_listed_surname_after_another_first_name_is_another_person(more) -> None:
    assert more[2].get("إيريك شولتز") == "person", more[2]
    assert "أولاف شولتس" not in more[2], more[2]


def test_two_listed_persons_side_by_side_are_two(more) -> None:
    assert more[3] == {"إيمانويل ماكرون": "person", "فلاديمير بوتين": "person", "باريس": "place"}


def test_an_ordinal_numbers_a_body_and_names_none(more) -> None:
    assert more[4] == {}, more[4]


def test_a_plural_or_a_word_with_b_after_a_head_describes_the_body(more) -> None:
    assert more[5] == {}, more[5]


def test_a_noun_after_an_adjective_starts_another_phrase(more) -> None:
    assert more[6] == {"قوات الأمن العراقية": "organisation"}, more[6]


def test_a_national_team_is_an_organisation(more) -> None:
    assert more[7] == {"منتخب الجزائر": "organisation"}, more[7]


@pytest.fixture(scope="module")
def areas() -> list[dict[str, str]]:
    return found(
        "اقتحمت القوات بلدة تقوع فجرا وبلدة سلوان ظهرا",  # 0
        "بدأت عملية تحرير مدينة الرمادي أمس",  # 1
        "سكن في منطقة عسكرية ثم في بلدة ساحلية وقرية صغيرة",  # 2
        "أكد عضو مجلس محافظة نينوى القيادي في العشائر أن",  # 3
    )


def test_the_name_after_an_area_head_is_a_place(areas) -> None:
    assert areas[0] == {"تقوع": "place", "سلوان": "place"}, areas[0]
    assert areas[1] == {"الرمادي": "place"}, areas[1]


def test_an_adjective_after_an_area_head_is_no_place(areas) -> None:
    assert areas[2] == {}, areas[2]


def test_an_office_word_is_no_part_of_a_place(areas) -> None:
    assert areas[3] == {"نينوى": "place"}, areas[3]


def test_a_club_after_a_word_for_a_team() -> None:
    got = found(
        "فاز فريق أرسنالو على منافسه وتابع المشجع فريقه بورتفيلد يونايتد طويلا",
        "نجح فريق طبي في العملية وغاب اللاعب عن فريقه لمدة شهر",
    )
    assert got[0] == {"أرسنالو": "organisation", "بورتفيلد يونايتد": "organisation"}, got[0]
    assert got[1] == {}, got[1]
