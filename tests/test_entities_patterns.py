"""The person patterns of issue 16 on sentences written for the tests: titles before names,
two names side by side, surnames resolved by the corpus, kunyas and nicknames, names that start
with a clitic letter, context types, and tags kept apart from text mentions."""

from __future__ import annotations

import pandas as pd

from dashboard.pipeline.entities.mentions import extract_mentions


def articles(*bodies: str, tags: list[list[str]] | None = None) -> pd.DataFrame:
    """An article frame with one article per body (empty titles)."""
    return pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(len(bodies))],
            "title": [""] * len(bodies),
            "body": list(bodies),
            "tags": tags or [[] for _ in bodies],
        }
    )


def persons(frame: pd.DataFrame, article: str = "a0") -> set[str]:
    """The persons found in one article."""
    rows = frame[(frame["article_id"] == article) & (frame["type"] == "person")]
    return set(rows["entity"])


def found(frame: pd.DataFrame, article: str = "a0") -> dict[str, tuple[str, int, str]]:
    """entity -> (type, count, source) for one article."""
    rows = frame[frame["article_id"] == article]
    return {r.entity: (r.type, r.count, r.source) for r in rows.itertuples()}


def test_a_title_with_a_nationality_keeps_the_whole_name() -> None:
    frame = extract_mentions(articles("قال الرئيس الروسي فلاديمير بوتين إن المحادثات مستمرة"))
    assert persons(frame) == {"فلاديمير بوتين"}


def test_a_role_over_an_organisation_ends_before_the_name() -> None:
    frame = extract_mentions(articles("وقال رئيس حكومة الإقليم سليم كارادوف إن الوفد وصل"))
    assert persons(frame) == {"سليم كارادوف"}
    assert found(frame)["حكومة الإقليم"][0] == "organisation"


def test_two_names_side_by_side_are_two_people() -> None:
    frame = extract_mentions(
        articles(
            "التقى الرئيس الأمريكي جو هاريسون دونالد كارتر في المكتب",
            "قال الرئيس الفرنسي ماكرون إيمانويل ماكرون في كلمته",
            "واجتمع نتنياهو يوآف غالانت مساء أمس",
        )
    )
    assert persons(frame, "a0") == {"جو هاريسون", "دونالد كارتر"}
    assert persons(frame, "a1") == {"إيمانويل ماكرون"}
    assert persons(frame, "a2") == {"بنيامين نتنياهو", "يوآف غالانت"}


def test_a_surname_alone_resolves_to_the_corpus_full_name() -> None:
    frame = extract_mentions(
        articles(
            "قال وزير الخارجية سليم كارادوف إن الحوار مستمر",
            "وصل وزير الخارجية سليم كارادوف إلى العاصمة",
            "وأكد كارادوف أن الاتفاق قريب",
        )
    )
    assert found(frame, "a2")["سليم كارادوف"] == ("person", 1, "pattern")


def test_an_ambiguous_surname_stays_unresolved() -> None:
    frame = extract_mentions(
        articles(
            "قال وزير الخارجية سليم كارادوف إن الحوار مستمر",
            "وصل وزير الخارجية سليم كارادوف إلى العاصمة",
            "قال وزير المالية نبيل كارادوف إن الموازنة جاهزة",
            "وصل وزير المالية نبيل كارادوف إلى العاصمة",
            "وأكد كارادوف أن الاتفاق قريب",
        )
    )
    assert persons(frame, "a4") == set()


def test_a_common_word_that_closed_a_wrong_name_is_no_surname() -> None:
    wrong = ["قال الرئيس سامر ساعة إن الوفد وصل"] * 2
    alone = [f"استمر الاجتماع ساعة في المدينة {n}" for n in range(7)]
    frame = extract_mentions(articles(*wrong, *alone))
    assert persons(frame, "a0") == {"سامر ساعة"}
    assert all(not persons(frame, f"a{n}") for n in range(2, 9))


def test_a_listed_surname_alone_is_the_full_name() -> None:
    frame = extract_mentions(articles("وأضاف نتنياهو أن الحرب مستمرة وقال بوتين إن بلاده مستعدة"))
    assert persons(frame) == {"بنيامين نتنياهو", "فلاديمير بوتين"}


