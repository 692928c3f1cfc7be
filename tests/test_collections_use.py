"""Collections where research happens: an outlet collection as a compared series on the
coverage page (numbers, link, command line), saved queries in the Quotes page's query box
and the concordance's line filter, and the JSON import buttons of collections and events."""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.analysis.query import (
    Filters,
    Series,
    collection_series,
    coverage_view,
    match_query,
    period_articles,
    series_outlets,
)
from dashboard.analysis.quote_queries import search_quotes
from dashboard.analysis.quotes import extract_quotes
from dashboard.app.i18n import translate
from dashboard.app.state import MAX_OUTLETS, MAX_TEXT, ViewState, decode_series, parse, to_params
from dashboard.cli import main
from dashboard.sharing import collections, events
from dashboard.storage.store import Store
from dashboard.storage.textindex import TextIndex

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app" / "main.py")
ABSENT = "منفذ غائب"  # an outlet of the collection that the corpus lacks
OIL = ["النفط", "الخام"]


def arabic(text: str) -> str:
    """The Arabic of an interface text, which must have one."""
    found = translate(text, "ar")
    assert found != text, text
    return found


@pytest.fixture(scope="module")
def demo(demo_store: Path) -> tuple[pd.DataFrame, list[str]]:
    """The demo's articles and its outlets, largest first."""
    articles = Store(demo_store).articles
    return articles, articles["outlet"].value_counts().index.tolist()


@pytest.fixture(scope="module")
def topics(demo_store: Path) -> pd.DataFrame:
    return Store(demo_store).frame("topics")


def reference(articles: pd.DataFrame, filters: Filters, members: pd.Series) -> pd.DataFrame:
    """Weekly count, total and share computed plainly: the articles of ``members`` that pass
    the dates and outlets of ``filters`` over all articles that pass them, by Monday."""
    when = articles["published_at"]
    kept = when.ge(pd.Timestamp(filters.start)) & when.lt(
        pd.Timestamp(filters.end) + pd.Timedelta(1, "D")
    )
    kept &= articles["outlet"].isin(filters.outlets) if filters.outlets else True
    monday = when.dt.normalize() - pd.to_timedelta(when.dt.weekday, unit="D")
    total = monday[kept].value_counts()
    count = monday[kept & members].value_counts()
    table = pd.DataFrame({"total": total, "count": count}).fillna(0).astype("int64")
    return table.assign(share=table["count"] / table["total"]).sort_index()


@pytest.mark.parametrize("sidebar", [(), (0, 1, 2)])
def test_an_outlet_collection_is_one_series_with_the_share_of_every_series(demo, topics, sidebar):
    articles, outlets = demo
    group = collection_series("صحف", [outlets[0], outlets[3], ABSENT])
    first, last = articles["published_at"].min(), articles["published_at"].max()
    filters = Filters(
        start=(first + (last - first) / 4).date(),
        end=(last - (last - first) / 4).date(),
        outlets=tuple(outlets[i] for i in sidebar),  # the sidebar's outlets: one of the group's
        text="الانتخابات",  # the sidebar's query: not a compared series' filter
    )
    compared = (group, Series("query", "النفط"))
    cov = coverage_view(articles, topics, filters, "week", "compare", compared)
    got = cov[cov["series"].eq("صحف")].set_index("period")
    expected = reference(articles, filters, articles["outlet"].isin([outlets[0], outlets[3]]))
    assert got["count"].sum() == expected["count"].sum() > 0
    assert got.loc[expected.index, "count"].tolist() == expected["count"].tolist()
    assert got.loc[expected.index, "total"].tolist() == expected["total"].tolist()
    assert got.loc[expected.index, "share"].tolist() == pytest.approx(expected["share"].tolist())
    assert got.drop(expected.index)["gap"].all()  # every other week: nothing collected
    oil = cov[cov["series"].eq("النفط")].set_index("period")
    assert oil["total"].tolist() == got["total"].tolist()  # one base for every series
    index = TextIndex(articles["search_text"])  # the text index gives the same numbers
    fast = coverage_view(articles, topics, filters, "week", "compare", compared, index=index)
    pd.testing.assert_frame_equal(fast, cov)
    busiest = expected["count"].idxmax()  # a click on its busiest week lists those articles
    listed = period_articles(articles, topics, filters, "week", "compare", compared, "صحف", busiest)
    assert len(listed) == expected.loc[busiest, "count"]
    assert set(listed["outlet"]) <= {outlets[0], outlets[3]}


