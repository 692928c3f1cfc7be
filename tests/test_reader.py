"""The article reader: the article a link names, its entities marked, similar articles and
its story, every link a reader link that keeps the view."""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest
from test_app import APP, run_page

from dashboard.analysis.search import Searcher
from dashboard.analysis.stories import story_labels
from dashboard.app.i18n import SCORE_HELP
from dashboard.storage.store import MANIFEST, Store, file_sha256


@pytest.fixture(scope="module")
def demo(demo_store: Path) -> Store:
    return Store(demo_store)


@pytest.fixture
def reader(demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    monkeypatch.setenv("MARSAD_CORPORA", str(tmp_path))  # no other corpus to switch to
    return AppTest.from_file(APP, default_timeout=120)


def shown(app: AppTest) -> str:
    return "".join(element.value for element in app.html)


def links(markup: str, page: str) -> list[dict[str, list[str]]]:
    """Query parameters of every link to ``page`` in ``markup``."""
    found = []
    for target in html.unescape(markup).split('href="')[1:]:
        url = urlsplit(target.split('"')[0])
        if url.path == page:
            found.append(parse_qs(url.query))
    return found


def test_a_linked_article_is_shown_with_entities_similar_articles_and_story(
    reader: AppTest, demo: Store
):
    articles, mentions = demo.articles, demo.mentions
    labels = story_labels(demo.embeddings, articles["published_at"])
    persons = set(mentions.loc[mentions["type"] == "person", "article_id"].astype(str))
    row = next(
        r
        for r, story in zip(articles.itertuples(), labels, strict=True)
        if story >= 0 and r.id in persons
    )
    reader.query_params["article"] = row.id
    reader.query_params["lang"] = "en"
    run_page(reader, "reader")
    # Outlet, date and tags: a line of the page's direction, each part isolated.
    meta = next(m for m in shown(reader).split("<div ")[1:] if "text-align:start" in m)
    assert meta.startswith('dir="ltr"') and f"<bdi>{html.escape(row.outlet)}</bdi>" in meta
    markup = shown(reader)
    assert reader.selectbox(key="w_reader").value == row.id
    assert html.escape(row.title) in markup and reader.query_params["article"] == row.id
    assert "Date: publication date." in [c.value for c in reader.caption]
    scale = f"{SCORE_HELP['cosine']} {SCORE_HELP['hybrid']}"  # the Similar page's scale
    assert scale in [c.value for c in reader.caption]

    # every entity of the article is listed with a link to its profile, and marked in the text
    entities = mentions.loc[mentions["article_id"] == row.id, "entity"].astype(str)
    profiles = [params["entity"][0] for params in links(markup, "entities")]
    assert sorted(profiles) == sorted(entities)
    assert all(params["lang"] == ["en"] for params in links(markup, "entities"))
    marked = {html.unescape(t.split('"')[0].split(": ", 1)[1]) for t in markup.split('title="')[1:]}
    assert marked <= set(entities) and len(marked) >= 0.8 * len(entities)
    assert '<mark class="ent-person"' in markup

    # the other copies of its story, and the articles most like it, link to the reader
    story = articles["id"][labels == labels[articles["id"].to_numpy() == row.id][0]]
    expected = set(Searcher.open(demo).similar(row.id, 8)["id"]) | (set(story) - {row.id})
    read = {params["article"][0] for params in links(markup, "reader")}
    assert expected <= read
    assert all(params["lang"] == ["en"] for params in links(markup, "reader"))


def test_without_a_link_the_newest_filtered_article_is_shown(reader: AppTest, demo: Store):
    reader.query_params["outlet"] = "الأفق نيوز"
    run_page(reader, "reader")
    meta = next(m for m in shown(reader).split("<div ")[1:] if "text-align:start" in m)
    assert meta.startswith('dir="rtl"') and "<bdi>الأفق نيوز</bdi>" in meta
    theirs = demo.articles[demo.articles["outlet"] == "الأفق نيوز"]
    newest = theirs.sort_values("published_at", ascending=False).iloc[0]
    assert reader.selectbox(key="w_reader").value == newest["id"]
    assert reader.query_params["article"] == newest["id"]
    # similar articles are drawn from the filtered ones only (its story's copies are not)
    labels = story_labels(demo.embeddings, demo.articles["published_at"])
    story = labels[demo.articles["id"].to_numpy() == newest["id"]][0]
    copies = set(demo.articles["id"][labels == story]) if story >= 0 else set()
    similar = {params["article"][0] for params in links(shown(reader), "reader")} - copies
    assert similar and similar <= set(theirs["id"])


def test_article_cards_elsewhere_link_to_the_reader(reader: AppTest):
    reader.query_params["q"] = "النفط"
    run_page(reader, "similar")
    cards = links(shown(reader), "reader")
    assert cards and all(params["q"] == ["النفط"] for params in cards)


def test_removed_text_is_shown_only_on_request(reader: AppTest, demo: Store):
    articles = demo.articles
    row = articles[articles["boilerplate"] != ""].iloc[0]
    first = html.escape(row["boilerplate"].split("\n")[0])
    reader.query_params["article"] = row["id"]
    reader.query_params["lang"] = "ar"
    run_page(reader, "reader")
    assert first not in shown(reader)
    reader.toggle(key="w_reader_removed").set_value(True).run()
    assert first in shown(reader)
    assert "ما حذفه التنظيف" in "".join(c.value for c in reader.caption)
    assert "التاريخ: تاريخ النشر." in [c.value for c in reader.caption]


def test_the_reader_says_when_a_date_is_a_crawl_time_or_relative(
    served: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import pandas as pd

    table = served / "articles" / "part-00000.parquet"
    articles = pd.read_parquet(table)
    crawled, relative = articles["id"].iloc[0], articles["id"].iloc[1]
    articles.loc[articles["id"].eq(crawled), "date_source"] = "crawl date"
    articles.loc[articles["id"].eq(relative), "date_source"] = "relative"
    articles.to_parquet(table)
    manifest = json.loads((served / MANIFEST).read_text("utf-8"))
    manifest["files"]["articles/part-00000.parquet"] = file_sha256(table)  # as a build has it
    (served / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    monkeypatch.setenv("MARSAD_STORE", str(served))
    monkeypatch.setenv("MARSAD_CORPORA", str(tmp_path))
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["article"] = crawled
    app.query_params["lang"] = "ar"
    run_page(app, "reader")
    assert "التاريخ: وقت جمع الصفحة أو كتابة الملف، لا وقت نشر المقال." in [
        c.value for c in app.caption
    ]
    app.selectbox(key="w_reader").set_value(relative).run()
    assert any(c.value.startswith("التاريخ: تاريخ نسبي") for c in app.caption)


def test_story_notes_read_as_words_and_mark_the_own_outlet():
    import pandas as pd

    from dashboard.app.widgets.lists import story_notes

    story = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "outlet": ["الأفق", "الرصيف", "الأفق", "المسار"],
            "published_at": pd.to_datetime(
                ["2024-03-05 09:00", "2024-03-05 09:20", "2024-03-05 12:30", "2024-03-07 00:00"]
            ),
            "order": [1, 2, 3, 4],
        }
    )
    assert story_notes(story, "a", "en") == [
        "first",
        "20 minutes later",
        "3 hours 30 minutes later · the same outlet again",
        "2 days later",  # a date-only article: no hours made up
    ]
    arabic = story_notes(story, "b", "ar")
    assert arabic[1:3] == ["بعد 20 دقيقة", "بعد 3 ساعات و30 دقيقة"]  # b's own row: no mark
    assert not any("0.0" in note or " h " in note for note in arabic)
