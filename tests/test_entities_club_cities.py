"""A listed city in a sports report is the city, not its club, after a dash (a dateline) or
after a capital and its adjective, or before a feminine adjective of its nation (issue 16). On
sentences written for the tests."""

from __future__ import annotations

import pytest
from test_entities_context import found


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    return found(
        "تقام المباراة في الدوري بالعاصمة البريطانية لندن أمس",  # 0
        "غادر الفريق من سالزبورغ النمساوية إلى إيطاليا قبل المباراة في الدوري",  # 1
        "عين اليوم – الرياض تتجه الأنظار إلى المباراة في الدوري",  # 2
        "زار المدرب فيينا النمساوية قبل المباراة في الدوري",  # 3
        "فاز الفريق على فيينا في المباراة الأولى من الدوري",  # 4
    )


def test_a_city_after_a_capital_and_its_adjective(corpus) -> None:
    assert corpus[0] == {"لندن": "place"}, corpus[0]


def test_a_city_before_a_feminine_adjective_of_its_nation(corpus) -> None:
    assert corpus[1] == {"سالزبورغ": "place", "إيطاليا": "place"}, corpus[1]
    assert corpus[3] == {"فيينا": "place"}, corpus[3]


def test_a_city_after_an_en_dash(corpus) -> None:
    assert corpus[2] == {"الرياض": "place"}, corpus[2]


def test_a_city_in_a_sports_report_is_still_its_club(corpus) -> None:
    assert corpus[4] == {"فيينا": "organisation"}, corpus[4]
