"""Who said what over the built demo corpus: the command, the Quotes page and the entity profile."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from conftest import APP, run_page
from streamlit.testing.v1 import AppTest

from dashboard.analysis.quote_queries import quotes_of, search_quotes
from dashboard.analysis.quotes import extract_quotes
from dashboard.storage.store import Store
from dashboard.text.arabic import normalize

SPEAKER = "سليم الحداد"


def command(*args: str) -> list[dict]:
    """The JSON lines ``python -m dashboard quotes`` prints."""
    from dashboard.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["quotes", *args]) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture(scope="module")
def quotes(demo_store: Path):
    store = Store(demo_store)
    return store, extract_quotes(store.articles, store.mentions)


def test_the_command_prints_what_was_said_with_offsets(demo_store: Path, quotes) -> None:
    store, table = quotes
    rows = command("--store", str(demo_store), "--speaker", "الحداد")
    assert rows and all("الحداد" in r["speaker"] + r["entity"] for r in rows)
    assert len(rows) == int(table["speaker"].add(table["entity"]).str.contains("الحداد").sum())
    bodies = dict(zip(store.articles["id"], store.articles["body"], strict=True))
    for row in rows:
        assert bodies[row["article_id"]][row["start"] : row["end"]].strip() == row["quote"]
    assert [r["published_at"] for r in rows] == sorted(
        (r["published_at"] for r in rows), reverse=True
    )
    words = command("--store", str(demo_store), "--query", "الانتخابات", "--limit", "3")
    assert 0 < len(words) <= 3 and all("الانتخابات" in r["quote"] for r in words)


def open_page(demo_store: Path, monkeypatch: pytest.MonkeyPatch, page: str, **params) -> AppTest:
    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    app = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        app.query_params[key] = value
    return run_page(app, page)


def test_the_quotes_page_searches_by_speaker_and_words_and_keeps_them_in_the_link(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch, quotes
) -> None:
    _, table = quotes
    app = open_page(demo_store, monkeypatch, "quotes", speaker=SPEAKER, lang="en")
    shown = app.dataframe[0].value
    mine = table[table["speaker"].str.contains(SPEAKER) | (table["entity"] == SPEAKER)]
    assert len(shown) == len(mine) > 0
    app.text_input(key="w_quote_speaker").input("").run()
    app.text_input(key="w_quote_query").input("التضخم").run()
    shown = app.dataframe[0].value
    expected = search_quotes(table, "", "التضخم")
    assert len(shown) == len(expected) > 0
    assert shown["quote"].tolist() == expected["quote"].tolist()
    assert all("تضخم" in normalize(text) for text in shown["quote"])
    assert app.query_params["said"] == "التضخم" and "speaker" not in app.query_params


def test_an_entity_profile_lists_what_it_said_newest_first(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch, quotes
) -> None:
    _, table = quotes
    app = open_page(demo_store, monkeypatch, "entities", entity=SPEAKER, lang="en")
    assert "What it said" in [h.value for h in app.subheader]
    keys = {b.key.rsplit("_", 1)[0] for b in app.get("download_button")}
    assert "entity_quotes" in keys
    said = next(
        t.value
        for t in app.dataframe
        if list(t.value.columns)[:3] == ["published_at", "outlet", "speaker"]
    )
    expected = quotes_of(table, SPEAKER)
    assert said["quote"].tolist() == expected["quote"].tolist()
    assert said["published_at"].is_monotonic_decreasing


def quote_list_page() -> None:
    """A quote and a story's article from an outlet with a Latin name."""
    import pandas as pd

    from dashboard.app.widgets import lists

    row = {
        "published_at": pd.Timestamp("2015-07-23 19:29"),
        "outlet": "aawsat",
        "speaker": "سفيرة الولايات المتحدة",
        "entity": "الولايات المتحدة",
        "cue": "قالت",
        "quote": "الاتفاق لا يبدد كل القلق",
        "article_id": "a1",
    }
    lists.quote_list(pd.DataFrame([row]), key="q", name="quotes")
    story = pd.DataFrame([{**row, "id": "a2", "title": "الاتفاق النووي"}])
    lists.article_links(story, ["الأول"])


@pytest.mark.parametrize(
    ("lang", "date", "direction"), [("ar", "23 يوليو 2015", "rtl"), ("en", "23 Jul 2015", "ltr")]
)
def test_a_quotes_outlet_and_date_are_isolated_in_a_line_of_the_interfaces_direction(
    lang: str, date: str, direction: str
) -> None:
    """A Latin outlet name must not pull the date's first figures into its run: "aawsat ·
    23 يوليو" read "23" apart from its month, at the far end of the Arabic line; in English
    the source line reads left to right inside the right-to-left list."""
    app = AppTest.from_function(quote_list_page, default_timeout=60)
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception
    lists = [h.proto.body for h in app.get("html") if "<ol" in h.proto.body]
    assert len(lists) == 2  # the quotes, then the story's articles
    for markup in lists:
        assert f'<small dir="{direction}"' in markup, markup
        assert f"<bdi>aawsat</bdi> · <bdi>{date}" in markup, markup
    assert "<li>«الاتفاق لا يبدد كل القلق»<br>" in lists[0], lists[0]
