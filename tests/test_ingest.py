"""Tests for dashboard.pipeline.ingest."""

from __future__ import annotations

import csv
import gzip
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import shared_file

from dashboard.pipeline.ingest import IngestError, read_corpus
from dashboard.storage.schema import ARTICLE_COLUMNS, validate
from dashboard.text.dates import parse_dates

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

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


# --- real corpora -------------------------------------------------------------------------


def test_saudinewsnet_every_record_accounted_for_with_duplicates_listed() -> None:
    result = read_corpus([shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz")])
    report = result.report
    _check_counts(result)
    assert report["read"] == 31030
    assert report["loaded"] + report["rejected"] + report["duplicates"] == 31030
    # 354 records have an empty body (README); 57 of them have no title either.
    assert report["reasons"] == {"empty body": 297, "missing title and body": 57}
    assert report["errors"] == []
    # Exact duplicates are left out and listed, each pointing at a loaded article.
    assert report["duplicates"] == len(result.duplicates) == len(report["duplicate_list"]) > 500
    assert set(result.duplicates["duplicate_of"]) <= set(result.articles["id"])
    # Near-duplicates stay loaded, are counted and listed, and point at a loaded canonical copy.
    near = result.near_duplicates
    assert report["near_duplicates"] == len(near) == len(report["near_duplicate_list"]) > 1000
    assert set(near["id"]) <= set(result.articles["id"])
    assert set(near["near_duplicate_of"]) <= set(result.articles["id"])
    assert (near["similarity"] >= 0.5).all()
    marked = result.articles.set_index("id")["near_duplicate_of"]
    assert (marked.loc[near["id"]].to_numpy() == near["near_duplicate_of"].to_numpy()).all()
    # Who else ran the story, and when, is on the canonical copy.
    canonical = result.articles.set_index("id").loc[near["near_duplicate_of"].iloc[0]]
    assert canonical["also_published_by"]
    # Footers learned from the corpus are gone from the bodies (almadina's SMS footer, WAS's
    # "// انتهى //") and kept in the boilerplate column.
    was = result.articles[result.articles["outlet"] == "was"]
    assert not was["body"].str.contains("// انتهى //", regex=False).any()
    assert was["boilerplate"].str.contains("// انتهى //", regex=False).sum() > 300


def test_aljazeera_every_date_parsed_equal_to_the_date_field() -> None:
    path = shared_file("data/aljazeera_palestine/aljazeera_palestine.jsonl")
    raw = pd.read_json(path, lines=True, dtype={"date": str})
    result = read_corpus([path])
    _check_counts(result)
    assert result.report["read"] == len(raw) == 12325
    # The only rejects are the 412 items with no excerpt: no date failed.
    assert result.report["reasons"] == {"empty body": 412}
    expected = dict(zip(raw["link"], pd.to_datetime(raw["date"]), strict=True))
    loaded = result.articles
    assert (loaded["published_at"] == loaded["url"].map(expected)).all()
    # The raw page strings ("Published On 5/10/2024", day first) give the same dates.
    assert (parse_dates(raw["date_text"]) == pd.to_datetime(raw["date"])).all()


# --- more formats -------------------------------------------------------------------------


def test_zip_members_are_read_in_memory_and_unsafe_names_never_extracted(tmp_path: Path) -> None:
    archive = tmp_path / "inner" / "corpus.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.jsonl", json.dumps(RECORDS[0], ensure_ascii=False))
        zipped.writestr("../escape.jsonl", json.dumps(RECORDS[1], ensure_ascii=False))
        zipped.writestr("/abs/b.csv", "title,body,date\nعنوان,نص من ملف مضغوط,2024-05-01\n")
        zipped.writestr("readme.md", "ليس بيانات")
    result = read_corpus([archive])
    _check_counts(result)
    assert result.report["loaded"] == 3
    assert sorted(result.articles["source_file"]) == [
        f"{archive}!a.jsonl",
        f"{archive}!abs/b.csv",
        f"{archive}!escape.jsonl",
    ]
    assert not (tmp_path / "escape.jsonl").exists()
    assert any("unsafe path" in w and "../escape.jsonl" in w for w in result.report["warnings"])
    assert any("readme.md" in w for w in result.report["warnings"])


def test_news_please_json_files_in_a_folder(tmp_path: Path) -> None:
    article = {
        "authors": ["سعاد"],
        "date_download": "2024-04-02 10:00:00",
        "date_publish": "2024-04-01 08:15:00",
        "description": "وصف قصير",
        "language": "ar",
        "maintext": "أعلنت الجامعة عن منح دراسية جديدة للطلاب المتفوقين.",
        "source_domain": "www.uni-news.example",
        "title": "منح دراسية جديدة",
        "url": "https://www.uni-news.example/a/1",
    }
    (tmp_path / "uni").mkdir()
    (tmp_path / "uni" / "1.json").write_text(json.dumps(article, ensure_ascii=False), "utf-8")
    second = dict(article, title="ملعب جديد", maintext="افتتح ملعب جديد.", url="u2")
    (tmp_path / "uni" / "2.json").write_text(json.dumps(second, ensure_ascii=False), "utf-8")
    result = read_corpus([tmp_path])
    _check_counts(result)
    assert result.articles["title"].tolist() == ["منح دراسية جديدة", "ملعب جديد"]
    assert result.articles["body"].iloc[0].startswith("أعلنت الجامعة")
    assert result.articles["outlet"].iloc[0] == "www.uni-news.example"
    assert result.articles["published_at"].iloc[0] == pd.Timestamp(2024, 4, 1, 8, 15)


def test_html_page_main_text_without_scripts_or_navigation() -> None:
    result = read_corpus([FIXTURES / "page.html"])
    _check_counts(result)
    article = result.articles.iloc[0]
    assert article["title"] == "افتتاح جسر المشاة الجديد فوق نهر المدينة"
    assert article["outlet"] == "جريدة الضفة"
    assert article["published_at"] == pd.Timestamp(2024, 3, 14)
    assert article["date_source"] == "page metadata"
    assert article["body"].startswith("افتتحت بلدية المدينة صباح الخميس")
    assert article["body"].count("\n\n") == 3  # four paragraphs
    for furniture in ("سكربت", "tracker", "الرئيسية", "جميع الحقوق", "color"):
        assert furniture not in article["body"]


def test_text_page_without_a_date_takes_the_crawl_date(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("ازدحام في السوق\n\nشهد السوق القديم ازدحاما كبيرا قبل العيد.\n", "utf-8")
    crawled = read_corpus([page], crawl_date=datetime(2024, 4, 8, 12))
    assert crawled.articles["published_at"].tolist() == [pd.Timestamp(2024, 4, 8, 12)]
    assert crawled.articles["date_source"].tolist() == ["crawl date"]
    undated = read_corpus([page])
    assert undated.articles["date_source"].tolist() == ["file time"]
    assert undated.report["date_sources"] == {"file time": 1}


def test_each_article_says_which_kind_of_date_it_has(tmp_path: Path) -> None:
    from dashboard.analysis.coverage import date_kinds

    table = tmp_path / "news.csv"
    rows = [("2024-03-01", "أ"), ("منذ 3 أيام", "ب"), ("أمس", "ج"), ("23 ديسمبر", "د")]
    lines = ["title,body,date"] + [f"خبر {t},نص الخبر {t} في السوق,{d}" for d, t in rows]
    table.write_text("\n".join(lines) + "\n", "utf-8")
    result = read_corpus([table], crawl_date=datetime(2024, 4, 8, 12))
    assert result.articles["date_source"].tolist() == ["field", "relative", "relative", "relative"]
    assert result.articles["published_at"].iloc[1] == pd.Timestamp(2024, 4, 5, 12)
    published = {"ingest": {"columns": ["title", "body", "date"]}}
    assert date_kinds(result.articles, published).tolist() == ["published", *["relative"] * 3]
    crawled = {"ingest": {"columns": ["title", "body", "date_extracted"]}}
    assert date_kinds(result.articles, crawled).tolist() == ["crawl", *["relative"] * 3]
    pages = pd.DataFrame({"date_source": ["text", "page metadata", "crawl date", "file time"]})
    assert date_kinds(pages, published).tolist() == ["published"] * 2 + ["crawl"] * 2
    old_store = pd.DataFrame({"title": ["خبر"]})  # built before date sources were kept
    assert date_kinds(old_store, published).tolist() == ["published"]


# --- bad input: a clear message or a clean load, never a traceback or a lost record -------


def test_truncated_gzip_keeps_what_it_holds_and_rejects_the_cut_record(tmp_path: Path) -> None:
    lines = [json.dumps(dict(RECORDS[0], url=f"u{i}", title=f"خبر {i}")) for i in range(200)]
    whole = gzip.compress("\n".join(lines).encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    result = read_corpus([path])
    _check_counts(result)
    assert 0 < result.report["loaded"] < 200
    assert any("truncated gzip" in w for w in result.report["warnings"])
    # Every line that arrived is either loaded or rejected with its line number.
    assert result.report["read"] == result.report["loaded"] + result.report["rejected"]
    assert set(result.report["reasons"]) <= {"malformed row"}
    assert result.rejected["source_row"].tolist() in ([], [result.report["read"]])


def test_gzip_with_nothing_readable_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv.gz"
    path.write_bytes(b"this is not gzip at all")
    with pytest.raises(IngestError, match=r"broken\.csv\.gz: not a readable gzip file"):
        read_corpus([path])


def test_undecodable_file_is_named_and_the_other_files_still_load(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "good.jsonl", RECORDS[:2])
    cyrillic = "title,body,date\nновости,культура и музыка,2024-01-01\n".encode("cp1251")
    (tmp_path / "cyrillic.csv").write_bytes(cyrillic)
    result = read_corpus([tmp_path])
    _check_counts(result)
    assert result.report["loaded"] == 2
    assert len(result.report["errors"]) == 1
    assert "cyrillic.csv: cannot detect the text encoding" in result.report["errors"][0]
    assert "UTF-8" in result.report["errors"][0]


def test_missing_columns_in_one_file_do_not_stop_the_others(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "good.jsonl", RECORDS[:1])
    (tmp_path / "bad.csv").write_text("العنوان,الكاتب\nعنوان,كاتب\n", encoding="utf-8")
    result = read_corpus([tmp_path])
    assert result.report["loaded"] == 1
    assert (
        "bad.csv: missing required columns ['body', 'published_at']" in result.report["errors"][0]
    )


def test_nul_bytes_are_removed_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes("title,body,date\nعنوان\x00,نص\x00 فيه صفر,2024-01-01\n".encode())
    result = read_corpus([path])
    _check_counts(result)
    assert result.articles[["title", "body"]].values.tolist() == [["عنوان", "نص فيه صفر"]]
    assert result.report["warnings"] == [f"{path}: removed 2 NUL characters"]


def test_utf16_without_bom_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_bytes("title,body,date\nعنوان,نص الخبر هنا,2024-03-01\n".encode("utf-16-le"))
    assert read_corpus([path]).articles["body"].tolist() == ["نص الخبر هنا"]


def test_a_5_mb_field_loads_whole(tmp_path: Path) -> None:
    paragraph = "تواصل البلدية أعمال الصيانة في الشوارع الرئيسية. "
    big = paragraph * (5_000_000 // len(paragraph.encode("utf-8")) + 1)
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["title", "body", "date"], ["طويل", big, "2024-02-02"]])
    assert path.stat().st_size > 5_000_000
    result = read_corpus([path])
    _check_counts(result)
    assert result.articles["body"].tolist() == [big.strip()]


def test_html_field_with_script_tags_is_cleaned(tmp_path: Path) -> None:
    body = (
        '<div><p>بدأ موسم قطف الزيتون.</p><script>alert("x")</script><p>والأسعار مستقرة.</p></div>'
    )
    path = tmp_path / "h.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["title", "body", "date"], ["زيتون", body, "2024-10-10"]])
    result = read_corpus([path])
    assert result.articles["body"].tolist() == ["بدأ موسم قطف الزيتون.\n\nوالأسعار مستقرة."]


def test_implausible_dates_are_reported_not_guessed(tmp_path: Path) -> None:
    records = [dict(RECORDS[0], date=d, url=d) for d in ("2999-01-01", "1850-05-05", "2024-01-01")]
    result = read_corpus([_write_jsonl(tmp_path / "d.jsonl", records)])
    _check_counts(result)
    assert result.report["loaded"] == 1
    assert sorted(result.rejected["reason"]) == [
        "implausible date: '1850-05-05'",
        "implausible date: '2999-01-01'",
    ]


def test_boilerplate_learned_from_an_outlet_is_removed(tmp_path: Path) -> None:
    footer = ["تصفح المزيد", "شارك الخبر على فيسبوك", "pic.twitter.com/abc123"]
    records = [
        {
            "title": f"خبر رقم {i}",
            "content": f"نص الخبر رقم {i} عن شأن محلي مختلف.\n" + "\n".join(footer),
            "date": "2024-05-05",
            "source": "موقع الحي",
            "url": f"https://hay.example/{i}",
        }
        for i in range(12)
    ]
    other = dict(records[0], title="خبر آخر", source="موقع آخر", url="https://other.example/1")
    result = read_corpus([_write_jsonl(tmp_path / "b.jsonl", [*records, other])])
    _check_counts(result)
    hay = result.articles[result.articles["outlet"] == "موقع الحي"]
    assert hay["body"].tolist() == [f"نص الخبر رقم {i} عن شأن محلي مختلف." for i in range(12)]
    assert hay["boilerplate"].tolist() == ["\n".join(footer)] * 12
    # One article of another outlet teaches nothing: its text stays whole.
    assert (
        "تصفح المزيد"
        in result.articles.loc[result.articles["outlet"] == "موقع آخر", "body"].iloc[0]
    )


def test_near_duplicates_stay_loaded_and_are_linked(tmp_path: Path) -> None:
    story = (
        "أعلنت وزارة الزراعة اليوم عن خطة لزراعة مليون شجرة في المحافظات الجنوبية خلال "
        "العامين المقبلين بمشاركة المتطوعين والمدارس والبلديات."
    )
    records = [
        {"title": "مليون شجرة", "content": story, "date": "2024-03-02", "source": "ب", "url": "b"},
        {"title": "مليون شجرة", "content": story, "date": "2024-03-01", "source": "أ", "url": "a"},
        {
            "title": "خطة مليون شجرة",
            "content": story + " وقال الوزير إن الخطة ممولة.",
            "date": "2024-03-03",
            "source": "ج",
            "url": "c",
        },
    ]
    result = read_corpus([_write_jsonl(tmp_path / "n.jsonl", records)])
    _check_counts(result)
    articles = result.articles.set_index("url")
    assert result.report["duplicates"] == 1  # the same title and text from two outlets
    assert result.report["near_duplicates"] == 1
    assert articles.loc["c", "near_duplicate_of"] == articles.loc["b", "id"]
    assert articles.loc["b", "also_published_by"] == ["ج (2024-03-03)", "أ (2024-03-01)"]


def test_damaged_parquet_and_excel_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "a.parquet").write_bytes(b"not parquet")
    (tmp_path / "b.xlsx").write_bytes(b"not excel")
    with pytest.raises(IngestError) as info:
        read_corpus([tmp_path])
    assert "a.parquet: not a readable Parquet file" in str(info.value)
    assert "b.xlsx: not a readable Excel file" in str(info.value)
