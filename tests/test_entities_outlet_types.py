"""Outlets and other bodies read as persons (issue 16), on sentences written for the tests: a
name read after an organisation's head noun is an organisation in that article and, read so in
a third as many articles as a person, in the whole corpus."""

from __future__ import annotations

from test_entities_patterns import articles

from dashboard.pipeline.entities.mentions import extract_mentions

TITLE = "سيتي مونيتور: الحكومة تتراجع عن القرار"
QUOTED = 'وتقول صحيفة "سيتي مونيتور" إن الحكومة تتراجع'


def types(frame) -> set[tuple[str, str]]:
    """(entity, type) of every row of a mention frame."""
    return set(frame[["entity", "type"]].itertuples(index=False, name=None))


def test_a_name_read_after_a_head_noun_in_the_same_article_is_no_person() -> None:
    frame = extract_mentions(articles(f"{TITLE} . {QUOTED}"))
    assert types(frame) == {("سيتي مونيتور", "organisation")}


def test_a_name_read_as_a_body_often_enough_in_the_corpus_is_no_person() -> None:
    frame = extract_mentions(articles(TITLE, TITLE, TITLE, QUOTED))
    assert types(frame) == {("سيتي مونيتور", "organisation")}


def test_a_name_read_as_a_person_far_more_often_stays_a_person() -> None:
    frame = extract_mentions(articles(TITLE, TITLE, TITLE, TITLE, QUOTED))
    assert types(frame[frame["article_id"] == "a0"]) == {("سيتي مونيتور", "person")}
