"""Hostile and careless inputs of issue 14 (and scrapers' column names of issue 16), one table.

Each case is held to the rules of ``test_bad_input``: a clear refusal, or a load where
``read == loaded + rejected + duplicates`` with the expected counts, reasons and messages.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import struct
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import chunk_sizes
from test_bad_input import Case, body, check, csv_text, record, write

from dashboard.pipeline.ingest import IngestResult, read_corpus


def jsonl(rows: list[dict]) -> str:
    """Rows as JSON Lines."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def mongo_dates(tmp: Path) -> list[Path]:
    dates = [
        {"$date": "2024-05-01T00:00:00Z"},
        {"$date": {"$numberLong": "1714521600000"}},
        {"$date": 1714521600000},
        ["2024-05-01", "2024-05-02"],
    ]
    return [write(tmp / "mongo.jsonl", jsonl([record(i, date=d) for i, d in enumerate(dates)]))]


def all_on_may_first(result: IngestResult, _tmp: Path) -> None:
    assert set(result.articles["published_at"]) == {pd.Timestamp(2024, 5, 1)}


def lone_surrogates(tmp: Path) -> list[Path]:
    lines = jsonl([record(1), record(2), record(3)]).split("\n")
    lines[1] = lines[1].replace("عنوان الخبر", "عنوان \\ud800 الخبر")
    lines[2] = lines[2].replace("خبر رقم", "خبر \\udfff رقم")
    array = json.dumps([record(4, title="عنوان \\ud83d")], ensure_ascii=False)
    return [
        write(tmp / "s.jsonl", "\n".join(lines)),
        write(tmp / "s.json", array.replace("\\\\ud83d", "\\ud83d")),
    ]


def writable_without_surrogates(result: IngestResult, _tmp: Path) -> None:
    text = "".join(result.articles["title"]) + "".join(result.articles["body"])
    assert "\ufffd" in text and not any("\ud800" <= c <= "\udfff" for c in text)
    result.articles.to_parquet(io.BytesIO())  # a build writes this table: it must not fail


def deep_json(tmp: Path) -> list[Path]:
    return [write(tmp / "deep.json", "[" * 100_000 + "]" * 100_000)]


def deep_jsonl_line(tmp: Path) -> list[Path]:
    deep = '{"title": "x", "body": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    return [write(tmp / "deep.jsonl", jsonl([record(1)]) + deep + jsonl([record(2)]))]


def long_integer(tmp: Path) -> list[Path]:
    line = json.dumps(record(1), ensure_ascii=False)[:-1] + ', "id": ' + "7" * 5000 + "}\n"
    array = json.dumps([record(3), record(4)], ensure_ascii=False)[:-2]
    return [
        write(tmp / "long.jsonl", line + jsonl([record(2)])),
        write(tmp / "long.json", array + ', "id": -' + "7" * 5000 + "}]"),
    ]


def digits_kept(result: IngestResult, _tmp: Path) -> None:
    assert {"7" * 5000, "-" + "7" * 5000} <= set(result.articles["source_id"])


def header_on_every_row(tmp: Path) -> list[Path]:
    rows = csv_text([record(1)]).split("\n")
    header = rows[0]
    text = "".join(f"{header}\n{csv_text([record(i)]).split(chr(10))[1]}\n" for i in range(4))
    return [write(tmp / "headers.csv", text)]


def header_rows_named(result: IngestResult, _tmp: Path) -> None:
    assert result.rejected["source_row"].tolist() == [3, 5, 7]


def cr_only(tmp: Path) -> list[Path]:
    return [write(tmp / "mac.csv", csv_text([record(i) for i in range(3)]).replace("\n", "\r"))]


def rows_are_lines(result: IngestResult, _tmp: Path) -> None:
    assert result.articles["source_row"].tolist() == [2, 3, 4]


def chunked_csv(tmp: Path) -> list[Path]:
    rows = [record(i) for i in range(40)]
    rows[6]["body"] = "سطر أول\nسطر ثان يعبر حد القطعة\nسطر ثالث"  # lines 8-10, across the cut
    text = csv_text(rows).split("\n")
    text.insert(20, 'عنوان,"نص لم يغلق,2024-01-01,صحيفة')  # line 21, a broken row
    return [write(tmp / "chunks.csv", "\n".join(text))]


