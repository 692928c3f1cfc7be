"""Places named by a head noun, clubs named after a place, organisations whose adjective
describes them, quoted names and outlets (issue 16, third round), on sentences written for the
tests."""

from __future__ import annotations

import pytest
from test_entities_context import found


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    return found(
        "نزح السكان من مخيم الشابورة إلى بلدة كفرنيلو",  # 0
        "وصل الوفد إلى إقليم كارفوليا أمس",  # 1
        "نقل المصابون إلى مخيم جنين",  # 2
        "وقعت الحادثة في محافظة جدة",  # 3
        "يسكن في منطقة سكنية وهو مثال حي لجيل كامل",  # 4
        "هبطت الطائرة في مطار الملك فهد الدولي",  # 5
        "فاز مانشستر يونايتد على ضيفه وزار الوزير موسكو",  # 6
        "نشرت صحيفة هآرتس الإسرائيلية تقريرا",  # 7
        "ذكرت وكالة الأنباء البحرينية الرسمية أن الوفد وصل",  # 8
        "أطلقت شبكة النهار الإعلامية برنامجا جديدا",  # 9
        'انتزعت شركة "زاهر تكنولوجيز" الصينية المركز الأول',  # 10
        'وقال مدير المشروع لـ"الشروق" إن العمل اكتمل',  # 11
        'وأعادت الهيئة الحياة لـ"صناعية الشمال" بعد توقف',  # 12
        "خبر عاجل . عبدالله الناصري - المدى - الرياض: بدأ العمل",  # 13
        "وصل الوفد إلى مدينة غازي عنتاب التركية",  # 14
        "استقبل الرئيس أمير قطر تميم بن حمد آل ثاني",  # 15
        "ارتفعت أرباح المصانع البتروكيماوية السعودية هذا العام",  # 16
        "زار الرئيس السعودية أمس",  # 17
        "وقالت الحكومة البريطانية إن القرار نهائي",  # 18
        "أعلنت حكومة صنعاء موقفها وحيت حكومة وشعب البلاد",  # 19
        "أكدت إدارة الشركة أن الأرباح ارتفعت وأقامت إدارة الصندوق والتقى الوفد بها",  # 20
        "أعلنت إدارة المرور خطة جديدة",  # 21
    )


def test_a_place_head_and_its_name(corpus) -> None:
    assert corpus[0] == {"مخيم الشابورة": "place", "كفرنيلو": "place"}, corpus[0]
    assert corpus[1] == {"كارفوليا": "place"}, corpus[1]
    assert corpus[5] == {"مطار الملك فهد الدولي": "place"}, corpus[5]


def test_a_listed_place_closes_a_name_after_a_head(corpus) -> None:
    assert corpus[14] == {"غازي عنتاب": "place"}, corpus[14]


def test_a_place_before_a_listed_person_is_no_club(corpus) -> None:
    assert "organisation" not in corpus[15].values(), corpus[15]


def test_a_listed_place_after_a_head(corpus) -> None:
    assert corpus[2] == {"مخيم جنين": "place", "جنين": "place"}, corpus[2]
    assert corpus[3] == {"جدة": "place"}, corpus[3]


def test_descriptions_after_a_place_head_are_not_places(corpus) -> None:
    assert corpus[4] == {}, corpus[4]


def test_a_club_named_after_a_place(corpus) -> None:
    assert corpus[6] == {"مانشستر يونايتد": "organisation", "موسكو": "place"}, corpus[6]


def test_an_adjective_describing_an_organisation_is_left_out(corpus) -> None:
    assert corpus[7] == {"صحيفة هآرتس": "organisation"}, corpus[7]
    assert corpus[8] == {"وكالة الأنباء البحرينية": "organisation"}, corpus[8]


def test_a_network_is_an_organisation(corpus) -> None:
    assert corpus[9] == {"شبكة النهار الإعلامية": "organisation"}, corpus[9]


def test_a_quoted_name_after_a_head_and_an_outlet_after_la(corpus) -> None:
    assert corpus[10] == {"زاهر تكنولوجيز": "organisation"}, corpus[10]
    assert corpus[11] == {"الشروق": "organisation"}, corpus[11]
    assert corpus[12] == {}, corpus[12]


def test_the_outlet_of_a_byline_after_a_listed_first_name(corpus) -> None:
    assert corpus[13].get("المدى") == "organisation", corpus[13]
    assert corpus[13].get("عبدالله الناصري") == "person", corpus[13]


def test_a_country_in_the_shape_of_an_adjective_after_a_feminine_noun(corpus) -> None:
    assert corpus[16] == {}, corpus[16]
    assert corpus[17] == {"السعودية": "place"}, corpus[17]


def test_a_government_named_by_its_country_is_no_name(corpus) -> None:
    assert corpus[18] == {}, corpus[18]
    assert corpus[19] == {"صنعاء": "place"}, corpus[19]


def test_the_management_of_a_body_named_before_is_no_name(corpus) -> None:
    assert corpus[20] == {}, corpus[20]
    assert corpus[21] == {"إدارة المرور": "organisation"}, corpus[21]
