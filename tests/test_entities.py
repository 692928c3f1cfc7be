"""Entity extraction, co-occurrence and the entity table on small hand-written fixtures."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import shared_file

from dashboard.pipeline.entities.mentions import extract_mentions
from dashboard.pipeline.entities.tables import cooccurrence, entity_table
from dashboard.pipeline.ingest.scraped import split_page


def articles(*bodies: str, tags: list[list[str]] | None = None) -> pd.DataFrame:
    """An article frame with one article per body (empty titles)."""
    return pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(len(bodies))],
            "title": [""] * len(bodies),
            "body": list(bodies),
            "tags": tags or [[] for _ in bodies],
        }
    )


def found(frame: pd.DataFrame, article: str = "a0") -> dict[str, tuple[str, int, str]]:
    """entity -> (type, count, source) for one article."""
    rows = frame[frame["article_id"] == article]
    return {r.entity: (r.type, r.count, r.source) for r in rows.itertuples()}


def test_longest_match_wins() -> None:
    result = found(extract_mentions(articles("عقدت قمة الشرق الأوسط في لندن وتحدث البيت الأبيض")))
    assert result["الشرق الأوسط"] == ("place", 1, "gazetteer")
    assert result["البيت الأبيض"][0] == "organisation"
    assert "الأوسط" not in result
    assert "الأبيض" not in result


def test_clitics_are_stripped_when_the_bare_form_is_known() -> None:
    result = found(
        extract_mentions(articles("وصل الوفد إلى دمشق وبيروت ثم قدم تقريرا للأمم المتحدة"))
    )
    assert result["بيروت"] == ("place", 1, "gazetteer")
    assert result["الأمم المتحدة"][0] == "organisation"
    assert "وبيروت" not in result


def test_country_from_pycountry_and_its_official_name() -> None:
    frame = extract_mentions(articles("زار الوفد أذربيجان ثم جمهورية أذربيجان مرة أخرى"))
    assert found(frame)["أذربيجان"] == ("place", 2, "gazetteer")


def test_role_pattern_yields_a_person() -> None:
    result = found(extract_mentions(articles("قال وزير الخارجية سليم الحداد إن المحادثات مستمرة")))
    assert result["سليم الحداد"] == ("person", 1, "pattern")


def test_head_noun_yields_an_organisation() -> None:
    result = found(extract_mentions(articles("أعلنت وزارة الصحة عن حملة تطعيم جديدة")))
    assert result["وزارة الصحة"] == ("organisation", 1, "pattern")


def test_surname_in_the_same_article_counts_for_the_full_name() -> None:
    frame = extract_mentions(
        articles("قال وزير الخارجية سليم الحداد إن المحادثات مستمرة. وأضاف الحداد أن الوفد وصل")
    )
    result = found(frame)
    assert result["سليم الحداد"] == ("person", 2, "pattern")
    assert "الحداد" not in result


def test_short_names_merge_into_the_most_frequent_full_form_across_articles() -> None:
    frame = extract_mentions(
        articles(
            "صرح الرئيس سليم نصار بأن الحوار مستمر",
            "استقبل الرئيس سليم نصار في مكتبه",
            "رحب الرئيس نصار بالضيوف",
        )
    )
    assert found(frame, "a2") == {"سليم نصار": ("person", 1, "pattern")}
    assert set(frame["entity"]) == {"سليم نصار"}


def test_tags_found_in_the_text_become_entities() -> None:
    frame = extract_mentions(
        articles(
            "افتتح مهرجان الربيع أبوابه في بيروت ويستمر مهرجان الربيع أسبوعا",
            tags=[["مهرجان الربيع", "سوق الكتاب", "بيروت"]],
        )
    )
    result = found(frame)
    assert result["مهرجان الربيع"] == ("other", 2, "tag")
    assert result["بيروت"] == ("place", 1, "tag")
    assert "سوق الكتاب" not in result


def test_display_name_is_the_most_frequent_surface_form() -> None:
    frame = extract_mentions(
        articles("مؤتمر في الشّرق الأوسط", "مؤتمر في الشرق الأوسط", "مؤتمر في الشرق الاوسط")
    )
    assert set(frame["entity"]) == {"الشرق الأوسط"}


def test_empty_input_gives_the_columns() -> None:
    frame = extract_mentions(articles())
    assert list(frame.columns) == ["article_id", "entity", "type", "count", "source"]
    assert frame.empty


def mention_rows(sets: dict[str, list[str]]) -> pd.DataFrame:
    """A mention frame from article -> entities (count 2 each, type place)."""
    rows = [(a, e, "place", 2, "gazetteer") for a, ents in sets.items() for e in ents]
    return pd.DataFrame(rows, columns=["article_id", "entity", "type", "count", "source"])


FOUR_ARTICLES = {
    "a1": ["بيروت", "دمشق"],
    "a2": ["بيروت", "دمشق"],
    "a3": ["عمان"],
    "a4": ["بيروت", "عمان"],
}


def test_cooccurrence_numbers_by_hand() -> None:
    pairs = cooccurrence(mention_rows(FOUR_ARTICLES), min_support=1)
    # N = 4; بيروت in 3 articles, دمشق in 2, عمان in 2.
    assert pairs[["source", "target", "count"]].values.tolist() == [
        ["بيروت", "دمشق", 2],
        ["بيروت", "عمان", 1],
    ]
    assert pairs["lift"].tolist() == pytest.approx([2 * 4 / (3 * 2), 1 * 4 / (3 * 2)])
    npmi_bd = math.log((2 / 4) / ((3 / 4) * (2 / 4))) / -math.log(2 / 4)
    npmi_ba = math.log((1 / 4) / ((3 / 4) * (2 / 4))) / -math.log(1 / 4)
    assert pairs["npmi"].tolist() == pytest.approx([npmi_bd, npmi_ba])
    assert npmi_bd == pytest.approx(math.log(4 / 3) / math.log(2))


def test_cooccurrence_min_support_and_subsets() -> None:
    mentions = mention_rows(FOUR_ARTICLES)
    assert cooccurrence(mentions, min_support=2)[["source", "target"]].values.tolist() == [
        ["بيروت", "دمشق"]
    ]
    subset = mentions[mentions["article_id"].isin(["a1", "a2"])]
    only = cooccurrence(subset, min_support=2)
    assert only[["count", "lift", "npmi"]].values.tolist() == [[2, 1.0, 1.0]]
    assert cooccurrence(mentions.iloc[0:0]).empty


def test_cooccurrence_counts_a_repeated_mention_row_once() -> None:
    mentions = mention_rows(FOUR_ARTICLES)
    repeated = pd.concat([mentions, mentions.iloc[:2]], ignore_index=True)
    assert cooccurrence(repeated, min_support=1).equals(cooccurrence(mentions, min_support=1))


def test_entity_table_counts_articles_and_mentions() -> None:
    table = entity_table(mention_rows(FOUR_ARTICLES))
    assert table.values.tolist() == [
        ["بيروت", "place", 3, 6],
        ["دمشق", "place", 2, 4],
        ["عمان", "place", 2, 4],
    ]


def test_entity_table_types_a_name_by_most_of_its_articles() -> None:
    """The first row of a name read as two types does not decide its type: three articles
    read عمان as a place, one (listed first) as an organisation."""
    mentions = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d", "a"],
            "entity": ["عمان", "عمان", "عمان", "عمان", "وكالة الأنباء"],
            "type": ["organisation", "place", "place", "place", "organisation"],
            "count": [5, 1, 1, 1, 2],
            "source": ["pattern", "gazetteer", "gazetteer", "gazetteer", "pattern"],
        }
    )
    assert entity_table(mentions).values.tolist() == [
        ["عمان", "place", 4, 8],
        ["وكالة الأنباء", "organisation", 1, 2],
    ]


def scraped_page() -> pd.DataFrame:
    """The shared scraped page as ingestion splits it: two articles, tags segmented."""
    text = shared_file("samples/scraped-page.txt").read_text(encoding="utf-8")
    pages = split_page(text)
    assert len(pages) == 2
    return pd.DataFrame(
        {
            "id": ["main", "also"],
            "title": [p.title for p in pages],
            "body": [p.body for p in pages],
            "tags": [p.tags for p in pages],
        }
    )


def test_scraped_page_entities() -> None:
    frame = extract_mentions(scraped_page())
    by_type = {kind: set(rows["entity"]) for kind, rows in frame.groupby("type")}
    persons = {"بايدن", "نتنياهو", "بلينكن", "جون كيربي", "سامي أبو زهري", "عبد الفتاح السيسي"}
    for name in persons:
        assert any(name in entity for entity in by_type["person"]), name
    assert {"حماس", "مجلس الأمن القومي"} <= by_type["organisation"]
    places = {"غزة", "إسرائيل", "واشنطن", "تل أبيب", "مصر", "رفح", "قطر", "الأردن"}
    assert places <= by_type["place"]
    assert [e for e in frame["entity"].unique() if "بايدن" in e] == ["جو بايدن"]
    assert set(frame.loc[frame["entity"] == "جو بايدن", "article_id"]) == {"main", "also"}
    assert not {"الأوسط", "الأبيض"} & set(frame["entity"])


def test_role_then_organisation_then_person() -> None:
    result = found(
        extract_mentions(
            articles("وردّ المتحدث باسم مجلس الأمن القومي جون كيربي على أسئلة الصحفيين مساء أمس")
        )
    )
    assert result["مجلس الأمن القومي"][0] == "organisation"
    assert result["جون كيربي"][0] == "person"


def test_a_name_does_not_swallow_the_next_word() -> None:
    frame = extract_mentions(
        articles(
            "قال الرئيس سليم نصار إن الحوار مستمر",
            "قال الرئيس سليم نصار إن الوفد وصل",
            "وكان الرئيس سليم نصار أغلق الباب",
            "والتقى الرئيس عبد الفتاح نوري بشأن الاتفاق",
        )
    )
    assert set(frame["entity"]) == {"سليم نصار", "عبد الفتاح نوري"}


def test_two_workers_give_the_same_mentions() -> None:
    bodies = [
        "قال وزير الخارجية سليم الحداد في بيروت إن الحوار مستمر",
        "زار الرئيس سليم نصار دمشق والتقى وفد الأمم المتحدة",
        "أعلنت وزارة الصحة عن حملة في عمان وأضاف الحداد أن الوفد وصل",
    ] * 400
    frame = articles(*bodies)
    one = extract_mentions(frame).sort_values(["article_id", "entity"], ignore_index=True)
    two = extract_mentions(frame, workers=2).sort_values(
        ["article_id", "entity"], ignore_index=True
    )
    pd.testing.assert_frame_equal(one, two)