def test_a_name_cut_before_a_verb_shape_is_completed_when_the_corpus_confirms_it() -> None:
    bodies = [f"قال الرئيس الأمريكي داني تريمور في خطاب {n}" for n in ("أول", "ثان", "ثالث")]
    confirmed = extract_mentions(articles(*bodies))
    assert {e for a in ("a0", "a1", "a2") for e in persons(confirmed, a)} == {"داني تريمور"}
    alone = extract_mentions(articles(bodies[0]))
    assert persons(alone) == {"داني"}


def test_kunya_and_nickname_are_people() -> None:
    frame = extract_mentions(
        articles(
            "وقال الناطق العسكري باسم كتائب القسام أبو عبيدة إن المعركة مستمرة",
            "وقال حميدتي إن قواته تتقدم",
        )
    )
    result = found(frame)
    assert result["أبو عبيدة"][0] == "person"
    assert result["كتائب القسام"][0] == "organisation"
    assert persons(frame, "a1") == {"محمد حمدان دقلو"}


def test_names_opening_with_a_clitic_letter_are_not_cut() -> None:
    frame = extract_mentions(articles("وقال بوتين إن بلاده مستعدة", "وأضاف ترامب أن الاتفاق انتهى"))
    assert persons(frame, "a0") == {"فلاديمير بوتين"}
    assert persons(frame, "a1") == {"دونالد ترامب"}


def test_heads_type_organisations_and_a_disease_is_no_person() -> None:
    frame = extract_mentions(
        articles(
            "وأعلنت كتائب الأحرار وسرايا الفجر مسؤوليتهما عن الهجوم",
            "وقال الطبيب كورونا ينتشر في المدينة",
        )
    )
    result = found(frame)
    assert result["كتائب الأحرار"][0] == "organisation"
    assert result["سرايا الفجر"][0] == "organisation"
    assert "person" not in {kind for kind, _, _ in found(frame, "a1").values()}


def test_tags_are_not_text_mentions_unless_asked_for() -> None:
    frame = articles("افتتح مهرجان الربيع أبوابه في بيروت", tags=[["مهرجان الربيع", "سوق الكتاب"]])
    plain = found(extract_mentions(frame))
    assert "سوق الكتاب" not in plain
    assert plain["مهرجان الربيع"][1:] == (1, "tag")
    with_tags = found(extract_mentions(frame, include_tags=True))
    assert with_tags["سوق الكتاب"][1:] == (0, "tag")
    assert with_tags["مهرجان الربيع"][1:] == (1, "tag")


def test_a_family_name_with_the_article_closes_the_name() -> None:
    frame = extract_mentions(articles("دعا وزير الصحة سليم الحداد الأسر إلى تجاهل الشائعات"))
    assert persons(frame) == {"سليم الحداد"}


def test_a_long_tag_after_a_role_is_no_person() -> None:
    frame = extract_mentions(
        articles(
            "أعلن مدير معرض الربيع الدولي للكتاب أن الزوار كثر",
            tags=[["معرض الربيع الدولي للكتاب"]],
        )
    )
    assert found(frame)["معرض الربيع الدولي للكتاب"][0] != "person"


def test_a_name_after_a_nationality_counts_when_the_corpus_repeats_it() -> None:
    frame = extract_mentions(
        articles(
            "وقال البلجيكي رومان فيرستيغ إن المباراة صعبة",
            "وأكد البلجيكي رومان فيرستيغ جاهزيته للمباراة المقبلة",
            "وقال الهولندي كارل جبل إن الفريق مستعد",
        )
    )
    assert persons(frame, "a1") == {"رومان فيرستيغ"}
    # proposed in one article only, and جبل is an ordinary word to the lexicon
    assert "كارل جبل" not in persons(frame, "a2")


def test_ordinary_words_after_a_nationality_are_no_name() -> None:
    bodies = [
        "وقدم الاتحاد الأوروبي مشروع قانون جديدا",
        "وناقش البرلمان الأوروبي مشروع قانون للطاقة",
        "وأقر النواب مشروع قانون آخر",
        "وتأخر مشروع قانون الموازنة",
        "وسحب مشروع قانون الضرائب",
        "ورفض مشروع قانون الانتخابات",
        "وصدر مشروع قانون العمل",
        "وعطل مشروع قانون الإيجارات",
        "ودرس مشروع قانون المرور",
        "وقدم الجانب الإيراني بشكل خاص مقترحات",
        "وتحدث الوفد الإيراني بشكل خاص عن العقوبات",
        "وأعلن الجيش الأوروبي تواصل تغطيتها الحية",
        "وقال المسؤول الأوروبي تواصل تغطيتها للحدث",
    ]
    frame = extract_mentions(articles(*bodies))
    assert frame[frame["type"] == "person"].empty


