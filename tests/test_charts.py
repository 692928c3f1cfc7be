import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.query import coverage
from dashboard.app.charts.entities import NETWORK_PIXELS, cooccurrence_matrix, entity_bars, network
from dashboard.app.charts.labels import LABEL_PIXELS, MAP_PIXELS, placed_labels
from dashboard.app.charts.localise import MAX_DATE_TICKS, localised
from dashboard.app.charts.maps import document_map
from dashboard.app.charts.scores import score_histogram, similarity_bars
from dashboard.app.charts.style import LEGEND_ROW_HEIGHT, legend_rows
from dashboard.app.charts.timelines import coverage_lines, outlet_attention_lines, story_timeline
from dashboard.app.charts.topics import keyword_bars, outlet_heatmap, topic_bars
from dashboard.app.charts.words import distinctive_bars, rising_bars, term_bars


def shown(label: str) -> str:
    """A label's text without its bidi isolates."""
    return re.sub("[\u2066-\u2069]", "", label)


ARTICLES = pd.DataFrame(
    {
        "published_at": pd.to_datetime(["2024-01-01", "2024-01-20", "2024-02-03", "2024-02-05"]),
        "outlet": ["الأفق", "الرصيف", "الأفق", "الأفق"],
    }
)


def test_coverage_lines_mark_the_partial_period():
    cov = coverage(ARTICLES, "month", ARTICLES["outlet"])
    fig = coverage_lines(cov, share=False, title="تغطية")
    solid = [t for t in fig.data if t.line.dash != "dot"]
    dotted = [t for t in fig.data if t.line.dash == "dot"]
    assert {t.name for t in solid} == {"الأفق", "الرصيف"}
    assert len(dotted) == 2  # February ends after the data does
    afq = next(t for t in solid if t.name == "الأفق")
    assert list(afq.y) == [1]  # only January is complete
    assert fig.layout.title.text == "تغطية"


def test_coverage_lines_share_axis_is_percent():
    cov = coverage(ARTICLES, "month")
    fig = coverage_lines(cov, share=True, title="t").to_dict()
    assert fig["layout"]["yaxis"]["tickformat"] == ".0%"


def test_topic_bars_largest_on_top():
    table = pd.DataFrame({"topic": [3, 1], "label": ["نفط", "مطر"], "articles": [9, 4]})
    bar = topic_bars(table, "t").data[0]
    assert [shown(y) for y in bar.y] == ["1: مطر", "3: نفط"] and list(bar.x) == [4, 9]
    # the number and its colon are one left-to-right isolate: "1:" never turns into ":1"
    assert all("\u2066" + str(n) + ":\u2069" in y for n, y in zip([1, 3], bar.y, strict=True))


def test_network_draws_nodes_by_type_and_weighted_edges():
    nodes = pd.DataFrame(
        {
            "entity": ["غزة", "الدوحة", "سليم الحداد"],
            "type": ["place", "place", "person"],
            "articles": [10, 4, 6],
            "mentions": [25, 5, 9],
        }
    )
    pairs = pd.DataFrame(
        {
            "source": ["الدوحة", "غزة"],
            "target": ["غزة", "سليم الحداد"],
            "count": [4, 2],
            "npmi": [0.8, 0.1],
        }
    )
    fig = network(nodes, pairs, "t")
    edges = [t for t in fig.data if t.mode == "lines"]
    markers = {t.name: t for t in fig.data if t.mode == "markers"}
    assert len(edges) == 2  # one trace per width step, each segment ended by a gap
    strong, weak = sorted(edges, key=lambda t: -t.line.width)
    assert strong.line.width > weak.line.width
    assert len(strong.x) == len(weak.x) == 3 and strong.x[2] is None
    assert set(markers) == {"place", "person"}
    names = fig.data[-1]  # drawn last: no node covers a name
    assert names.mode == "text"
    assert set(names.text) == {"غزة", "الدوحة", "سليم الحداد"}
    assert all(not t.text for t in fig.data[:-1])


def test_network_names_that_would_overlap_are_left_to_the_hover():
    names = [f"اسم طويل نوعا ما {i}" for i in range(30)]
    nodes = pd.DataFrame(
        {"entity": names, "type": "place", "articles": 5, "mentions": range(60, 30, -1)}
    )
    ends = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]  # one tight clique
    pairs = pd.DataFrame(
        {"source": [a for a, _ in ends], "target": [b for _, b in ends], "count": 5, "npmi": 0.9}
    )
    written = list(network(nodes, pairs, "t", labelled=30).data[-1].text)
    assert names[0] in written and 1 <= len(written) < 30  # the most mentioned stays


