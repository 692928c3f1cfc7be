"""Tests for dashboard.core.ingest."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import shared_file

from dashboard.core.ingest import IngestError, read_corpus
from dashboard.core.schema import ARTICLE_COLUMNS, validate

RECORDS = [
    {
        "title": "افتتاح مكتبة عامة",
        "content": "افتتحت المدينة مكتبة عامة جديدة تضم آلاف الكتب.",
        "date": "3 كانون الثاني 2024",
        "source": "صحيفة الشمال",
        "url": "https://north.example/1",
        "tags": "ثقافة، كتب|مدن",
    },
    {
        "title": "موسم الحصاد",
        "content": "بدأ المزارعون موسم حصاد القمح في السهول الشرقية.",
        "date": "2024-06-05 08:00:00",
        "source": "صحيفة الشرق",
        "url": "https://east.example/2",
        "tags": ["زراعة", "قمح"],
    },
    {
        "title": "خبر بلا تاريخ",
        "content": "نص خبر لا يحمل تاريخا مفهوما.",
        "date": "قريبا",
        "source": "صحيفة الشرق",
        "url": "https://east.example/3",
        "tags": "",
    },
    {
        "title": "عنوان فقط",
        "content": "",
        "date": "2024-06-06",
        "source": "صحيفة الشرق",
        "url": "https://east.example/4",
        "tags": "",
    },
]


def _check_counts(result) -> None:
    report = result.report
    assert report["read"] == report["loaded"] + report["rejected"] + report["duplicates"]
    assert report["loaded"] == len(result.articles)
    assert report["rejected"] == len(result.rejected)
    assert sum(report["reasons"].values()) == report["rejected"]
    validate(result.articles)
    assert {"source_file", "source_row"} <= set(result.articles.columns)


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    path.write_text(lines + "\n", encoding="utf-8")
    return path


def test_jsonl_gz_loads_and_rejects_with_reasons(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS] + ['{"title": "مكسور', ""]
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8")))
    result = read_corpus([path])
    _check_counts(result)
    assert result.report["read"] == 5
    assert result.articles["title"].tolist() == ["افتتاح مكتبة عامة", "موسم الحصاد"]
    assert result.articles["published_at"].tolist() == [
        pd.Timestamp(2024, 1, 3),
        pd.Timestamp(2024, 6, 5, 8),
    ]
    assert result.articles["tags"].tolist() == [["ثقافة", "كتب", "مدن"], ["زراعة", "قمح"]]
    assert result.articles["outlet"].tolist() == ["صحيفة الشمال", "صحيفة الشرق"]
    assert result.articles["source_row"].tolist() == [1, 2]
    reasons = dict(zip(result.rejected["source_row"], result.rejected["reason"], strict=True))
    assert reasons[3] == "unparseable date: 'قريبا'"
    assert reasons[4] == "empty body"
    assert reasons[5].startswith("malformed row (line 5)")
    assert result.report["reasons"] == {
        "unparseable date": 1,
        "empty body": 1,
        "malformed row": 1,
    }


def test_csv_broken_quoted_row_is_rejected_with_line_number(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "title,body,date\n"
        'خبر أول,"نص أول\nفي سطرين",2024-01-01\n'
        'خبر ثان,"نص مكسور بلا إغلاق,2024-01-02\n'
        "خبر ثالث,نص ثالث,2024-01-03\n"
        "خبر رابع,نص رابع,2024-01-04\n",
        encoding="utf-8",
    )
    result = read_corpus([path])
    _check_counts(result)
    assert result.articles["title"].tolist() == ["خبر أول", "خبر ثالث", "خبر رابع"]
    assert result.articles["body"].tolist()[0] == "نص أول\nفي سطرين"
    assert result.articles["source_row"].tolist() == [2, 5, 6]
    assert result.rejected["source_row"].tolist() == [4]
    assert result.rejected["reason"].iloc[0].startswith("malformed row (line 4)")


def test_windows_1256_csv_with_arabic_column_names(tmp_path: Path) -> None:
    path = tmp_path / "akhbar.csv"
    text = (
        "العنوان;النص;التاريخ;المصدر\n"
        "سوق الخضار;ارتفعت أسعار الطماطم هذا الأسبوع;5 أيار 2024;جريدة\n"
    )
    path.write_bytes(text.encode("cp1256"))
    result = read_corpus([path])
    _check_counts(result)
    row = result.articles.iloc[0]
    assert (row["title"], row["outlet"]) == ("سوق الخضار", "جريدة")
    assert row["published_at"] == pd.Timestamp(2024, 5, 5)


def test_iso_8859_6_csv(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes("title,body,date\nعنوان,نص قصير هنا,2024-02-02\n".encode("iso-8859-6"))
    result = read_corpus([path])
    assert result.articles["body"].tolist() == ["نص قصير هنا"]


def test_utf16_tsv(tmp_path: Path) -> None:
    path = tmp_path / "news.tsv"
    path.write_bytes("headline\ttext\tpublished\nعنوان\tنص الخبر\t2024-03-01\n".encode("utf-16"))
    result = read_corpus([path])
    _check_counts(result)
    assert result.articles["title"].tolist() == ["عنوان"]


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    path.write_text(json.dumps(RECORDS[:2], ensure_ascii=False), encoding="utf-8")
    result = read_corpus([path])
    _check_counts(result)
    assert result.report["loaded"] == 2


def test_parquet_and_excel(tmp_path: Path) -> None:
    frame = pd.DataFrame(RECORDS[:2]).assign(tags=["أ، ب", "ج"])
    frame.to_parquet(tmp_path / "news.parquet")
    frame.assign(date=[datetime(2024, 1, 3), "5 جوان 2024"]).to_excel(
        tmp_path / "news.xlsx", index=False
    )
    parquet = read_corpus([tmp_path / "news.parquet"])
    excel = read_corpus([tmp_path / "news.xlsx"])
    _check_counts(parquet)
    _check_counts(excel)
    assert parquet.articles["source_row"].tolist() == [1, 2]
    assert excel.articles["source_row"].tolist() == [2, 3]
    assert excel.articles["published_at"].tolist() == [
        pd.Timestamp(2024, 1, 3),
        pd.Timestamp(2024, 6, 5),
    ]


def test_folder_is_read_recursively_and_duplicates_across_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    _write_jsonl(tmp_path / "a.jsonl", RECORDS[:2])
    _write_jsonl(tmp_path / "sub" / "b.jsonl", RECORDS[1:2])
    (tmp_path / "notes.md").write_text("ليس ملف بيانات", encoding="utf-8")
    result = read_corpus([tmp_path])
    _check_counts(result)
    assert len(result.report["files"]) == 2
    assert result.report["duplicates"] == 1
    assert result.duplicates["duplicate_of"].iloc[0] in set(result.articles["id"])
    assert result.articles["id"].is_unique


def test_mapping_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("h,b,when,text\nعنوان,النص الحقيقي,2024-04-04,ملاحظة\n", encoding="utf-8")
    result = read_corpus([path], mapping={"title": "h", "body": "b", "published_at": "when"})
    assert result.articles["body"].tolist() == ["النص الحقيقي"]


def test_missing_columns_raise_naming_them(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("العنوان,الكاتب\nعنوان,كاتب\n", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        read_corpus([path])
    message = str(info.value)
    assert "bad.csv" in message
    assert "الكاتب" in message
    assert "body" in message and "published_at" in message


def test_relative_dates_use_crawl_date_and_ids_stay_unique(tmp_path: Path) -> None:
    same = {"title": "عنوان مكرر", "date": "منذ 3 أيام", "source": "موقع"}
    records = [dict(same, content="نص أول مختلف"), dict(same, content="نص ثان مختلف")]
    path = _write_jsonl(tmp_path / "rel.jsonl", records)
    result = read_corpus([path], crawl_date=datetime(2024, 6, 30))
    _check_counts(result)
    assert result.articles["published_at"].tolist() == [pd.Timestamp(2024, 6, 27)] * 2
    assert result.articles["id"].is_unique
    assert read_corpus([path]).report["reasons"] == {"unparseable date": 2}


def test_html_and_boilerplate_cleaned_on_load(tmp_path: Path) -> None:
    record = dict(
        RECORDS[0],
        content="<p>نص الخبر الأساسي.</p><script>track()</script><p>جميع الحقوق محفوظة</p>",
    )
    result = read_corpus([_write_jsonl(tmp_path / "h.jsonl", [record])])
    assert result.articles["body"].tolist() == ["نص الخبر الأساسي."]
    assert result.articles["boilerplate"].tolist() == ["جميع الحقوق محفوظة"]


def test_saudinewsnet_sample_every_record_accounted_for(tmp_path: Path) -> None:
    source = shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        lines = [line for _, line in zip(range(2000), handle, strict=False)]
    sample = tmp_path / "saudinewsnet-2000.jsonl.gz"
    sample.write_bytes(gzip.compress("".join(lines).encode("utf-8")))
    result = read_corpus([sample])
    _check_counts(result)
    assert result.report["read"] == 2000
    assert result.report["loaded"] > 1800
    assert set(result.report["reasons"]) <= {"empty body", "missing title and body"}
    assert list(result.articles.columns[: len(ARTICLE_COLUMNS)]) == list(ARTICLE_COLUMNS)
    assert result.articles["published_at"].between("2015-07-01", "2015-09-01").all()
