"""The Arabic interface, page by page and tab by tab, over the built demo corpus: no English
word, Arabic month names on time axes, isolates wherever figures or Latin text meet Arabic,
and the tabs, entity profile and map selection carried by the URL.

Every string a reader can see is collected from the rendered element tree: titles,
captions, labels, help, options, metrics, tab names, table headers and cells, HTML text,
and each chart's title, axis titles, tick labels, legend names, hover templates and
annotations.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import APP, run_page
from google.protobuf.json_format import MessageToDict
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from dashboard.app.i18n import MONTHS
from dashboard.app.widgets.tables import LONG_TEXT_CHARS

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Names a user types or recognises as they are: file formats, the query operators, the app.
ALLOWED = {
    "CSV", "TSV", "JSON", "JSONL", "Lines", "Parquet", "PARQUET", "XLSX", "Excel", "HTML",
    "gzip", "zip", "PNG", "SVG", "OR", "AND", "NOT", "Marsad", "English",
}  # fmt: skip
# What is not a word: URLs, ids, build stamps, plotly placeholders and markup.
NOT_WORDS = re.compile(
    r"https?://\S+|reader\?\S+|topics\?\S+|entities\?\S+|\b[0-9a-f]{12,}\b|\b\d{8}T\d{6}Z(?:-[0-9a-f]{6})?\b"
    r"|%\{[^}]*\}|<[^>]*>|&\w+;"
)
LEFT_TO_RIGHT, RIGHT_TO_LEFT, FIRST_STRONG, POP = "\u2066", "\u2067", "\u2068", "\u2069"
CHART_TEXT_KEYS = ("name", "hovertemplate", "text")


def plotly_strings(spec: dict) -> Iterator[str]:
    """What a chart shows in words: titles, ticks, legend names, hovers, annotations."""
    layout = spec.get("layout", {})
    yield str(layout.get("title", {}).get("text", ""))
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            yield str(axis.get("title", {}).get("text", "") if isinstance(axis, dict) else "")
            yield from (str(t) for t in axis.get("ticktext", []))
    yield from (str(a.get("text", "")) for a in layout.get("annotations", []))
    for trace in spec.get("data", []):
        for key in CHART_TEXT_KEYS:
            value = trace.get(key)
            if isinstance(value, str):
                yield value
            elif isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
        if trace.get("type") == "heatmap":
            yield from (str(v) for v in trace.get("y", []) + trace.get("x", []))
        if trace.get("orientation") == "h":
            yield from (str(v) for v in trace.get("y", []) if isinstance(v, str))


def element_strings(node) -> Iterator[tuple[str, str]]:
    """(kind, text) of everything shown under ``node`` of an AppTest tree."""
    proto = getattr(node, "proto", None)
    kind = type(node).__name__
    if proto is not None and kind not in ("Block",):
        data = MessageToDict(proto)
        if "spec" in data:  # a plotly chart
            for text in plotly_strings(json.loads(data["spec"])):
                yield "chart", text
        elif "arrowData" in data or kind == "Dataframe":
            frame = node.value
            config = json.loads(data.get("columns", "{}") or "{}")
            for column in frame.columns:
                label = (config.get(str(column)) or {}).get("label")
                yield "header", str(label if label is not None else column)
            for column in frame.columns:
                values = frame[column]
                if values.dtype == object or pd.api.types.is_string_dtype(values):
                    for value in values.head(20):
                        if isinstance(value, str):
                            yield "cell", value
        else:
            for key in ("body", "label", "help", "placeholder", "value", "caption", "codeText"):
                value = data.get(key)
                if isinstance(value, str):
                    # Style sheets and the fixed table script are not shown: their words
                    # are not the page's.
                    shown = re.sub(r"<(style|script)>.*?</\1>|<[^>]*>", " ", value, flags=re.S)
                    yield kind, html.unescape(shown)
            for option in data.get("options", []):
                yield kind, option.get("content", "") if isinstance(option, dict) else str(option)
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from element_strings(child)


def english_words(app: AppTest, allowed: set[str]) -> list[tuple[str, str]]:
    """Latin-letter words shown anywhere in ``app`` outside ``allowed``."""
    found = []
    for kind, text in element_strings(app._tree):
        for word in LATIN_WORD.findall(NOT_WORDS.sub(" ", text)):
            if word not in ALLOWED and word not in allowed:
                found.append((kind, text[:120]))
                break
    return found


def run(demo_store: Path, monkeypatch, script: str, /, **params: str) -> AppTest:
    """One page of the app in Arabic (the default), opened by a link with ``params``."""
    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    app = AppTest.from_file(APP, default_timeout=180)
    for key, value in params.items():
        app.query_params[key] = value
    return run_page(app, script)


@pytest.fixture(scope="module")
def data_words(demo_store: Path) -> set[str]:
    """Latin words the corpus itself carries (outlet or entity names, titles): allowed."""
    from dashboard.storage.store import Store

    store = Store(demo_store)
    text = " ".join(store.articles["title"]) + " " + " ".join(store.articles["outlet"])
    text += " " + " ".join(map(str, store.frame("mentions")["entity"].unique()))
    text += " " + demo_store.name  # the corpus's name, in each chart's caption
    return set(LATIN_WORD.findall(text))


# Each page and, where a page opens only part of itself by default, the link that opens the rest.
VIEWS = [
    ("overview", {}),
    ("coverage_time", {}),
    ("coverage_time", {"by": "topic", "share": "1"}),
    ("coverage_time", {"series": ["topic:0", "النفط"]}),
    ("topics", {}),
    ("topics", {"colour": "date", "hl": "النفط", "area": "-50,-50;50,-50;50,50;-50,50"}),
    ("topics", {"colour": "outlet"}),
    ("entities", {"entity": "سليم الحداد"}),
    ("quotes", {}),
    ("quotes", {"speaker": "سليم الحداد", "tab": "speakers"}),
    ("similar", {}),
    ("reader", {}),
    ("search", {"sq": "أسعار النفط"}),
    ("search", {}),
    ("explore", {}),
    ("upload", {}),
    ("concordance", {"q": "النفط"}),
    ("words", {"gram": "2", "word": "النفط"}),
    ("words", {"tab": "distinctive", "aq": "النفط", "brest": "1", "word": "النفط"}),
]


@pytest.mark.parametrize(("page", "params"), VIEWS, ids=lambda v: str(v))
def test_arabic_pages_show_no_english(demo_store, monkeypatch, data_words, page, params):
    app = run(demo_store, monkeypatch, page, **params)
    assert not english_words(app, data_words)
    if page != "explore":  # nor an internal id column (on Explore the user picks the columns)
        assert not [f for f in app.dataframe if "id" in f.proto.column_order], page


def test_the_check_sees_english_where_it_is(demo_store, monkeypatch, data_words):
    """The same check on the English interface finds English everywhere it looks."""
    app = run(demo_store, monkeypatch, "topics", lang="en")
    kinds = {kind for kind, _ in english_words(app, data_words)}
    assert {"chart", "header", "Title", "Tab"} <= kinds


def chart_specs(app: AppTest) -> list[dict]:
    return [
        json.loads(MessageToDict(e.proto)["spec"])
        for e in app.get("plotly_chart")
        if "spec" in MessageToDict(e.proto)
    ]


def test_time_axes_carry_arabic_month_names(demo_store, monkeypatch):
    app = run(demo_store, monkeypatch, "overview")
    dated = [s for s in chart_specs(app) if s["layout"].get("xaxis", {}).get("tickvals")]
    assert dated, "no chart with a date axis"
    for spec in dated:
        ticks = spec["layout"]["xaxis"]["ticktext"]
        assert all(any(m in t for m in MONTHS["ar"]) or t.isdigit() for t in ticks), ticks
        assert not any(m in t for t in ticks for m in MONTHS["en"]), ticks


def test_arabic_indic_digits_on_request(demo_store, monkeypatch):
    from dashboard.storage.store import Store

    app = run(demo_store, monkeypatch, "overview", digits="indic", q="النفط")
    build = Store(demo_store).manifest["build_id"]
    for spec in chart_specs(app):  # every chart carries its caption, in Arabic
        notes = [
            re.sub("[\u2066-\u2069]", "", a["text"])
            for a in spec["layout"].get("annotations", [])
            if a.get("name")
        ]
        assert any(build in n and "نص البحث: النفط" in n and "مرصد" in n for n in notes), notes
    metrics = [m.value for m in app.metric]
    assert metrics and all(re.fullmatch(r"[٠-٩٬]+", v) for v in metrics), metrics
    ticks = [t for s in chart_specs(app) for t in s["layout"]["xaxis"].get("ticktext", [])]
    assert ticks and not any(re.search("[0-9]", t) for t in ticks), ticks
    numeric = [(s, axis) for s in chart_specs(app) for axis in numeric_axes(s)]
    assert numeric, "no chart with a numeric axis"
    for spec, axis in numeric:  # counts and shares too, not only dates
        ticks = spec["layout"].get(axis, {}).get("ticktext", [])
        assert ticks and not any(re.search("[0-9]", t) for t in ticks), (axis, ticks)


def numeric_axes(spec: dict) -> set[str]:
    """The axes of a chart along which numbers are drawn (plotly sends them as typed arrays)."""
    found = set()
    for trace in spec["data"]:
        for letter in "xy":
            values = trace.get(letter)
            typed = isinstance(values, dict) and "bdata" in values
            if typed or (values and all(isinstance(v, int | float) for v in values)):
                found.add(trace.get(f"{letter}axis", letter).replace(letter, f"{letter}axis", 1))
    return found


def mixed(text: str) -> bool:
    """Arabic and a Latin letter or digit in one string."""
    return bool(re.search("[\u0600-\u06ff]", text) and re.search("[A-Za-z0-9]", text))


def unisolated_runs(text: str) -> list[str]:
    """Runs of Latin letters or figures with signs in ``text`` (a bare whole number reads
    the same either way) outside every left-to-right or first-strong isolate."""
    depth, outside = 0, []
    for char in text:
        if char in (LEFT_TO_RIGHT, FIRST_STRONG):
            depth += 1
        elif char == RIGHT_TO_LEFT:
            outside.append(" ")
        elif char == POP:
            depth = max(0, depth - 1)
        elif depth == 0:
            outside.append(char)
        else:
            outside.append(" ")
    bare = NOT_WORDS.sub(" ", "".join(outside))
    runs = re.findall(r"[A-Za-z0-9][A-Za-z0-9.,:%=+-]*", bare)
    return [run for run in runs if not run.isdigit()]


@pytest.mark.parametrize("page", ["overview", "topics", "entities", "similar"])
def test_figures_meeting_arabic_in_charts_and_captions_are_isolated(demo_store, monkeypatch, page):
    app = run(demo_store, monkeypatch, page, entity="سليم الحداد")
    shown = [(kind, text) for kind, text in element_strings(app._tree)]
    charts = [t for kind, t in shown if kind == "chart" and mixed(t) and "%{" not in t]
    captions = [t for kind, t in shown if kind == "Caption" and mixed(t)]
    assert charts and captions, "nothing mixed to check"
    # A chart label sits in a left-to-right box: a mixed one is laid out right to left whole.
    assert not [t for t in charts if not t.startswith(RIGHT_TO_LEFT) and unisolated_runs(t)]
    assert not {t: unisolated_runs(t) for t in captions if unisolated_runs(t)}


def test_topic_numbers_keep_their_colon(demo_store, monkeypatch):
    """ "0:" must not turn into ":0": the number and its colon are one left-to-right isolate."""
    app = run(demo_store, monkeypatch, "overview")
    bars = [s for s in chart_specs(app) if s["data"][0].get("type") == "bar"]
    labels = [y for s in bars for trace in s["data"] for y in trace.get("y", [])]
    numbered = [y for y in labels if re.search(r"\d+:", y)]
    # Either the number and colon form one left-to-right isolate, or the whole label is laid
    # out right to left, where a number first and its colon read in Arabic order.
    kept = [y for y in numbered if re.search("\u2066-?\\d+:\u2069", y) or y[0] == RIGHT_TO_LEFT]
    assert numbered and kept == numbered, numbered


def test_tab_and_entity_profile_follow_the_url(demo_store, monkeypatch):
    app = run(demo_store, monkeypatch, "entities", entity="سليم الحداد")
    assert app.query_params["tab"] == "entity"  # a linked entity opens its profile tab
    assert app.query_params["entity"] == "سليم الحداد"
    topics = run(demo_store, monkeypatch, "topics", tab="time", topic="1")
    assert topics.query_params["tab"] == "time" and topics.query_params["topic"] == "1"
    assert topics.selectbox(key="w_topic").value == 1
    unknown = run(demo_store, monkeypatch, "entities", entity="اسم لا يرد في المدونة")
    # Checked against the store, dropped and named: the network opens, not an empty profile.
    assert any("`entity`" in w.value for w in unknown.warning)
    assert unknown.query_params["tab"] == "network"
    assert unknown.query_params.get("entity") != "اسم لا يرد في المدونة"


def selection_list(app: AppTest) -> pd.DataFrame:
    """The table of the articles inside the map selection."""
    return next(d.value for d in app.dataframe if "topic_label" in d.value.columns)


def test_map_selection_and_query_travel_in_the_url(demo_store, monkeypatch):
    from dashboard.storage.store import Store

    area = "-50,-50;50,-50;50,50;-50,50"  # everything on the map
    app = run(demo_store, monkeypatch, "topics", tab="map", area=area, colour="outlet", hl="النفط")
    assert app.query_params["area"] == area and app.query_params["colour"] == "outlet"
    assert app.query_params["hl"] == "النفط"
    assert len(selection_list(app)) == len(Store(demo_store).articles.dropna(subset=["map_x"]))
    small = run(demo_store, monkeypatch, "topics", tab="map", area="0,0;0.001,0;0.001,0.001")
    assert len(selection_list(small)) < len(selection_list(app))


def test_reader_times_and_lags_read_as_words(demo_store, monkeypatch):
    from dashboard.storage.store import Store

    articles = Store(demo_store).articles
    app = run(demo_store, monkeypatch, "reader", article=str(articles["id"].iat[0]))
    shown = " ".join(text for _, text in element_strings(app._tree))
    assert " ساعة later" not in shown and "0.0" not in shown
    midnight = (articles["published_at"] == articles["published_at"].dt.normalize()).all()
    if midnight:  # a date-only corpus: no time of day anywhere
        assert not re.search(r"\b00:00\b", shown)


def select_on_map(app: AppTest, selection: dict) -> AppTest:
    """Rerun with ``selection`` on the document map, as the browser would send it."""
    chart = next(c for c in app.get("plotly_chart") if (c.key or "").startswith("map_chart"))
    states = app._tree.get_widget_states()  # AppTest has no public way to select on a chart
    state = WidgetState(id=chart.proto.id)
    state.string_value = json.dumps(
        {"selection": {"points": [], "box": [], "lasso": []} | selection}
    )
    states.widgets.append(state)
    app._run(states)
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_a_lasso_on_the_map_lists_its_articles_and_goes_into_the_url(demo_store, monkeypatch):
    from dashboard.storage.store import Store

    placed = Store(demo_store).articles.dropna(subset=["map_x"])
    app = run(demo_store, monkeypatch, "topics", tab="map")
    # a triangle around the lower-left quarter of the map
    (x0, x1), (y0, y1) = (
        placed["map_x"].agg(["min", "median"]),
        placed["map_y"].agg(["min", "median"]),
    )
    lasso = {"x": [x0 - 1, x1, x0 - 1], "y": [y0 - 1, y0 - 1, y1]}
    select_on_map(app, {"lasso": [lasso]})
    assert app.query_params["area"].count(";") == 2
    inside = placed[
        (placed["map_x"] - (x0 - 1)) / (x1 - x0 + 1) + (placed["map_y"] - (y0 - 1)) / (y1 - y0 + 1)
        < 1
    ]
    listed = selection_list(app)
    assert 0 < len(listed) == len(inside) < len(placed)
    assert set(listed["id"]) == set(inside["id"])


def test_a_click_on_the_map_opens_the_reader(demo_store, monkeypatch):
    app = run(demo_store, monkeypatch, "topics", tab="map")
    article = app.session_state["view"].article
    chart = next(c for c in app.get("plotly_chart") if (c.key or "").startswith("map_chart"))
    first = json.loads(chart.proto.spec)["data"][0]["customdata"][0][0]
    select_on_map(app, {"points": [{"customdata": [first], "x": 0, "y": 0}]})
    assert app.session_state["view"].article == first != article
    assert app.title[0].value == "قارئ المقالات"  # the reader is shown


def listed_ids(app: AppTest) -> list[str]:
    """The articles shown as cards, in order (each card links to the reader by id)."""
    bodies = [MessageToDict(e.proto).get("body", "") for e in app.get("html")]
    return [m for body in bodies for m in re.findall(r"reader\?[^\"]*?article=([^&\"]+)", body)]


def test_a_drill_down_page_and_its_order_travel_in_the_url(demo_store, monkeypatch):
    from dashboard.storage.store import Store

    articles = Store(demo_store).articles
    when = articles["published_at"]
    span = f"{when.min():%Y-%m-%d}..{when.max():%Y-%m-%d}"  # a box over the whole corpus
    app = run(demo_store, monkeypatch, "coverage_time", drill=span, page="2", sort="oldest")
    assert app.number_input(key="cov_box_page").value == 2
    params = {key: app.query_params[key] for key in ("drill", "page", "sort")}
    assert params == {"drill": span, "page": "2", "sort": "oldest"}
    oldest = articles.sort_values("published_at", kind="stable")["id"].tolist()
    assert listed_ids(app) == oldest[20:40]


UPLOAD_PAGE = str(Path(APP).parent / "views" / "upload.py")
UPLOADED = (  # user data: its file names and column names are theirs, shown as they are
    "headline_ar,story,day,paper\n"
    "عنوان أول عن المطر,نص الخبر الأول عن المطر في المدينة,2024-05-01,صحيفة الأفق\n"
    "عنوان ثان عن السوق,,1800-01-01,صحيفة الفجر\n"
    "عنوان ثالث,نص الخبر الثالث عن السوق والأسعار,2024-05-02,صحيفة الفجر\n"
    "عنوان ثالث,نص الخبر الثالث عن السوق والأسعار,2024-05-02,صحيفة الفجر\n"
).encode()
UPLOADED_NAMES = {"akhbar", "csv", "broken", "json", "headline", "ar", "story", "day", "paper"}


def test_the_upload_page_after_a_file_is_chosen_is_arabic(tmp_path, monkeypatch):
    """Chosen files, the unread ones' reasons, the column mapping, the report and the build
    form: all in Arabic (the page alone, as it runs before any corpus is built)."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    app = AppTest.from_string(f"import runpy\nrunpy.run_path({UPLOAD_PAGE!r})", default_timeout=60)
    app.run()
    app.file_uploader[0].set_value(
        [("akhbar.csv", UPLOADED, "text/csv"), ("broken.json", b"[{},]", "application/json")]
    ).run()
    assert not app.exception, [e.message for e in app.exception]
    unread = english_words(app, UPLOADED_NAMES)  # the mapping form, before it is used
    app.selectbox(key="w_map_body").set_value("story")
    app.selectbox(key="w_map_published_at").set_value("day")
    app.selectbox(key="w_map_outlet").set_value("paper")
    app.selectbox(key="w_map_title").set_value("headline_ar")
    next(b for b in app.button if b.label == "أعد القراءة بهذه المطابقة").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert {m.label: m.value for m in app.metric}["حُمّلت"] == "2"
    assert (unread, english_words(app, UPLOADED_NAMES)) == ([], [])