def label_boxes(fig: go.Figure) -> tuple[list[tuple], list[tuple]]:
    """(each written name's box, each node's disc) in the plot's pixels (x right, y up), the
    plot taken as NETWORK_PIXELS showing the axes' ranges (the nodes' extent if unset), a
    name as LABEL_PIXELS per character: centred on its point, or above it when written at
    "top center" of a marker."""
    nodes = [t for t in fig.data if t.mode == "markers"]
    xs = np.concatenate([np.asarray(t.x, dtype=float) for t in nodes])
    ys = np.concatenate([np.asarray(t.y, dtype=float) for t in nodes])
    sizes = np.concatenate([np.asarray(t.marker.size, dtype=float) for t in nodes])
    x_range = fig.layout.xaxis.range or (xs.min(), xs.max())
    y_range = fig.layout.yaxis.range or (ys.min(), ys.max())
    per_x = (x_range[1] - x_range[0]) / NETWORK_PIXELS[0]
    per_y = (y_range[1] - y_range[0]) / NETWORK_PIXELS[1]
    discs = [
        ((x - x_range[0]) / per_x, (y - y_range[0]) / per_y, size / 2)
        for x, y, size in zip(xs, ys, sizes, strict=True)
    ]
    names, boxes = fig.data[-1], []
    raised = names.textposition == "top center"
    lifts = np.asarray(names.marker.size, dtype=float) / 2 if raised else [0.0] * len(names.x)
    for x, y, text, lift in zip(names.x, names.y, names.text, lifts, strict=True):
        cx, cy = (x - x_range[0]) / per_x, (y - y_range[0]) / per_y
        cy += lift + LABEL_PIXELS[1] / 2 if raised else 0
        half = len(text) * LABEL_PIXELS[0] / 2
        boxes.append((cx - half, cx + half, cy - LABEL_PIXELS[1] / 2, cy + LABEL_PIXELS[1] / 2))
    return boxes, discs


