"""A family name with the article alone (issue 16): counted for the corpus's full name where a
name stands, not where the word describes the noun before it; on sentences written for the
tests."""

from __future__ import annotations

import pytest
from test_entities import articles, found

from dashboard.pipeline.entities.mentions import extract_mentions

# The full name, in enough articles to be known to the corpus.
_FULL = [
    "قال الوزير كريم الدباغي إن المحادثات تتقدم",
    "التقى الوزير كريم الدباغي وفدا من المزارعين",
    "أكد الوزير كريم الدباغي أن الميزانية جاهزة",
]


@pytest.fixture(scope="module")
def corpus():
    bodies = [
        "وقال الدباغي إن الجولة المقبلة ستعقد في الربيع",  # 0: after a verb of saying
        "الدباغي يقول إن الاتفاق قريب",  # 1: before a verb of saying
        "زار الطلاب المعرض الدباغي القديم في الحي",  # 2: after a noun it describes
        *_FULL,
    ]
    return extract_mentions(articles(*bodies))


def test_a_definite_family_name_alone_counts_for_the_full_name(corpus) -> None:
    assert found(corpus, "a0").get("كريم الدباغي", ("",))[0] == "person", found(corpus, "a0")
    assert found(corpus, "a1").get("كريم الدباغي", ("",))[0] == "person", found(corpus, "a1")


def test_a_definite_word_after_a_noun_is_no_person(corpus) -> None:
    assert "كريم الدباغي" not in found(corpus, "a2"), found(corpus, "a2")


def test_a_definite_family_name_of_two_persons_stays_alone() -> None:
    other = ["قال المدرب سامي الدباغي إن الفريق جاهز"] * 3
    frame = extract_mentions(articles("وقال الدباغي إن الجولة المقبلة ستعقد", *_FULL, *other))
    assert not {"كريم الدباغي", "سامي الدباغي"} & set(found(frame, "a0")), found(frame, "a0")
