import io
import json

import pandas as pd
import pytest

from dashboard.core.export import to_bytes

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
