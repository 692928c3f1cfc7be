"""Your corpus: the sidebar switches between built corpora, and an upload is built in a
process of its own, its progress shown, its files removed once read, then listed."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.cli import main as cli
from dashboard.pipeline.upload_build import UPLOAD_MARK, BuildJob, Progress, start_build
from dashboard.storage.store import MANIFEST, Store, publish, versions_dir

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app" / "main.py")
PAGE = str(ROOT / "dashboard" / "app" / "views" / "upload.py")
DEMO = ROOT / "data" / "demo" / "articles.jsonl"
OTHER_BUILD = "20300101T000000Z"


def copy_store(source: Path, out: Path, build_id: str | None = None) -> Path:
    """A published copy of a built store; ``build_id`` renames its build (the manifest is not
    among the files it checksums)."""
    version = versions_dir(out) / "copy"
    shutil.copytree(source.resolve(), version)
    if build_id:
        manifest = json.loads((version / MANIFEST).read_text())
        (version / MANIFEST).write_text(json.dumps({**manifest, "build_id": build_id}))
    publish(version, out)
    return out


@pytest.fixture
def corpora_root(demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpora root holding two copies of the demo ('alpha' renamed to another build);
    the configured store is the demo itself, outside the root."""
    root = tmp_path / "corpora"
    copy_store(demo_store, root / "alpha", build_id=OTHER_BUILD)
    copy_store(demo_store, root / "beta")
    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    monkeypatch.setenv("MARSAD_CORPORA", str(root))
    return root


def run(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_sidebar_switches_corpus_and_drops_what_does_not_apply(corpora_root, demo_store):
    outlet = Store(demo_store).articles["outlet"].iloc[0]
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params.update({"topics": "1", "outlet": outlet, "q": "النفط", "freq": "month"})
    run(app)
    picker = app.sidebar.selectbox(key="w_corpus")
    assert picker.label == "المدونة" and picker.value == ""
    built = Store(demo_store).manifest["created_at"][:10]
    assert picker.options == [  # names and dates isolated from the Arabic around them
        f"\u2067\u2068{name}\u2069 · 405 مقالاً · \u2068{built}\u2069\u2069"
        for name in (demo_store.name, "alpha", "beta")
    ]
    assert "corpus" not in app.query_params  # the default corpus keeps links as they were
    assert app.query_params["topics"] == "1"

    picker.set_value("alpha")
    run(app)
    assert app.query_params["corpus"] == "alpha"
    assert app.query_params["build"] == OTHER_BUILD  # the chosen store is the one served
    assert "topics" not in app.query_params  # topic numbers belong to one corpus's model
    assert app.query_params["outlet"] == outlet and app.query_params["q"] == "النفط"
    assert app.query_params["freq"] == "month"
    assert not [i for i in app.info if "rebuilt since" in i.value]  # another corpus, no rebuild

    app.sidebar.selectbox(key="w_corpus").set_value("")
    run(app)
    assert "corpus" not in app.query_params
    assert app.query_params["build"] == Store(demo_store).manifest["build_id"]


def test_a_link_keeps_its_corpus_and_an_unknown_one_falls_back(corpora_root):
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["corpus"] = "alpha"
    run(app)
    assert app.sidebar.selectbox(key="w_corpus").value == "alpha"
    assert app.query_params["build"] == OTHER_BUILD

    for name, warned in (("gone", True), ("../alpha", False)):  # a name that is no slug
        app = AppTest.from_file(APP, default_timeout=120)  # is dropped with the URL's bad values
        app.query_params["corpus"] = name
        run(app)
        assert app.sidebar.selectbox(key="w_corpus").value == ""
        assert "corpus" not in app.query_params
        assert [w.value for w in app.sidebar.warning] == (
            ["لا مدونة مبنية هنا باسم gone؛ تُعرض المدونة الافتراضية."] if warned else []
        )


def test_remove_after_read_deletes_the_files_even_when_the_build_fails(tmp_path: Path):
    upload = tmp_path / "upload"
    upload.mkdir()
    (tmp_path / UPLOAD_MARK).touch()  # the folder start_build writes uploads into
    (upload / "news.csv").write_text("headline,story\nعنوان,نص\n", encoding="utf-8")
    out = tmp_path / "x"
    status = cli(["build", "--corpus", str(upload), "--out", str(out), "--remove-after-read"])
    assert status == 1 and not upload.exists() and not out.exists()


def build_box(page: AppTest) -> str:
    """The label of the page's build progress box."""
    return next(e.label for e in page.expander if "first-30" in e.label)


def wait(job: BuildJob, until, timeout: float = 240) -> Progress:
    """Poll ``job`` until ``until(progress)``; fails past ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        progress = job.poll()
        if until(progress) or progress.state != "running":
            return progress
        time.sleep(0.2)
    pytest.fail(f"the build of {job.name} took over {timeout} s")


def test_an_upload_is_built_apart_then_listed(demo_store, tmp_path, monkeypatch):
    root, temp = tmp_path / "corpora", tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    monkeypatch.setenv("MARSAD_CORPORA", str(root))
    monkeypatch.setenv("MARSAD_THREADS", "2")
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    page = AppTest.from_string(f"import runpy\nrunpy.run_path({PAGE!r})", default_timeout=60)
    page.query_params["lang"] = "en"
    run(page)
    lines = DEMO.read_bytes().splitlines(keepends=True)[:30]
    page.file_uploader[0].set_value(("First 30.jsonl", b"".join(lines), "text/plain"))
    run(page)
    assert page.text_input(key="w_build_name").value == "first-30"
    page.button(key="w_build").click()
    run(page)
    job: BuildJob = page.session_state["upload_job"]
    assert job.out == root / "first-30"
    assert build_box(page).startswith("Building \u2068first-30\u2069…")

    # The upload stays in the private folder only until the build has read it.
    assert wait(job, lambda p: "ingest" in p.finished and p.current == "embed").state == "running"
    assert not (job.folder / "upload").exists() and (job.folder / "build.log").exists()
    second = start_build([("again.jsonl", lines[0])], "other", root, parent=temp)
    assert (second.poll().state, second.poll().position) == ("queued", 2)  # one at a time
    assert second.cancel() and second.poll().state == "cancelled"

    done = wait(job, lambda _p: False)
    assert done.state == "done", done.message
    assert list(done.finished) == ["ingest", "embed", "topics", "entities", "chars", "store"]
    run(page)
    assert build_box(page).startswith("Built \u2068first-30\u2069 in")
    assert page.button(key="w_open_built").label == "Open first-30"
    assert list(temp.iterdir()) == []  # nothing of the uploads or the jobs is left

    app = run(AppTest.from_file(APP, default_timeout=120))
    picker = app.sidebar.selectbox(key="w_corpus")
    assert picker.options[1].split(" · ")[:2] == ["\u2067\u2068first-30\u2069", "30 مقالاً"]
    picker.set_value("first-30")
    run(app)
    assert int(app.metric[0].value.replace(",", "")) == 30
