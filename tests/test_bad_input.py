"""Malformed and hostile inputs, one table: each gives a clear message or a fully accounted load.

Every input is written here, in the test's own folder. A case either expects
``read_corpus`` to refuse with an ``IngestError`` whose message says why, or a
load where ``read == loaded + rejected + duplicates`` with the expected counts,
reasons, errors and warnings (and no others). Nothing may raise anything else.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import re
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from dashboard.pipeline.ingest import IngestError, IngestResult, read_corpus, sizes

HEADER = ("title", "body", "date", "outlet")
WORDS = "سوق نفط حكومة مطر مدرسة طريق ميناء قمح طاقة مجلس ملعب مستشفى جامعة قطار ماء كهرباء"
WORDS_LIST = WORDS.split()
MIB = 1 << 20


def body(i: int, words: int = 14) -> str:
    """A short Arabic article body, different for each ``i``."""
    rnd = random.Random(i)
    return f"خبر رقم {i} عن " + " ".join(rnd.choice(WORDS_LIST) for _ in range(words))


def record(i: int, **changes: str) -> dict[str, str]:
    """One well-formed article record."""
    row = {
        "title": f"عنوان الخبر {i}",
        "body": body(i),
        "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "outlet": f"صحيفة {i % 3}",
    }
    return {**row, **changes}


def csv_text(rows: list[dict[str, str]], delimiter: str = ",", header=HEADER) -> str:
    """Rows as CSV text with ``header``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([row.get(h, "") for h in header] for row in rows)
    return out.getvalue()


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write text or bytes to ``path`` (parents created); returns it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def zipped(path: Path, members: dict[str, bytes | str]) -> Path:
    """A deflated zip of ``members``; returns its path."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def bomb_csv(size: int) -> bytes:
    """A CSV whose one body field holds ``size`` bytes of the same letter."""
    return b"title,body,date\nx," + b"a" * size + b",2024-01-01\n"


@dataclass(frozen=True)
class Case:
    """One bad input and what ``read_corpus`` must make of it."""

    id: str
    make: Callable[[Path], list[Path]]
    error: str = ""  # the IngestError message must match this regex
    counts: dict[str, int] = field(default_factory=dict)  # expected report counts
    reasons: dict[str, int] | None = field(default_factory=dict)  # exactly these; None: see check
    errors: tuple[str, ...] = ()  # each matches one report error; no other errors
    warnings: tuple[str, ...] = ()  # each matches one report warning; no other warnings
    check: Callable[[IngestResult, Path], None] | None = None
    limits: dict[str, int] = field(default_factory=dict)  # ingest module settings for this case
    env: dict[str, str] = field(default_factory=dict)  # MARSAD_* settings for this case
    crawl_date: datetime | None = None
    follow_links: bool = False
    peak_mib: float | None = None  # most memory Python may allocate while reading
    max_s: float = 30.0  # most seconds the read may take (generous: CI machines are slow)


# --- inputs ------------------------------------------------------------------------------


def broken_quoting(tmp: Path) -> list[Path]:
    rows = csv_text([record(i) for i in range(4)]).split("\n")
    rows[2] = 'عنوان,"نص لم يغلق اقتباسه,2024-01-02,صحيفة'
    return [write(tmp / "quotes.csv", "\n".join(rows))]


def delimited(delimiter: str) -> Callable[[Path], list[Path]]:
    def make(tmp: Path) -> list[Path]:
        return [write(tmp / "wrong.csv", csv_text([record(i) for i in range(5)], delimiter))]

    return make


def outlets_are_split_right(result: IngestResult, _tmp: Path) -> None:
    assert sorted(set(result.articles["outlet"])) == ["صحيفة 0", "صحيفة 1", "صحيفة 2"]
    assert set(result.articles["title"]) == {f"عنوان الخبر {i}" for i in range(5)}


def extra_fields(tmp: Path) -> list[Path]:
    text = csv_text([record(0), record(1)]) + "عنوان,نص,2024-01-01,صحيفة,حقل زائد\n"
    return [write(tmp / "extra.csv", text)]


def raw_row_kept(result: IngestResult, _tmp: Path) -> None:
    rejected = result.rejected.iloc[0]
    assert rejected["source_row"] == 4
    assert "expected 4 fields, found 5" in rejected["reason"]
    assert "حقل زائد" in rejected["raw"]


def truncated_gzip(tmp: Path) -> list[Path]:
    lines = [json.dumps(record(i), ensure_ascii=False) for i in range(10)]
    whole = gzip.compress("\n".join(lines).encode("utf-8"))
    return [write(tmp / "cut.jsonl.gz", whole[: len(whole) * 2 // 3])]


def truncated_gzip_accounted(result: IngestResult, _tmp: Path) -> None:
    report = result.report
    assert 1 <= report["loaded"] < 10
    assert report["rejected"] <= 1  # the record cut in half, unless the cut fell between lines
    assert set(report["reasons"]) <= {"malformed row"}


def gzip_bomb(tmp: Path) -> list[Path]:
    return [write(tmp / "bomb.csv.gz", gzip.compress(bomb_csv(64 * MIB), compresslevel=9))]


def zip_bomb(tmp: Path) -> list[Path]:
    members = {"bomb.csv": bomb_csv(64 * MIB), "ok.csv": csv_text([record(1)])}
    path = zipped(tmp / "bomb.zip", members)
    assert path.stat().st_size < MIB // 4  # a small file that unpacks to 64 MiB
    return [path]


def zip_lying_about_size(tmp: Path) -> list[Path]:
    path = zipped(tmp / "liar.zip", {"a.csv": csv_text([record(i) for i in range(300)])})
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)  # declared uncompressed size
    struct.pack_into("<I", data, 22, 100)  # same in the local header
    path.write_bytes(bytes(data))
    return [path, write(tmp / "good.csv", csv_text([record(1000)]))]


def zip_many_members(tmp: Path) -> list[Path]:
    members = {f"{n}.csv": csv_text([record(1000 * n + i) for i in range(100)]) for n in range(3)}
    assert all(15_000 < len(m.encode()) < 25_000 for m in members.values())
    return [zipped(tmp / "many.zip", members)]


def zip_unsafe_names(tmp: Path) -> list[Path]:
    members = {
        "../../evil.csv": csv_text([record(1)]),
        "/etc/abs.csv": csv_text([record(2)]),
        "C:\\windows\\drive.csv": csv_text([record(3)]),
        "sub/../../up.csv": csv_text([record(4)]),
    }
    folder = tmp / "in"
    folder.mkdir()
    return [zipped(folder / "unsafe.zip", members)]


def nothing_extracted(result: IngestResult, tmp: Path) -> None:
    on_disk = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*"))
    assert on_disk == ["in", "in/unsafe.zip"]
    names = sorted(s.split("!")[1] for s in result.articles["source_file"])
    assert names == ["etc/abs.csv", "evil.csv", "sub/up.csv", "windows/drive.csv"]


def nested_zip(tmp: Path) -> list[Path]:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("hidden.csv", csv_text([record(9)]))
    return [
        zipped(tmp / "outer.zip", {"inner.zip": inner.getvalue(), "a.csv": csv_text([record(1)])})
    ]


ENCODINGS = ("utf-8", "utf-8-sig", "cp1256", "utf-16")


def mixed_encodings(tmp: Path) -> list[Path]:
    folder = tmp / "mixed"
    for n, encoding in enumerate(ENCODINGS):
        write(folder / f"{n}.csv", csv_text([record(n)]), encoding)
    return [folder]


def titles_decoded(result: IngestResult, _tmp: Path) -> None:
    assert sorted(result.articles["title"]) == [f"عنوان الخبر {n}" for n in range(len(ENCODINGS))]
    assert set(result.articles["body"]) == {body(n) for n in range(len(ENCODINGS))}


def mixed_in_one_file(tmp: Path) -> list[Path]:
    head = csv_text([record(1), record(2)]).encode("utf-8")
    tail = csv_text([record(3)]).split("\n", 1)[1].encode("cp1256")
    return [write(tmp / "mixed.csv", head + tail)]


def nul_bytes(tmp: Path) -> list[Path]:
    rows = [
        record(i, title=f"عنوان\x00 {i}", body=body(i).replace(" ", "\x00 ", 2)) for i in range(3)
    ]
    return [write(tmp / "nul.csv", csv_text(rows))]


def no_nul_left(result: IngestResult, _tmp: Path) -> None:
    for column in ("title", "body", "outlet"):
        assert not result.articles[column].str.contains("\x00").any()
    assert sorted(result.articles["title"]) == [f"عنوان {i}" for i in range(3)]


BIG_FIELD = ("نص طويل " * (10 * MIB // 14 + 1)).strip()


def ten_mb_field(tmp: Path) -> list[Path]:
    assert len(BIG_FIELD.encode()) >= 10 * MIB
    return [write(tmp / "big.csv", csv_text([record(1, body=BIG_FIELD), record(2)]))]


def big_field_whole(result: IngestResult, _tmp: Path) -> None:
    bodies = dict(zip(result.articles["title"], result.articles["body"], strict=True))
    assert bodies["عنوان الخبر 1"] == BIG_FIELD


def duplicate_ids(tmp: Path) -> list[Path]:
    rows = [record(1), record(1), record(2), record(3)]
    header = ("id", *HEADER)
    ids = ["7", "7", "7", "8"]  # an exact copy, then a different article reusing the id
    rows = [{**row, "id": i} for row, i in zip(rows, ids, strict=True)]
    return [write(tmp / "dups.csv", csv_text(rows, header=header))]


def duplicates_linked(result: IngestResult, _tmp: Path) -> None:
    first = result.articles.set_index("title").loc["عنوان الخبر 1"]
    assert result.duplicates["duplicate_of"].tolist() == [first["id"]]
    assert result.duplicates["source_row"].tolist() == [3]
    assert sorted(result.articles["source_id"]) == ["7", "7", "8"]
    assert result.articles["id"].is_unique


def missing_columns(tmp: Path) -> list[Path]:
    return [write(tmp / "cols.csv", csv_text([record(1)], header=("title", "outlet")))]


def far_dates(tmp: Path) -> list[Path]:
    rows = [
        record(1, date="1800-01-01"),
        record(2, date="2300-06-01"),
        record(3, date="5 مايو 1800"),
        record(4, date="01/01/2300"),
        record(5),
    ]
    return [write(tmp / "dates.csv", csv_text(rows))]


def far_dates_named(result: IngestResult, _tmp: Path) -> None:
    assert sorted(result.rejected["source_row"]) == [2, 3, 4, 5]
    assert result.rejected["reason"].str.contains("1800|2300").all()


def many_rows(tmp: Path) -> list[Path]:
    rnd = random.Random(0)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for i in range(200_000):
        text = " ".join(rnd.choices(WORDS_LIST, k=20))
        writer.writerow((f"خبر {i}", f"{text} رقم {i}", f"2024-{1 + i % 12:02d}-01", f"o{i % 9}"))
    return [write(tmp / "many.csv", out.getvalue())]


BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bidi_titles(tmp: Path) -> list[Path]:
    rows = [record(i, title=f"\u202eعنوان {i} gpj.exe\u202c") for i in range(3)]
    rows[1]["body"] = f"\u2067{body(1)}\u2069"  # an isolate in the body
    rows[2] |= {"outlet": "\u202bصحيفة 2\u202c", "tags": "\u202dوسم\u202c، اقتصاد"}
    rows.append(record(3, title="عنوان بعلامة اتجاه\u200f"))  # a right-to-left mark: kept
    return [write(tmp / "bidi.csv", csv_text(rows, header=(*HEADER, "tags")))]


def bidi_removed_and_named(result: IngestResult, _tmp: Path) -> None:
    # The controls that reorder what is shown ("gpj.exe" would show as "exe.jpg") are removed
    # from every text field, and the report names each row and field they were removed from.
    articles = result.articles.sort_values("source_row")
    assert articles["title"].tolist()[:3] == [f"عنوان {i} gpj.exe" for i in range(3)]
    assert articles["title"].iloc[3] == "عنوان بعلامة اتجاه\u200f"
    assert articles["body"].iloc[1] == body(1)
    assert articles["outlet"].iloc[2] == "صحيفة 2"
    assert articles["tags"].iloc[2] == ["وسم", "اقتصاد"]
    for column in ("title", "body", "outlet"):
        assert not articles[column].str.contains(BIDI).any()
    changes = [
        (c["source_row"], c["field"], c["removed"]) for c in result.report["text_changes_list"]
    ]
    assert changes == [
        (2, "title", ["U+202C", "U+202E"]),
        (3, "title", ["U+202C", "U+202E"]),
        (3, "body", ["U+2067", "U+2069"]),
        (4, "title", ["U+202C", "U+202E"]),
        (4, "outlet", ["U+202B", "U+202C"]),
        (4, "tags", ["U+202C", "U+202D"]),
    ]
    assert result.report["text_changes"] == 3


def bidi_in_many_rows(tmp: Path) -> list[Path]:
    rows = [record(i, body=f"\u2067{body(i)}\u2069") for i in range(25)]
    return [write(tmp / "many_bidi.csv", csv_text(rows))]


def all_changed_rows_listed(result: IngestResult, _tmp: Path) -> None:
    listed = [c["source_row"] for c in result.report["text_changes_list"]]
    assert listed == list(range(2, 27))
    assert result.report["text_changes"] == 25
    assert len(result.report["warnings"]) == 21  # 20 rows named, then one line for the rest


def hostile_html(tmp: Path) -> list[Path]:
    rows = [
        record(
            i,
            title=f"<script>alert('t{i}')</script>عنوان {i}",
            body=f"<p>{body(i)}</p><script>alert('b{i}')</script><img src=x onerror=alert({i})>",
            outlet=f'<img src=x onerror="alert({i})">صحيفة',
        )
        for i in range(3)
    ]
    rows.append(record(3, outlet="<b>صحيفة الغد</b>"))  # an outlet name that is pure markup
    rows.append(record(4, outlet="صحيفة &lt;script&gt;"))  # escaped markup is text: kept
    return [write(tmp / "hostile.csv", csv_text(rows))]


def no_script_left(result: IngestResult, _tmp: Path) -> None:
    for column in ("title", "body", "outlet"):
        text = " ".join(result.articles[column].head(3))
        assert "<script" not in text and "alert(" not in text and "onerror" not in text
    articles = result.articles.sort_values("source_row")
    assert articles["title"].tolist()[:3] == [f"عنوان {i}" for i in range(3)]
    assert articles["body"].tolist() == [body(i) for i in range(5)]
    # Markup is stripped from outlet names as from titles (a publisher's name holds none);
    # what a tag-free name says is kept as text, and shown escaped (see test_browser).
    assert articles["outlet"].tolist() == [*["صحيفة"] * 3, "صحيفة الغد", "صحيفة <script>"]


def excel(sheets: dict[str, pd.DataFrame]) -> Callable[[Path], list[Path]]:
    def make(tmp: Path) -> list[Path]:
        path = tmp / "book.xlsx"
        with pd.ExcelWriter(path) as writer:
            for name, frame in sheets.items():
                frame.to_excel(writer, sheet_name=name, index=False)
        return [path]

    return make


def unsupported_folder(tmp: Path) -> list[Path]:
    folder = tmp / "docs"
    write(folder / "report.pdf", b"%PDF-1.4 not a corpus")
    write(folder / "notes.docx", b"PK\x03\x04 not a corpus")
    write(folder / "sub" / "readme.md", "# لا شيء هنا")
    return [folder]


def mostly_unsupported_folder(tmp: Path) -> list[Path]:
    folder = tmp / "mixed"
    write(folder / "a.csv", csv_text([record(1), record(2)]))
    write(folder / "scan.pdf", b"%PDF-1.4")
    write(folder / ".DS_Store", b"\x00\x00")
    return [folder]


def random_bytes(size: int) -> bytes:
    return random.Random(7).randbytes(size)


def jsonl_one_bad(tmp: Path) -> list[Path]:
    lines = [json.dumps(record(i), ensure_ascii=False) for i in range(4)]
    lines[1] = lines[1][:-5]  # cut inside the record
    return [write(tmp / "one_bad.jsonl", "\n".join(lines) + "\n")]


def bad_line_numbered(result: IngestResult, _tmp: Path) -> None:
    assert result.rejected["source_row"].tolist() == [2]
    assert result.rejected["reason"].iloc[0].startswith("malformed row (line 2)")


def parquet_odd_types(tmp: Path) -> list[Path]:
    frame = pd.DataFrame(
        {
            "title": pd.array([123, None, 456], dtype="Int64"),
            "body": [body(1), None, body(3)],
            "date": pd.to_datetime(["2024-01-01", "2024-01-02", "1850-01-03"]),
        }
    )
    path = tmp / "odd.parquet"
    frame.to_parquet(path)
    return [path]


def numbers_as_text(result: IngestResult, _tmp: Path) -> None:
    assert result.articles["title"].tolist() == ["123"]


def file(name: str, data: bytes | str) -> Callable[[Path], list[Path]]:
    return lambda tmp: [write(tmp / name, data)]


CASES = [
    Case(
        "broken-csv-quoting",
        broken_quoting,
        counts={"read": 4, "loaded": 3},
        reasons={"malformed row": 1},
    ),
    Case(
        "semicolons-in-a-csv",
        delimited(";"),
        counts={"read": 5, "loaded": 5},
        check=outlets_are_split_right,
    ),
    Case(
        "tabs-in-a-csv",
        delimited("\t"),
        counts={"read": 5, "loaded": 5},
        check=outlets_are_split_right,
    ),
    Case(
        "pipes-in-a-csv",
        delimited("|"),
        counts={"read": 5, "loaded": 5},
        check=outlets_are_split_right,
    ),
    Case(
        "row-with-an-extra-field",
        extra_fields,
        counts={"read": 3, "loaded": 2},
        reasons={"malformed row": 1},
        check=raw_row_kept,
    ),
    Case(
        "truncated-gzip",
        truncated_gzip,
        reasons=None,
        warnings=(r"cut\.jsonl\.gz: truncated gzip file",),
        check=truncated_gzip_accounted,
    ),
    Case(
        "gzip-bomb",
        gzip_bomb,
        env={"MARSAD_MAX_ARCHIVE_BYTES": str(MIB)},
        peak_mib=12,
        error=r"bomb\.csv\.gz: too large: unpacks to more than 1,048,576 bytes "
        r"\(MARSAD_MAX_ARCHIVE_BYTES\); refused",
    ),
    Case(
        "zip-bomb",
        zip_bomb,
        env={"MARSAD_MAX_ARCHIVE_BYTES": str(MIB)},
        peak_mib=12,
        error=r"bomb\.zip: members unpack to 67,10\d,\d{3} bytes in all, over the limit of "
        r"1,048,576 \(MARSAD_MAX_ARCHIVE_BYTES\); refused without unpacking",
    ),
    Case(
        "zip-lying-about-its-size",
        zip_lying_about_size,
        counts={"read": 1, "loaded": 1},
        errors=(r"liar\.zip: not a readable zip file: Bad CRC-32 for file 'a\.csv'",),
    ),
    Case(
        "zip-members-add-up-past-the-limit",
        zip_many_members,
        env={"MARSAD_MAX_ARCHIVE_BYTES": "30000"},
        error=r"many\.zip: members unpack to [\d,]+ bytes in all, over the limit of 30,000 ",
    ),
    Case(
        "zip-with-more-members-than-the-limit",
        zip_many_members,
        env={"MARSAD_MAX_ARCHIVE_MEMBERS": "2"},
        error=r"many\.zip: holds 3 members, over the limit of 2 \(MARSAD_MAX_ARCHIVE_MEMBERS\); "
        r"refused without unpacking",
    ),
    Case(
        "zip-with-dotdot-and-absolute-names",
        zip_unsafe_names,
        counts={"loaded": 4},
        warnings=(
            r"'\.\./\.\./evil\.csv' has an unsafe path",
            r"'/etc/abs\.csv' has an unsafe path",
            r"'C:\\\\windows\\\\drive\.csv' has an unsafe path",
            r"'sub/\.\./\.\./up\.csv' has an unsafe path",
        ),
        check=nothing_extracted,
    ),
    Case(
        "zip-inside-a-zip",
        nested_zip,
        counts={"loaded": 1},
        warnings=(r"member 'inner\.zip' skipped \(unsupported format\)",),
    ),
    Case(
        "mixed-encodings-across-files",
        mixed_encodings,
        counts={"read": 4, "loaded": 4},
        check=titles_decoded,
    ),
    Case(
        "mixed-encodings-in-one-file",
        mixed_in_one_file,
        error=r"mixed\.csv: mixed text encodings: mostly UTF-8, but line 4 is not",
    ),
    Case(
        "nul-bytes",
        nul_bytes,
        counts={"loaded": 3},
        warnings=(r"removed 9 NUL characters",),
        check=no_nul_left,
    ),
    Case("a-10-mb-field", ten_mb_field, counts={"loaded": 2}, check=big_field_whole),
    Case(
        "duplicate-ids",
        duplicate_ids,
        counts={"read": 4, "loaded": 3, "duplicates": 1},
        check=duplicates_linked,
    ),
    Case(
        "missing-required-columns",
        missing_columns,
        error=r"cols\.csv: missing required columns \['body', 'published_at'\]; "
        r"columns found: \['title', 'outlet'\]",
    ),
    Case(
        "dates-in-1800-and-2300",
        far_dates,
        counts={"read": 5, "loaded": 1},
        reasons={"implausible date": 4},
        check=far_dates_named,
    ),
    Case(
        "two-hundred-thousand-rows",
        many_rows,
        counts={"read": 200_000, "loaded": 200_000},
        max_s=240,
    ),
    Case(
        "bidi-overrides-in-titles-bodies-outlets-tags",
        bidi_titles,
        counts={"loaded": 4},
        warnings=(
            r"/bidi\.csv row 2: title: bidirectional controls U\+202C U\+202E removed$",
            r"/bidi\.csv row 3: title: bidirectional controls U\+202C U\+202E removed; "
            r"body: bidirectional controls U\+2067 U\+2069 removed$",
            r"/bidi\.csv row 4: title: .*; outlet: bidirectional controls U\+202B U\+202C "
            r"removed; tags: bidirectional controls U\+202C U\+202D removed$",
        ),
        check=bidi_removed_and_named,
    ),
    Case(
        "bidi-controls-in-many-rows",
        bidi_in_many_rows,
        counts={"loaded": 25},
        warnings=(
            r"/many_bidi\.csv row \d+: body: bidirectional controls U\+2067 U\+2069 removed$",
            r"/many_bidi\.csv: 5 more rows had text removed the same way",
        ),
        check=all_changed_rows_listed,
    ),
    Case(
        "script-and-onerror-in-bodies-titles-outlets",
        hostile_html,
        counts={"loaded": 5},
        warnings=(
            r"/hostile\.csv row [234]: title: HTML markup removed; outlet: HTML markup removed$",
            r"/hostile\.csv row 5: outlet: HTML markup removed$",
        ),
        check=no_script_left,
    ),
    Case("empty-file", file("empty.csv", b""), error=r"empty\.csv: empty file \(0 bytes\)$"),
    Case("header-only", file("header.csv", "title,body,date\n"), counts={"read": 0, "loaded": 0}),
    Case(
        "binary-garbage-named-csv",
        file("garbage.csv", random_bytes(65536)),
        error=r"garbage\.csv: cannot detect the text encoding",
    ),
    Case(
        "json-with-a-trailing-comma",
        file("trailing.json", json.dumps([record(1)], ensure_ascii=False)[:-1] + ",]"),
        error=r"trailing\.json: not valid JSON",
    ),
    Case(
        "json-scalar",
        file("scalar.json", "42"),
        error=r"scalar\.json: expected a JSON array of objects",
    ),
    Case(
        "json-array-with-non-objects",
        file("items.json", json.dumps([record(1), 5, "x", None], ensure_ascii=False)),
        counts={"read": 4, "loaded": 1},
        reasons={"malformed row": 3},
    ),
    Case(
        "jsonl-with-one-bad-line",
        jsonl_one_bad,
        counts={"read": 4, "loaded": 3},
        reasons={"malformed row": 1},
        check=bad_line_numbered,
    ),
    Case(
        "excel-with-an-empty-sheet",
        excel({"Sheet1": pd.DataFrame()}),
        error=r"book\.xlsx: missing required columns",
    ),
    Case(
        "excel-data-on-a-second-sheet",
        excel({"empty": pd.DataFrame(), "data": pd.DataFrame([record(1)])}),
        counts={"read": 1, "loaded": 1},
        warnings=(r"book\.xlsx: skipped empty sheet\(s\): 'empty'$",),
    ),
    Case(
        "csv-named-xlsx",
        file("fake.xlsx", csv_text([record(1)])),
        error=r"fake\.xlsx: not a readable Excel file",
    ),
    Case(
        "folder-of-unsupported-files",
        unsupported_folder,
        error=r"docs: no supported files in this folder",
    ),
    Case(
        "folder-with-some-unsupported-files",
        mostly_unsupported_folder,
        counts={"loaded": 2},
        warnings=(
            r"skipped 1 file\(s\) of unsupported format: scan\.pdf$",
            r"mixed/\.DS_Store: skipped \(hidden file or folder\)$",
        ),
    ),
    Case(
        "unparseable-and-missing-dates",
        file("d.csv", csv_text([record(1, date="قريبا"), record(2, date=""), record(3)])),
        counts={"read": 3, "loaded": 1},
        reasons={"unparseable date": 1, "missing date": 1},
    ),
    Case(
        "empty-bodies-and-titles",
        file("e.csv", csv_text([record(1, body=""), record(2, body="", title=""), record(3)])),
        counts={"read": 3, "loaded": 1},
        reasons={"empty body": 1, "missing title and body": 1},
    ),
    Case(
        "parquet-with-numbers-nulls-and-an-1850-date",
        parquet_odd_types,
        counts={"read": 3, "loaded": 1},
        reasons={"missing title and body": 1, "implausible date": 1},
        check=numbers_as_text,
    ),
    Case(
        "bom-and-crlf",
        file("crlf.csv", csv_text([record(1)]).replace("\n", "\r\n").encode("utf-8-sig")),
        counts={"read": 1, "loaded": 1},
    ),
]


def read(paths: list[Path], case: Case) -> IngestResult | IngestError:
    """``read_corpus``, with a refusal returned rather than raised; anything else propagates."""
    try:
        options = {"crawl_date": case.crawl_date, "follow_links": case.follow_links}
        return read_corpus(paths, **{k: v for k, v in options.items() if v})
    except IngestError as error:
        return error


def matches_each(patterns: tuple[str, ...], lines: list[str]) -> None:
    """Every pattern matches a line, and every line is matched by a pattern."""
    for pattern in patterns:
        assert any(re.search(pattern, line) for line in lines), (pattern, lines)
    for line in lines:
        assert any(re.search(pattern, line) for pattern in patterns), ("unexpected", line)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check(case, tmp_path, monkeypatch)


def check(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read the case's input and hold the outcome to what the case expects."""
    for name, value in case.limits.items():
        monkeypatch.setattr(sizes, name, value)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    paths = case.make(tmp_path)
    start = time.perf_counter()
    if case.peak_mib is not None:
        tracemalloc.start()
    try:
        outcome = read(paths, case)
    finally:
        if case.peak_mib is not None:
            peak = tracemalloc.get_traced_memory()[1] / MIB
            tracemalloc.stop()
    seconds = time.perf_counter() - start
    print(f"{case.id}: read in {seconds:.1f} s")
    assert seconds < case.max_s
    if case.peak_mib is not None:
        assert peak < case.peak_mib, f"{peak:.1f} MiB allocated while refusing"

    if case.error:
        assert isinstance(outcome, IngestError), f"loaded instead of refusing: {outcome.report}"
        assert re.search(case.error, str(outcome)), str(outcome)
        return
    assert not isinstance(outcome, IngestError), str(outcome)
    report = outcome.report
    assert report["read"] == report["loaded"] + report["rejected"] + report["duplicates"]
    assert len(outcome.articles) == report["loaded"]
    assert len(outcome.rejected) == report["rejected"]
    assert len(outcome.duplicates) == report["duplicates"]
    for key, value in case.counts.items():
        assert report[key] == value, (key, report[key])
    if case.reasons is not None:
        assert report["reasons"] == case.reasons
    matches_each(case.errors, report["errors"])
    matches_each(case.warnings, report["warnings"])
    assert all(reason for reason in outcome.rejected["reason"])
    assert all(row >= 1 for row in outcome.rejected["source_row"])
    assert all(text for text in outcome.articles["body"])
    assert outcome.articles["published_at"].between("1900-01-01", "2100-01-01").all()
    if case.check is not None:
        case.check(outcome, tmp_path)