def crowded_network(count: int, links: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``count`` places of random mentions, each linked to its next ``links``."""
    rng = np.random.default_rng(seed)
    names = [f"مدينة {'ن' * (i % 6 + 2)} {i}" for i in range(count)]
    nodes = pd.DataFrame(
        {"entity": names, "type": "place", "articles": 5, "mentions": rng.integers(5, 90, count)}
    )
    ends = [(a, b) for i, a in enumerate(names) for b in names[i + 1 : i + 1 + links]]
    pairs = pd.DataFrame(
        {"source": [a for a, _ in ends], "target": [b for _, b in ends], "count": 5, "npmi": 0.7}
    )
    return nodes, pairs


def test_network_names_never_overlap_and_cover_no_node_where_there_is_room():
    """Seen on Entities › Network: the central names (الولايات المتحدة، سوريا، اليمن) were
    written over each other and over their neighbours' nodes."""
    for count, links, crowded in ((40, 5, True), (6, 1, False)):
        nodes, pairs = crowded_network(count, links, seed=3)
        fig = network(nodes, pairs, "t", labelled=20)
        boxes, discs = label_boxes(fig)
        written = list(fig.data[-1].text)
        top = nodes.sort_values("mentions", ascending=False, kind="stable")["entity"].iloc[0]
        assert top in written and len(written) >= min(count, 5)
        for a, box in enumerate(boxes):
            for other in boxes[a + 1 :]:
                apart = box[1] <= other[0] or other[1] <= box[0]
                assert apart or box[3] <= other[2] or other[3] <= box[2]
            if crowded:
                continue  # in a crowded centre a name may cover a node, never a name
            own = list(nodes["entity"]).index(written[a])
            for j, (x, y, r) in enumerate(discs):
                near_x, near_y = min(max(x, box[0]), box[1]), min(max(y, box[2]), box[3])
                assert j == own or (near_x - x) ** 2 + (near_y - y) ** 2 >= r * r - 1e-6


def hub_network(hubs: int, others: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A few most mentioned hubs, each linked to each other and to every other node: the
    crowded centre of news entities (a country, its capital, its king)."""
    names = [f"مركز {'ر' * (i % 4 + 3)} {i}" for i in range(hubs)]
    names += [f"طرف {i}" for i in range(others)]
    mentions = [300 - 20 * i for i in range(hubs)] + [20 + 3 * i for i in range(others)]
    nodes = pd.DataFrame({"entity": names, "type": "place", "articles": 5, "mentions": mentions})
    ends = [(a, b) for i, a in enumerate(names[:hubs]) for b in names[i + 1 :]]
    pairs = pd.DataFrame(
        {"source": [a for a, _ in ends], "target": [b for _, b in ends], "count": 5, "npmi": 0.5}
    )
    return nodes, pairs


def test_network_opens_a_crowded_centre_for_every_name():
    """Seen on a SaudiNewsNet store's Entities › Network: in the crowded centre nodes were
    drawn over each other and names over their neighbours' nodes (35 pairs of nodes and 12
    names over nodes in the browser). Every one of the most mentioned names is written, no
    node covers another, no name covers a node, and the same input gives the same drawing."""
    for nodes, pairs in (crowded_network(40, 5, seed=3), hub_network(6, 34)):
        fig = network(nodes, pairs, "t", labelled=12)
        boxes, discs = label_boxes(fig)
        written = list(fig.data[-1].text)
        top = nodes.sort_values("mentions", ascending=False, kind="stable")["entity"]
        assert set(written) == set(top.iloc[:12])
        for a, (x, y, r) in enumerate(discs):
            for u, v, s in discs[a + 1 :]:
                assert (x - u) ** 2 + (y - v) ** 2 >= (r + s) ** 2
        names = [e for t in fig.data if t.mode == "markers" for e in t.customdata[:, 0]]
        for box, name in zip(boxes, written, strict=True):
            for (x, y, r), other in zip(discs, names, strict=True):
                near_x, near_y = min(max(x, box[0]), box[1]), min(max(y, box[2]), box[3])
                assert other == name or (near_x - x) ** 2 + (near_y - y) ** 2 >= r * r
        again = network(nodes, pairs, "t", labelled=12)
        assert [list(t.x) for t in again.data] == [list(t.x) for t in fig.data]


def test_entity_bars_and_network_list_the_types_in_one_order():
    """Seen side by side on Entities › Network: the bars' legend read place, organisation,
    person (plotly reverses a stacked bar chart's legend by default), the network's
    organisation, person, place (alphabetical)."""
    nodes, pairs = hub_network(3, 4)
    nodes["type"] = ["place", "organisation", "person", "place", "person", "organisation", "x"]
    bars, net = entity_bars(nodes, "t"), network(nodes, pairs, "t")
    assert bars.layout.legend.traceorder == "normal"
    order = [t.name for t in bars.data]
    assert order == ["person", "organisation", "place", "x"]
    assert [t.name for t in net.data if t.mode == "markers"] == order


def test_entity_and_similarity_bars():
    table = pd.DataFrame(
        {
            "entity": ["غزة", "قطر"],
            "type": ["place", "place"],
            "articles": [5, 2],
            "mentions": [9, 2],
        }
    )
    assert list(entity_bars(table, "t").data[0].y) == ["قطر", "غزة"]
    rows = pd.DataFrame(
        {
            "outlet": ["الأفق"],
            "published_at": pd.to_datetime(["2024-01-01"]),
            "title": ["عنوان"],
            "score": [0.91],
        }
    )
    bar = similarity_bars(rows, "t").data[0]
    assert list(bar.x) == [0.91] and shown(bar.y[0]).startswith("الأفق · 2024-01-01")
    assert "\u20662024-01-01\u2069" in bar.y[0]  # the date keeps its order in Arabic


POINTS = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d"],
        "map_x": [0.0, 0.2, 5.0, 5.1],
        "map_y": [0.0, 0.1, 5.0, 5.2],
        "topic": [0, 0, 1, -1],
        "label": ["نفط", "نفط", "مطر", "—"],
        "title": ["عنوان أ", "عنوان ب", "عنوان ج", "عنوان د"],
        "outlet": ["الأفق", "الرصيف", "الأفق", "الرصيف"],
        "published_at": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]),
    }
)


def test_document_map_labels_topics_and_colours_by_choice():
    by_topic = document_map(POINTS, "t", lang="ar")
    assert {shown(a.text) for a in by_topic.layout.annotations} == {"نفط", "مطر"}
    assert all(t.type == "scattergl" and not t.showlegend for t in by_topic.data)
    assert [list(t.customdata[:, 0]) for t in by_topic.data] == [["a", "b"], ["c"], ["d"]]
    by_outlet = document_map(POINTS, "t", colour="outlet")
    assert {t.name for t in by_outlet.data if t.showlegend} == {"الأفق", "الرصيف"}
    by_date = document_map(POINTS, "t", colour="date", lang="ar")
    bar = by_date.data[0].marker.colorbar
    assert bar.orientation == "v" and bar.x < 0 and "يناير 2024" in bar.ticktext
    # Shown in Arabic, a dated tick is laid out right to left as a whole ("2024" stays last).
    shown_bar = localised(by_date, "ar").data[0].marker.colorbar
    assert "\u2067يناير 2024\u2069" in shown_bar.ticktext


def test_document_map_topic_numbers_come_first_in_either_language():
    numbered = POINTS.assign(
        label=[f"{t}: {label}" for t, label in zip(POINTS["topic"], POINTS["label"], strict=True)]
    )
    for lang, start in (("en", "\u2066"), ("ar", "\u2067\u2066")):
        notes = document_map(numbered, "t", lang=lang).layout.annotations
        assert notes and all(a.text.startswith(start) for a in notes), lang
        assert {shown(a.text) for a in notes} == set(numbered.loc[numbered["topic"] >= 0, "label"])


def test_document_map_marks_the_query_matches():
    fig = document_map(POINTS, "t", matched=pd.Series([False, True, True, False]).to_numpy())
    marks = fig.data[-1]
    assert list(marks.customdata[:, 0]) == ["b", "c"] and marks.marker.size > 4
    assert all(t.marker.opacity < 0.5 for t in fig.data[:-1])


def test_document_map_legend_keeps_its_colours_while_a_query_marks_matches():
    """Seen on Topics › Document map coloured by outlet with a query: the legend's symbols
    took the faded points' opacity and size and could hardly be told apart."""
    hits = pd.Series([False, True, True, False]).to_numpy()
    fig = document_map(POINTS, "t", colour="outlet", matched=hits)
    keyed = [t for t in fig.data if t.showlegend is not False and t.name in {"الأفق", "الرصيف"}]
    assert {t.name for t in keyed} == {"الأفق", "الرصيف"}
    assert all((t.marker.opacity or 1) >= 0.7 and t.marker.size >= 8 for t in keyed)
    faded = [t for t in fig.data if t.showlegend is False]
    assert faded and all(t.marker.opacity < 0.5 for t in faded)
    for entry in keyed:  # each legend entry shows and hides the points of its colour
        same = [t for t in faded if t.legendgroup == entry.legendgroup]
        assert same and same[0].marker.color == entry.marker.color


def test_document_map_labels_in_a_dense_centre_do_not_overlap():
    # 30 topics whose centres crowd one spot, and one far away, on a map 10 units square.
    rng = np.random.default_rng(0)
    xs, ys = [*rng.normal(0, 0.05, 30), 4.0], [*rng.normal(0, 0.05, 30), 4.0]
    texts = ["موضوع " + "ن" * (i % 7 + 3) for i in range(31)]
    kept = placed_labels(xs, ys, texts, (10.0, 10.0))
    per_x, per_y = 10.0 / MAP_PIXELS[0], 10.0 / MAP_PIXELS[1]
    height = LABEL_PIXELS[1] * per_y
    boxes = []
    for i, (x, y) in kept.items():
        half = len(texts[i]) * LABEL_PIXELS[0] * per_x / 2
        boxes.append((x - half, x + half, y - height / 2, y + height / 2))
    for a, first in enumerate(boxes):
        for second in boxes[a + 1 :]:
            apart = first[1] <= second[0] + 1e-9 or second[1] <= first[0] + 1e-9
            assert apart or first[3] <= second[2] + 1e-9 or second[3] <= first[2] + 1e-9
    assert 0 in kept and 30 in kept and 3 <= len(kept) < 31  # the largest first; crowded ones out


def test_localised_date_axis_in_arabic_months():
    cov = coverage(ARTICLES, "month", ARTICLES["outlet"])
    fig = localised(coverage_lines(cov, share=False, title="t"), "ar", indic=True)
    ticks = [shown(t) for t in fig.layout.xaxis.ticktext]
    assert ticks[0] == "١ يناير ٢٠٢٤" and len(ticks) <= MAX_DATE_TICKS
    assert all(re.fullmatch("[٠-٩]+ (يناير|فبراير) ٢٠٢٤", t) for t in ticks), ticks


WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩٫٬٪", "0123456789.,%")


def indic_ticks(bar_or_axis) -> list[tuple[float, str]]:
    """(value, label) of an axis's or colour bar's ticks; every label in Arabic-Indic digits."""
    texts = [shown(t) for t in bar_or_axis.ticktext]
    assert texts and not any(re.search("[0-9]", t) for t in texts), texts
    return list(zip(bar_or_axis.tickvals, texts, strict=True))


def read_back(text: str) -> float:
    western = text.translate(WESTERN).replace(",", "")
    return float(western.rstrip("%")) / (100 if western.endswith("%") else 1)


def test_numeric_axes_take_arabic_indic_digits():
    counts = coverage(ARTICLES, "month", ARTICLES["outlet"])
    shares = counts.assign(share=[0.25, 0.5, 0.75, 0.375][: len(counts)])
    table = pd.DataFrame({"topic": [3, 1], "label": ["نفط", "مطر"], "articles": [1200, 40]})
    heat = pd.DataFrame(
        {"outlet": ["أ", "أ", "ب"], "label": ["نفط", "مطر", "نفط"], "share": [0.1, 0.9, 1.0]}
    ).assign(count=[1, 9, 3])
    figures = {
        "yaxis count": (coverage_lines(counts, share=False, title="t"), "yaxis", 1),
        "yaxis share": (coverage_lines(shares, share=True, title="t"), "yaxis", 0.75),
        "xaxis bars": (topic_bars(table, "t"), "xaxis", 1200),
        "yaxis log": (
            score_histogram(pd.Series([0.1] * 300).to_numpy(), 0.5, "t"),
            "yaxis",
            300,
        ),
    }
    for name, (fig, axis, top) in figures.items():
        ticks = indic_ticks(localised(fig, "ar", indic=True).layout[axis])
        assert all(abs(read_back(text) - value) < 1e-9 for value, text in ticks), (name, ticks)
        assert max(v for v, _ in ticks) >= top, (name, ticks)  # the ticks reach the data's top
        if "share" in name:
            assert all(text.endswith("٪") for _, text in ticks)
    colours = localised(outlet_heatmap(heat, "t"), "ar", indic=True)
    ticks = indic_ticks(colours.data[0].colorbar)
    assert {read_back(t) for _, t in ticks} >= {0.2, 1.0}
    plain = localised(topic_bars(table, "t"), "ar")
    assert not plain.layout.xaxis.ticktext  # without the option plotly writes its own ticks


def test_colour_bars_stand_left_of_the_plot():
    """Upright left of the plot: a bar above it makes plotly lift the title onto the
    caption (seen on Topics › By outlet), one on the right would cover the row names."""
    heat = pd.DataFrame(
        {"outlet": ["أ", "أ", "ب"], "label": ["نفط", "مطر", "نفط"], "share": [0.1, 0.9, 1.0]}
    ).assign(count=[1, 9, 3])
    matrix = pd.DataFrame([[5, 2], [2, 3]], index=["غزة", "قطر"], columns=["غزة", "قطر"])
    figures = [
        outlet_heatmap(heat, "t", lang="ar"),
        cooccurrence_matrix(matrix, "t", lang="ar"),
        document_map(POINTS, "t", colour="date"),
    ]
    for fig in figures:
        trace = fig.data[0]
        bar = trace.colorbar if trace.type == "heatmap" else trace.marker.colorbar
        assert bar.orientation == "v" and bar.x < 0 and bar.xanchor == "right"
        assert fig.layout.yaxis.side in ("right", None)  # the names stay clear of it


def test_english_heatmaps_name_their_rows_on_the_left():
    """Seen on Entities › Matrix in English: the row names stood on the right as in Arabic;
    an English reader finds them on the left, the colour bar on the right, clear of them."""
    heat = pd.DataFrame(
        {"outlet": ["أ", "أ", "ب"], "label": ["نفط", "مطر", "نفط"], "share": [0.1, 0.9, 1.0]}
    ).assign(count=[1, 9, 3])
    matrix = pd.DataFrame([[5, 2], [2, 3]], index=["غزة", "قطر"], columns=["غزة", "قطر"])
    for fig in (outlet_heatmap(heat, "t"), cooccurrence_matrix(matrix, "t")):
        bar = fig.data[0].colorbar
        assert fig.layout.yaxis.side == "left"
        assert bar.orientation == "v" and bar.x > 1 and bar.xanchor == "left"
    assert outlet_heatmap(heat, "t").data[0].colorbar.tickformat == ".0%"
    story = pd.DataFrame(  # Similar articles › who published first, seen the same way
        {"order": [1, 2], "outlet": ["الأفق", "الرصيف"], "title": ["أ", "ب"]}
    ).assign(published_at=pd.to_datetime(["2024-01-01 09:00", "2024-01-01 11:00"]))
    assert story_timeline(story, "t").layout.yaxis.side == "left"
    assert story_timeline(story, "t", lang="ar").layout.yaxis.side == "right"


def test_arabic_labels_ending_in_a_mark_are_laid_out_right_to_left():
    """Plotly sets labels in a left-to-right box: the "…" ending an Arabic title showed at
    its start (seen on Entities › Entity) until the title was isolated right to left."""
    fig = coverage_lines(coverage(ARTICLES, "month"), share=False, title="تذكر أيضاً …")
    fig.data[0].name = "اليمن (فترة غير مكتملة)"
    shown = localised(fig, "ar")
    assert shown.layout.title.text == "\u2067تذكر أيضاً …\u2069"
    assert shown.data[0].name.startswith("\u2067")
    assert (
        localised(
            coverage_lines(coverage(ARTICLES, "month"), share=False, title="تغطية"), "ar"
        ).layout.title.text
        == "تغطية"
    )


def test_distinctive_words_keep_a_legible_size():
    """Plotly shrank each word written beside its bar to the bar's thickness (about 5 px
    tall on a 30-word comparison); the words keep their size."""
    sides = pd.DataFrame({"term": ["نفط", "مطر"], "side": ["a", "b"], "z": [3.2, -2.1]}).assign(
        count_a=[14, 2], count_b=[1, 9]
    )
    for trace in distinctive_bars(sides, "t", ("أ", "ب")).data:
        assert trace.constraintext == "none" and trace.textfont.size >= 11


def test_heatmap_columns_start_beside_the_row_names():
    """The row names stand on the right: in Arabic the first column is the rightmost."""
    heat = pd.DataFrame(
        {"outlet": ["أ", "أ", "ب"], "label": ["نفط", "مطر", "نفط"], "share": [0.1, 0.9, 1.0]}
    ).assign(count=[1, 9, 3])
    matrix = pd.DataFrame([[5, 2], [2, 3]], index=["غزة", "قطر"], columns=["غزة", "قطر"])
    for make, frame in ((outlet_heatmap, heat), (cooccurrence_matrix, matrix)):
        assert make(frame, "t", lang="ar").layout.xaxis.autorange == "reversed"
        assert make(frame, "t", lang="en").layout.xaxis.autorange is None
        assert make(frame, "t", lang="ar").layout.yaxis.side == "right"


def test_a_legend_of_several_rows_gets_room_above_the_plot():
    """Seen on the entity profile: eight series in half the page made a legend of three rows,
    which climbed onto the chart's title."""
    days = pd.date_range("2024-01-01", periods=4)

    def lines(names: list[str]) -> go.Figure:
        frame = pd.DataFrame(
            [(d, n, 1, 0.1, False) for d in days for n in names],
            columns=["period", "series", "count", "share", "partial"],
        )
        return coverage_lines(frame, share=False, title="t")

    few = lines(["الأردن", "اليمن"])
    many = lines([f"عبدالله بن عبدالعزيز {i}" for i in range(8)])
    assert legend_rows(few) == 1 and legend_rows(many) >= 3
    assert many.layout.margin.t - few.layout.margin.t == (
        LEGEND_ROW_HEIGHT * (legend_rows(many) - 1)
    )
    assert many.layout.height - many.layout.margin.t == few.layout.height - few.layout.margin.t


def test_a_story_within_one_day_has_hour_ticks_in_arabic():
    """Seen on the Similar page: a story of five hours had one daily tick, at midnight,
    outside its axis, so its Arabic axis showed no time at all."""
    times = pd.to_datetime(["2015-07-21 13:31", "2015-07-21 14:08", "2015-07-21 18:18"])
    fig = go.Figure(go.Scatter(x=times, y=["أ", "ب", "ج"], mode="markers"))
    axis = localised(fig, "ar").layout.xaxis
    assert len(axis.tickvals) >= 3
    assert all(times.min() <= pd.Timestamp(v) <= times.max() for v in axis.tickvals)
    assert "يوليو" in shown(axis.ticktext[0]) and shown(axis.ticktext[1]).endswith(":00")


def test_document_map_match_marks_have_a_shape_no_other_point_has():
    """Seen on the document map coloured by outlet: one outlet's colour was nearly the
    matches' red, so matches of a query could not be told from that outlet's points."""
    hits = pd.Series([False, True, True, False]).to_numpy()
    for colour in ("outlet", "topic", "date"):
        fig = document_map(POINTS, "t", colour=colour, matched=hits)
        marks = [t for t in fig.data if str(t.marker.symbol or "").endswith("-open")]
        assert [list(t.customdata[:, 0]) for t in marks] == [["b", "c"]], colour
        others = [t.marker.color for t in fig.data if t is not marks[0]]
        assert all(marks[0].marker.color != c for c in others if isinstance(c, str)), colour
        assert marks[0].marker.line.width >= 2


ATTENTION = pd.DataFrame(
    {
        "outlet": ["الأفق"] * 3 + ["الرصيف"] * 3,
        "period": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"] * 2),
        "share": [0.5, 0.0, 0.25, 0.1, 0.2, 0.3],
        "count": [1, 0, 1, 1, 2, 3],
        "total": [2, 0, 4, 10, 10, 10],
        "gap": [False, True, False, False, False, False],
        "partial": [False] * 6,
    }
)


def test_attention_crosses_have_a_legend_entry_of_their_own():
    """Seen on Concordance › attention: the crosses on days an outlet ran nothing were
    explained only in the caption below the chart, not in its legend."""
    for lang in ("ar", "en"):
        fig = outlet_attention_lines(ATTENTION, ["الأفق", "الرصيف"], title="t", lang=lang)
        keyed = [t for t in fig.data if t.showlegend is not False]
        crosses = [t for t in keyed if t.marker.symbol == "x"]
        assert len(crosses) == 1 and crosses[0].name not in {"الأفق", "الرصيف"}, lang
        words = crosses[0].name
        assert bool(re.search("[A-Za-z]", words)) == (lang == "en"), words
    quiet = outlet_attention_lines(ATTENTION, ["الرصيف"], title="t")  # no gap: no entry
    assert not [t for t in quiet.data if t.marker.symbol == "x"]


def test_bars_grow_from_their_labels_as_each_language_reads():
    """Seen in English: the bars grew leftwards from labels on the right, as in Arabic."""
    terms = pd.DataFrame({"term": ["نفط", "مطر"], "count": [9, 4], "articles": [5, 3]})
    terms = terms.assign(share=[0.5, 0.3])
    rising = pd.DataFrame({"label": ["نفط"], "score": [2.0], "share": [0.2]})
    rising = rising.assign(baseline=[0.1], count=[4])
    topics = pd.DataFrame({"topic": [1, 2], "label": ["نفط", "مطر"], "articles": [9, 4]})
    entities = pd.DataFrame({"entity": ["غزة"], "type": ["place"], "articles": [3]})
    entities = entities.assign(mentions=[5])
    charts = [
        lambda lang: term_bars(terms, "t", lang=lang),
        lambda lang: rising_bars(rising, "t", lang=lang),
        lambda lang: topic_bars(topics, "t", lang=lang),
        lambda lang: keyword_bars(["نفط"], [0.3], "t", lang=lang),
        lambda lang: entity_bars(entities, "t", lang=lang),
    ]
    for chart in charts:
        arabic, english = chart("ar").layout, chart("en").layout
        assert arabic.xaxis.autorange == "reversed" and arabic.yaxis.side == "right"
        assert english.xaxis.autorange != "reversed" and english.yaxis.side == "left"
