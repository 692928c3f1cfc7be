"""AppTest of the Topics page: choosing a topic, links to a topic, the tabs, the rising panels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_app import APP, run_page

from dashboard.storage.store import Store
from dashboard.text.literal import literal


@pytest.fixture
def app(demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    return AppTest.from_file(APP, default_timeout=120)


KEYWORDS_TITLE = "الكلمات المميِّزة للموضوع"


def figures(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def test_topics_page_lists_topics_and_shows_every_view(app: AppTest, demo_store: Path):
    topics = Store(demo_store).frame("topics")
    run_page(app, "topics")
    assert [tab.label for tab in app.tabs] == [  # Arabic UI
        "قائمة المواضيع",
        "عبر الزمن",
        "خريطة المقالات",
        "التسلسل",
        "حسب المنفذ",
        "ما الذي يصعد",
    ]
    listing = app.dataframe[0].value
    assert len(listing) == len(topics) and set(listing["label"]) == set(topics["label"])
    # Sized to its longest row, the keywords column ran past the table's edge in English
    # (seen on a SaudiNewsNet build), hiding the first keywords of right-to-left rows.
    assert json.loads(app.dataframe[0].proto.columns)["keywords"]["width"] == "large"
    assert listing["trend"].map(len).nunique() == 1  # one point per period for every topic
    titles = {fig["layout"]["title"]["text"] for fig in figures(app)}
    assert {KEYWORDS_TITLE, "المقالات حسب المعنى", "تسلسل المواضيع"} <= titles


def test_choosing_a_topic_shows_its_detail_and_goes_into_the_view(app: AppTest, demo_store: Path):
    topics = Store(demo_store).frame("topics")
    run_page(app, "topics")
    last = int(topics["topic"].iloc[-1])
    app.selectbox(key="w_topic").set_value(last)
    run_page(app, "topics")
    assert app.session_state["view"].topic == last
    label = topics.set_index("topic").loc[last, "label"]
    assert any(literal(label) in header.value for header in app.subheader)  # shown escaped
    # its number isolated left to right apart from the label ("3:" never reads ":3")
    assert any(h.value.startswith(f"\u2067\u2066{last}:\u2069 ") for h in app.subheader)
    keywords = next(f for f in figures(app) if f["layout"]["title"]["text"] == KEYWORDS_TITLE)
    shown = keywords["data"][0]["y"]
    assert list(shown)[::-1] == list(topics.set_index("topic").loc[last, "keywords"])


def test_a_link_opens_the_named_topic(app: AppTest, demo_store: Path):
    topic = int(Store(demo_store).frame("topics")["topic"].iloc[2])
    app.query_params["topic"] = str(topic)
    run_page(app, "topics")
    assert app.selectbox(key="w_topic").value == topic


def test_counts_instead_of_shares_over_time(app: AppTest):
    run_page(app, "topics")
    over_time = [f for f in figures(app) if "أكبر المواضيع" in f["layout"]["title"]["text"]]
    assert over_time[0]["layout"]["yaxis"]["tickformat"] == ".0%"
    app.toggle(key="w_topic_share").set_value(False)
    run_page(app, "topics")
    over_time = [f for f in figures(app) if "أكبر المواضيع" in f["layout"]["title"]["text"]]
    assert over_time[0]["layout"]["yaxis"]["tickformat"] == ",d"


def test_overview_has_the_rising_panel(app: AppTest):
    run_page(app, "overview")
    assert "ما الذي يصعد" in [header.value for header in app.subheader]  # Arabic by default
