"""A served dashboard no URL can break: validated parameters, inert Markdown, hidden
tracebacks, degraded optional parts, and a read-only shared deployment."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import APP, FOREIGN, MARKDOWN_PAYLOADS, PAGES, open_app, run_page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from dashboard.app.state import KEYS, MAX_QUERY_CHARS, ViewState, parse
from dashboard.cli.serve import serve_command
from dashboard.pipeline.upload_build import check_owner, start_build, token_hash, try_lock
from dashboard.storage.corpora import CorpusError
from dashboard.storage.store import MANIFEST, publish, versions_dir
from dashboard.text.literal import literal

ROOT = Path(__file__).resolve().parents[1]


def exceptions(app: AppTest) -> list[str]:
    return [e.message for e in app.exception]


# --- 1. one validation layer ---------------------------------------------------------------

# (parameter, hostile value): each is dropped, and named, by the validation layer.
DROPPED = [
    ("topic", "²"),
    ("topics", "①"),
    ("topics", "٣"),
    ("series", "topic:²"),
    ("topics", "9" * 5000),
    ("topic", "-" + "9" * 50),
    ("q", "غزة " * 400),
    ("entity", "x" * 1000),
    ("article", "../../etc/passwd"),
    ("article", "ab\x00cd"),
    ("build", "**[Sign in](https://evil.example)**"),
    ("near", "nan"),
    ("near", "1e309"),
    ("from", "²⁰²⁴-01-01"),
    ("freq", "٣"),
    ("corpus", "../etc"),
    ("lang", "fr"),
    ("by", "?"),
    ("zz", "1"),
]


@pytest.mark.parametrize(("key", "value"), DROPPED)
def test_a_malformed_parameter_is_dropped_and_named(key: str, value: str):
    parsed = parse({key: [value], "q": ["غزة"]} if key != "q" else {key: [value]})
    assert key in parsed.dropped
    assert parsed.view.filters.text == ("غزة" if key != "q" else "")


def test_well_formed_parameters_are_not_named():
    params = {"topic": ["3"], "topics": ["-1", "4"], "series": ["topic:2", "غزة"], "lang": ["ar"]}
    params |= {"q": ["النفط"], "article": ["a1b2"], "near": ["0.5"], "by": ["outlet"]}
    assert parse(params).dropped == ()


def test_a_query_string_over_the_cap_is_refused_whole():
    parsed = parse({"q": ["غ" * MAX_QUERY_CHARS], "lang": ["en"]})
    assert parsed.too_long > MAX_QUERY_CHARS
    assert parsed.view == ViewState(lang="en")


# (page, parameter, value) that raised an exception on the page before this layer.
CRASHES = [
    ("overview", "topics", "①"),
    ("overview", "topics", "9" * 5000),
    ("topics", "topic", "²"),
    ("coverage_time", "series", "topic:²"),
    ("search", "article", "no-such-article"),
    ("similar", "article", "no-such-article"),
    ("reader", "article", "no-such-article"),
    ("topics", "topic", "987654"),
]


@pytest.mark.parametrize(("page", "key", "value"), CRASHES)
def test_a_hostile_link_opens_the_page_with_a_notice(demo_store, monkeypatch, page, key, value):
    app = open_app(demo_store, monkeypatch, {key: value, "lang": "en"})
    app.run()
    assert any(key in w.value for w in app.warning), [w.value for w in app.warning]
    run_page(app, page)
    assert not exceptions(app), exceptions(app)
    assert app.title


def test_a_too_long_link_says_so_and_opens_the_default_view(demo_store, monkeypatch):
    app = open_app(demo_store, monkeypatch, {"q": "غ" * 5000, "lang": "en"})
    run_page(app, "overview")
    assert not exceptions(app)
    assert "too long" in app.warning[0].value and "short link" in app.warning[0].value
    assert app.sidebar.text_input[0].value == ""


unicode_values = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789²①٣-:., ", max_size=12),
    st.sampled_from(["topic:²", "²", "-0", "1" * 5000, "x" * 600, "", " ", "%", "\x00"]),
)


@pytest.mark.parametrize("page", PAGES)
def test_no_unicode_in_any_parameter_raises_on_any_page(demo_store, monkeypatch, page):
    monkeypatch.setenv("MARSAD_STORE", str(demo_store))

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.dictionaries(st.sampled_from(KEYS), unicode_values, min_size=1, max_size=len(KEYS)))
    def check(params: dict[str, str]) -> None:
        app = AppTest.from_file(APP, default_timeout=120)
        for key, value in params.items():
            app.query_params[key] = value
        run_page(app, page)
        assert not exceptions(app), (params, exceptions(app))

    check()


# --- 2. one escaping helper ----------------------------------------------------------------

MARKDOWN = MarkdownIt("commonmark")


def live_markup(text: str) -> list[str]:
    """What in ``text`` a Markdown element would render as a link, image or HTML, or what
    the browser's Markdown (GitHub's) would link by itself."""
    rendered = MARKDOWN.render(text)
    found = re.findall(r"<(?:a|img)\b[^>]*>", rendered)
    return found + re.findall(r"https?://|www\.", text)


def markdown_texts(app: AppTest) -> list[str]:
    """Every text the page shows through an element that renders Markdown."""
    texts = []
    for kind in ("markdown", "caption", "title", "header", "subheader"):
        texts += [e.value for e in getattr(app, kind)]
    for kind in ("info", "warning", "error", "success"):
        texts += [e.value for e in getattr(app, kind)]
    texts += [e.label for e in app.expander] + [e.label for e in app.tabs]
    for kind in ("selectbox", "multiselect", "text_input", "button", "toggle", "checkbox"):
        texts += [e.label for e in getattr(app, kind)]
    texts += [e.label for e in app.metric]
    return [str(t) for t in texts if t]


def test_live_markup_finds_what_is_not_escaped():
    for payload in MARKDOWN_PAYLOADS:
        assert live_markup(payload), payload
        assert not live_markup(literal(payload)), payload


URL_PAYLOADS = {
    "build": MARKDOWN_PAYLOADS[0],
    "entity": MARKDOWN_PAYLOADS[1],
    "sq": MARKDOWN_PAYLOADS[2],
    "series": ["entity:" + MARKDOWN_PAYLOADS[0], MARKDOWN_PAYLOADS[3]],
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("params", [{}, URL_PAYLOADS], ids=["data", "url"])
def test_markdown_from_data_and_url_is_inert_on_every_page(
    hostile_store, monkeypatch, page, params
):
    app = open_app(hostile_store, monkeypatch, {**params, "lang": "en"})
    shown = markdown_texts(app.run())  # the first run shows the link's notices
    run_page(app, page)
    assert not exceptions(app), exceptions(app)
    shown += markdown_texts(app)
    assert shown
    live = {text: live_markup(text) for text in shown if live_markup(text)}
    assert not live, live


def test_outlet_names_reach_markdown_elements_escaped(hostile_store, monkeypatch):
    """The hostile outlets are shown (escaped), not dropped: the test above sees them."""
    app = run_page(open_app(hostile_store, monkeypatch, {"lang": "en"}), "topics")
    captions = " ".join(c.value for c in app.caption)
    assert "Sign in again" in captions and FOREIGN.replace(".", "\\.") in captions


# --- 3. no traceback for visitors ----------------------------------------------------------


def test_a_failing_page_shows_an_error_id_and_logs_the_detail(
    demo_store, monkeypatch, caplog: pytest.LogCaptureFixture
):
    def broken(*_args, **_kwargs):
        raise RuntimeError("secret detail /srv/marsad/dashboard/cached.py line 77")

    monkeypatch.setattr("dashboard.app.cached.filtered", broken)
    app = open_app(demo_store, monkeypatch, {"lang": "en"})
    with caplog.at_level(logging.ERROR, logger="marsad"):
        run_page(app, "overview")
    assert not exceptions(app)
    (error,) = app.error
    found = re.search(r"error ([0-9a-f]{8})", error.value)
    assert found, error.value
    assert all("secret" not in text for text in markdown_texts(app))
    logged = [r for r in caplog.records if found.group(1) in r.getMessage()]
    assert logged and "secret detail" in logged[0].exc_text
    assert app.sidebar.text_input, "the sidebar is still served"


@pytest.mark.parametrize(("environ", "uploads"), [({}, "0"), ({"MARSAD_ALLOW_UPLOADS": "1"}, "1")])
def test_serve_hides_error_details_and_is_read_only_by_default(environ, uploads, tmp_path):
    command, env = serve_command(str(tmp_path), 8600, environ)
    assert command[command.index("--client.showErrorDetails") + 1] == "none"
    assert command[1:3] == ["-m", "dashboard.app.webserver"]  # over-long links get a page
    assert env["MARSAD_ALLOW_UPLOADS"] == uploads
    assert env["MARSAD_STORE"] == str(tmp_path.absolute())


def test_streamlit_accepts_hidden_error_details():
    from streamlit import config

    config.set_option("client.showErrorDetails", "none")
    try:
        assert config.get_option("client.showErrorDetails") == "none"
    finally:
        config.set_option("client.showErrorDetails", "full")


# --- 4. degraded modes ---------------------------------------------------------------------


def copy_store(source: Path, out: Path) -> Path:
    version = versions_dir(out) / "copy"
    shutil.copytree(source.resolve(), version)
    publish(version, out)
    return out


def test_a_damaged_link_database_leaves_the_rest_serving(demo_store, tmp_path, monkeypatch):
    db = tmp_path / "permalinks.sqlite"
    db.write_bytes(b"not a database: a partial copy " * 200)
    monkeypatch.setenv("MARSAD_PERMALINKS", str(db))
    app = open_app(demo_store, monkeypatch, {"s": "abcdefghij", "lang": "en"})
    run_page(app, "overview")
    assert not exceptions(app)
    assert "Short links are unavailable" in app.warning[0].value
    assert int(app.metric[0].value.replace(",", "")) > 300
    app.sidebar.button(key="w_share_link").click().run()
    assert not exceptions(app)
    assert "Short links are unavailable" in app.sidebar.warning[0].value


def damage_articles(store: Path) -> None:
    (store / "articles" / "part-00000.parquet").write_bytes(b"truncated")


def remove_topic_model(store: Path) -> None:
    (store / "topic_model").unlink()


@pytest.mark.parametrize(
    ("breaks", "picked", "says"),
    [
        (damage_articles, "broken", "is damaged"),
        (remove_topic_model, "broken", "topic model of this corpus is missing"),
    ],
    ids=["damaged-corpus", "missing-topic-model"],
)
def test_a_broken_corpus_among_several(demo_store, tmp_path, monkeypatch, breaks, picked, says):
    root = tmp_path / "corpora"
    copy_store(demo_store, root / "fine")
    breaks(copy_store(demo_store, root / "broken").resolve())
    monkeypatch.setenv("MARSAD_CORPORA", str(root))
    app = open_app(demo_store, monkeypatch, {"corpus": picked, "lang": "en"})
    run_page(app, "topics" if "topic" in says else "overview")
    assert not exceptions(app), exceptions(app)
    assert says in " ".join(e.value for e in [*app.error, *app.info])
    other = run_page(
        open_app(demo_store, monkeypatch, {"corpus": "fine", "lang": "en"}), "overview"
    )
    assert not exceptions(other) and not other.error
    assert int(other.metric[0].value.replace(",", "")) > 300


def test_the_link_database_lives_in_the_corpora_folder(monkeypatch, tmp_path):
    from dashboard.config import Settings

    monkeypatch.delenv("MARSAD_PERMALINKS", raising=False)
    monkeypatch.setenv("MARSAD_CORPORA", str(tmp_path))
    assert Settings.from_env().permalinks == tmp_path / "permalinks.sqlite"
    assert Settings().permalinks.parent == Settings().corpora


# --- 6. a shared deployment ----------------------------------------------------------------


def built(root: Path, name: str, token: str | None) -> None:
    """A corpus ``name`` under ``root`` (a manifest is what makes it one), built with ``token``
    (None: built outside the dashboard)."""
    (root / name).mkdir(parents=True)
    manifest = {"counts": {"articles": 1}, "build_id": "b", "created_at": ""}
    (root / name / MANIFEST).write_text(json.dumps(manifest))
    if token is not None:
        (root / f"{name}.owner").write_text(token_hash(token))


# (name, corpora already built: name -> token, token given, refused with)
OWNERS = [
    ("demo", {}, "t", "reserved"),
    ("fresh", {}, "", None),
    ("mine", {"mine": "t1"}, "t1", None),
    ("mine", {"mine": "t1"}, "t2", "not built with your editor token"),
    ("mine", {"mine": "t1"}, "", "not built with your editor token"),
    ("cli", {"cli": None}, "t1", "not built with your editor token"),
    ("open", {"open": ""}, "", None),
]


@pytest.mark.parametrize(("name", "existing", "token", "refused"), OWNERS)
def test_who_may_build_a_name(tmp_path, name, existing, token, refused):
    for other, owner in existing.items():
        built(tmp_path, other, owner)
    if refused is None:
        check_owner(name, tmp_path, {"demo"}, token)
    else:
        with pytest.raises(CorpusError, match=refused):
            check_owner(name, tmp_path, {"demo"}, token)
        with pytest.raises(CorpusError, match=refused):  # start_build checks it too
            start_build([("a.csv", b"x")], name, tmp_path, reserved={"demo"}, token=token)


def test_a_second_build_waits_while_one_runs_on_the_server(tmp_path):
    held = try_lock(tmp_path)
    try:
        job = start_build([("a.csv", b"x")], "second", tmp_path, parent=tmp_path)
        progress = job.poll()
        assert (progress.state, progress.position) == ("queued", 2)
        assert job.cancel() and job.poll().state == "cancelled"
    finally:
        os.close(held)
    os.close(try_lock(tmp_path))  # free again


@pytest.fixture
def upload_page(demo_store, tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    monkeypatch.setenv("MARSAD_CORPORA", str(tmp_path / "corpora"))
    page = str(ROOT / "dashboard" / "app" / "views" / "upload.py")
    app = AppTest.from_string(f"import runpy\nrunpy.run_path({page!r})", default_timeout=60)
    app.query_params["lang"] = "en"
    return app


@pytest.mark.parametrize(
    ("allow", "token", "entered", "opens"),
    [
        ("0", "", "", False),
        ("0", "s3cret", "", False),
        ("0", "s3cret", "guess", False),
        ("0", "s3cret", "s3cret", True),
        ("1", "", "", True),
    ],
)
def test_uploads_need_the_setting_or_the_editor_token(
    upload_page, monkeypatch, allow, token, entered, opens
):
    monkeypatch.setenv("MARSAD_ALLOW_UPLOADS", allow)
    monkeypatch.setenv("MARSAD_EDITOR_TOKEN", token)
    upload_page.run()
    if entered:
        upload_page.text_input(key="w_editor_token").input(entered).run()
    assert not exceptions(upload_page)
    assert bool(upload_page.get("file_uploader")) == opens
    if not opens:
        assert "read-only" in upload_page.info[0].value
    if entered and not opens:
        assert "not valid" in upload_page.error[0].value


# --- 7. the URL is written even when a page stops early ------------------------------------


@pytest.mark.parametrize(
    ("page", "params"),
    [("overview", {"q": "كلمةلاتوجدفيالمدونة"}), ("search", {"lang": "en", "freq": "week"})],
)
def test_a_stopped_page_still_writes_its_url(demo_store, monkeypatch, page, params):
    # The page is the session's first run, as when a link to it is opened: a run of another
    # page first would write the URL before this one stops.
    app = open_app(demo_store, monkeypatch, params)
    if page == "search":
        app.switch_page("views/search.py")  # before a first run: the file name is the path
    app.run()
    if page == "search":
        assert [t.value for t in app.title] == ["Search and attention"]  # it ran and stopped
    assert not exceptions(app)
    assert app.query_params.get("build"), dict(app.query_params)
    for key, value in params.items():
        assert app.query_params[key] == value
