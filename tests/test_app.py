"""Every page of the app runs on the built demo corpus, and the URL carries the state."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import APP, PAGES, open_app, run_page
from streamlit.testing.v1 import AppTest

from dashboard.app.context import KEY as PAGE_CONTEXT


@pytest.fixture
def app(demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return open_app(demo_store, monkeypatch)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_error(app: AppTest, page: str):
    run_page(app, page)
    assert app.title, f"{page} shows no title"
    assert not app.error


def test_overview_counts_the_whole_demo(app: AppTest):
    run_page(app, "overview")
    metrics = {m.label: m.value for m in app.metric}  # labels in Arabic, the default
    assert int(metrics["المقالات"].replace(",", "")) >= 300
    assert int(metrics["المنافذ الإعلامية"]) >= 6


def articles_shown(app: AppTest) -> int:
    return int(app.metric[0].value.replace(",", ""))


def test_link_filters_narrow_the_view_and_stay_in_the_url(demo_store: Path, monkeypatch):
    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    everything = articles_shown(run_page(AppTest.from_file(APP, default_timeout=120), "overview"))
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["q"] = "النفط"
    app.query_params["freq"] = "month"
    app.query_params["topics"] = "not-a-number"
    run_page(app, "overview")
    assert 0 < articles_shown(app) < everything
    assert app.sidebar.text_input[0].value == "النفط"
    # the page read the context the entry point built from the sidebar's filters
    context = app.session_state[PAGE_CONTEXT]
    assert context.filters.text == "النفط" and len(context.articles) == articles_shown(app)
    # the state is written back (malformed values dropped) and names the build it was made on
    assert app.query_params["q"] == "النفط" and app.query_params["freq"] == "month"
    assert "topics" not in app.query_params
    assert app.query_params["build"]


def test_link_from_an_older_build_says_so(app: AppTest):
    app.query_params["build"] = "20000101T000000Z"
    run_page(app, "overview")
    assert "أُعيد بناؤها" in app.info[0].value  # "rebuilt since", in the Arabic interface


def test_missing_store_explains_how_to_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MARSAD_STORE", str(tmp_path / "none"))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert "python -m dashboard build" in app.error[0].value


def test_short_link_opens_the_stored_view(app: AppTest, tmp_path: Path, monkeypatch):
    from dashboard.sharing import permalinks

    db = tmp_path / "links.sqlite"
    monkeypatch.setenv("MARSAD_PERMALINKS", str(db))
    code = permalinks.save(db, {"q": ["وقف إطلاق النار"], "freq": ["month"]})
    app.query_params["s"] = code
    run_page(app, "overview")
    assert app.sidebar.text_input[0].value == "وقف إطلاق النار"
    assert app.query_params["q"] == "وقف إطلاق النار"  # the full state is back in the URL


def test_unknown_short_link_warns_and_opens_the_default_view(app: AppTest, tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_PERMALINKS", str(tmp_path / "links.sqlite"))
    app.query_params["s"] = "0000000000"
    run_page(app, "overview")
    assert "غير معروف" in app.warning[0].value  # the interface is Arabic by default
    assert app.sidebar.text_input[0].value == ""


def test_interface_language_follows_the_url(app: AppTest):
    run_page(app, "overview")
    assert app.sidebar.text_input[0].label == "نص البحث"
    english = AppTest.from_file(APP, default_timeout=120)
    english.query_params["lang"] = "en"
    run_page(english, "overview")
    assert english.sidebar.text_input[0].label == "Search text"
    assert english.query_params["lang"] == "en"


def test_entity_link_opens_that_entity_profile(app: AppTest):
    app.query_params["entity"] = "سليم الحداد"
    run_page(app, "entities")
    assert app.selectbox(key="w_entity").value == "سليم الحداد"
    assert len(app.dataframe) >= 4  # neighbours, its articles, pairs, entities


def test_views_take_the_page_context_rather_than_opening_the_store():
    for path in (Path(APP).parent / "views").glob("*.py"):
        assert "current_store(" not in path.read_text(encoding="utf-8"), path.name


def test_every_view_script_is_one_page_at_its_own_path():
    from dashboard.app import navigation

    views = {path.stem for path in (Path(APP).parent / "views").glob("*.py")}
    assert [entry.script for entry in navigation.PAGES if entry.script in views] == [
        entry.script for entry in navigation.PAGES
    ]
    assert {entry.script for entry in navigation.PAGES} == views
    paths = [entry.path for entry in navigation.PAGES]
    assert len(set(paths)) == len(paths) and paths.count("") == 1