def chunk_rows_right(result: IngestResult, _tmp: Path) -> None:
    rows = result.articles["source_row"].tolist()
    assert rows[:8] == [2, 3, 4, 5, 6, 7, 8, 11]
    assert result.rejected["source_row"].tolist() == [21]
    assert result.articles.loc[result.articles["source_row"] == 8, "body"].iloc[0].count("\n") == 2


def zip_member_flags(tmp: Path) -> list[Path]:
    """Three stored members: one marked encrypted, one marked Zstandard-compressed, one plain."""
    path = tmp / "odd.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, i in (("locked.csv", 1), ("zstd.csv", 2), ("plain.csv", 3)):
            archive.writestr(name, csv_text([record(i)]))
    data = bytearray(path.read_bytes())
    for offset, name in _headers(data):
        flags, method = (6, 8) if data[offset : offset + 4] == b"PK\x03\x04" else (8, 10)
        if name == b"locked.csv":
            struct.pack_into("<H", data, offset + flags, 1)
        if name == b"zstd.csv":
            struct.pack_into("<H", data, offset + method, 93)
    path.write_bytes(bytes(data))
    return [path]


def _headers(data: bytearray) -> list[tuple[int, bytes]]:
    """(offset, member name) of each local and central zip header."""
    found = []
    for magic, name_at, length_at in ((b"PK\x03\x04", 30, 26), (b"PK\x01\x02", 46, 28)):
        start = data.find(magic)
        while start != -1:
            length = struct.unpack_from("<H", data, start + length_at)[0]
            found.append((start, bytes(data[start + name_at : start + name_at + length])))
            start = data.find(magic, start + 4)
    return found


def far_parquet_times(tmp: Path) -> list[Path]:
    table = pa.table(
        {
            "title": ["أ", "ب", "ج"],
            "body": [body(1), body(2), body(3)],
            "date": pa.array(
                [datetime(3000, 1, 1), datetime(1, 1, 1), datetime(2024, 1, 1)],
                pa.timestamp("us"),
            ),
        }
    )
    pq.write_table(table, tmp / "far.parquet")
    return [tmp / "far.parquet"]


def two_gzip_members(tmp: Path) -> list[Path]:
    first = gzip.compress(jsonl([record(i) for i in range(5)]).encode())
    second = gzip.compress(jsonl([record(i) for i in range(5, 10)]).encode())
    return [write(tmp / "joined.jsonl.gz", first + second)]


def two_sheets(tmp: Path) -> list[Path]:
    path = tmp / "book.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame([record(1), record(2)]).to_excel(writer, sheet_name="أولى", index=False)
        pd.DataFrame([record(3)]).to_excel(writer, sheet_name="second", index=False)
    return [path]


def sheets_named(result: IngestResult, _tmp: Path) -> None:
    where = sorted(zip(result.articles["source_file"], result.articles["source_row"], strict=True))
    assert [(Path(f).name, r) for f, r in where] == [
        ("book.xlsx!second", 2),
        ("book.xlsx!أولى", 2),
        ("book.xlsx!أولى", 3),
    ]


def parquet_binary_and_lists(tmp: Path) -> list[Path]:
    table = pa.table(
        {
            "title": pa.array([["عنوان", "أول"], ["عنوان", "ثان"]], pa.list_(pa.string())),
            "body": pa.array([body(1).encode(), body(2).encode()], pa.binary()),
            "date": ["2024-01-01", "2024-01-02"],
        }
    )
    pq.write_table(table, tmp / "typed.parquet")
    return [tmp / "typed.parquet"]


def decoded_and_joined(result: IngestResult, _tmp: Path) -> None:
    assert result.articles["body"].tolist() == [body(1), body(2)]
    assert result.articles["title"].tolist() == ["عنوان أول", "عنوان ثان"]


