"""Article text as safe HTML with its entities marked."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from dashboard.analysis.highlight import find_spans, highlight, mark

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "\u202eعنوان معكوس\u202c",
    "\u2066\u2067عزل\u2069",
    '"><mark class="ent-person" onclick="alert(1)">',
    "&lt;script&gt; &amp;",
]


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text between tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def parse(markup: str) -> Tags:
    parser = Tags()
    parser.feed(markup)
    return parser


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_never_becomes_markup(payload: str):
    text = f"قال {payload} الرئيس جو بايدن {payload} في دمشق"
    out = highlight(text, {"جو بايدن": "person", "دمشق": "place", payload: "other"})
    parsed = parse(out)
    allowed = {"p": set(), "mark": {"class", "title"}}
    for tag, attrs in parsed.tags:
        assert tag in allowed and set(attrs) <= allowed[tag], (tag, attrs)
        if tag == "mark":
            assert re.fullmatch(r"ent-(person|organisation|place|other)", attrs["class"])
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", out)
    # the payload is still there, as text a reader sees
    visible = re.sub("[\u202a-\u202e\u2066-\u2069]", "", payload)
    assert visible in parsed.text.replace("\u00a0", " ")


def test_hostile_entity_names_and_types_stay_inside_attributes():
    out = mark("دمشق", {"دمشق": '"><script>alert(1)</script>'})
    tags = parse(out).tags
    assert [tag for tag, _ in tags] == ["mark"]
    assert tags[0][1]["class"] == "ent-other"
    assert tags[0][1]["title"].startswith('"><script>')


def test_longest_match_wins_and_adjacent_matches_both_mark():
    text = "وزير خارجية الأردن أيمن الصفدي والأردن"
    entities = {"الأردن": "place", "وزير خارجية الأردن": "other", "أيمن الصفدي": "person"}
    spans = [(text[s.start : s.end], s.entity) for s in find_spans(text, entities)]
    assert spans == [
        ("وزير خارجية الأردن", "وزير خارجية الأردن"),
        ("أيمن الصفدي", "أيمن الصفدي"),
        ("الأردن", "الأردن"),
    ]
    out = highlight(text, entities)
    assert out.count("<mark") == 3 and "</mark> <mark" in out


def test_spelling_variants_clitics_and_diacritics_match():
    text = "وصل وزير الخارجيّة إلى عمان، وقالت الامم المتحدة وللأمم المتحدة رأي آخر. بعمّان"
    found = find_spans(text, {"الأمم المتحدة": "organisation", "عمان": "place"})
    assert [text[s.start : s.end] for s in found] == [
        "عمان",
        "الامم المتحدة",
        "لأمم المتحدة",
        "عمّان",
    ]


def test_no_match_inside_a_longer_word():
    assert find_spans("الأمميون والعمانيون", {"الأمم": "organisation", "عمان": "place"}) == []


def test_a_surname_alone_marks_its_person_unless_two_share_it():
    text = "قال محمد الخولي إن الخولي سيزور دمشق. وقال سعيد الخولي كذلك"
    alone = find_spans(text.split(".")[0], {"محمد الخولي": "person"})
    assert [(text[s.start : s.end], s.entity) for s in alone] == [
        ("محمد الخولي", "محمد الخولي"),
        ("الخولي", "محمد الخولي"),
    ]
    both = find_spans(text, {"محمد الخولي": "person", "سعيد الخولي": "person"})
    assert [text[s.start : s.end] for s in both] == ["محمد الخولي", "سعيد الخولي"]


def test_lines_become_paragraphs_and_blank_lines_vanish():
    assert highlight("أ\n\n  \nب", {}) == "<p>أ</p><p>ب</p>"
    assert highlight("", {"دمشق": "place"}) == ""


def test_every_demo_entity_is_found_in_its_article(demo_store):
    from dashboard.storage.store import Store

    store = Store(demo_store)
    articles = store.articles.set_index("id")
    missing = []
    for article_id, group in store.mentions.groupby("article_id", observed=True):
        row = articles.loc[article_id]
        entities = dict(zip(group["entity"].astype(str), group["type"].astype(str), strict=True))
        text = f"{row['title']}\n{row['body']}"
        found = {span.entity for span in find_spans(text, entities)}
        missing += sorted(set(entities) - found)
    assert len(missing) <= 0.02 * len(store.mentions), missing[:20]


def test_a_marked_type_has_the_colour_of_its_type_in_the_charts():
    """Seen on a SaudiNewsNet build: the reader marked organisations blue, the colour of
    persons in the entity charts (organisations are red there)."""
    from colorsys import rgb_to_hls

    from dashboard.analysis.highlight import COLOURS
    from dashboard.app.charts.style import TYPE_COLOURS

    def hue_and_saturation(colour: str) -> tuple[float, float]:
        red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        hue, _, saturation = rgb_to_hls(red, green, blue)
        return hue * 360, saturation

    for kind, chart in TYPE_COLOURS.items():
        (tint, tint_saturation), (hue, saturation) = map(hue_and_saturation, (COLOURS[kind], chart))
        if saturation < 0.1:  # a grey stays a grey
            assert tint_saturation < 0.1, kind
        else:
            assert min(abs(tint - hue), 360 - abs(tint - hue)) < 20, (kind, tint, hue)