def test_arabic_tables_run_right_to_left(demo_store, monkeypatch):
    """The grid lays columns out left to right only: in Arabic their order is reversed (the
    first column on the right) and cells are aligned right; English keeps the order."""
    for lang, flipped in (("ar", True), ("en", False)):
        app = run(demo_store, monkeypatch, "overview", lang=lang)
        grid = app.dataframe[0].proto
        columns = list(app.dataframe[0].value.columns)
        assert list(grid.column_order) == (columns[::-1] if flipped else columns)
        aligned = '"alignment": "right"' in grid.columns or '"alignment":"right"' in grid.columns
        assert aligned == flipped


def test_a_column_of_long_quotes_fits_the_page_in_english(demo_store, monkeypatch):
    """Seen on Who said what in English: the grid sized the quote column to its quotes,
    wider than the page, and each Arabic quote's start (its right end) lay beyond the
    table's edge; a column of long texts is drawn 400 px wide, short ones (speakers, a
    few of them long) fit their text."""
    for lang in ("en", "ar"):
        app = run(demo_store, monkeypatch, "quotes", lang=lang)
        frame = app.dataframe[0].value
        settings = json.loads(app.dataframe[0].proto.columns)
        assert frame["quote"].str.len().median() > LONG_TEXT_CHARS
        assert settings["quote"]["width"] == "large"
        assert "width" not in settings["speaker"] and "width" not in settings["outlet"]


