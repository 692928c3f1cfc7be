"""Names read from their context (issue 16, second round), on sentences written for the tests:
places named after people, bylines, ranks and relational titles, long Arabic names, generic
organisation descriptions, and verbs that are not names."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.pipeline.entities.mentions import extract_mentions


def found(*bodies: str) -> list[dict[str, str]]:
    """entity -> type for each body, scanned together as one corpus."""
    frame = extract_mentions(
        pd.DataFrame(
            {
                "id": [f"a{i}" for i in range(len(bodies))],
                "title": [""] * len(bodies),
                "body": list(bodies),
                "tags": [[] for _ in bodies],
            }
        )
    )
    return [
        dict(frame.loc[frame["article_id"] == f"a{i}", ["entity", "type"]].values)
        for i in range(len(bodies))
    ]


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    return found(
        "هبطت الطائرة في مطار الملك سعود الدولي مساء أمس",  # 0
        "نقل الجرحى إلى مشفى كمال ناصر في البلدة",  # 1
        "نوار الشمري - المدار - الدمام: افتتح المعرض أبوابه",  # 2
        "تقرير خاص - افتتح المعرض أبوابه",  # 3
        "أعلنت شركة مسؤولة عن النقل وقف الرحلات بعد أن شكل حزب سياسي لجنة",  # 4
        "انتقدت إدارة بايدن القرار",  # 5
        "قال الرائد غيث فهد الشهري إن الحادث وقع ليلا",  # 6
        "كرم الأمير فهد بن سعود بن مساعد الفائزين",  # 7
        "كرم المدير العريف سالم مبارك آل عائض الشهراني أمس",  # 8
        "وكشف المهندس أحمد سامي أحمد أن المشروع اكتمل",  # 9
        "والتقى الوزير نظيره مهند الحمدان في العاصمة",  # 10
        "وقالت فرنسواز دوبري إنه تم تأجيل الإعلان",  # 11
        "كنت على خلاف مع رئيس النادي ورفضت الفحص",  # 12
        "وهي من ألحان الفنان، وكلمات الشاعر",  # 13
        "أعلن الكرملين أن الرئيس ونظيره الصيني سيناقشان الملف",  # 14
        "وقال المدير رفضت اللجنة الطلب",  # 15
        "أعلنت مؤسسة ساهر للاستشارات والتدريب نتائجها",  # 16
        "وفاز الإسباني خوان ساليتا بالجائزة",  # 17
        "بدأ الاجتماع. إيفان رمادين: الاتفاق صامد",  # 18
        "كرم المدير إبراهيم بن علي الشمري",  # 19
        "وأعلن علي محمد الزبيدي أن الوفد وصل",  # 20
        "وأصدر إيفان بيانا رسميا: الاتفاق صامد",  # 21
        "أبلغ المدير سامي فارس أربعة موظفين بالقرار",  # 22
        "وقال مدرب الفريق غوران بافيتش إن اللاعبين جاهزون",  # 23
        "وتواجه حكومة محمد الصالح أزمة",  # 24
        "بدأ اللقاء. إيفان نوربيك: الاتفاق صامد",  # 25
        "تياغو مارتينيز سيغيب عن المباراة",  # 26
        "وقال حزب الله اللبناني إن مجلس الأمن القومي اجتمع",  # 27
        "اتفق حزب الله والحوثي على البيان",  # 28
        "قصف مستشفى الأهلي والمقاومة ردت",  # 29
    )


def test_a_name_after_a_facility_noun_names_the_place(corpus) -> None:
    assert "person" not in corpus[0].values(), corpus[0]
    assert "person" not in corpus[1].values(), corpus[1]
    assert corpus[1].get("مشفى كمال ناصر") == "organisation", corpus[1]


def test_a_byline_gives_the_writer_and_the_outlet(corpus) -> None:
    assert corpus[2].get("نوار الشمري") == "person", corpus[2]
    assert corpus[2].get("المدار") == "organisation", corpus[2]
    assert "person" not in corpus[3].values(), corpus[3]


def test_a_head_noun_and_an_adjective_is_a_description(corpus) -> None:
    assert corpus[4] == {}, corpus[4]


def test_a_listed_person_after_a_head_noun_is_the_person(corpus) -> None:
    assert corpus[5] == {"جو بايدن": "person"}, corpus[5]


def test_ranks_and_relational_titles_mark_a_person(corpus) -> None:
    assert corpus[6].get("غيث فهد الشهري") == "person", corpus[6]
    assert corpus[10].get("مهند الحمدان") == "person", corpus[10]


def test_long_arabic_names_are_read_whole(corpus) -> None:
    assert corpus[7] == {"فهد بن سعود بن مساعد": "person"}, corpus[7]
    assert corpus[8].get("سالم مبارك آل عائض الشهراني") == "person", corpus[8]
    assert corpus[9] == {"أحمد سامي أحمد": "person"}, corpus[9]


def test_a_name_after_a_feminine_verb(corpus) -> None:
    assert corpus[11].get("فرنسواز دوبري") == "person", corpus[11]


def test_verbs_and_clauses_after_a_role_are_not_names(corpus) -> None:
    for i in (12, 13, 14, 15):
        assert "person" not in corpus[i].values(), corpus[i]


def test_an_organisation_keeps_its_field(corpus) -> None:
    assert corpus[16] == {"مؤسسة ساهر للاستشارات والتدريب": "organisation"}, corpus[16]


def test_foreign_names_the_lexicon_does_not_know(corpus) -> None:
    assert corpus[17] == {"خوان ساليتا": "person"}, corpus[17]
    assert corpus[18] == {"إيفان رمادين": "person"}, corpus[18]
    assert not any("بيانا" in name for name in corpus[21]), corpus[21]  # an accusative noun


def test_ali_is_read_as_a_name_before_a_nasab(corpus) -> None:
    assert corpus[19] == {"إبراهيم بن علي الشمري": "person"}, corpus[19]
    assert corpus[20] == {"علي محمد الزبيدي": "person"}, corpus[20]


def test_a_number_word_ends_a_name(corpus) -> None:
    assert corpus[22] == {"سامي فارس": "person"}, corpus[22]


def test_a_coach_and_a_government_named_after_its_head(corpus) -> None:
    assert corpus[23] == {"غوران بافيتش": "person"}, corpus[23]
    assert corpus[24] == {"محمد الصالح": "person"}, corpus[24]


def test_foreign_first_names_and_surnames_with_nun(corpus) -> None:
    assert corpus[25] == {"إيفان نوربيك": "person"}, corpus[25]
    assert corpus[26] == {"تياغو مارتينيز": "person"}, corpus[26]


def test_a_listed_organisation_is_not_padded(corpus) -> None:
    assert corpus[27] == {"حزب الله": "organisation", "مجلس الأمن القومي": "organisation"}
    assert corpus[28].get("حزب الله") == "organisation", corpus[28]
    assert not any("حزب" in name and "الحوثي" in name for name in corpus[28]), corpus[28]
    assert corpus[29] == {"مستشفى الأهلي": "organisation"}, corpus[29]
