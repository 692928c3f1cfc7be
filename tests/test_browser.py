"""Real-browser checks (Debian's Chromium through Playwright): hostile article text never runs.

A corpus whose titles, bodies, tags and outlet names carry script and Markdown payloads is
built and served by a real Streamlit server on loopback; every page is opened and must run no
script, render no link or image to a foreign host, and send no request off the loopback.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from conftest import FOREIGN, MARKDOWN_PAYLOADS

from dashboard.app import localserver


@pytest.fixture(scope="module")
def hostile_server(hostile_store: Path):
    if shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is not installed (make test installs it)")
    port = localserver.free_port()
    server = localserver.start(hostile_store, port)
    yield f"http://127.0.0.1:{port}"
    localserver.stop(server)


LOCAL_HOSTS = {"127.0.0.1", "localhost", None}


def foreign_links_and_requests(page, url: str, requests: list[str]) -> list[str]:
    """Open ``url``; every link to the payloads' foreign host, and every request that
    leaves this machine, that it causes."""
    from playwright.sync_api import TimeoutError as PageTimeout

    requests.clear()
    page.goto(url)
    try:
        settle(page)
    except PageTimeout:
        return [f"no page rendered: {page.inner_text('body')[:300]}"]
    links = page.evaluate(
        "Array.from(document.querySelectorAll('a, img, image, iframe, source'))"
        ".map(e => e.getAttribute('href') || e.getAttribute('xlink:href') || "
        "e.getAttribute('src') || '')"
    )
    foreign = [link for link in links if FOREIGN in (urlparse(link).hostname or "")]
    return foreign + [u for u in requests if urlparse(u).hostname not in LOCAL_HOSTS]


def test_hostile_text_runs_no_script_and_renders_no_foreign_link(hostile_server: str, browser):
    """Every page, opened plainly (in Arabic, by default), with Markdown payloads in its
    link (in English) and with one as its query, runs no script from article text or the
    link, and renders no link, image or request to a foreign host."""
    from urllib.parse import urlencode

    payloads = urlencode(
        {
            "build": MARKDOWN_PAYLOADS[0],
            "entity": MARKDOWN_PAYLOADS[1],
            "sq": MARKDOWN_PAYLOADS[2],
            "series": "entity:" + MARKDOWN_PAYLOADS[3],
            "lang": "en",
        }
    )
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    shown, found = "", {}
    for name in localserver.PAGE_PATHS:
        for query in ("", payloads, "q=" + quote(MARKDOWN_PAYLOADS[0])):
            url = f"{hostile_server}/{name}?{query}"
            if bad := foreign_links_and_requests(page, url, requests):
                found[url] = bad
            for link in page.locator("a[href^='javascript']").all():
                pytest.fail(f"a javascript: link is rendered on {url}: {link}")
            assert page.evaluate("window.__pwned") is None, f"script ran on {url}"
            shown += page.inner_text("body").replace("\u2060", "")  # invisible joiner
    page.close()
    assert not found, found
    assert dialogs == []
    # the payloads are shown as text, not silently dropped
    assert "<script>" in shown or "&lt;script&gt;" in shown
    assert "Sign in again" in shown and f"https://{FOREIGN}/pixel.png" in shown


@pytest.fixture(scope="module")
def demo_server(demo_store: Path):
    port = localserver.free_port()
    server = localserver.start(demo_store, port)
    yield f"http://127.0.0.1:{port}"
    localserver.stop(server)


def raw_get(url: str, target: str) -> bytes:
    """The whole answer to ``GET target`` over a raw socket (no client-side URL limit)."""
    import socket

    address = urlparse(url)
    with socket.create_connection((address.hostname, address.port), timeout=60) as connection:
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65_536):
            answer += chunk
            if b"</html>" in answer:
                return answer
    return answer


def test_an_over_long_link_gets_a_page_that_says_so(demo_server: str):
    from dashboard.app.i18n import translate
    from dashboard.app.webserver import REQUEST_HEAD_BYTES, TOO_LONG

    # 200 KB: refused by the web server before (a bare 400); now the dashboard answers it
    assert raw_get(demo_server, "/search?sq=" + "a" * 200_000).startswith(b"HTTP/1.1 200")
    answer = raw_get(demo_server, "/search?sq=" + "a" * 2 * REQUEST_HEAD_BYTES)
    assert answer.startswith(b"HTTP/1.1 414")
    page = answer.decode()
    for lang in ("en", "ar"):
        assert translate(TOO_LONG, lang).format(most=REQUEST_HEAD_BYTES).split(":")[0] in page
    assert 'href="/"' in page


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=localserver.CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


def settle(page) -> None:
    """Wait until the page's script run has ended and its charts are drawn."""
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    # plotly.js may draw after the script run ends: wait for every chart, then a short pause
    # for anything the drawing itself sets off.
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.js-plotly-plot'))"
        ".every(plot => plot._fullData !== undefined)",
        timeout=60_000,
    )
    time.sleep(0.4)


def chart_data(page) -> list:
    """Names and values of every trace of the first chart on the page, as plotly.js drew them,
    and whether the trace stands for a series in the legend (not a dotted tail or a gap).
    Waits for plotly.js to draw it (under load it may draw after the script run ends)."""
    page.wait_for_function(
        "document.querySelector('.js-plotly-plot')?._fullData !== undefined", timeout=60_000
    )
    return page.evaluate(
        "Array.from(document.querySelector('.js-plotly-plot')._fullData)"
        ".map(t => [t.name, Array.from(t.x || []).map(String), Array.from(t.y || []),"
        " t.showlegend !== false && t.legendgroup !== 'gap'])"
    )