def test_a_verb_after_a_nationality_is_no_name() -> None:
    frame = extract_mentions(
        articles(
            "وقال إن الجيش الإسرائيلي يواصل عدوان ، بحسب المصادر",
            "وأضاف أن الطيران الإسرائيلي يواصل عدوان ، كما قال",
        )
    )
    assert frame[frame["type"] == "person"].empty


def test_a_kunya_with_its_family_name_is_one_person() -> None:
    frame = extract_mentions(
        articles(
            "وقال نائب رئيس الهيئة أبو سعيد المهندس إن القوات وصلت",
            "واغتيل القائد كريم سليمانوف وأبو سعيد المهندس قرب المطار",
            "وحضر القائد كريم سليمانوف أبو سعيد المهندس الاجتماع",
        )
    )
    assert persons(frame, "a0") == {"أبو سعيد المهندس"}
    assert persons(frame, "a1") == {"كريم سليمانوف", "أبو سعيد المهندس"}
    assert persons(frame, "a2") == {"كريم سليمانوف", "أبو سعيد المهندس"}


def test_a_first_name_with_waw_opens_the_next_person() -> None:
    frame = extract_mentions(articles("وفاز المرشحان أحمد سليم وزياد نصار بالمقعدين"))
    assert persons(frame) == {"أحمد سليم", "زياد نصار"}


def test_a_listed_place_after_a_name_is_not_part_of_it() -> None:
    frame = extract_mentions(articles("ووصل دونالد ترامب أبو ظبي في زيارة رسمية"))
    assert persons(frame) == {"دونالد ترامب"}
    assert found(frame)["أبو ظبي"][0] == "place"


def test_a_listed_person_is_shown_as_the_text_writes_the_full_name() -> None:
    frame = extract_mentions(
        articles("قال حسن نصر الله في خطابه", "وأضاف حسن نصر الله أن المقاومة جاهزة")
    )
    assert persons(frame) == {"حسن نصر الله"}


def test_blocs_currents_and_newspapers_are_organisations() -> None:
    frame = extract_mentions(
        articles(
            "وأعلنت كتلة الوفاقيين رفضها للقانون",
            "وقال تيار النهوض في بيان إن الحوار مستمر",
            "وكتب رئيس تحرير صحيفة المساء سمير داوود مقالا",
        )
    )
    assert found(frame, "a0")["كتلة الوفاقيين"][0] == "organisation"
    assert found(frame, "a1")["تيار النهوض"][0] == "organisation"
    assert found(frame, "a2")["صحيفة المساء"][0] == "organisation"
    assert persons(frame, "a2") == {"سمير داوود"}


def test_compound_names_and_foreign_particles_stay_in_the_name() -> None:
    frame = extract_mentions(
        articles(
            "وقال الفرنسي نور الدين حمادي إن فريقه جاهز",
            "وأكد الفرنسي نور الدين حمادي ذلك",
            "وقالت رئيسة المفوضية كارلا فون دير هايدن إن الحل سياسي",
            "وسجل البرتغالي جواو دا كوستا هدفا",
            "وأصيب البرتغالي جواو دا كوستا في التدريب",
        )
    )
    assert persons(frame, "a0") == {"نور الدين حمادي"}
    assert persons(frame, "a2") == {"كارلا فون دير هايدن"}
    assert persons(frame, "a3") == {"جواو دا كوستا"}


def test_a_name_ends_before_a_listed_place_with_a_clitic() -> None:
    frame = extract_mentions(
        articles(
            "ووصل سامر بمأرب أمس",
            "وزار الوفد جورجيا وأوكرانيا الأسبوع الماضي",
            "وكان الوزير حداد بولاية أوهايو",
        )
    )
    assert persons(frame, "a0") == set()
    assert persons(frame, "a1") == set()
    assert persons(frame, "a2") == {"حداد"}


def test_an_accusative_after_a_role_is_no_name() -> None:
    frame = extract_mentions(articles("وتحدث الوزير معتبرا أن الاتفاق ممكن"))
    assert persons(frame, "a0") == set()
