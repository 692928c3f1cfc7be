"""Collections, saved queries and timeline events: the SQLite store and its damage, JSON
export and import (and refusals), alias expansion on real news, markers on every time chart,
URL state, the command line, and the page (adding, read-only refusal)."""

from __future__ import annotations

import gzip
import json
import sqlite3
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import shared_file
from streamlit.testing.v1 import AppTest

from dashboard.analysis.query import Filters, Series, filter_mask, match_query
from dashboard.app.charts.timelines import (
    attention_lines,
    coverage_lines,
    outlet_attention_lines,
    stacked_share,
    story_timeline,
    with_events,
)
from dashboard.app.charts.topics import topic_bars
from dashboard.app.i18n import translate
from dashboard.app.state import (
    MAX_TEXT,
    ViewState,
    decode_series,
    encode_series,
    from_params,
    parse,
    switch_corpus,
    to_params,
)
from dashboard.cli import main
from dashboard.sharing import collections, events
from dashboard.storage.textindex import TextIndex
from dashboard.text.arabic import normalize

READ_ONLY = translate(
    "This dashboard is read-only: only editors add, change or delete collections and events.", "ar"
)
APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app" / "main.py")
ISIS = ["داعش", "تنظيم الدولة", "الدولة الإسلامية"]
KING = ["خادم الحرمين الشريفين", "الملك سلمان", "العاهل"]


# --- the store -------------------------------------------------------------------------


def test_collections_round_trip_through_the_database(tmp_path):
    db = tmp_path / "links.sqlite"
    assert collections.listing(db) == []  # no database yet: none, and no file made
    gulf = collections.make("outlets", " Gulf press ", ["الأفق", "", "الرائد", "الأفق"])
    isis = collections.make("query", "داعش", ISIS)
    collections.save(db, gulf)
    collections.save(db, isis)
    assert collections.listing(db) == [gulf, isis]
    assert gulf.name == "Gulf press" and gulf.items == ("الأفق", "الرائد")
    collections.save(db, collections.make("outlets", "Gulf press", ["الوطن"]))  # replaces
    assert collections.listing(db, "outlets")[0].items == ("الوطن",)
    assert collections.delete(db, "outlets", "Gulf press")
    assert not collections.delete(db, "outlets", "Gulf press")
    assert collections.listing(db) == [isis]


@pytest.mark.parametrize(
    ("kind", "name", "items", "reason"),
    [
        ("outlets", "", ["a"], "Empty"),
        ("outlets", "x" * (collections.MAX_NAME + 1), ["a"], "Too long"),
        ("outlets", "a=b", ["a"], "cannot hold ="),
        ("outlets", "\u202egpj", ["a"], "control character"),
        ("outlets", "ok", [], "Nothing to save"),
        ("outlets", "ok", [f"o{i}" for i in range(collections.MAX_OUTLETS + 1)], "at most 200"),
        ("query", "ok", ['قال "لا"'], "double quote"),
        ("query", "ok", ["..."], "no word"),
        ("query", "ok", ["ب" * 90 + str(i) for i in range(6)], "query of"),
        ("places", "ok", ["a"], "Unknown kind"),
    ],
)
def test_malformed_collections_are_refused_with_the_reason(kind, name, items, reason):
    with pytest.raises(collections.CollectionError, match=reason):
        collections.make(kind, name, items)


def test_the_collection_count_is_capped(tmp_path, monkeypatch):
    db = tmp_path / "links.sqlite"
    monkeypatch.setattr(collections, "MAX_COLLECTIONS", 2)
    for name in ("a", "b"):
        collections.save(db, collections.make("outlets", name, ["x"]))
    collections.save(db, collections.make("outlets", "b", ["y"]))  # replacing is fine
    with pytest.raises(collections.CollectionError, match="already"):
        collections.save(db, collections.make("outlets", "c", ["x"]))
    many = [collections.make("query", n, ["غزة"]) for n in ("c", "d")]
    with pytest.raises(collections.CollectionError, match="nothing was imported"):
        collections.import_all(db, many)
    assert [c.name for c in collections.listing(db)] == ["a", "b"]


def not_a_database(db: Path) -> None:
    db.write_bytes(b"a partial copy, not a database " * 100)


