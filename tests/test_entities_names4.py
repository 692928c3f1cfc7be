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
