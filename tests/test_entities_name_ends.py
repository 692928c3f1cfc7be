"""Where a person's name ends (issue 16), on sentences written for the tests: a short present
verb, a preposition glued to a noun, an elative before its noun and an office in apposition
open the next phrase; a foreign surname that starts like a preposition and a noun stays, and so
do a family name that is also a listed place and a foreign surname shaped like a present
verb; a verbal noun or a preposition and a noun alone after a role or a nationality is no
name."""

from __future__ import annotations

import pytest
from test_entities_patterns import articles, persons

from dashboard.pipeline.entities.mentions import extract_mentions


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("وقال المدرب كمال نعيمي يصف المباراة بالصعبة", "كمال نعيمي"),
        ("واجتمع رئيس اللجنة خالد سمعان بمقر الوزارة مع الوفد", "خالد سمعان"),
        ("وكانت الحاجة زينب خلوف أكبر معمرة في البلدة", "زينب خلوف"),
        ("وتألق النجم الإيطالي ماركو سليم لاعب نادي روما في المباراة", "ماركو سليم"),
        ("وقال سامي زيدان مشرف العمل إن القرية جاهزة", "سامي زيدان"),
    ],
)
def test_the_next_phrase_is_no_part_of_the_name(sentence: str, name: str) -> None:
    assert persons(extract_mentions(articles(sentence))) == {name}


def test_a_foreign_surname_that_opens_like_a_preposition_stays() -> None:
    frame = extract_mentions(
        articles("وأكد المهاجم فراس بايل أن الفريق جاهز", "وقال المدرب ماهر لوثر إن الفريق جاهز")
    )
    assert persons(frame) == {"فراس بايل"}
    assert persons(frame, "a1") == {"ماهر لوثر"}


def test_an_elative_before_a_stopword_may_be_a_surname() -> None:
    frame = extract_mentions(articles("وقال المدرب سامي أسمر إن الفريق جاهز"))
    assert persons(frame) == {"سامي أسمر"}


def test_a_family_name_that_is_also_a_listed_place_ends_the_name() -> None:
    frame = extract_mentions(
        articles("وأعلن المدير ناصر خليل الوزاني أن المشروع اكتمل", "وزار الوفد منطقة الوزاني أمس")
    )
    assert persons(frame) == {"ناصر خليل الوزاني"}
    rows = frame[(frame["article_id"] == "a1") & (frame["type"] == "place")]
    assert set(rows["entity"]) == {"الوزاني"}


def test_a_foreign_surname_shaped_like_a_present_verb() -> None:
    frame = extract_mentions(
        articles(
            "وقال السفير مارك يانسن إن المحادثات مستمرة",
            "وقال المدرب مارك يطالب اللاعبين بالتركيز",
        )
    )
    assert persons(frame) == {"مارك يانسن"}
    assert persons(frame, "a1") == {"مارك"}


@pytest.mark.parametrize(
    "sentence",
    [
        "وشهد المراسل الصحفي اجتياح القوات للمخيم",
        "وطالب الرئيس المكلف تأليف الحكومة بالإسراع",
        "وطالب المستشار الألماني بخفض الضرائب",
    ],
)
def test_a_verbal_noun_alone_after_a_role_is_no_name(sentence: str) -> None:
    assert persons(extract_mentions(articles(sentence))) == set()


def test_a_preposition_and_a_noun_open_no_name_after_a_nationality() -> None:
    frame = extract_mentions(articles(*["وأمر الرئيس الأمريكي بمنح عفو للسجناء"] * 3))
    assert set(frame[frame["type"] == "person"]["entity"]) == set()


def test_a_name_of_the_shape_of_an_intensive_noun_stays_after_a_role() -> None:
    assert persons(extract_mentions(articles("وحضر الأمير بتال الحفل"))) == {"بتال"}


def test_a_family_name_after_one_nasab_ends_the_name_a_first_name_opens_the_next() -> None:
    frame = extract_mentions(
        articles(
            "وكرم الدكتور خالد بن عبدالقادر جفرين المتفوقين",
            "والتقى الدكتور سعيد بن محمد جمال العبدلي في الرياض",
        )
    )
    assert persons(frame) == {"خالد بن عبدالقادر جفرين"}
    assert "سعيد بن محمد" in persons(frame, "a1")


def test_a_monarchs_ordinal_ends_the_name_after_the_title() -> None:
    frame = extract_mentions(articles("واستقبل الملك فريدريك الخامس الوفد أمس"))
    assert persons(frame) == {"فريدريك الخامس"}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("وقالت الكاتبة سلمى فؤاد يسي إن الرواية جاهزة", "سلمى فؤاد يسي"),
        ("وقال المهندس كريم حسن تقي إن الجسر جاهز", "كريم حسن تقي"),
    ],
)
def test_a_surname_of_three_letters_ending_in_yaa_stays(sentence: str, name: str) -> None:
    assert persons(extract_mentions(articles(sentence))) == {name}


def test_a_short_present_verb_after_a_role_opens_no_name() -> None:
    frame = extract_mentions(articles("ويرى المواطن يعد الأمان أولوية لدى البلدية"))
    assert persons(frame) == set()


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("وصرح العقيد دكتور نايف بن عطية الزهراني بأن الدوريات انتشرت", "نايف بن عطية الزهراني"),
        ("وأوضح اللواء د. ضيدان بن فالح العتيبي أن الخطة جاهزة", "ضيدان بن فالح العتيبي"),
    ],
)
def test_a_bare_or_short_title_after_a_rank_is_no_part_of_the_name(
    sentence: str, name: str
) -> None:
    assert persons(extract_mentions(articles(sentence))) == {name}


def test_a_word_read_as_a_verb_before_bin_is_a_first_name() -> None:
    frame = extract_mentions(articles("وقال المتحدث عاطي بن مرزوق الحربي إن القوة وصلت"))
    assert persons(frame) == {"عاطي بن مرزوق الحربي"}


def test_a_listed_town_after_a_transliterated_first_name_is_its_surname() -> None:
    frame = extract_mentions(
        articles(
            "وقال جون برايتون إن الشركة ستوسع أعمالها.",
            "وأكد جيمس بدالاس أن المشروع مستمر.",
        )
    )
    assert persons(frame) == {"جون برايتون"}
    assert persons(frame, "a1") == {"جيمس بدالاس"}
