"""Server start to first rendered page, and the app's resident memory once it is up.

For the demo store and the full-SaudiNewsNet store: start ``streamlit run`` on
loopback (a fresh process, so nothing is cached), then open the overview in
headless Chromium and wait until it has rendered (title shown, script finished,
every chart drawn). Reports the seconds to a healthy server, to the first rendered
page (from process start), the same page again in a new browser context (the
server's caches warm), and the server's RSS after the first page.
Writes ``bench/results/startup.json``; asserts nothing.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from bench import RESULTS, snn_store
from bench.load_bench import RENDERED, rss_mb
from dashboard.app import localserver
from dashboard.pipeline.build import BuildConfig, build
from dashboard.storage.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo" / "articles.jsonl"
TIMEOUT_MS = 300_000


def rendered_after(browser, url: str) -> float:
    """Seconds from opening ``url`` in a new context until the page has rendered."""
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=TIMEOUT_MS)
    page.wait_for_function(RENDERED, timeout=TIMEOUT_MS, polling=50)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def measure(store: Path, browser) -> dict:
    """Start a server over ``store`` and time its first and second rendered overview."""
    port = localserver.free_port()
    start = time.perf_counter()
    server = localserver.start(store, port)
    try:
        healthy = time.perf_counter() - start
        first = rendered_after(browser, f"http://127.0.0.1:{port}/")
        to_first = time.perf_counter() - start
        rss = rss_mb(server.pid)
        again = rendered_after(browser, f"http://127.0.0.1:{port}/")
    finally:
        localserver.stop(server)
    return {
        "articles": Store(store).manifest["counts"]["articles"],
        "healthy_s": round(healthy, 2),
        "first_page_s": round(first, 2),
        "start_to_first_page_s": round(to_first, 2),
        "warm_page_s": round(again, 2),
        "rss_after_first_page_mb": round(rss),
    }


def demo_store() -> Path:
    """The demo corpus built under ``bench/results/demo`` when missing."""
    out = RESULTS / "demo"
    if not (out / "manifest.json").exists():
        build([DEMO], out, BuildConfig(), log=lambda _line: None)
    return out


def main() -> None:
    """Measure the demo and the 31K store; print a table and write the JSON."""
    from playwright.sync_api import sync_playwright

    if shutil.which("chromium") is None:
        raise SystemExit("Debian's chromium is needed (apt-get install chromium)")
    stores = {"demo": demo_store(), "saudinewsnet": snn_store()}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=localserver.CHROMIUM_FLAGS
        )
        results = {name: measure(path, browser) for name, path in stores.items()}
        browser.close()
    print(
        f"{'corpus':<13} {'articles':>8} {'healthy':>8} {'1st page':>9} {'start→1st':>10} "
        f"{'warm':>6} {'RSS MB':>7}"
    )
    for name, row in results.items():
        print(
            f"{name:<13} {row['articles']:>8,} {row['healthy_s']:>8} {row['first_page_s']:>9} "
            f"{row['start_to_first_page_s']:>10} {row['warm_page_s']:>6} "
            f"{row['rss_after_first_page_mb']:>7}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "startup.json").write_text(json.dumps(results, indent=2) + "\n")
