"""The field that closes an organisation's name (issue 16): its adjectives, a second field
joined by و, and a listed name written with لل; on sentences written for the tests."""

from __future__ import annotations

import pytest
from test_entities_context import found


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    return found(
        "قال رئيس الهيئة العامة للفنون والتراث الشعبي إن المعرض افتتح",  # 0
        "أصدر المركز الوطني للبحوث وتطوير المناهج تقريره السنوي",  # 1
        "انعقدت الجمعية العامة للأمم المتحدة أمس",  # 2
        "أسست جمعية النور للثقافة ونظم الفريق معرضا",  # 3
    )


def test_a_second_field_joined_by_wa(corpus) -> None:
    assert corpus[0] == {"الهيئة العامة للفنون والتراث الشعبي": "organisation"}, corpus[0]
    assert corpus[1] == {"المركز الوطني للبحوث وتطوير المناهج": "organisation"}, corpus[1]


def test_a_listed_name_written_with_lil(corpus) -> None:
    assert corpus[2] == {"الجمعية العامة للأمم المتحدة": "organisation"}, corpus[2]


def test_a_verb_after_the_field_starts_a_clause(corpus) -> None:
    assert corpus[3] == {"جمعية النور للثقافة": "organisation"}, corpus[3]
