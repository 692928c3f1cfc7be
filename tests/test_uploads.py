"""Uploads: size limit, a private temporary folder removed after use, and the upload page."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import uploads
from dashboard.core.ingest import IngestError
from dashboard.core.uploads import UploadError, read_uploads, safe_name

PAGE = str(Path(__file__).resolve().parents[1] / "dashboard" / "views" / "upload.py")
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

    def spy(paths: list[Path]):
        folder = paths[0].parent
        seen["folder"] = stat.S_IMODE(folder.stat().st_mode)
        seen.update({p.name: stat.S_IMODE(p.stat().st_mode) for p in paths})
        return real(paths)

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
    """The page alone, in English: it must work before any corpus is built (app.py then shows
    only this page). Run through runpy, so dashboard/views does not land on sys.path."""
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
    assert list(tmp_path.glob("marsad-upload-*")) == []


def test_upload_page_refuses_over_the_limit(page: AppTest, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MARSAD_MAX_UPLOAD_MB", "1")
    page.run()
    page.file_uploader[0].set_value(("big.csv", b"x" * (2 << 20), "text/csv")).run()
    assert not page.exception
    assert page.error[0].value == "Nothing could be read from these files."
    assert "over the limit of 1 MB" in page.code[0].value
