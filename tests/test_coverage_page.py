"""AppTest of the coverage page: chart selections, clearing them, mixed comparisons, chart images.

AppTest cannot click a plotly chart, so a selection is sent the way the browser sends
it: as the chart widget's state (JSON) in the next run's widget states.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from test_app import APP, articles_shown, run_page

from dashboard.analysis.query import match_query, period_start, topic_labels
from dashboard.storage.store import Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def app(demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    monkeypatch.setenv("MARSAD_CORPORA", str(tmp_path))  # only the demo store to choose from
    return AppTest.from_file(APP, default_timeout=120)


BIDI_CONTROLS = re.compile("[\u2066-\u2069]")


def coverage_chart(app: AppTest):
    return next(c for c in app.get("plotly_chart") if (c.key or "").startswith("coverage_chart"))


def lines(app: AppTest) -> list[dict]:
    """The coverage chart's lines (a dotted tail, drawn apart, is not in the legend)."""
    traces = json.loads(coverage_chart(app).proto.spec)["data"]
    shown = [
        trace
        for trace in traces
        if trace.get("showlegend", True) and trace.get("legendgroup") != "gap"
    ]
    # Legend names that mix Arabic and figures are isolated right to left: compare the text.
    return [trace | {"name": BIDI_CONTROLS.sub("", trace["name"])} for trace in shown]


def values(data: list | dict) -> np.ndarray:
    """A plotly JSON array: a list, or typed data as base64 (``dtype``, ``bdata``)."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
    return np.asarray(data)


def select(app: AppTest, selection: dict) -> AppTest:
    """Rerun with ``selection`` on the coverage chart, as the browser would send it."""
    states = app._tree.get_widget_states()  # AppTest has no public way to select on a chart
    state = WidgetState(id=coverage_chart(app).proto.id)
    state.string_value = json.dumps(
        {"selection": {"points": [], "box": [], "lasso": []} | selection}
    )
    states.widgets.append(state)
    app._run(states)
    assert not app.exception, [e.message for e in app.exception]
    return app


def busiest_point(app: AppTest) -> tuple[str, str, int]:
    """(series, date, count) of the chart's largest point in a complete period."""
    return max(
        (
            (line["name"], str(x)[:10], int(n))
            for line in lines(app)
            for x, n in zip(values(line["x"]), values(line["y"]), strict=True)  # y: counts
            if n is not None and not np.isnan(float(n))  # no point in a gap
        ),
        key=lambda point: point[2],
    )


def test_clicking_a_point_lists_that_points_articles(app: AppTest, demo_store: Path):
    run_page(app, "coverage_time")
    series, x, count = busiest_point(app)  # by outlet, the default
    articles = Store(demo_store).articles
    frequency = app.segmented_control(key="w_freq").value
    period = period_start(articles["published_at"], frequency)
    assert count == (articles["outlet"].eq(series) & period.eq(pd.Timestamp(x))).sum()
    point = {"x": x, "y": count, "legendgroup": series, "curve_number": 0, "point_number": 0}
    select(app, {"points": [point], "point_indices": [0]})
    heading = next(h.value for h in app.subheader if series in h.value)
    assert x in heading
    listed = f"{min(count, 20)} من {count} مقالاً"  # the chart's count for that point
    assert any(listed in caption.value for caption in app.caption)
    assert app.button(key="w_clear_chart")  # a selection can be cleared in one click


def test_a_box_narrows_every_view_and_one_click_clears_it(app: AppTest, demo_store: Path):
    everything = articles_shown(run_page(app, "overview"))
    when = Store(demo_store).articles["published_at"]
    run_page(app, "coverage_time")
    select(app, {"box": [{"x": ["2024-02-01", "2024-03-31"], "y": [0, 50]}]})
    narrow = app.button(key="w_narrow")
    assert "2024-02-01" in narrow.label and "2024-03-31" in narrow.label
    narrow.click().run()
    assert app.sidebar.date_input(key="f_dates").value == (
        pd.Timestamp("2024-02-01").date(),
        pd.Timestamp("2024-03-31").date(),
    )
    app.switch_page("views/overview.py")
    narrowed = articles_shown(app.run())
    in_box = when.between("2024-02-01", "2024-03-31 23:59:59").sum()
    assert narrowed == in_box < everything

    app.sidebar.button(key="w_clear_sidebar").click().run()  # on any page, in the sidebar
    assert articles_shown(app) == everything
    assert app.sidebar.date_input(key="f_dates").value == (
        when.min().date(),
        when.max().date(),
    )
    assert "w_clear_sidebar" not in [b.key for b in app.sidebar.button]