def test_web_address_schemes_in_arabic_labels_are_isolated():
    """ "https://" before a bracket or an Arabic word read "//:https" in an Arabic label."""
    from dashboard.app.i18n import ARABIC

    for english, arabic in ARABIC.items():
        for scheme in re.findall(r"https?://`?", arabic):
            assert re.search(f"\u2066`?{scheme}\u2069", arabic), english


def test_tables_put_a_topic_number_first_in_english_and_show_categories_as_text():
    """Seen on Topics › By outlet in English: the grid laid "12: النفط" out right to left,
    the number at its right end; and on Entities › Tables in Arabic: the type column, a
    category, was drawn as a drop-down cell aligned left."""
    from dashboard.app.widgets.tables import grid_cells

    frame = pd.DataFrame(
        {
            "label": ["12: النفط · الأسعار", "—", "غزة", "3: Oil"],
            "type": pd.Categorical(["مكان", "شخص", "مكان", "مكان"]),
            "count": [1, 2, 3, 4],
        }
    )
    english, arabic = grid_cells(frame, "en"), grid_cells(frame, "ar")
    assert list(english["label"]) == ["\u200e12: النفط · الأسعار", "—", "غزة", "3: Oil"]
    assert list(arabic["label"]) == list(frame["label"])
    for shown in (english, arabic):
        assert not isinstance(shown["type"].dtype, pd.CategoricalDtype)
        assert list(shown["type"]) == list(frame["type"])
        assert list(shown["count"]) == [1, 2, 3, 4]
    assert frame["label"].iat[0] == "12: النفط · الأسعار"  # the caller's frame is untouched


