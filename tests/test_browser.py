"""Real-browser checks (Debian's Chromium through Playwright): hostile article text never runs.

A corpus whose titles, bodies, tags and outlet names carry script payloads is built and
served by a real Streamlit server on loopback; every page is opened and must run no script.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

from dashboard.core.build import BuildConfig, build

PAGES = ["", "coverage", "topics", "entities", "similar", "search", "explore", "upload"]
PAYLOADS = [
    "&lt;script&gt;window.__pwned = 'script'&lt;/script&gt;",
    "&lt;img src=x onerror=\"window.__pwned = 'img'\"&gt;",
    "[اضغط هنا](javascript:window.__pwned='link')",
    "\u202eعنوان معكوس\u202c &lt;svg onload=window.__pwned='svg'&gt;",
]
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def hostile_corpus(path: Path) -> Path:
    rows = []
    for i in range(40):
        payload = PAYLOADS[i % len(PAYLOADS)]
        rows.append(
            {
                "title": f"خبر رقم {i} {payload}",
                "body": f"نص الخبر {i} عن الأمطار. {payload}\nوقالت الحكومة إن الطرق مغلقة.",
                "date": f"2024-0{1 + i % 9}-1{i % 9}",
                "outlet": f"منفذ {i % 3} {PAYLOADS[i % 2]}",
                "url": f"https://hostile.example/{i}",
                "tags": [f"وسم {payload}", "عمّان"],
            }
        )
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory):
    if shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is not installed (.ci/run installs it)")
    folder = tmp_path_factory.mktemp("hostile")
    store = folder / "store"
    build([hostile_corpus(folder / "corpus.jsonl")], store, BuildConfig(), log=lambda _l: None)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env={**os.environ, "MARSAD_STORE": str(store)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("the dashboard did not start")
    yield url
    server.terminate()
    server.wait(timeout=30)


def test_no_page_runs_script_from_article_text(hostile_server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        shown = ""
        for name in PAGES:
            page.goto(f"{hostile_server}/{name}")
            page.wait_for_selector("h1", timeout=60_000)
            page.wait_for_load_state("networkidle")
            time.sleep(2)
            for link in page.locator("a[href^='javascript']").all():
                pytest.fail(f"a javascript: link is rendered on {name or 'overview'}: {link}")
            assert page.evaluate("window.__pwned") is None, f"script ran on {name or 'overview'}"
            shown += page.inner_text("body")
        browser.close()
    assert dialogs == []
    # the payloads are shown as text, not silently dropped
    assert "<script>" in shown or "&lt;script&gt;" in shown
