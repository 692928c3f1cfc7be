"""Persons read from their context in issue 16's third round, on sentences written for the
tests: chains of nasab, foreign surnames ending in ا, plural verbs after a name, ranks with
ركن, children and young people named after a noun, and a first name standing for the full
name given earlier in the article."""

from __future__ import annotations

import pytest
from test_entities_context import found


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    return found(
        "صدر قرار بتعيين سالم بن حمد بن راشد الزامل على وظيفة مستشار",  # 0
        "أكد البرازيلي رونالدو فابيو مارادونا، أنه جاهز",  # 1
        "أكد الوزير كمال حداد وصلوا بسلام",  # 2
        "وصف العقيد ركن سامر الحلبي الهجوم",  # 3
        "ووصف اللواء ماهر الحلبي العملية بأنها دقيقة",  # 4
        "يقف الطفل نضال عقيلان وحيدا",  # 5
        "احتفل الدكتور سامر زهير موسى بتخرجه. وقال الشاب سامر إن",  # 6
        "أكد سالم بن راشد بن حمد آل زاهر حرص الدولة",  # 7
        "في لقاء بين أحمد بن راشد كمال حداد",  # 8
        "وقال محمود عاصي فيننا إن",  # 9
        "افتتح الإيطالي ماركو فيراتيني الموسم الجديد",  # 10
        "أعطى النادي مهاجمه دوناتيكي القميص الأول",  # 11
    )


def test_a_chain_of_nasab_keeps_its_family_name(corpus) -> None:
    assert corpus[0] == {"سالم بن حمد بن راشد الزامل": "person"}, corpus[0]


def test_a_foreign_surname_ending_in_alef(corpus) -> None:
    assert corpus[1] == {"رونالدو فابيو مارادونا": "person"}, corpus[1]


def test_a_plural_verb_ends_a_name(corpus) -> None:
    assert corpus[2] == {"كمال حداد": "person"}, corpus[2]


def test_a_rank_with_rukn_and_a_name_before_a_feminine_noun(corpus) -> None:
    assert corpus[3] == {"سامر الحلبي": "person"}, corpus[3]
    assert corpus[4] == {"ماهر الحلبي": "person"}, corpus[4]


def test_a_child_named_after_the_noun(corpus) -> None:
    assert corpus[5] == {"نضال عقيلان": "person"}, corpus[5]


def test_a_first_name_stands_for_the_full_name(corpus) -> None:
    assert corpus[6] == {"سامر زهير موسى": "person"}, corpus[6]


def test_a_nasab_ends_at_the_family_and_before_the_next_name(corpus) -> None:
    assert corpus[7] == {"سالم بن راشد بن حمد آل زاهر": "person"}, corpus[7]
    assert corpus[8] == {"أحمد بن راشد": "person", "كمال حداد": "person"}, corpus[8]


def test_a_word_in_alef_the_lexicon_does_not_know_ends_a_name(corpus) -> None:
    assert corpus[9] == {"محمود عاصي": "person"}, corpus[9]


def test_a_dictionary_noun_after_a_foreign_name_is_the_next_word(corpus) -> None:
    assert corpus[10] == {"ماركو فيراتيني": "person"}, corpus[10]
    assert corpus[11] == {"دوناتيكي": "person"}, corpus[11]
