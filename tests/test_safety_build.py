"""A build writes only into a missing folder, an empty one or a Marsad store: every other
output is refused on one line of stderr, with exit status 2 and nothing touched."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.cli import main as cli
from dashboard.pipeline.upload_build import UPLOAD_MARK
from dashboard.storage.store import UnsafeTarget, check_target, publish, versions_dir

ARTICLES = [
    {"title": f"عنوان الخبر {i}", "body": f"نص الخبر رقم {i} عن الطقس", "date": f"2024-01-0{i}"}
    for i in range(1, 4)
]


def corpus_file(path: Path) -> Path:
    """A three-article JSONL corpus at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n")
    return path


def fake_store(out: Path) -> Path:
    """A store published at ``out`` as builds publish one (a link into its versions)."""
    version = versions_dir(out) / "v1"
    version.mkdir(parents=True)
    (version / "manifest.json").write_text('{"build_id": "v1", "files": {}}')
    publish(version, out)
    return out


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under ``root``: a file's bytes, a link's target, or a folder."""
    found: dict[str, object] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            key = str(path.relative_to(root))
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_dir():
                found[key] = "folder"
            else:
                found[key] = path.read_bytes()
    return found


def user_folder(tmp: Path) -> list[str]:
    mine = tmp / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes")
    return ["build", "--corpus", str(corpus_file(tmp / "c.jsonl")), "--out", str(mine)]


def corpus_is_out(tmp: Path) -> list[str]:
    corpus_file(tmp / "corpus" / "a.jsonl")
    return ["build", "--corpus", str(tmp / "corpus"), "--out", str(tmp / "corpus")]


def out_is_file(tmp: Path) -> list[str]:
    (tmp / "notes.txt").write_text("my notes")
    corpus = str(corpus_file(tmp / "c.jsonl"))
    return ["build", "--corpus", corpus, "--out", str(tmp / "notes.txt")]


def out_is_dot(tmp: Path) -> list[str]:
    (tmp / "notes.txt").write_text("my notes")
    os.chdir(tmp)
    return ["build", "--corpus", str(corpus_file(tmp / "c.jsonl")), "--out", "."]


def out_in_proc(tmp: Path) -> list[str]:
    return ["build", "--corpus", str(corpus_file(tmp / "c.jsonl")), "--out", "/proc/x"]


def parent_is_file(tmp: Path) -> list[str]:
    (tmp / "notes.txt").write_text("my notes")
    corpus = str(corpus_file(tmp / "c.jsonl"))
    return ["build", "--corpus", corpus, "--out", str(tmp / "notes.txt" / "store")]


def corpus_inside_out(tmp: Path) -> list[str]:
    out = fake_store(tmp / "store")
    corpus = corpus_file(out.resolve() / "articles.jsonl")
    return ["build", "--corpus", str(corpus), "--out", str(out)]


def out_inside_corpus(tmp: Path) -> list[str]:
    corpus_file(tmp / "corpus" / "a.jsonl")
    return ["build", "--corpus", str(tmp / "corpus"), "--out", str(tmp / "corpus" / "store")]


def out_links_elsewhere(tmp: Path) -> list[str]:
    (tmp / "mine").mkdir()
    (tmp / "mine" / "notes.txt").write_text("my notes")
    (tmp / "link").symlink_to(tmp / "mine")
    return ["build", "--corpus", str(corpus_file(tmp / "c.jsonl")), "--out", str(tmp / "link")]


def old_store_with_user_file(tmp: Path) -> list[str]:
    old = tmp / "old"
    old.mkdir()
    (old / "manifest.json").write_text('{"build_id": "b", "files": {}}')
    (old / "notes.txt").write_text("my notes")
    return ["build", "--corpus", str(corpus_file(tmp / "c.jsonl")), "--out", str(old)]


def remove_user_files(tmp: Path) -> list[str]:
    corpus = str(corpus_file(tmp / "c.jsonl"))
    return ["build", "--corpus", corpus, "--out", str(tmp / "new"), "--remove-after-read"]


def add_to_user_folder(tmp: Path) -> list[str]:
    (tmp / "mine").mkdir()
    (tmp / "mine" / "manifest.json").write_text("{}")
    return ["add", "--store", str(tmp / "mine"), "--corpus", str(corpus_file(tmp / "c.jsonl"))]


def name_too_long(tmp: Path) -> list[str]:
    return ["build", "--corpus", str(corpus_file(tmp / "c.jsonl")), "--out", "a" * 300]


CASES: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "out is a folder of the user's files": (user_folder, "holds files of its own"),
    "corpus folder is the out folder": (corpus_is_out, "holds files of its own"),
    "out is an existing file": (out_is_file, "existing file"),
    "out is the working folder": (out_is_dot, "holds files of its own"),
    "out is under /proc": (out_in_proc, "system folder"),
    "out's parent is a file": (parent_is_file, "is a file"),
    "corpus inside the out store": (corpus_inside_out, "overlap"),
    "out inside the corpus folder": (out_inside_corpus, "overlap"),
    "out links to a user folder": (out_links_elsewhere, "link that is not a Marsad store"),
    "old store folder with a user file": (old_store_with_user_file, "holds files of its own"),
    "--remove-after-read on user files": (remove_user_files, "only the dashboard's own"),
    "add into a folder that is no store": (add_to_user_folder, "not a Marsad store"),
    "out name too long": (name_too_long, "cannot be inspected"),
}


@pytest.mark.parametrize("case", CASES)
def test_unsafe_output_is_refused_and_nothing_is_touched(case, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    setup, reason = CASES[case]
    argv = setup(tmp_path)
    before = snapshot(tmp_path)
    status = cli(argv)
    err = capsys.readouterr().err
    assert status == 2, err
    assert snapshot(tmp_path) == before
    assert err.startswith("refused: ") and reason in err and err.count("\n") == 1


@pytest.mark.parametrize("kind", ["missing", "empty", "store", "old store"])
def test_missing_empty_and_store_outputs_are_allowed(kind, tmp_path):
    out = tmp_path / "out"
    if kind == "empty":
        out.mkdir()
    elif kind == "store":
        fake_store(out)
    elif kind == "old store":
        out.mkdir()
        (out / "manifest.json").write_text('{"build_id": "b", "files": {"x.bin": "0"}}')
        (out / "x.bin").write_bytes(b"0")
        (out / "articles.parquet").write_bytes(b"0")
    assert check_target(out, [corpus_file(tmp_path / "c.jsonl")]) == out


def test_only_marked_uploads_are_removed_after_read(tmp_path):
    upload = tmp_path / "job" / "upload"
    upload.mkdir(parents=True)
    (upload / "c.jsonl").write_text("\n")  # no article: the build fails once it is read
    (tmp_path / "job" / UPLOAD_MARK).touch()
    assert cli(["build", "--corpus", str(upload), "--out", str(tmp_path / "x")]) == 1
    assert upload.exists()  # not asked to remove it
    argv = ["build", "--corpus", str(upload), "--out", str(tmp_path / "x"), "--remove-after-read"]
    assert cli(argv) == 1
    assert not upload.exists() and (tmp_path / "job" / UPLOAD_MARK).exists()


def test_an_existing_store_is_required_to_add_to(tmp_path):
    with pytest.raises(UnsafeTarget, match="no built corpus"):
        check_target(tmp_path / "none", existing=True)


def test_the_upload_builder_marks_its_files_so_the_build_may_remove_them(tmp_path):
    from dashboard.pipeline.upload_build import start_build

    job = start_build([("empty.jsonl", b"\n")], "mine", tmp_path / "corpora", parent=tmp_path)
    assert (job.folder / UPLOAD_MARK).is_file()
    job.process.wait(timeout=600)
    progress = job.poll()
    assert progress.state == "failed" and "empty.jsonl" in progress.message  # read, not refused
    assert not job.folder.exists() and not (tmp_path / "corpora" / "mine").exists()


def test_the_upload_builder_refuses_a_name_taken_by_a_user_folder(tmp_path):
    from dashboard.pipeline.upload_build import start_build

    (tmp_path / "corpora" / "mine").mkdir(parents=True)
    (tmp_path / "corpora" / "mine" / "notes.txt").write_text("my notes")
    with pytest.raises(UnsafeTarget, match="holds files of its own"):
        start_build([("a.jsonl", b"\n")], "mine", tmp_path / "corpora", parent=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["corpora"]