def test_a_short_link_reproduces_the_chart_in_a_fresh_browser(demo_server: str, browser):
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = first.new_page()
    page.goto(f"{demo_server}/coverage?q=النفط&freq=month&lang=en")
    settle(page)
    shared = chart_data(page)
    assert shared and sum(sum(t[2]) for t in shared) > 0
    page.get_by_role("button", name="Short link to this view").click()
    settle(page)
    link = page.locator("[data-testid='stSidebar'] code").inner_text().strip()
    assert "?s=" in link
    first.close()

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    again = fresh.new_page()
    again.goto(f"{demo_server}/coverage?s={link.split('?s=')[1]}")
    settle(again)
    assert chart_data(again) == shared
    fresh.close()


def test_a_download_holds_exactly_the_filtered_rows(demo_server: str, demo_store: Path, browser):
    import pandas as pd

    from dashboard.analysis.query import Filters, apply_filters
    from dashboard.storage.store import Store

    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{demo_server}/explore?q=النفط&outlet=الأفق نيوز&lang=en")
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="⬇ CSV").click()
    frame = pd.read_csv(download.value.path(), encoding="utf-8-sig")
    context.close()
    expected = apply_filters(
        Store(demo_store).articles, Filters(text="النفط", outlets=("الأفق نيوز",))
    )
    assert len(expected) > 0
    assert sorted(frame["id"]) == sorted(expected["id"])


def test_switching_language_flips_the_layout(demo_server: str, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(demo_server)
    settle(page)
    direction = "getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).direction"
    assert page.evaluate(direction) == "rtl"
    assert page.locator("h1").inner_text() == "نظرة عامة"
    page.get_by_text("English", exact=True).click()
    settle(page)
    assert page.evaluate(direction) == "ltr"
    assert page.locator("h1").inner_text() == "Overview"
    assert "lang=en" in page.url
    page.close()


def test_every_page_renders_and_is_photographed(demo_server: str, browser):
    out = Path(__file__).resolve().parents[1] / "screenshots"
    out.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for name in localserver.PAGE_PATHS:
        page.goto(f"{demo_server}/{name}")
        settle(page)
        assert not page.locator("[data-testid='stException']").count(), name
        page.screenshot(path=str(out / f"{name or 'overview'}.png"), full_page=True)
    page.close()
    assert errors == []


def test_a_mixed_comparison_link_and_its_chart_as_svg(demo_server: str, demo_store: Path, browser):
    from urllib.parse import quote

    from dashboard.analysis.query import topic_labels
    from dashboard.storage.store import Store

    store = Store(demo_store)
    topic = int(store.articles.loc[store.articles["topic"].ge(0), "topic"].iloc[0])
    entity = store.mentions["entity"].value_counts().index[0]
    outlet = store.articles["outlet"].iloc[0]
    series = [f"topic:{topic}", f"entity:{entity}", f"outlet:{outlet}", "النفط OR برنت"]
    context = browser.new_context(accept_downloads=True, viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(f"{demo_server}/coverage?" + "&".join(f"series={quote(s)}" for s in series))
    settle(page)
    isolates = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))
    names = [t[0].translate(isolates) for t in chart_data(page) if t[3]]  # one per series
    labels = topic_labels(store.frame("topics"))
    assert names == [labels[topic], entity, outlet, "النفط OR برنت"]  # Arabic UI, by default
    out = Path(__file__).resolve().parents[1] / "screenshots"
    out.mkdir(exist_ok=True)
    page.screenshot(path=str(out / "coverage_compare.png"), full_page=True)

    page.locator("[data-testid='stSidebar']").get_by_text("SVG", exact=True).click()
    settle(page)
    page.locator(".js-plotly-plot").first.hover()
    with page.expect_download() as download:
        page.locator(".js-plotly-plot .modebar-btn[data-title^='Download plot']").first.click()
    assert download.value.suggested_filename == "coverage.svg"
    assert Path(download.value.path()).read_text(encoding="utf-8").startswith("<svg")
    context.close()


def test_an_upload_with_unrecognised_columns_is_mapped_in_the_browser(
    demo_server: str, browser, tmp_path: Path
):
    upload = tmp_path / "akhbar.csv"
    upload.write_text(
        "headline_ar,story,day,paper\n"
        "عنوان أول عن المطر,نص الخبر الأول عن المطر في المدينة,2024-05-01,صحيفة الأفق\n"
        "عنوان ثان عن السوق,نص الخبر الثاني عن السوق والأسعار,2024-05-02,صحيفة الفجر\n",
        encoding="utf-8",
    )
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{demo_server}/upload")
    settle(page)
    page.set_input_files("input[type=file]", str(upload))
    page.get_by_text("مطابقة الأعمدة").wait_for(timeout=60_000)
    settle(page)
    assert "تنقصه أعمدة مطلوبة" in page.locator("[data-testid='stCode']").inner_text()
    for label, column in (("نص الخبر", "story"), ("التاريخ", "day"), ("المنفذ", "paper")):
        page.locator("[data-testid='stSelectbox']").filter(has_text=label).first.click()
        page.get_by_role("option", name=column, exact=True).click()
    page.get_by_role("button", name="أعد القراءة بهذه المطابقة").click()
    page.get_by_text("ابنِ هذه المدونة").first.wait_for(timeout=60_000)
    settle(page)
    metrics = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    assert metrics[:2] == ["2", "2"]  # read, loaded
    out = Path(__file__).resolve().parents[1] / "screenshots"
    out.mkdir(exist_ok=True)
    page.screenshot(path=str(out / "upload_mapped.png"), full_page=True)
    page.close()