def test_arabic_progress_bars_fill_from_the_right_and_date_hints_are_hidden():
    """A progress bar's fill slides in from the left: in Arabic its track is mirrored.
    Sliders are not (their direction comes from the browser's language, and a mirrored
    slider would move its thumb against the pointer)."""
    from dashboard.app.widgets.layout import RTL_CSS

    rules = dict(re.findall(r"(\[data-testid=\"st\w+\"\])\s*\{([^}]*)\}", RTL_CSS))
    assert "scaleX(-1)" in rules.get('[data-testid="stProgressBarTrack"]', "")
    # Seen on Words › Distinctive: empty date fields read "yyyy/mm/dd" in Arabic.
    assert re.search(
        r'stDateInputField"\] \[data-placeholder="true"\] \{ color: transparent', RTL_CSS
    )
    assert not any("Slider" in selector for selector in rules)


def test_english_column_picker_and_matrix_header_read_as_words(demo_store, monkeypatch):
    """Seen in English: Explore's column picker listed published_at and topic_label, a topic
    picker and the reader's topic link showed "12: النفط" with its number at the right end,
    and the entity matrix's first header was the raw column name "entity"."""
    app = run(demo_store, monkeypatch, "explore", lang="en")
    options = app.multiselect(key="w_columns").options
    assert "published" in options and "topic name" in options
    assert not {"published_at", "topic_label"} & set(options)
    topics = app.multiselect(key="f_topics").options
    assert topics and all(re.match("\u200e\\d+: ", t) for t in topics), topics[:2]
    app = run(demo_store, monkeypatch, "entities", lang="en", tab="matrix")
    grid = next(d for d in app.dataframe if "entity" in d.value.columns)
    assert json.loads(grid.proto.columns)["entity"]["label"] == "Articles shared by"
    # The reader's topic link, seen as "Topic: label :7" in English.
    app = run(demo_store, monkeypatch, "reader", lang="en")
    line = next(e.proto.body for e in app.get("html") if "Topic: " in e.proto.body)
    assert 'Topic: <bdi dir="ltr">' in line, line[:200]


