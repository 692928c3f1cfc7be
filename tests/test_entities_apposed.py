"""Foreign names read by their neighbours (issue 16), on sentences written for the tests: two
words shaped like a foreign name are a person before an office in apposition (bare, with the
article or after a comma) or a present verb of saying, or after a verb of saying; inflected
words, a verb after a clitic and a listed place are no such name."""

from __future__ import annotations

import pytest
from test_entities_patterns import articles, persons

from dashboard.pipeline.entities.mentions import extract_mentions


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("وقال غاريث هارتلي، المتحدث باسم الشركة، إن العمل مستمر.", "غاريث هارتلي"),
        ("وتحدثت الصحيفة مع تيبور ماليكا مدافع الفريق عن المباراة.", "تيبور ماليكا"),
        ("ويرى الخبراء أن بريندا هوكسلي تقول إن السوق مستقر.", "بريندا هوكسلي"),
    ],
)
def test_a_foreign_name_before_an_office_or_a_verb_of_saying(sentence: str, name: str) -> None:
    assert persons(extract_mentions(articles(sentence))) == {name}


@pytest.mark.parametrize(
    "sentence",
    [
        "وقال مسؤولون بيطريون إن الحالة مستقرة.",
        "وأكد سوانا فيأتي المدير أن العمل مستمر.",
        "ووصل الوفد إلى مدينة هارتلي ليضع حجر الأساس.",
    ],
)
def test_no_foreign_name(sentence: str) -> None:
    assert persons(extract_mentions(articles(sentence))) == set()