def another_layout(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE collections (kind INTEGER)")
        connection.execute("CREATE TABLE events (corpus INTEGER)")


@pytest.mark.parametrize("breaks", [not_a_database, another_layout])
def test_a_damaged_database_is_a_clear_error_for_every_call(tmp_path, breaks):
    db = tmp_path / "links.sqlite"
    breaks(db)
    one = collections.make("outlets", "a", ["x"])
    event = events.make("2024-01-02", "هدنة")
    calls = [
        lambda: collections.listing(db),
        lambda: collections.save(db, one),
        lambda: collections.delete(db, "outlets", "a"),
        lambda: events.current(db, ""),
        lambda: events.add(db, "", [event]),
        lambda: events.remove(db, "", [event]),
    ]
    for call in calls:
        with pytest.raises((collections.CollectionError, events.EventError), match="move it away"):
            call()


# --- JSON export and import ------------------------------------------------------------


def test_collections_and_events_survive_export_and_import(tmp_path):
    made = [
        collections.make("outlets", "Gulf press", ["الأفق"]),
        collections.make("query", "داعش", ISIS),
    ]
    text = collections.to_json(made)
    assert collections.from_json(text) == made
    assert collections.from_json(text.encode("utf-8")) == made
    db = tmp_path / "links.sqlite"
    assert collections.import_all(db, made) == {"added": 2, "replaced": 0}
    assert collections.import_all(db, made) == {"added": 0, "replaced": 2}
    dated = [
        events.make("2024-03-01", "هدنة", "https://example.org/a"),
        events.make("2024-01-05", "<b>x</b>"),
    ]
    assert events.from_json(events.to_json("mine", dated)) == sorted(dated)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"format": "marsad-collections", "collections": [', "not JSON: an error at line 1"),
        ('[{"kind": "query"}]', 'lacks "format"'),
        ('{"format": "marsad-collections"}', 'no list "collections"'),
        (
            '{"format": "marsad-collections", "collections": [7]}',
            r"collections\[0\]: Not an object",
        ),
        (
            '{"format": "marsad-collections", "collections": [{"kind": "query", "name": "x"}]}',
            r"collections\[0\]: It has no items",
        ),
        (
            '{"format": "marsad-collections", "collections": [{"kind": "query", "name": "x", '
            '"items": ["غزة"]}, {"kind": "query", "name": "a=b", "items": ["غزة"]}]}',
            r"collections\[1\]: Name: It cannot hold =",
        ),
        (
            '{"format": "marsad-collections", "collections": [{"kind": "query", "name": "x", '
            '"items": "غزة"}]}',
            "Items: Not a list of texts",
        ),
        ("[" * 100_000, "nested too deeply|not JSON"),
        (b'{"format": "\xff"}', "not UTF-8"),
    ],
)
def test_malformed_collection_files_are_refused_naming_the_problem(text, problem):
    with pytest.raises(collections.CollectionError, match=problem):
        collections.from_json(text)


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"date": "2024-02-30", "label": "x"}, "Date: Not a date"),
        ({"date": "1066-10-14", "label": "x"}, "Date: Outside the years"),
        ({"date": "2024-02-01", "label": " "}, "Label: Empty"),
        ({"date": "2024-02-01", "label": "x", "link": "javascript:alert(1)"}, "Link: Not a web"),
        (
            {"date": "2024-02-01", "label": "x", "link": 'https://a.example/"><img'},
            "Link: Not a web",
        ),
        ({"label": "x"}, "It has no date"),
    ],
)
def test_malformed_event_files_are_refused_naming_the_entry_and_problem(entry, problem):
    good = {"date": "2024-01-01", "label": "هدنة"}
    text = json.dumps({"format": "marsad-events", "events": [good, entry]})
    with pytest.raises(events.EventError, match=r"events\[1\]: " + problem):
        events.from_json(text)


