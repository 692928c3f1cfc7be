"""Persons read from the shape of their names and from lists in issue 16's fifth round, on
sentences written for the tests: a proper noun before a family name, a guest before a dash
and an office, a chain of nasab that stops before an adjective, and a body named after a
person; and the cities of GeoNames in the gazetteer."""

from __future__ import annotations

import pytest
from test_entities_context import found

from dashboard.pipeline.gazetteer import (
    GEONAMES_MIN_POPULATION,
    geonames_places,
    geonames_populations,
)


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    return found(
        "فاز في السباق عاطف العنزي وتلاه نائل القحطاني في المركز الثاني.",  # 0
        "الضيوف: عطا الله المري - عضو المجلس البلدي، علي أبو ريدة - الناشط الحقوقي.",  # 1
        "منحت مؤسسة سعود بن فهد بن عبدالعزيز الخيرية جوائزها للطلاب.",  # 2
        "عاد التلاميذ في رمضان الماضي إلى المدارس، وفي رمضان المبارك يتغير الدوام.",  # 3
        "شارك في الحفل: علي أبو ريدة - 2015.",  # 4
        "أعلنت مؤسسة باراك أوباما الخيرية عن منح دراسية.",  # 5
        "والتقى سعود بن فهد بن عبدالعزيز الجالية في المدينة.",  # 6
        "عاد الوفد من الموصل إلى كابل بعد زيارة دامت يوما واحدا.",  # 7
    )


def test_a_proper_noun_before_a_family_name_is_a_person(corpus) -> None:
    assert corpus[0] == {"عاطف العنزي": "person", "نائل القحطاني": "person"}, corpus[0]


def test_a_word_that_is_not_a_family_name_makes_no_person(corpus) -> None:
    assert "person" not in corpus[3].values(), corpus[3]


def test_a_guest_before_a_dash_and_an_office_is_a_person(corpus) -> None:
    assert corpus[1].get("علي أبو ريدة") == "person", corpus[1]
    assert corpus[1].get("عطا الله المري") == "person", corpus[1]


def test_a_dash_without_an_office_makes_no_guest(corpus) -> None:
    assert "علي أبو ريدة" not in corpus[4], corpus[4]


def test_a_chain_of_nasab_stops_before_a_feminine_adjective(corpus) -> None:
    assert corpus[2] == {"مؤسسة سعود بن فهد بن عبدالعزيز الخيرية": "organisation"}, corpus[2]
    assert corpus[6] == {"سعود بن فهد بن عبدالعزيز": "person"}, corpus[6]


def test_a_body_named_after_a_listed_person_is_an_organisation(corpus) -> None:
    assert corpus[5] == {"مؤسسة باراك أوباما الخيرية": "organisation"}, corpus[5]


def test_large_cities_of_geonames_are_places(corpus) -> None:
    assert corpus[7] == {"الموصل": "place", "كابل": "place"}, corpus[7]


def test_geonames_names_that_are_ordinary_words_are_left_out() -> None:
    population = geonames_populations()
    kept = set(geonames_places())
    assert {"ليل", "يوما", "سلطات", "ترمز", "السويدية"} <= set(population) - kept
    assert {"الموصل", "كابل"} <= kept
    assert min(population[name] for name in kept) >= GEONAMES_MIN_POPULATION
