"""Uploads: size limit, a private temporary folder removed after use, and the upload page."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.pipeline import uploads
from dashboard.pipeline.ingest import MAPPABLE, IngestError
from dashboard.pipeline.uploads import (
    UploadError,
    column_choices,
    mapping_for,
    preview_uploads,
    read_uploads,
    safe_name,
)

PAGE = str(Path(__file__).resolve().parents[1] / "dashboard" / "app" / "views" / "upload.py")
GOOD = "title,body,date,outlet\nعنوان أول,نص الخبر الأول عن المطر,2024-05-01,صحيفة\n"
MIXED = (
    "title,body,date,outlet\n"
    "عنوان أول,نص الخبر الأول عن المطر,2024-05-01,صحيفة\n"
    "عنوان ثان,نص الخبر الثاني عن السوق,1800-01-01,صحيفة\n"
    "عنوان أول,نص الخبر الأول عن المطر,2024-05-01,صحيفة\n"
    "عنوان ثالث,,2024-05-02,صحيفة\n"
).encode()


def test_files_are_read_in_a_private_folder_that_is_removed(tmp_path: Path, monkeypatch) -> None:
    seen: dict[str, int] = {}
    real = uploads.read_corpus

    def spy(paths: list[Path], **options):
        folder = paths[0].parent
        seen["folder"] = stat.S_IMODE(folder.stat().st_mode)
        seen.update({p.name: stat.S_IMODE(p.stat().st_mode) for p in paths})
        return real(paths, **options)

    monkeypatch.setattr(uploads, "read_corpus", spy)
    result = read_uploads([("a.csv", MIXED)], parent=tmp_path)
    assert seen == {"folder": 0o700, "a.csv": 0o600}
    assert list(tmp_path.iterdir()) == []  # the temporary folder is gone
    report = result.report
    assert (report["read"], report["loaded"], report["rejected"], report["duplicates"]) == (
        4,
        1,
        2,
        1,
    )
    assert report["reasons"] == {"implausible date": 1, "empty body": 1}
    assert set(result.rejected["source_file"]) == {"a.csv"}  # named as uploaded
    assert report["files"] == ["a.csv"]


def test_folder_is_removed_when_nothing_can_be_read(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        read_uploads([("broken.json", b"[{},]"), ("x.csv", b"")], parent=tmp_path)
    assert list(tmp_path.iterdir()) == []
    message = str(caught.value)
    assert "broken.json: not valid JSON" in message and "x.csv: empty file" in message
    assert "marsad-upload-" not in message and str(tmp_path) not in message


def test_over_the_size_limit_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    files = [("a.csv", GOOD.encode()), ("big.csv", b"x" * (1 << 20))]
    with pytest.raises(UploadError, match=r"holds 1\.0 MB, over the limit of 1 MB"):
        read_uploads(files, max_mb=1, parent=tmp_path)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(UploadError, match="no files were uploaded"):
        read_uploads([], parent=tmp_path)


def test_hostile_names_stay_inside_the_folder(tmp_path: Path) -> None:
    parent = tmp_path / "uploads"
    parent.mkdir()
    names = [
        "../../evil.csv",
        "/etc/passwd.csv",
        "..\\..\\win.csv",
        ".hidden.csv",
        "a.csv",
        "a.csv",
    ]
    result = read_uploads([(name, GOOD.encode()) for name in names], parent=parent)
    expected = ["evil.csv", "passwd.csv", "win.csv", "hidden.csv", "a.csv", "2-a.csv"]
    assert result.report["files"] == expected
    assert result.report["read"] == 6 and result.report["duplicates"] == 5
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["uploads"]


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../x.csv", "x.csv"),
        ("a\x00b\n.csv", "a_b_.csv"),
        ("...", "upload"),
        ("C:\\d\\e.zip", "e.zip"),
    ],
)
def test_safe_name(name: str, safe: str) -> None:
    assert safe_name(name) == safe


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The page alone, in English: it must work before any corpus is built (main.py then shows
    only this page). Run through runpy, so dashboard/app/views does not land on sys.path."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    app = AppTest.from_string(f"import runpy\nrunpy.run_path({PAGE!r})", default_timeout=60)
    app.query_params["lang"] = "en"
    return app


def test_upload_page_shows_the_report_and_removes_the_files(page: AppTest, tmp_path: Path):
    page.run()
    assert not page.exception
    assert page.title[0].value == "Upload a corpus"
    assert "200 MB" in page.caption[0].value
    page.file_uploader[0].set_value(
        [("mixed.csv", MIXED, "text/csv"), ("broken.json", b"[{},]", "application/json")]
    ).run()
    assert not page.exception, [e.message for e in page.exception]
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["Records read"] == "4" and metrics["Loaded"] == "1"
    assert metrics["Rejected"] == "2" and metrics["Duplicates"] == "1"
    assert "broken.json: not valid JSON" in page.code[0].value
    rejected = page.dataframe[1].value
    assert sorted(rejected["reason"].str.split(":").str[0]) == ["empty body", "implausible date"]
    assert set(rejected["source_file"]) == {"mixed.csv"}
    assert list(tmp_path.glob("marsad-*")) == []


def test_upload_page_refuses_over_the_limit(page: AppTest, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MARSAD_MAX_UPLOAD_MB", "1")
    page.run()
    page.file_uploader[0].set_value(("big.csv", b"x" * (2 << 20), "text/csv")).run()
    assert not page.exception
    assert page.error[0].value == "Nothing could be read from these files."
    assert "over the limit of 1 MB" in page.code[0].value


UNRECOGNISED = (
    "headline_ar,story,day,paper,labels\n"
    "عنوان أول,نص الخبر الأول عن المطر,2024-05-01,صحيفة الأفق,طقس\n"
    "عنوان ثان,نص الخبر الثاني عن السوق,2024-05-02,صحيفة الفجر,اقتصاد\n"
).encode()
UNRECOGNISED_COLUMNS = ["headline_ar", "story", "day", "paper", "labels"]


def test_unrecognised_columns_are_listed_and_mapped(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        read_uploads([("news.csv", UNRECOGNISED)], parent=tmp_path)
    assert caught.value.columns == UNRECOGNISED_COLUMNS
    assert "news.csv: missing required columns ['body', 'published_at']" in str(caught.value)
    choices = column_choices(caught.value.columns, {})
    assert choices == dict.fromkeys(MAPPABLE, "")  # nothing recognised by name
    chosen = {**choices, "title": "headline_ar", "body": "story", "published_at": "day"}
    chosen |= {"outlet": "paper", "tags": "labels"}
    mapping = mapping_for(UNRECOGNISED_COLUMNS, chosen)
    assert mapping == {
        "title": "headline_ar",
        "body": "story",
        "published_at": "day",
        "outlet": "paper",
        "tags": "labels",
    }
    result = read_uploads([("news.csv", UNRECOGNISED)], parent=tmp_path, mapping=mapping)
    assert result.report["loaded"] == 2 and result.columns == UNRECOGNISED_COLUMNS
    articles = result.articles.sort_values("published_at")
    assert articles["title"].tolist() == ["عنوان أول", "عنوان ثان"]
    assert articles["outlet"].tolist() == ["صحيفة الأفق", "صحيفة الفجر"]
    assert [list(t) for t in articles["tags"]] == [["طقس"], ["اقتصاد"]]
    assert column_choices(UNRECOGNISED_COLUMNS, mapping) == {**chosen, "url": ""}
    assert list(tmp_path.iterdir()) == []


def test_a_mapping_overrides_and_unmaps_recognised_columns() -> None:
    data = (
        "title,body,date,outlet,tags,lead\n"
        "عنوان,نص طويل عن المطر في المدينة,2024-05-01,الأفق,طقس,مقدمة قصيرة عن المطر\n"
    ).encode()
    columns = ["title", "body", "date", "outlet", "tags", "lead"]
    choices = column_choices(columns, {})
    assert choices == {
        "title": "title",
        "body": "body",
        "published_at": "date",
        "outlet": "outlet",
        "url": "",
        "tags": "tags",
    }
    mapping = mapping_for(columns, {**choices, "body": "lead", "tags": ""})
    assert mapping == {"body": "lead", "tags": ""}  # only what differs from detection
    article = read_uploads([("a.csv", data)], mapping=mapping).articles.iloc[0]
    assert article["body"] == "مقدمة قصيرة عن المطر" and list(article["tags"]) == []
    with pytest.raises(IngestError, match=r"mapped column 'summary' \(for 'body'\) not found"):
        read_uploads([("a.csv", data)], mapping={"body": "summary"})


def test_a_mapping_leaves_text_pages_alone() -> None:
    page = "خبر عن الطقس\n\nقالت الأرصاد إن المطر سيهطل غداً على المدينة.".encode()
    mapping = {"body": "story", "published_at": "day"}
    result = read_uploads([("news.csv", UNRECOGNISED), ("page.txt", page)], mapping=mapping)
    assert result.report["loaded"] == 3 and result.report["errors"] == []
    assert result.columns == UNRECOGNISED_COLUMNS  # a page's fields are not columns to map


def submit(page: AppTest, label: str) -> AppTest:
    """Click the (form) button labelled ``label`` and run."""
    return next(b for b in page.button if b.label == label).click().run()


def test_upload_page_maps_unrecognised_columns(page: AppTest, tmp_path: Path):
    page.run()
    page.file_uploader[0].set_value(("news.csv", UNRECOGNISED, "text/csv")).run()
    assert not page.exception, [e.message for e in page.exception]
    assert page.error[0].value == "Nothing could be read from these files."
    assert "missing required columns ['body', 'published_at']" in page.code[0].value
    assert page.expander[0].label == "Map columns"
    body = page.selectbox(key="w_map_body")
    assert body.options == ["— not used —", *UNRECOGNISED_COLUMNS] and body.value == ""
    body.set_value("story")
    page.selectbox(key="w_map_published_at").set_value("day")
    page.selectbox(key="w_map_outlet").set_value("paper")
    submit(page, "Read again with this mapping")
    assert not page.exception, [e.message for e in page.exception]
    assert not page.error
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["Records read"] == "2" and metrics["Loaded"] == "2"
    loaded = page.dataframe[-1].value
    assert sorted(loaded["outlet"]) == ["صحيفة الأفق", "صحيفة الفجر"]
    assert page.selectbox(key="w_map_body").value == "story"  # the form shows the mapping used
    assert page.text_input(key="w_build_name").value == "news"  # ready to build
    assert list(tmp_path.glob("marsad-*")) == []


def test_preview_is_read_in_another_process(tmp_path: Path, monkeypatch) -> None:
    def in_this_process(*_args, **_options):
        raise AssertionError("the preview was read in the server's process")

    monkeypatch.setattr(uploads, "read_corpus", in_this_process)
    result = preview_uploads([("mixed.csv", MIXED)], parent=tmp_path)
    counts = {k: result.report[k] for k in ("read", "loaded", "rejected", "duplicates")}
    assert counts == {"read": 4, "loaded": 1, "rejected": 2, "duplicates": 1}
    assert set(result.rejected["source_file"]) == {"mixed.csv"}
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(IngestError) as refused:
        preview_uploads([("u.csv", UNRECOGNISED)], parent=tmp_path)
    assert str(refused.value).startswith("u.csv: missing required columns")
    assert refused.value.columns == UNRECOGNISED_COLUMNS


def test_preview_over_its_memory_cap_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(UploadError, match=r"needed more than 1 MB of memory \(the limit, "):
        preview_uploads([("mixed.csv", MIXED)], memory_mb=1, parent=tmp_path)
    assert list(tmp_path.iterdir()) == []
