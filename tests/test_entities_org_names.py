"""Where an organisation's name ends after its head noun (issue 16): a foreign name's further
words, and an adjective after a second noun joined by و; on sentences written for the tests."""

from __future__ import annotations

import pytest
from test_entities_context import found


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    return found(
        "نشرت صحيفة واشنطن بوست مقالا عن الانتخابات",  # 0
        "قالت الصحيفة إن شركة مايكروسوفت أوقفت الخدمة",  # 1
        "أكد منتخب بلجيكا ثقته بالفوز",  # 2
        "أكدت وزارة الأوقاف والشؤون الدينية أن المسجد مفتوح",  # 3
    )


def test_a_foreign_names_further_words(corpus) -> None:
    assert corpus[0] == {"صحيفة واشنطن بوست": "organisation"}, corpus[0]


def test_a_verb_or_a_noun_with_its_pronoun_ends_a_foreign_name(corpus) -> None:
    assert corpus[1] == {"شركة مايكروسوفت": "organisation"}, corpus[1]
    assert corpus[2] == {"منتخب بلجيكا": "organisation"}, corpus[2]


def test_an_adjective_after_a_second_noun_with_wa(corpus) -> None:
    assert corpus[3] == {"وزارة الأوقاف والشؤون الدينية": "organisation"}, corpus[3]