def test_a_collection_series_travels_in_the_link_and_hostile_ones_are_dropped(demo):
    _, outlets = demo
    group = collection_series("صحف الخليج", [outlets[0], "منفذ = فيه علامة", outlets[1]])
    view = ViewState(series=(group, Series("query", "collection:x")))
    params = to_params(view)
    assert params["series"] == [
        f"collection:صحف الخليج={outlets[0]}\nمنفذ = فيه علامة\n{outlets[1]}",
        "q:collection:x",
    ]
    assert parse(params).view == view and not parse(params).dropped
    assert series_outlets(decode_series(params["series"][0])) == (
        outlets[0],
        "منفذ = فيه علامة",
        outlets[1],
    )
    hostile = [
        "collection:=الأفق",  # no name
        "collection:صحف",  # no outlets
        "collection:صحف=\n \n",
        f"collection:{'ص' * 61}=الأفق",
        "collection:صحف=" + "\n".join(f"م{i}" for i in range(MAX_OUTLETS + 1)),
        f"collection:صحف={'م' * (MAX_TEXT + 1)}",
    ]
    parsed = parse({"series": hostile})
    assert parsed.view.series == () and parsed.dropped == ("series",)


def command(*args: str) -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["coverage", *args]) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_command_compares_a_collection_and_a_saved_query(demo, demo_store, tmp_path, capsys):
    articles, outlets = demo
    db = tmp_path / "links.sqlite"
    collections.import_all(
        db,
        [
            collections.make("outlets", "صحف", [outlets[1], outlets[2], ABSENT]),
            collections.make("query", "نفط", OIL),
        ],
    )
    rows = command(
        "--store", str(demo_store), "--links", str(db), "--freq", "week",
        "--collection", "صحف", "--saved", "نفط", "--q", "الانتخابات",
    )  # fmt: skip
    first, last = articles["published_at"].min(), articles["published_at"].max()
    span = Filters(start=first.date(), end=last.date())
    for name, members in [
        ("صحف", articles["outlet"].isin(outlets[1:3])),
        ("نفط", match_query(articles["search_text"], collections.expand(OIL))),
    ]:
        expected = reference(articles, span, members)
        mine = {r["period"]: r for r in rows if r["series"] == name}
        assert [mine[f"{p:%Y-%m-%d}"]["count"] for p in expected.index] == expected[
            "count"
        ].tolist()
        assert [mine[f"{p:%Y-%m-%d}"]["share"] for p in expected.index] == pytest.approx(
            expected["share"].tolist()
        )
        assert sum(r["count"] for r in mine.values()) == members.sum() > 0
    assert [r["series"] for r in rows][:3] == [
        "الانتخابات",
        "نفط",
        "صحف",
    ]  # --q, --saved, --collection
    assert (
        main(["coverage", "--store", str(demo_store), "--links", str(db), "--collection", "لا"])
        == 2
    )
    assert "no outlets collection named 'لا'" in capsys.readouterr().err


# --- the pages ---------------------------------------------------------------------------


def go(app: AppTest, page: str) -> AppTest:
    if "view" not in app.session_state:
        app.run()
    app.switch_page(f"views/{page}.py")
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_the_coverage_page_adds_an_outlet_collection_as_a_series(links_app, demo, tmp_path):
    app = links_app
    articles, outlets = demo
    collections.save(
        tmp_path / "links.sqlite", collections.make("outlets", "صحف", [*outlets[2:4], ABSENT])
    )
    app.query_params["freq"] = "week"
    go(app, "coverage_time")
    app.segmented_control(key="w_by").set_value("compare").run()
    app.selectbox(key="w_add_kind").select("collection").run()
    app.selectbox(key="w_add_collection").select("صحف").run()
    assert app.selectbox(key="w_add_collection").help == arabic(
        "Counts the articles of its outlets; the link keeps the outlets as they are now."
    )
    missing = arabic("{name}: {n} of its outlets are not in this corpus.")
    assert any(missing.split("{n}")[1].strip() in c.value for c in app.caption)
    app.button(key="w_add").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.query_params["series"] == f"collection:صحف={outlets[2]}\n{outlets[3]}\n{ABSENT}"
    legend = {t["name"] for t in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]}
    assert "صحف" in legend
    table = next(d.value for d in app.dataframe if "share" in d.value.columns)
    mine = table[table["series"].eq("صحف")].set_index("period")
    first, last = articles["published_at"].min(), articles["published_at"].max()
    span = Filters(start=first.date(), end=last.date())
    expected = reference(articles, span, articles["outlet"].isin(outlets[2:4]))
    assert mine.loc[expected.index, "count"].tolist() == expected["count"].tolist()
    assert mine["count"].sum() == expected["count"].sum() > 0


