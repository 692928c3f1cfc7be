"""Short person names merged into longer ones over the corpus: a whole name of two words or
more is not taken for a short form of a rarer, longer name that ends in it."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from test_entities_patterns import articles

from dashboard.pipeline.entities import tagger
from dashboard.pipeline.entities.aliases import _merge_persons
from dashboard.pipeline.entities.mentions import extract_mentions


def test_a_name_of_two_words_stays_apart_from_a_rarer_longer_name() -> None:
    counts = Counter({("محمد", "حسين"): 4, ("زينب", "محمد", "حسين"): 1})
    kinds = dict.fromkeys(counts, "person")
    assert _merge_persons(counts, kinds) == {}


def test_a_name_of_two_words_merges_into_a_longer_name_named_far_more_often() -> None:
    counts = Counter({("فالتر", "شتاينماير"): 1, ("فرانك", "فالتر", "شتاينماير"): 9})
    kinds = dict.fromkeys(counts, "person")
    assert _merge_persons(counts, kinds) == {
        ("فالتر", "شتاينماير"): ("فرانك", "فالتر", "شتاينماير")
    }


def test_a_surname_alone_still_merges_into_the_longer_name() -> None:
    counts = Counter({("غانتس",): 5, ("بيني", "غانتس"): 1})
    kinds = dict.fromkeys(counts, "person")
    assert _merge_persons(counts, kinds) == {("غانتس",): ("بيني", "غانتس")}


def test_a_name_keeps_a_last_word_that_is_a_name_part() -> None:
    counts = Counter({("محمد", "نور"): 6, ("محمد", "نور", "الدين"): 1, ("احمد", "شوقي"): 5})
    counts[("احمد", "شوقي", "احمد")] = 1
    kinds = dict.fromkeys(counts, "person")
    assert _merge_persons(counts, kinds) == {}


def test_a_name_that_swallowed_a_verb_is_cut_back() -> None:
    counts = Counter({("جو", "بايدن"): 6, ("جو", "بايدن", "اغلق"): 1})
    kinds = dict.fromkeys(counts, "person")
    assert _merge_persons(counts, kinds) == {("جو", "بايدن", "اغلق"): ("جو", "بايدن")}


def test_articles_keep_the_whole_name_they_write() -> None:
    bodies = [
        "وقال اللاعب محمد حسين إن الفريق جاهز للمباراة .",
        "وأكد المدرب أن اللاعب محمد حسين سيشارك في التدريبات .",
        "وشارك اللاعب محمد حسين في المران الأخير .",
        "وقالت الطالبة زينب محمد حسين إن المدرسة أعلنت النتائج .",
    ]
    frame = pd.DataFrame(
        {
            "id": [str(i) for i in range(len(bodies))],
            "title": [""] * len(bodies),
            "body": bodies,
            "tags": [[] for _ in bodies],
        }
    )
    mentions = extract_mentions(frame)
    persons = mentions[mentions["type"] == "person"]
    assert persons.groupby("article_id")["entity"].apply(set).to_dict() == {
        "0": {"محمد حسين"},
        "1": {"محمد حسين"},
        "2": {"محمد حسين"},
        "3": {"زينب محمد حسين"},
    }


@pytest.mark.parametrize("setting", ["on", "off"])
def test_a_nasab_and_the_same_nasab_with_its_family_are_one_person(monkeypatch, setting) -> None:
    """The family's name closes the name (the object after it is no part of it), and the
    nasab written with and without it is one person, with the name tagger and without."""
    monkeypatch.setenv("MARSAD_NAME_TAGGER", setting)
    tagger._ACTIVE.clear()
    try:
        frame = extract_mentions(
            articles(
                "استقبل الأمير فهد بن سليم آل مرزوق الوفد في القصر.",
                "وأكد الأمير فهد بن سليم أن المشروع ماض.",
                "وقال الأمير فهد بن سليم إن الموسم ناجح.",
            )
        )
    finally:
        tagger._ACTIVE.clear()
    assert frame[frame["type"] == "person"][["article_id", "entity"]].values.tolist() == [
        ["a0", "فهد بن سليم"],
        ["a1", "فهد بن سليم"],
        ["a2", "فهد بن سليم"],
    ]