def test_the_command_line_exports_imports_and_refuses(tmp_path, capsys):
    db, export = tmp_path / "links.sqlite", tmp_path / "out.json"
    source = tmp_path / "in.json"
    source.write_text(collections.to_json([collections.make("query", "داعش", ISIS)]), "utf-8")
    assert main(["collections", "import", str(source), "--store", str(db)]) == 0
    assert main(["collections", "export", "--store", str(db), "--out", str(export)]) == 0
    assert collections.from_json(export.read_text("utf-8"))[0].items == tuple(ISIS)
    capsys.readouterr()
    assert main(["collections", "list", "--store", str(db)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["query"] == collections.expand(ISIS)
    source.write_text('{"format": "marsad-collections", "collections": [{"kind": 1}]}', "utf-8")
    assert main(["collections", "import", str(source), "--store", str(db)]) == 2
    assert "collections[0]: It has no name" in capsys.readouterr().err
    assert (
        main(["events", "add", "--store", str(db), "--date", "2024-03-01", "--label", "هدنة"]) == 0
    )
    assert main(["events", "add", "--store", str(db), "--date", "2024-03-01", "--label", "x",
                 "--link", "javascript:x"]) == 2  # fmt: skip
    assert main(["events", "export", "--store", str(db), "--out", str(export)]) == 0
    assert main(["events", "import", str(export), "--store", str(db), "--corpus", "mine"]) == 0
    assert events.current(db, "mine")[1] == events.current(db, "")[1]
    assert main(["events", "list", "--store", str(tmp_path)]) == 2  # a folder is not a database


# --- saved queries on real news ----------------------------------------------------------


@pytest.fixture(scope="module")
def news() -> pd.DataFrame:
    """400 SaudiNewsNet records as the filters see them."""
    with gzip.open(shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz"), "rt") as handle:
        records = [json.loads(line) for _, line in zip(range(400), handle, strict=False)]
    text = [normalize(f"{r.get('title') or ''} {r.get('content') or ''}") for r in records]
    return pd.DataFrame(
        {"search_text": text, "published_at": pd.Timestamp("2015-01-01"), "outlet": "x", "topic": 0}
    )


@pytest.mark.parametrize(("aliases", "each_adds"), [(ISIS, False), (KING, True)])
def test_a_saved_query_matches_exactly_the_union_of_its_aliases(news, aliases, each_adds):
    saved = collections.make("query", "q", aliases)
    index = TextIndex(news["search_text"])
    expanded = filter_mask(news, Filters(text=saved.query), index).to_numpy()
    each = [match_query(news["search_text"], f'"{alias}"').to_numpy() for alias in aliases]
    assert np.array_equal(expanded, np.logical_or.reduce(each))
    assert all(hits.any() for hits in each)
    # in this sample every article naming the organisation uses داعش; the king is named both ways
    assert (expanded.sum() > max(hits.sum() for hits in each)) == each_adds
    # inside a larger query the expansion stays one group
    narrowed = filter_mask(news, Filters(text=f"{saved.query} -السعودية"), index).to_numpy()
    outside = match_query(news["search_text"], "السعودية").to_numpy()
    assert np.array_equal(narrowed, expanded & ~outside)


def test_a_prefix_alias_asks_for_words_that_start_so():
    rows = pd.Series(["اعلنت الحكومة", "الحكومات العربية", "حكم"])
    assert match_query(rows, collections.expand(["الحكوم*"])).tolist() == [True, True, False]


# --- timeline events ---------------------------------------------------------------------


def test_event_sets_keep_their_meaning_after_edits(tmp_path):
    db = tmp_path / "links.sqlite"
    truce = events.make("2024-03-01", "هدنة", "https://example.org/a")
    first = events.add(db, "mine", [truce])
    later = events.add(db, "mine", [events.make("2024-04-01", "انتخابات")])
    assert first != later and events.current(db, "mine")[0] == later
    assert events.load_set(db, first) == ("mine", (truce,))  # an old link: the old markers
    assert events.remove(db, "mine", events.current(db, "mine")[1]) == ""
    assert events.current(db, "mine") == ("", ())
    assert events.load_set(db, later)[1][1].label == "انتخابات"
    assert events.load_set(db, "zzzzzzzzzz") is None and events.load_set(db, "'; --") is None
    assert events.current(db, "other") == ("", ())  # events belong to their corpus


def test_too_many_events_change_nothing(tmp_path, monkeypatch):
    db = tmp_path / "links.sqlite"
    monkeypatch.setattr(events, "MAX_EVENTS", 2)
    code = events.add(db, "", [events.make(f"2024-01-0{i}", "x") for i in (1, 2)])
    with pytest.raises(events.EventError, match="nothing was changed"):
        events.add(db, "", [events.make("2024-01-03", "x")])
    assert events.current(db, "")[0] == code


def dated(start: str, periods: int, freq: str = "MS") -> pd.DatetimeIndex:
    return pd.date_range(start, periods=periods, freq=freq)


def time_charts() -> dict[str, go.Figure]:
    """Every time chart of the charts package, built on a few months of 2024."""
    months = dated("2024-01-01", 6)
    cov = pd.DataFrame(
        {
            "period": list(months) * 2,
            "series": ["a"] * 6 + ["b"] * 6,
            "count": range(12),
            "total": [20] * 12,
            "share": [0.1] * 12,
            "partial": [False] * 11 + [True],
            "gap": [False] * 12,
        }
    )
    attention = cov.assign(outlet=cov["series"])
    story = pd.DataFrame(
        {
            "published_at": dated("2024-01-01", 6, "20D"),
            "outlet": list("abcabc"),
            "title": list("uvwxyz"),
            "order": range(1, 7),
        }
    )
    return {
        "coverage_lines": coverage_lines(cov, share=False, title="t"),
        "stacked_share": stacked_share(cov, "t"),
        "attention_lines": attention_lines(attention, share=True, title="t"),
        "story_timeline": story_timeline(story, "t"),
        "outlet_attention_lines": outlet_attention_lines(attention, ["a", "b"], title="t"),
    }


TIME_CHARTS = [
    "coverage_lines",
    "stacked_share",
    "attention_lines",
    "story_timeline",
    "outlet_attention_lines",
]


@pytest.mark.parametrize("name", TIME_CHARTS)
def test_events_are_drawn_on_every_time_chart(name):
    shown = [
        events.make("2024-03-10", "<b>هدنة</b>", "https://example.org/a"),
        events.make("2023-06-01", "before the axis"),
        events.make("2025-06-01", "after the axis"),
    ]
    fig = with_events(time_charts()[name], shown)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [pd.Timestamp(s.x0) for s in lines] == [pd.Timestamp("2024-03-10")]
    labels = [a.text for a in fig.layout.annotations if a.hovertext]
    assert labels == ["&lt;b&gt;هدنة&lt;/b&gt;"]  # escaped: plotly renders tags
    assert "https://example.org/a" in fig.layout.annotations[-1].hovertext


def test_an_events_date_is_hovered_in_the_digits_chosen():
    """With Arabic-Indic digits chosen, the event's date in its hover is written in them;
    its label and link are the user's text and keep theirs."""
    shown = [events.make("2024-03-10", "هدنة 2", "https://example.org/a1")]
    indic = with_events(time_charts()["coverage_lines"], shown, indic=True)
    hover = indic.layout.annotations[-1].hovertext
    assert hover.startswith("٢٠٢٤-٠٣-١٠ · هدنة 2") and "https://example.org/a1" in hover
    western = with_events(time_charts()["coverage_lines"], shown)
    assert western.layout.annotations[-1].hovertext.startswith("2024-03-10 · ")


def test_a_chart_without_dates_gets_no_marker():
    table = pd.DataFrame({"topic": [0], "label": ["x"], "articles": [3]})
    fig = with_events(topic_bars(table, "t"), [events.make("2024-01-01", "x")])
    assert not fig.layout.shapes and not fig.layout.annotations


# --- URL state ---------------------------------------------------------------------------


def test_event_sets_and_saved_series_travel_in_the_url():
    saved = Series("query", collections.expand(ISIS), "داعش")
    view = ViewState(series=(saved, Series("query", "saved:x")), events="Ab3dE5gH9k")
    assert from_params(to_params(view)) == view
    assert to_params(view)["series"][1] == "q:saved:x"  # a query that looks like the prefix
    assert parse({"events": ["../etc/pw"]}).dropped == ("events",)
    assert parse({"series": ["saved:=x", f"saved:a={'x' * (MAX_TEXT + 1)}"]}).view.series == ()
    assert decode_series(encode_series(saved)).name == "داعش"
    assert switch_corpus(view, "other").events == ""  # a corpus's events stay with it
    assert collections.MAX_EXPANDED <= MAX_TEXT and collections.MAX_NAME <= 60


# --- the page ----------------------------------------------------------------------------


def open_page(app: AppTest, tab: str) -> AppTest:
    app.query_params["tab"] = tab
    app.run()
    app.switch_page("views/collections_events.py")
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_adding_a_saved_query_in_the_page_makes_it_usable_in_the_sidebar(links_app, tmp_path):
    app = open_page(links_app, "queries")
    app.text_input(key="w_new_query_name").input("داعش")
    app.text_area(key="w_new_aliases").input("\n".join(ISIS))
    app.button(key="w_save_query").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert collections.listing(tmp_path / "links.sqlite") == [
        collections.make("query", "داعش", ISIS)
    ]
    app.selectbox(key="w_saved_query").select("داعش").run()  # the sidebar's saved queries
    assert app.session_state["view"].filters.text == collections.expand(ISIS)
    assert app.query_params["q"] == collections.expand(ISIS)
    app.switch_page("views/coverage_time.py")
    app.run()
    app.segmented_control(key="w_by").set_value("compare").run()
    app.selectbox(key="w_add_kind").select("saved").run()  # a compared series on coverage
    app.selectbox(key="w_add_saved").select("داعش")
    app.button(key="w_add").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.query_params["series"] == f"saved:داعش={collections.expand(ISIS)}"
    legend = {t["name"] for c in app.get("plotly_chart") for t in json.loads(c.proto.spec)["data"]}
    assert "داعش" in legend


def test_adding_an_event_in_the_page_marks_the_time_charts_and_the_link(links_app, tmp_path):
    app = open_page(links_app, "events")
    first = app.session_state["view"]
    app.date_input(key="w_event_date").set_value(date(2024, 2, 15))
    app.text_input(key="w_event_label").input("هدنة")
    app.button(key="w_add_event").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    code, found = events.current(tmp_path / "links.sqlite", "")
    assert [e.label for e in found] == ["هدنة"] and first.events == ""
    assert app.query_params["events"] == code  # the link carries the event set
    app.switch_page("views/overview.py")
    app.run()
    specs = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    marked = [s for s in specs if s["layout"].get("shapes")]
    assert marked and marked[0]["layout"]["shapes"][0]["x0"].startswith("2024-02-15")


def test_visitors_without_the_editor_token_cannot_change_collections(
    links_app, monkeypatch, tmp_path
):
    db = tmp_path / "links.sqlite"
    collections.save(db, collections.make("outlets", "Gulf press", ["الأفق"]))
    monkeypatch.setenv("MARSAD_ALLOW_UPLOADS", "0")
    monkeypatch.setenv("MARSAD_EDITOR_TOKEN", "s3cret")
    app = open_page(links_app, "outlets")
    keys = {b.key for b in app.button}
    assert not keys & {"w_save_outlets", "w_delete_outlets_go", "w_import_outlets_go"}
    assert READ_ONLY in [i.value for i in app.info]
    assert app.get("download_button")  # reading and downloading stay open
    app.text_input(key="w_editor_token").input("s3cret").run()
    assert "w_save_outlets" in {b.key for b in app.button}  # the token opens the forms


def test_the_page_and_sidebar_speak_arabic_only(links_app, tmp_path, demo_store):
    from test_arabic_ui import LATIN_WORD, english_words

    from dashboard.storage.store import Store

    db = tmp_path / "links.sqlite"
    outlets = Store(demo_store).articles["outlet"].unique()[:2].tolist()
    collections.import_all(
        db, [collections.make("outlets", "صحف", outlets), collections.make("query", "داعش", ISIS)]
    )
    events.add(db, "", [events.make("2024-02-15", "هدنة", "https://example.org/a")])
    allowed = set(LATIN_WORD.findall(" ".join(outlets)))
    for tab in ("outlets", "queries", "events"):
        app = open_page(links_app, tab)
        assert not english_words(app, allowed), tab
        links_app = AppTest.from_file(APP, default_timeout=120)


def test_a_damaged_database_leaves_the_page_and_charts_serving(links_app, tmp_path):
    not_a_database(tmp_path / "links.sqlite")
    links_app.query_params["events"] = "Ab3dE5gH9k"  # a link's event set, unreadable here
    app = open_page(links_app, "events")
    unavailable = translate("Timeline events are unavailable here just now.", "ar")
    assert unavailable in [w.value for w in app.warning]
    assert app.query_params["events"] == "Ab3dE5gH9k"  # kept for when the database is back
    app.switch_page("views/overview.py")
    app.run()
    assert not app.exception and app.get("plotly_chart")
    assert translate("Collections are unavailable here just now.", "ar") in [
        c.value for c in app.sidebar.caption
    ]


def test_collections_fill_the_sets_of_a_comparison(links_app, tmp_path, demo_store):
    from dashboard.storage.store import Store

    outlets = sorted(Store(demo_store).articles["outlet"].unique())[:2]
    collections.import_all(
        tmp_path / "links.sqlite",
        [
            collections.make("query", "نفط", ["النفط", "الخام"]),
            collections.make("outlets", "صحف", [*outlets, "منفذ غائب"]),
        ],
    )
    links_app.query_params["tab"] = "distinctive"
    links_app.run()
    links_app.switch_page("views/words.py")
    links_app.run()
    links_app.selectbox(key="w_asaved").select("نفط").run()  # set A: a saved query
    links_app.selectbox(key="w_bcoll").select("صحف").run()  # set B: an outlet collection
    assert not links_app.exception, [e.message for e in links_app.exception]
    view = links_app.session_state["view"]
    assert view.set_a.text == collections.expand(["النفط", "الخام"])
    assert view.set_b.outlets == tuple(outlets)  # the outlet the corpus lacks is left out
    assert any("1" in c.value and "صحف" in c.value for c in links_app.caption)  # and counted
