"""The learned name tagger's places and organisations (dashboard/pipeline/entities/
tagger_places.py), added where the rules read nothing, on written sentences."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.pipeline.entities import tagger, tagger_places
from dashboard.pipeline.entities.mentions import extract_mentions
from dashboard.pipeline.entities.scanner import Scanner
from dashboard.pipeline.entities.tokens import split_tokens
from dashboard.pipeline.gazetteer import gazetteer


def revised(monkeypatch, text: str, names: list[tuple]) -> list[tuple[str, str, str]]:
    """(key, type, surface) of the places and organisations after :func:`tagger_places.revise`
    of ``text``, the tagger reading each (words, type) of ``names`` as a name where those
    words are first written (or written for the n-th time, a third element n)."""
    surface, norm = split_tokens(" . " + text)
    hits = Scanner(gazetteer(), {}).scan(norm, surface)
    spans = []
    for words, kind, *nth in names:
        parts = words.split()
        starts = [i for i in range(len(norm)) if surface[i : i + len(parts)] == parts]
        start = starts[nth[0] - 1 if nth else 0]
        spans.append((start, start + len(parts), kind))
    monkeypatch.setattr(tagger_places, "read", lambda model, norm, hits, *_: spans)
    out = tagger_places.revise(None, norm, surface, hits)
    return [(" ".join(h.key), h.kind, h.surface) for h in out if h.kind != "person"]


def test_a_place_the_rules_miss_is_added_without_its_clitic(monkeypatch) -> None:
    # Seen failing with the tagger's additions switched off (df71901's KEPT empty).
    got = revised(monkeypatch, "وتوجه الوفد بعدها إلى بطوباس شمال الضفة", [("بطوباس", "place")])
    assert ("طوباس", "place", "طوباس") in got, got


def test_a_definite_word_alone_a_month_or_a_verb_is_no_place(monkeypatch) -> None:
    text = "وقال الناطق إن القطاع يعاني منذ نيسان وأكد أن المعبر مغلق"
    names = [("القطاع", "place"), ("نيسان", "organisation"), ("وأكد", "place")]
    assert revised(monkeypatch, text, names) == []


def test_a_word_alone_before_a_role_is_no_name(monkeypatch) -> None:
    # Seen failing without the role check: كرم read as an organisation.
    got = revised(monkeypatch, "كرم الوزير الفائزين في المسابقة", [("كرم", "organisation")])
    assert got == [], got


def test_the_feminine_ending_of_a_town_reads_as_no_verb(monkeypatch) -> None:
    # Seen failing with the project's verb test (تكريت read as تكري + ت): nothing added.
    got = revised(monkeypatch, "ونزح الأهالي من تكريت أمس", [("تكريت", "place")])
    assert ("تكريت", "place", "تكريت") in got, got


def test_a_name_inside_a_longer_one_of_its_type_or_over_a_hit_is_not_added(monkeypatch) -> None:
    # Seen failing without the check of longer names: المنارة and الأفق added too.
    text = (
        "وكتب مراسل صحيفة الأفق أن الأفق نشرت التقرير على تويتر، "
        "وبثه موقع رامة نيوز ثم أعادت رامة بثه"
    )
    names = [
        ("الأفق", "organisation", 1),  # inside the rules' صحيفة الأفق: taken
        ("الأفق", "organisation", 2),
        ("تويتر", "organisation"),
        ("رامة", "organisation", 2),  # read before the longer name that holds it
        ("رامة نيوز", "organisation"),
    ]
    got = sorted(key for key, kind, _ in revised(monkeypatch, text, names))
    assert got == ["تويتر", "رامة نيوز", "صحيفة الافق"], got


def test_a_listed_place_the_tagger_reads_as_no_name_is_dropped(monkeypatch) -> None:
    # Seen failing without "drop" (in df71901's KEPT): بيروت stays. A place the rules read
    # after its head noun (بلدة صرين) stays whatever the tagger reads.
    text = "وعاد الوفد من بيروت بعد زيارة بلدة صرين وقرية الصفا"
    got = revised(monkeypatch, text, [("الصفا", "place")])
    assert sorted(key for key, kind, _ in got) == ["الصفا", "صرين"], got
    got = revised(monkeypatch, text, [])
    assert [key for key, _, _ in got] == ["صرين", "الصفا"], got


def test_an_organisation_after_lil_keeps_its_article(monkeypatch) -> None:
    got = revised(monkeypatch, "وقال مصدر للمنارة إن الوفد وصل", [("للمنارة", "organisation")])
    assert ("المنارة", "organisation", "المنارة") in got, got


TEXTS = [
    "وقال مسؤول محلي إن القصف طال أطراف تكريت صباح الأحد، وإن الأهالي نزحوا نحو الشمال.",
    "وكتبت الوزارة على تويتر أن الاجتماع سيعقد الأسبوع المقبل في العاصمة.",
]


def named(model) -> set[tuple[str, str, str]]:
    tagger.use(model)
    try:
        frame = pd.DataFrame(
            {
                "id": ["a0", "a1"],
                "title": ["", ""],
                "body": TEXTS,
                "tags": [[], []],
            }
        )
        mentions = extract_mentions(frame)
    finally:
        tagger._ACTIVE.clear()
    return {(r.article_id, r.entity, r.type) for r in mentions.itertuples() if r.type != "person"}


def test_the_shipped_tagger_adds_a_town_and_an_organisation_the_rules_miss() -> None:
    # Seen failing with the additions switched off (df71901's KEPT empty): neither is read.
    rules, with_tagger = named(None), named(tagger.load())
    added = {("a0", "تكريت", "place"), ("a1", "تويتر", "organisation")}
    assert not added & rules, rules
    assert added <= with_tagger, with_tagger


def test_the_tenth_set_keeps_the_organisations_the_tagger_adds() -> None:
    # 2026-12-01, the shipped model (training sets and v2-v9), the tenth set a development set
    # by then: organisations 0.72 / 0.64 (112, 156, 174) with the tagger's persons alone,
    # 0.71 / 0.71 (123, 173) with its places and organisations; places 0.89 / 0.81 (165, 186,
    # 204) -> 0.89 / 0.82 (167, 187). Floors 0.03 under. Seen failing with the additions off
    # (df71901's KEPT empty: recall 0.64).
    from entity_scoring import check_floors, scored_draw

    tagger.use(tagger.load())
    try:
        got = scored_draw(Path(__file__).parent / "fixtures" / "entities_eval_v10")
    finally:
        tagger._ACTIVE.clear()
    check_floors(got["organisation"], (0.68, 0.67))
    check_floors(got["place"], (0.85, 0.79))