def test_saved_queries_fill_the_quotes_box_and_the_concordance_filter(
    links_app, demo_store, tmp_path
):
    app = links_app
    from dashboard.analysis import concordance

    collections.save(tmp_path / "links.sqlite", collections.make("query", "نفط", OIL))
    oil, sidebar = collections.expand(OIL), "النفط OR الخام OR الانتخابات"
    app.query_params["q"] = sidebar
    go(app, "quotes")
    app.selectbox(key="w_quote_saved").select("نفط").run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.session_state["view"].quote_query == oil and app.query_params["said"] == oil
    assert app.selectbox(key="w_quote_saved").help == arabic(
        "Puts the query's aliases, joined by OR, in the box of the quote's words."
    )
    store = Store(demo_store)
    chosen = store.articles[match_query(store.articles["search_text"], sidebar).to_numpy()]
    expected = search_quotes(extract_quotes(chosen, store.mentions), "", oil)
    assert len(app.dataframe[0].value) == len(expected) > 0
    go(app, "concordance")
    app.selectbox(key="w_kwic_order").select("right1").run()
    app.selectbox(key="w_kwic_saved").select("نفط").run()
    assert not app.exception, [e.message for e in app.exception]
    view = app.session_state["view"]
    assert view.kwic_context == oil and app.query_params["kwic_ctx"] == oil
    assert view.kwic_sort == "right1"  # a new list of lines keeps the order chosen
    found = concordance.concordance_lines(chosen, sidebar, width=concordance.DEFAULT_WIDTH)
    lines = concordance.sort_lines(concordance.filter_lines(found.frame, oil), "right1")
    assert 0 < len(lines) < len(found.frame)
    table = next(h.proto.body for h in app.get("html") if 'class="kwic"' in h.proto.body)
    keywords = [html.unescape(k) for k in re.findall(r'<td class="key">(.*?)</td>', table)]
    assert keywords == lines["keyword"].head(20).tolist()
    picker = app.selectbox(key="w_kwic_saved")
    assert picker.placeholder == arabic("Filter the lines with a saved query")
    assert picker.help == arabic("Puts the query's aliases, joined by OR, in the line filter.")


def test_the_import_buttons_read_the_uploaded_files(links_app, demo, tmp_path):
    app = links_app
    db = tmp_path / "links.sqlite"
    _, outlets = demo
    kept = [collections.make("outlets", "صحف", outlets[:2]), collections.make("query", "نفط", OIL)]
    app.query_params["tab"] = "outlets"
    go(app, "collections_events")
    app.button(key="w_import_outlets_go").click().run()  # no file yet
    assert [e.value for e in app.error] == [translate("Choose a file first.", "ar")]
    upload = app.get("file_uploader")
    assert [u.key for u in upload] == ["w_import_outlets", "w_import_query", "w_import_events"]
    data = collections.to_json(kept).encode("utf-8")
    upload[0].set_value(("c.json", data, "application/json"))
    app.button(key="w_import_outlets_go").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert collections.listing(db) == kept
    broken = json.loads(data)
    broken["collections"][1]["items"] = "النفط"
    app.get("file_uploader")[1].set_value(
        ("b.json", json.dumps(broken).encode(), "application/json")
    )
    app.button(key="w_import_query_go").click().run()
    assert len(app.error) == 1 and "2" in app.error[0].value  # the entry is named
    assert collections.listing(db) == kept  # and nothing changed
    dated = [events.make("2024-02-15", "هدنة", ""), events.make("2024-03-01", "قمة", "")]
    app.get("file_uploader")[2].set_value(
        ("e.json", events.to_json("", dated).encode("utf-8"), "application/json")
    )
    app.button(key="w_import_events_go").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    code, found = events.current(db, "")
    assert sorted(e.label for e in found) == ["قمة", "هدنة"]
    assert app.query_params["events"] == code