def test_clearing_gives_the_chart_a_fresh_selection(app: AppTest):
    run_page(app, "coverage_time")
    before = coverage_chart(app).key
    select(app, {"box": [{"x": ["2024-02-01", "2024-03-31"], "y": [0, 50]}]})
    app.button(key="w_clear_chart").click().run()
    assert coverage_chart(app).key != before  # a new key: the old selection is gone


def expected_counts(specs: dict[str, pd.Series]) -> dict[str, int]:
    return {label: int(mask.sum()) for label, mask in specs.items()}


def test_a_mixed_comparison_from_a_link(app: AppTest, demo_store: Path):
    store = Store(demo_store)
    articles, mentions = store.articles, store.mentions
    labels = topic_labels(store.frame("topics"))
    topic = int(articles.loc[articles["topic"].ge(0), "topic"].value_counts().index[0])
    entity = mentions["entity"].value_counts().index[0]
    outlet = articles["outlet"].value_counts().index[-1]
    app.query_params["series"] = [
        f"topic:{topic}",
        f"entity:{entity}",
        f"outlet:{outlet}",
        "النفط OR أوبك",
        "q:topic:1",  # a query that happens to start like a topic
    ]
    run_page(app, "coverage_time")
    names = [line["name"] for line in lines(app)]
    expected = {
        labels[topic]: articles["topic"].eq(topic),
        entity: articles["id"].isin(mentions.loc[mentions["entity"].eq(entity), "article_id"]),
        outlet: articles["outlet"].eq(outlet),
        "النفط OR أوبك": match_query(articles["search_text"], "النفط OR أوبك"),
    }
    expected["topic:1"] = match_query(articles["search_text"], "topic:1")  # words, not topic 1
    assert names == list(expected)
    table = app.dataframe[0].value
    counts = table.groupby("series", sort=False)["count"].sum().to_dict()
    assert counts == expected_counts(expected) and counts["topic:1"] == 0
    assert app.multiselect(key="w_series").value == app.query_params["series"]
    assert len(app.query_params["series"]) == 5 and "by" not in app.query_params


def test_adding_and_removing_series(app: AppTest, demo_store: Path):
    labels = topic_labels(Store(demo_store).frame("topics"))
    run_page(app, "coverage_time")
    app.segmented_control(key="w_by").set_value("compare").run()
    app.selectbox(key="w_add_kind").set_value("topic").run()
    app.selectbox(key="w_add_topic").set_value(0)  # topic 0: a value, though falsy
    app.button(key="w_add").click().run()
    app.selectbox(key="w_add_kind").set_value("query").run()
    app.text_input(key="w_add_query").input("النفط")
    app.button(key="w_add").click().run()
    assert app.multiselect(key="w_series").value == ["topic:0", "النفط"]
    assert app.query_params["series"] == ["topic:0", "النفط"]
    assert [line["name"] for line in lines(app)] == [labels[0], "النفط"]
    app.multiselect(key="w_series").unselect("topic:0").run()
    assert app.query_params["series"] == "النفط"  # one value: AppTest gives it unlisted
    assert [line["name"] for line in lines(app)] == ["النفط"]


def chart_images(app: AppTest) -> list[dict]:
    return [json.loads(c.proto.config)["toImageButtonOptions"] for c in app.get("plotly_chart")]


def test_chart_images_download_as_png_or_svg(app: AppTest):
    run_page(app, "overview")
    assert {image["format"] for image in chart_images(app)} == {"png"}
    app.sidebar.segmented_control(key="w_image_format").set_value("svg").run()
    images = chart_images(app)
    assert len(images) >= 3 and {image["format"] for image in images} == {"svg"}
    assert "articles_per_period" in {image["filename"] for image in images}


def test_every_chart_is_shown_through_the_image_helper():
    callers = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "dashboard").rglob("*.py")
        if "plotly_chart(" in path.read_text(encoding="utf-8")
    ]
    assert callers == ["dashboard/app/widgets/figures.py"]