def epoch_dates(tmp: Path) -> list[Path]:
    csv_file = csv_text([record(1, date="1714521600"), record(2, date="1714521600000")])
    table = pa.table(
        {
            "title": ["أ", "ب"],
            "body": [body(3), body(4)],
            "date": pa.array([date(2024, 5, 1)] * 2, pa.date32()),
            "timestamp": pa.array([1714521600, 1714521600000], pa.int64()),
        }
    )
    pq.write_table(table.drop_columns(["timestamp"]), tmp / "d32.parquet")
    others = table.set_column(1, "body", pa.array([body(5), body(6)]))
    pq.write_table(others.drop_columns(["date"]), tmp / "epoch.parquet")
    return [write(tmp / "epoch.csv", csv_file), tmp / "d32.parquet", tmp / "epoch.parquet"]


def future_dates(tmp: Path) -> list[Path]:
    rows = [record(1, date="غدا"), record(2, date="in 3 days"), record(3, date="2024-06-29")]
    return [write(tmp / "future.csv", csv_text(rows))]


def future_named(result: IngestResult, _tmp: Path) -> None:
    reasons = result.rejected["reason"].tolist()
    assert reasons[0].startswith("future date: 'غدا' is 2024-07-01, after the crawl date")
    assert reasons[1].startswith("future date: 'in 3 days' is 2024-07-03")


def bom_inside_jsonl(tmp: Path) -> list[Path]:
    part = jsonl([record(1), record(2)]).encode("utf-8-sig")
    return [write(tmp / "joined.jsonl", part + jsonl([record(3)]).encode("utf-8-sig"))]


def formulas_without_values(tmp: Path) -> list[Path]:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["title", "body", "date"])
    sheet.append(["أ", body(1), "2024-01-01"])
    sheet.append(["ب", '=CONCAT("نص ", "الخبر")', "2024-01-02"])
    sheet.append(["ج", body(3), "=TODAY()"])
    book.save(tmp / "formulas.xlsx")
    return [tmp / "formulas.xlsx"]


def bidi_hosts(tmp: Path) -> list[Path]:
    rows = [
        {"title": "أ", "body": body(1), "date": "2024-01-01", "url": "https://\u202eexample.com/a"},
        {"title": "ب", "body": body(2), "date": "2024-01-02", "url": "https://news.example/b"},
    ]
    return [write(tmp / "hosts.jsonl", jsonl(rows))]


def hosts_clean(result: IngestResult, _tmp: Path) -> None:
    assert result.articles["outlet"].tolist() == ["example.com", "news.example"]


def deep_tables(tmp: Path) -> list[Path]:
    text = "افتتحت البلدية جسرا جديدا للمشاة فوق النهر يربط الحي القديم بالسوق. " * 5
    page = (
        "<html><head><title>جسر جديد</title></head><body>"
        + "<table><tr><td>" * 5000
        + text
        + "</td></tr></table>" * 5000
        + "</body></html>"
    )
    return [write(tmp / "deep.html", page)]


def deep_page_text(result: IngestResult, _tmp: Path) -> None:
    assert "افتتحت البلدية" in result.articles["body"].iloc[0]
    assert "<" not in result.articles["body"].iloc[0]


def linked_folder(tmp: Path) -> list[Path]:
    outside = write(tmp / "outside" / "secret.csv", csv_text([record(99)]))
    folder = tmp / "corpus"
    write(folder / "a.csv", csv_text([record(1)]))
    write(folder / ".hidden.csv", csv_text([record(2)]))
    (folder / "link.csv").symlink_to(outside)
    (folder / "dangling.csv").symlink_to(tmp / "nowhere.csv")
    (folder / "loop").symlink_to(folder)
    os.mkfifo(folder / "pipe.csv")
    return [folder]


LINK_WARNINGS = (
    r"corpus/\.hidden\.csv: skipped \(hidden file or folder\)$",
    r"corpus/dangling\.csv: skipped \(dangling symbolic link\)$",
    r"corpus/pipe\.csv: skipped \(special file, not a regular file\)$",
)


