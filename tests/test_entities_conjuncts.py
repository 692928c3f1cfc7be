"""Persons named in a list after one already read (issue 16), on sentences written for the
tests: the next conjunct, و glued to a first word and a family name, is a person too, even
when its first name is also an everyday word (جمال، أسعد); a role, a verb, an accusative or a
noun after و is no name."""

from __future__ import annotations

import pytest
from test_entities_patterns import articles, persons

from dashboard.pipeline.entities.mentions import extract_mentions


def test_the_names_listed_after_a_person_are_persons() -> None:
    frame = extract_mentions(
        articles("وحضر الاجتماع خالد المطيري وجمال الشمراني وأسعد النمري وعبيد قاسمي.")
    )
    assert persons(frame) == {"خالد المطيري", "جمال الشمراني", "أسعد النمري", "عبيد قاسمي"}


def test_a_family_name_with_the_article_after_a_listed_first_name() -> None:
    frame = extract_mentions(articles("ويغيب عن المباراة فهد الحارثي وعبدالكريم الهزاع للإصابة."))
    assert persons(frame) == {"فهد الحارثي", "عبدالكريم الهزاع"}


@pytest.mark.parametrize(
    "sentence",
    [
        "وقال خالد المطيري ووزير الخارجية إن الاتفاق قريب.",
        "وانضم خالد المطيري وسيلتحق بالبعثة غدا.",
        "ووصل خالد المطيري وسيلتحق رامي في الغد.",
        "ووصل خالد المطيري ويلتحق رامي في الغد.",
        "وعين المجلس خالد المطيري وزيرا للتخطيط في الحكومة.",
        "ورحب خالد المطيري والحضور بالضيوف.",
        "وقدم خالد المطيري وفرحنا بالعيد معه.",
    ],
)
def test_no_name_after_the_conjunction(sentence: str) -> None:
    assert persons(extract_mentions(articles(sentence))) == {"خالد المطيري"}
