import io
import json
import re

import pandas as pd
import pytest

from dashboard.sharing.export import to_bytes

FRAME = pd.DataFrame(
    {
        "title": ['=HYPERLINK("http://evil")', "أمطار غزيرة في عمّان", "+1 زيادة"],
        "tags": [["طقس", "أمطار"], [], ["اقتصاد"]],
        "published_at": pd.to_datetime(["2024-01-02", "2024-02-03", "2024-03-04"]),
    }
)


def test_csv_has_bom_arabic_and_no_live_formula():
    data = to_bytes(FRAME, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["title"].tolist()[0].startswith("'=")
    assert back["title"].tolist()[1] == "أمطار غزيرة في عمّان"
    assert back["title"].tolist()[2] == "'+1 زيادة"
    assert back["tags"].tolist()[0] == "طقس، أمطار"


def test_excel_round_trip_is_neutralised():
    back = pd.read_excel(io.BytesIO(to_bytes(FRAME, "xlsx")))
    assert back["title"].iloc[0].startswith("'=")
    assert back["title"].iloc[1] == "أمطار غزيرة في عمّان"


def test_parquet_keeps_types():
    back = pd.read_parquet(io.BytesIO(to_bytes(FRAME, "parquet")))
    assert list(back["tags"].iloc[0]) == ["طقس", "أمطار"]
    assert back["title"].iloc[0] == FRAME["title"].iloc[0]


def test_jsonl_one_record_per_line_unescaped_arabic():
    lines = to_bytes(FRAME, "jsonl").decode("utf-8").strip().splitlines()
    assert len(lines) == 3
    assert json.loads(lines[1])["title"] == "أمطار غزيرة في عمّان"
    assert "\\u" not in lines[1]


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown export format"):
        to_bytes(FRAME, "pdf")


def made(lang: str):
    from datetime import UTC, date, datetime

    from dashboard.analysis.query import Filters
    from dashboard.app.i18n import translate
    from dashboard.sharing.export import about

    filters = Filters(start=date(2024, 1, 1), outlets=("الأفق", "الرصيف"), topics=(3,), text="غزة")
    return about(
        "Coverage by outlet" if lang == "en" else "التغطية حسب المنفذ",
        filters,
        corpus="sn-sample",
        build="20240501T101010Z",
        url="http://host/coverage?outlet=الأفق&q=غزة",
        words=lambda text: translate(text, lang),
        topic_names={3: "3: نفط"},
        now=datetime(2024, 5, 2, 8, 30, tzinfo=UTC),
        language=lang,
    )


@pytest.mark.parametrize(
    ("lang", "outlets", "sheet"),
    [("en", "Outlets", "About"), ("ar", "المنافذ الإعلامية", "عن البيانات")],
)
def test_excel_has_an_about_sheet_after_the_data(lang, outlets, sheet):
    data = to_bytes(FRAME, "xlsx", made(lang))
    book = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None)
    assert list(book) == ["data", sheet]  # the data first: what programs read by default
    rows = dict(zip(book[sheet][0], book[sheet][1], strict=True))
    assert rows[outlets] == "الأفق، الرصيف"
    assert "20240501T101010Z" in rows.values() and "sn-sample" in rows.values()
    assert "http://host/coverage?outlet=الأفق&q=غزة" in rows.values()
    assert "2024-05-02 08:30 UTC" in rows.values()
    assert "3: نفط" in rows.values() and "غزة" in rows.values()
    assert pd.read_excel(io.BytesIO(data))["title"].iloc[1] == "أمطار غزيرة في عمّان"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_csv_sidecar_and_parquet_metadata_hold_the_view(lang):
    import pyarrow.parquet as pq

    from dashboard.sharing.export import PARQUET_KEY, sidecar

    info = made(lang)
    side = json.loads(sidecar(info).decode("utf-8"))
    meta = json.loads(
        pq.read_schema(io.BytesIO(to_bytes(FRAME, "parquet", info))).metadata[PARQUET_KEY]
    )
    for record in (side, meta):
        assert record["build"] == "20240501T101010Z" and record["corpus"] == "sn-sample"
        assert record["filters"] == {
            "from": "2024-01-01",
            "to": None,
            "outlets": ["الأفق", "الرصيف"],
            "topics": [3],
            "text": "غزة",
        }
        assert record["exported_at"] == "2024-05-02T08:30:00+00:00"
        assert record["url"].endswith("q=غزة") and record["language"] == lang
    words = side["filters_in_words"]
    assert words[{"en": "Topics", "ar": "المواضيع"}[lang]] == "3: نفط"
    assert words[{"en": "Dates", "ar": "التواريخ"}[lang]] == "2024-01-01 → …"
    assert (
        pd.read_parquet(io.BytesIO(to_bytes(FRAME, "parquet", info)))["title"].iloc[1]
        == "أمطار غزيرة في عمّان"
    )


@pytest.mark.parametrize(("lang", "outlets"), [("en", "Outlets"), ("ar", "المنافذ الإعلامية")])
def test_a_chart_carries_its_caption(lang, outlets):
    from dashboard.app.charts.localise import localised
    from dashboard.app.charts.style import CAPTION_NAME, captioned
    from dashboard.app.charts.topics import topic_bars

    fig = topic_bars(pd.DataFrame({"topic": [3], "label": ["نفط"], "articles": [4]}), "t")
    shown = localised(captioned(fig, made(lang).caption_lines()), lang)
    notes = [
        re.sub("[\u2066-\u2069]", "", a.text)
        for a in shown.layout.annotations
        if a.name == CAPTION_NAME
    ]
    assert len(notes) == 1
    assert f"{outlets}: الأفق، الرصيف" in notes[0] and "20240501T101010Z" in notes[0]
    assert "sn-sample" in notes[0] and "2024-05-02" in notes[0]
    assert ("مرصد" in notes[0]) == (lang == "ar")
