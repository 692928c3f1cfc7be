"""Session fixtures: the shared corpora beside the checkout and a built demo store; the
dashboard in AppTest, which the page tests share."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

from dashboard.app import navigation

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
if "MARSAD_JIT_CACHE" not in os.environ:  # the session's compiled UMAP kernels, not the user's
    os.environ["MARSAD_JIT_CACHE"] = tempfile.mkdtemp(prefix="marsad-jit-")
    atexit.register(shutil.rmtree, os.environ["MARSAD_JIT_CACHE"], True)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEMO = ROOT / "data" / "demo" / "articles.jsonl"
APP = str(ROOT / "dashboard" / "app" / "main.py")
PAGES = [entry.script for entry in navigation.PAGES]  # AppTest knows a page by its file


def shared_file(relative: str) -> Path:
    """A file under ../shared; fails loudly (never skips) when it is missing, as CI has it."""
    path = SHARED / relative
    if not path.exists():
        pytest.fail(
            f"{path} is missing: the real corpora must sit in ../shared beside the checkout"
        )
    return path


def fixture_module(path: Path) -> ModuleType:
    """A fixture folder's Python file (an evaluation set's ``draw.py`` or ``evaluate.py``),
    loaded as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def chunk_sizes(monkeypatch: pytest.MonkeyPatch, rows: int) -> list[int]:
    """The sizes (cells) of the tables the ingest turns into articles, recorded as it runs
    with chunks of ``rows`` rows."""
    from dashboard.pipeline.ingest import corpus
    from dashboard.pipeline.ingest import sizes as ingest_sizes

    sizes: list[int] = []
    to_articles = corpus.to_articles

    def spy(table, columns, crawl_date):
        sizes.append(table.size)
        return to_articles(table, columns, crawl_date)

    monkeypatch.setattr(ingest_sizes, "CHUNK_ROWS", rows)
    monkeypatch.setattr(corpus, "to_articles", spy)
    return sizes


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus built end to end once per test session."""
    from dashboard.pipeline.build import BuildConfig, build

    out = tmp_path_factory.mktemp("stores") / "demo"
    build([DEMO], out, BuildConfig(threads=2), log=lambda _line: None)
    return out


SNN_SAMPLE = 2_000


@pytest.fixture(scope="session")
def snn_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every 6th SaudiNewsNet record, 2,000 of them (its 12 outlets of the first week), as
    gzip'd JSON Lines."""
    import gzip

    source = shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        lines = [line for i, line in enumerate(handle) if i % 6 == 0][:SNN_SAMPLE]
    out = tmp_path_factory.mktemp("snn-corpus") / "snn2000.jsonl.gz"
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        handle.writelines(lines)
    return out


@pytest.fixture(scope="session")
def snn_build(snn_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SaudiNewsNet sample built once per test session by the local engine, one thread
    (as each worker of the Ray test has): the build test checks it, the Ray test compares
    its own build with it and the topic test refits it from its stored embeddings."""
    from dashboard.pipeline.build import BuildConfig, build

    out = tmp_path_factory.mktemp("snn-store") / "local"
    build([snn_sample], out, BuildConfig(threads=1), log=lambda _line: None)
    return out


@pytest.fixture
def served(demo_store: Path, tmp_path: Path) -> Path:
    """A private copy of the built demo store, published as ``tmp_path/store``."""
    import shutil

    from dashboard.storage.store import publish, versions_dir

    out = tmp_path / "store"
    version = versions_dir(out) / "copy"
    shutil.copytree(demo_store.resolve(), version)
    publish(version, out)
    return out


@pytest.fixture
def links_app(demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The dashboard on the demo store in AppTest (in Arabic, the default), its saved
    queries, collections and events kept in ``tmp_path/links.sqlite``."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    monkeypatch.setenv("MARSAD_PERMALINKS", str(tmp_path / "links.sqlite"))
    return AppTest.from_file(APP, default_timeout=120)


# Hostile text for the corpora of the security tests: script payloads (must never run) and
# Markdown/HTML payloads (must never render as a link or an image, nor fetch anything).
SCRIPT_PAYLOADS = [
    "&lt;script&gt;window.__pwned = 'script'&lt;/script&gt;",
    "&lt;img src=x onerror=\"window.__pwned = 'img'\"&gt;",
    "[اضغط هنا](javascript:window.__pwned='link')",
    "\u202eعنوان معكوس\u202c &lt;svg onload=window.__pwned='svg'&gt;",
]
FOREIGN = "evil.example"
MARKDOWN_PAYLOADS = [
    f"**[Sign in again](https://{FOREIGN}/login)**",
    f"![pixel](https://{FOREIGN}/pixel.png)",
    f'<img src="https://{FOREIGN}/img.png"> <a href="https://{FOREIGN}/a">link</a>',
    f"https://{FOREIGN}/bare www.{FOREIGN}",
]


def hostile_corpus(path: Path) -> Path:
    """40 articles whose titles, bodies, tags and outlet names carry the payloads above."""
    import json

    rows = []
    for i in range(40):
        payload = SCRIPT_PAYLOADS[i % len(SCRIPT_PAYLOADS)]
        markdown = MARKDOWN_PAYLOADS[i % len(MARKDOWN_PAYLOADS)]
        rows.append(
            {
                "title": f"خبر رقم {i} {payload} {markdown}",
                "body": f"نص الخبر {i} عن الأمطار. {payload}\nوقالت الحكومة إن الطرق مغلقة.",
                "date": f"2024-0{1 + i % 9}-1{i % 9}",
                "outlet": f"منفذ {i % 3} {SCRIPT_PAYLOADS[i % 2]} {MARKDOWN_PAYLOADS[i % 4]}",
                "url": f"https://hostile.example/{i}",
                "tags": [f"وسم {payload}", "عمّان"],
            }
        )
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile corpus built once per test session."""
    from dashboard.pipeline.build import BuildConfig, build

    folder = tmp_path_factory.mktemp("hostile")
    out = folder / "store"
    build(
        [hostile_corpus(folder / "corpus.jsonl")], out, BuildConfig(threads=2), log=lambda _l: None
    )
    return out


def open_app(store: Path, monkeypatch: pytest.MonkeyPatch, params: dict | None = None) -> AppTest:
    """The dashboard over ``store`` in AppTest, with a link's ``params`` in its URL."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MARSAD_STORE", str(store))
    app = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        app.query_params[key] = value
    return app


def run_page(app: AppTest, page: str) -> AppTest:
    """Run one page (a view script's name), check that it raised nothing and that it is the
    page that ran. The default page (overview) is run through the entry script."""
    from dashboard.app.i18n import translate
    from dashboard.app.widgets.tables import PAGE_TITLE_KEY

    entry = next(entry for entry in navigation.PAGES if entry.script == page)
    ran_before = "view" in app.session_state
    if not entry.default or ran_before:
        if entry.path != entry.script and not ran_before:
            # Before a first run AppTest knows a page by its file name, not by the URL path
            # the navigation gives it (coverage_time.py is /coverage): it would run overview.
            app.run()
        app.switch_page(entry.file)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    shown = app.session_state.get(PAGE_TITLE_KEY)  # None: no corpus, the upload page
    titles = {translate(entry.title, lang) for lang in ("en", "ar")}
    assert shown is None or shown in titles, (page, shown)
    return app