def test_the_numbers_drawn_for_a_filtered_view_are_the_coverage_commands(
    app: AppTest, demo_store: Path
):
    import contextlib
    import io

    from dashboard.cli import main

    articles = Store(demo_store).articles
    outlets = list(articles["outlet"].value_counts().index[:2])
    app.query_params["outlet"] = outlets
    app.query_params["series"] = ["النفط", "غزة"]
    app.query_params["share"] = "1"
    app.query_params["freq"] = "week"
    run_page(app, "coverage_time")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        args = ["coverage", "--store", str(demo_store), "--q", "النفط", "--q", "غزة"]
        args += ["--freq", "week", *(a for o in outlets for a in ("--outlet", o))]
        assert main(args) == 0
    expected = [json.loads(line) for line in out.getvalue().splitlines()]
    drawn = 0
    for line in lines(app):
        want = [e for e in expected if e["series"] == line["name"] and not e["partial"]]
        xs = [str(x)[:10] for x in values(line["x"])]
        assert xs == [e["period"] for e in want]
        shares = [None if y is None or np.isnan(float(y)) else float(y) for y in values(line["y"])]
        assert shares == [e["share"] for e in want]  # gaps: no point, as the command says
        custom = line["customdata"]
        counts = (values(custom) if isinstance(custom, dict) else np.asarray(custom)).reshape(-1)
        counts = [int(c) for c in counts]
        assert counts == [e["count"] for e in want]
        drawn += len(want)
    assert drawn and any(e["count"] for e in expected)


def test_split_by_and_period_stick_in_english(app: AppTest):
    """The options' labels are fixed in the page's language when drawn: a choice made in
    English is found among them (they once turned Arabic when read back)."""
    app.query_params["lang"] = "en"
    run_page(app, "coverage_time")
    app.segmented_control(key="w_by").set_value("topic").run()
    app.segmented_control(key="w_freq").set_value("week").run()
    assert app.segmented_control(key="w_by").value == "topic"
    assert app.query_params["by"] == "topic" and app.query_params["freq"] == "week"
    assert app.segmented_control(key="w_by").options == ["Outlet", "Topic", "Compare"]


def test_tables_write_a_missing_value_as_a_dash(app: AppTest):
    """A period with nothing collected has no share: its cell reads "—", not Streamlit's
    English "None"."""
    app.query_params["freq"] = "day"  # the demo corpus has days without articles
    run_page(app, "coverage_time")
    table = app.dataframe[0]
    assert table.value["share"].isna().any()
    assert all(frame.proto.placeholder == "—" for frame in app.dataframe)
    run_page(app, "overview")
    assert app.dataframe and all(frame.proto.placeholder == "—" for frame in app.dataframe)


def test_segmented_controls_are_mirrored_right_to_left(app: AppTest):
    """In Arabic the first option is on the right: its rounded end and the options' overlap
    are mirrored (Streamlit's left the first option's right border cut off); the English
    "Select all" of a multiselect's list reads in Arabic."""
    run_page(app, "coverage_time")
    styles = " ".join(block.proto.body for block in app.get("html"))
    assert 'segmented_control"]:first-child\n  { border-radius: 0 0.5rem 0.5rem 0; }' in styles
    assert 'content: "تحديد الكل"' in styles  # a multiselect's "Select all", relabelled
    left_to_right = next(rule for rule in styles.splitlines() if rule.startswith(".js-plotly"))
    assert '"stDateInputField"' in left_to_right  # the field, not its label ("stDateInput")
    assert '"stDateInput"' not in left_to_right
    english = AppTest.from_file(APP, default_timeout=120)
    english.query_params["lang"] = "en"
    run_page(english, "coverage_time")
    assert "segmented_control" not in " ".join(b.proto.body for b in english.get("html"))


def test_english_table_headers_read_as_words(app: AppTest):
    """In English a column's name is not shown as code ("gap", "published_at")."""
    app.query_params["lang"] = "en"
    run_page(app, "coverage_time")
    table = app.dataframe[0]
    labels = {name: spec.get("label") for name, spec in json.loads(table.proto.columns).items()}
    assert labels["gap"] == "no articles collected" and labels["partial"] == "incomplete period"
    assert not [label for label in labels.values() if label and "_" in label]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_rising_topics_keep_their_number_first(lang: str, monkeypatch: pytest.MonkeyPatch):
    """A rising topic's heading "3: label" was one first-strong isolate, which the Arabic
    label turned right to left: English readers saw ":3 label". The number is isolated left
    to right, first in a line of the interface's direction."""
    from collections import namedtuple

    from dashboard.app.state import ViewState
    from dashboard.app.widgets import rising, session

    monkeypatch.setattr(session, "view", lambda: ViewState(lang=lang))
    Row = namedtuple("Row", "topic label share baseline count before")
    heading = rising.rising_heading(Row(3, "3: الصحة · مستشفى", 0.066, 0.038, 18, 35))
    line = "\u2066" if lang == "en" else "\u2067"
    assert heading.startswith(f"{line}\u20663:\u2069 \u2068الصحة · مستشفى\u2069\u2069 — ")