def nothing_outside(result: IngestResult, _tmp: Path) -> None:
    assert [Path(f).name for f in result.articles["source_file"]] == ["a.csv"]


def scraper_columns(tmp: Path) -> list[Path]:
    rows = [
        {"headline": "أ", "articleBody": body(1), "datePublished": "2024-01-01"},
        {"headline": "ب", "articleBody": body(2), "article:published_time": "2024-01-02"},
    ]
    other = [
        {"title": "ج", "content": body(3), "published_time": "2024-01-03"},
        {"title": "د", "content": "", "description": body(4), "published_time": "2024-01-04"},
        {"title": "ه", "description": body(5), "pubDate": "2024-01-05"},
        {"title": "ز", "description": body(7), "created_at": "2024-01-05"},
        {"title": "و", "description": body(6), "timestamp": 1704585600},
    ]
    return [
        write(tmp / "a.jsonl", jsonl(rows[:1])),
        write(tmp / "b.jsonl", jsonl(rows[1:])),
        write(tmp / "c.jsonl", jsonl(other[:2])),
        write(tmp / "d.jsonl", jsonl(other[2:3])),
        write(tmp / "e.jsonl", jsonl(other[3:4])),
        write(tmp / "f.jsonl", jsonl(other[4:])),
    ]


def fallback_reported(result: IngestResult, _tmp: Path) -> None:
    assert [
        (Path(f["source_file"]).name, f["column"], f["rows"], f["reason"])
        for f in result.report["bodies_from_fallback"]
    ] == [
        ("c.jsonl", "description", 1, "the body is empty"),
        ("d.jsonl", "description", 1, "there is no body column"),
        ("e.jsonl", "description", 1, "there is no body column"),
        ("f.jsonl", "description", 1, "there is no body column"),
    ]
    assert result.articles["published_at"].dt.day.tolist() == [1, 2, 3, 4, 5, 5, 7]


