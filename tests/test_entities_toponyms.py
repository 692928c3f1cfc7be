"""Places no list names, read from the words around them (issue 16): a quarter or village
named by a dictionary word, a name opened by a noun of the land, the further head nouns, a
listed place inside a public body's name, and a city after a player's word as its club; on
sentences written for the tests."""

from __future__ import annotations

import pytest
from test_entities_context import found


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    return found(
        "قصفت الطائرات منزلا في حي البستان شرق المدينة",  # 0
        "عاد الصيادون إلى قرية الصيادين مساء",  # 1
        "وصلت الدورية إلى قرية تل الورد صباحا",  # 2
        "نقل الأسير إلى سجن الرملة ثم أفرج عنه",  # 3
        "اندلع حريق في مقاطعة كارسوفيا أمس",  # 4
        "قالت شرطة جدة إنها أوقفت المشتبه به",  # 5
        "أطلقت مؤسسة غزة الخيرية حملة جديدة",  # 6
        "يفكر نجم برشلونة في الرحيل هذا الصيف",  # 7
        "وقع هجوم قرب مستوطنة بالضفة أمس",  # 8
    )


def test_a_dictionary_word_after_a_settlement_head_names_it(corpus) -> None:
    assert corpus[0] == {"حي البستان": "place"}, corpus[0]
    assert corpus[1] == {}, corpus[1]  # a plural describes the village


def test_a_noun_of_the_land_opens_a_two_word_name(corpus) -> None:
    assert corpus[2] == {"تل الورد": "place"}, corpus[2]


def test_further_place_heads(corpus) -> None:
    assert corpus[3] == {"سجن الرملة": "place", "الرملة": "place"}, corpus[3]
    assert corpus[4] == {"كارسوفيا": "place"}, corpus[4]


def test_a_public_body_names_its_place(corpus) -> None:
    assert corpus[5] == {"شرطة جدة": "organisation", "جدة": "place"}, corpus[5]
    assert "غزة" not in corpus[6], corpus[6]


def test_a_city_after_a_players_word_is_its_club(corpus) -> None:
    assert corpus[7] == {"برشلونة": "organisation"}, corpus[7]


def test_a_preposition_and_its_noun_after_a_head_is_no_name(corpus) -> None:
    assert corpus[8] == {}, corpus[8]


@pytest.fixture(scope="module")
def senses() -> list[dict[str, str]]:
    return found(
        "لجأ المقاتلون إلى حي قريب من السوق",  # 0
        "من ناحية الشكل فإن التصميم جميل",  # 1
        "أراد قضاء إجازته في الريف",  # 2
        "قال رئيس بلدية كييف فيتالي كليتشكو إن المدينة صامدة",  # 3
    )


def test_other_senses_of_place_heads(senses) -> None:
    assert senses[0] == {}, senses[0]  # حي: near, alive
    assert senses[1] == {}, senses[1]  # ناحية: in terms of
    assert senses[2] == {}, senses[2]  # قضاء: spending


def test_a_public_bodys_head_is_named_after_it(senses) -> None:
    assert senses[3].get("فيتالي كليتشكو") == "person", senses[3]