def test_english_headers_name_what_the_captions_name():
    """Seen on Entities › Tables in English: the pairs' headers were source, target and npmi,
    while the caption above explains "Association" (as the Arabic headers say)."""
    from dashboard.app.i18n import header, translate

    for column in ("source", "target", "npmi", "url"):
        assert header(column, "en") != column and header(column, "ar") == translate(column, "ar")
    assert header("npmi", "en") == "association"


def test_tables_name_the_no_topic_rows_and_hide_internal_ids():
    """Seen on Topics › Over time and Explore in Arabic: the no-topic id -1 read "1-"; and on
    Search and Similar, the articles' internal ids were a column of the table."""
    from dashboard.app.i18n import translate
    from dashboard.app.widgets.tables import column_order, grid_cells

    frame = pd.DataFrame({"topic": [3, -1, 12], "title": ["أ", "ب", "ج"], "id": ["x", "y", "z"]})
    for lang in ("ar", "en"):
        assert list(grid_cells(frame, lang)["topic"]) == ["3", translate("no topic", lang), "12"]
    assert translate("no topic", "ar") != "no topic"
    assert list(frame["topic"]) == [3, -1, 12]  # the downloads keep the id
    assert column_order(frame.columns, "ar", ("id",)) == ["title", "topic"]
    assert column_order(frame.columns, "en", ("id",)) == ["topic", "title"]