CASES = [
    Case(
        "json-dates-as-objects-and-lists",
        mongo_dates,
        counts={"read": 4, "loaded": 4},
        check=all_on_may_first,
    ),
    Case(
        "lone-surrogate-escapes-in-json",
        lone_surrogates,
        counts={"read": 4, "loaded": 4},
        warnings=(
            r"s\.jsonl row\(s\) 2, 3: lone surrogate escapes .* replaced by U\+FFFD$",
            r"s\.json row\(s\) 1: lone surrogate escapes",
        ),
        check=writable_without_surrogates,
    ),
    Case(
        "json-nested-100000-deep",
        deep_json,
        error=r"deep\.json: not valid JSON: nested more than [\d,]+ levels deep$",
    ),
    Case(
        "json-lines-one-nested-100000-deep",
        deep_jsonl_line,
        counts={"read": 3, "loaded": 2},
        reasons={"malformed row": 1},
    ),
    Case(
        "integer-of-5000-digits",
        long_integer,
        counts={"read": 4, "loaded": 4},
        warnings=(
            r"long\.jsonl row\(s\) 1: integers of more than 4,300 digits kept as text$",
            r"long\.json row\(s\) 2: integers of more than 4,300 digits kept as text$",
        ),
        check=digits_kept,
    ),
    Case(
        "csv-header-repeated-on-every-row",
        header_on_every_row,
        counts={"read": 7, "loaded": 4},
        reasons={"repeated header row": 3},
        check=header_rows_named,
    ),
    Case(
        "cr-only-line-endings",
        cr_only,
        counts={"read": 3, "loaded": 3},
        check=rows_are_lines,
    ),
    Case(
        "csv-streamed-in-chunks-of-7",
        chunked_csv,
        limits={"CHUNK_ROWS": 7},
        counts={"read": 41, "loaded": 40},
        reasons={"malformed row": 1},
        check=chunk_rows_right,
    ),
    Case(
        "zip-members-encrypted-and-zstd",
        zip_member_flags,
        counts={"read": 1, "loaded": 1},
        errors=(
            r"odd\.zip!locked\.csv: member is encrypted \(password-protected\); refused",
            r"odd\.zip!zstd\.csv: member is compressed with Zstandard, which cannot be read; "
            r"refused: zip it again with one of stored, deflate, bzip2, lzma$",
        ),
    ),
    Case(
        "parquet-timestamps-in-3000-and-0001",
        far_parquet_times,
        counts={"read": 3, "loaded": 1},
        reasons={"implausible date": 2},
    ),
    Case(
        "gzip-of-two-members",
        two_gzip_members,
        counts={"read": 10, "loaded": 10},
    ),
    Case(
        "excel-with-two-sheets",
        two_sheets,
        counts={"read": 3, "loaded": 3},
        check=sheets_named,
    ),
    Case(
        "parquet-bodies-binary-titles-lists",
        parquet_binary_and_lists,
        counts={"read": 2, "loaded": 2},
        check=decoded_and_joined,
    ),
    Case(
        "epoch-seconds-milliseconds-and-date32",
        epoch_dates,
        counts={"read": 6, "loaded": 6},
        check=all_on_may_first,
    ),
    Case(
        "tomorrow-and-in-3-days-after-the-crawl",
        future_dates,
        crawl_date=datetime(2024, 6, 30, 12),
        counts={"read": 3, "loaded": 1},
        reasons={"future date": 2},
        check=future_named,
    ),
    Case(
        "bom-in-the-middle-of-json-lines",
        bom_inside_jsonl,
        counts={"read": 3, "loaded": 3},
        warnings=(r"joined\.jsonl: removed 1 byte-order mark\(s\) .* line\(s\) 3 ",),
    ),
    Case(
        "excel-formulas-without-saved-values",
        formulas_without_values,
        counts={"read": 3, "loaded": 1},
        reasons={"empty body": 1, "missing date": 1},
        warnings=(r"formulas\.xlsx!Sheet cell\(s\) B3, C4: 2 formula\(s\) without a saved value",),
    ),
    Case(
        "outlet-from-a-url-host-with-bidi-controls",
        bidi_hosts,
        counts={"read": 2, "loaded": 2},
        warnings=(r"hosts\.jsonl row 1: outlet: bidirectional controls U\+202E removed$",),
        check=hosts_clean,
    ),
    Case(
        "html-tables-nested-5000-deep",
        deep_tables,
        counts={"read": 1, "loaded": 1},
        warnings=(r"deep\.html: the HTML could not be parsed",),
        check=deep_page_text,
    ),
    Case(
        "folder-with-links-a-pipe-and-a-hidden-file",
        linked_folder,
        counts={"read": 1, "loaded": 1},
        warnings=(
            *LINK_WARNINGS,
            r"corpus/link\.csv: skipped \(symbolic link, not followed \(pass --follow-links",
            r"corpus/loop: skipped \(symbolic link, not followed",
        ),
        check=nothing_outside,
    ),
    Case(
        "folder-with-links-followed",
        linked_folder,
        follow_links=True,
        counts={"read": 2, "loaded": 2},
        warnings=(
            *LINK_WARNINGS,
            r"corpus/loop: skipped \(a folder already read \(a link loop\)\)",
        ),
    ),
    Case(
        "scraper-column-names-and-description-fallback",
        scraper_columns,
        counts={"read": 7, "loaded": 7},
        warnings=(
            r"c\.jsonl: 1 bodies taken from the column 'description' \(the body is empty\)$",
            r"d\.jsonl: 1 bodies taken from the column 'description' \(there is no body column\)$",
            r"e\.jsonl: 1 bodies taken from",
            r"f\.jsonl: 1 bodies taken from",
        ),
        check=fallback_reported,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check(case, tmp_path, monkeypatch)


def test_csv_reaches_cleaning_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long CSV is turned into articles a chunk of rows at a time, never held whole."""
    sizes = chunk_sizes(monkeypatch, 7)
    result = read_corpus(chunked_csv(tmp_path))
    assert result.report["read"] == sum(sizes) == 41
    # Chunks of 7 lines, cut where no quote is open (four times longer past the unclosed
    # quote of line 21), joined while fewer than 7 rows are held.
    assert len(sizes) >= 3 and max(sizes) <= 4 * 7 + 7
