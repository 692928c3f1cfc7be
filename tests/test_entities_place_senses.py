"""A listed place's other senses: the club a sports report names after its city, the outlet
quoted after لـ or a head noun, and places no package lists (the United Kingdom's countries,
Islam's three holiest mosques); on sentences written for the tests."""

from __future__ import annotations

import pytest
from test_entities_context import found


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    return found(
        "فاز ليفربول على ضيفه بوردو في مباراة الدوري أمس",  # 0
        "وصل لاعبو الفريق إلى برشلونة قبل مباراة الدوري",  # 1
        "زار الوزير ليفربول وبوردو أمس",  # 2
        "خسرت مصر أمام المغرب في مباراة الدوري",  # 3
        "الرياض: سجل اللاعب هدفا في المباراة",  # 4
        "وقال مسؤول لـ«الشرق الأوسط» إن الوفد وصل",  # 5
        'ونقلت صحيفة "الرياض" عن مصادر أن الوفد وصل',  # 6
        "تشهد دول الشرق الأوسط توترا وزار الوزير الرياض",  # 7
        "اقتحم مستوطنون المسجد الأقصى وأدى الحجاج الصلاة في المسجد الحرام",  # 8
        "سافر الوفد إلى إنكلترا ثم إلى أيرلندا الشمالية",  # 9
        "غادر المدرب إنكلترا بعد مباراة الدوري",  # 10
    )


def test_a_city_in_a_sports_report_is_its_club(corpus) -> None:
    assert corpus[0] == {"ليفربول": "organisation", "بوردو": "organisation"}, corpus[0]


def test_a_city_after_a_word_of_location_or_in_a_dateline_stays_a_place(corpus) -> None:
    assert corpus[1].get("برشلونة") == "place", corpus[1]
    assert corpus[4].get("الرياض") == "place", corpus[4]


def test_a_city_outside_sports_and_a_country_in_sports_stay_places(corpus) -> None:
    assert corpus[2] == {"ليفربول": "place", "بوردو": "place"}, corpus[2]
    assert corpus[3] == {"مصر": "place", "المغرب": "place"}, corpus[3]
    assert corpus[10].get("إنجلترا") == "place", corpus[10]


def test_a_quoted_place_after_la_or_a_head_is_the_outlet(corpus) -> None:
    assert corpus[5] == {"الشرق الأوسط": "organisation"}, corpus[5]
    assert corpus[6] == {"الرياض": "organisation"}, corpus[6]
    assert corpus[7] == {"الشرق الأوسط": "place", "الرياض": "place"}, corpus[7]


def test_places_no_package_lists(corpus) -> None:
    assert corpus[8] == {"المسجد الأقصى": "place", "المسجد الحرام": "place"}, corpus[8]
    assert corpus[9] == {"إنجلترا": "place", "أيرلندا الشمالية": "place"}, corpus[9]


def test_a_country_is_shown_under_its_shortest_spelling() -> None:
    got = found("زار الوزير فنزويلا أمس", "وصل الوفد إلى جمهورية بوليفيا")
    assert got == [{"فنزويلا": "place"}, {"بوليفيا": "place"}], got
