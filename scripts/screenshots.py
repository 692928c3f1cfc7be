"""Serve the dashboard on a built store and take a full-page screenshot of every page.

Uses Debian's Chromium through Playwright (no browser download):

    python scripts/screenshots.py --store data/artifacts/demo --out shots/ [--query "lang=en"]
    python scripts/screenshots.py --views views.txt ...   # NAME|PATH?PARAMS, one a line

Without ``--views`` every page is shot at its plain URL; a views file names tabs and
chosen items too (``topics_map|topics?tab=map&colour=outlet``).
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dashboard.app import localserver

WIDTH = 1440
MAX_HEIGHT = 16_000
IDLE = """() => !document.querySelector('[data-testid="stStatusWidget"]')"""
HEIGHT = """() => {
  const block = document.querySelector('[data-testid="stMainBlockContainer"]');
  return block ? Math.ceil(block.getBoundingClientRect().height + 120) : 1000;
}"""


def views(listing: Path | None) -> list[tuple[str, str]]:
    """(file name, URL path and query) of every view to shoot."""
    if listing is None:
        return [(name or "overview", name) for name in localserver.PAGE_PATHS]
    lines = listing.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("|", 1)) for line in lines if "|" in line]


def main() -> None:
    """Start the server, shoot every view, stop the server."""
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--store", default="data/artifacts/demo")
    args.add_argument("--out", default="screenshots")
    args.add_argument("--query", default="", help="parameters added to every view's URL")
    args.add_argument("--views", type=Path, help="a file of NAME|PATH?PARAMS lines")
    args.add_argument("--only", default="", help="shoot only views whose name starts so")
    options = args.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # the server stops too
    port = localserver.free_port()
    server = localserver.start(Path(options.store), port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=localserver.CHROMIUM_FLAGS
            )
            page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
            for name, path in views(options.views):
                if not name.startswith(options.only):
                    continue
                joiner = "&" if "?" in path else "?"
                extra = f"{joiner}{options.query}" if options.query else ""
                page.goto(f"http://127.0.0.1:{port}/{path}{extra}")
                page.wait_for_selector("h1", timeout=120_000)
                page.wait_for_load_state("networkidle")
                # Streamlit's "running" mark: the page has finished when it has gone.
                page.wait_for_function(IDLE, timeout=300_000, polling=500)
                time.sleep(4)  # plotly draws after the data arrives
                # The page scrolls inside Streamlit's main block: the window is made as tall
                # as that block, so the screenshot holds all of it.
                tall = page.evaluate(HEIGHT)
                page.set_viewport_size({"width": WIDTH, "height": min(MAX_HEIGHT, tall + 40)})
                time.sleep(2)  # charts redraw at the new size
                target = out / f"{name}.png"
                page.screenshot(path=str(target), full_page=True)
                page.set_viewport_size({"width": WIDTH, "height": 1000})
                print(target, flush=True)
            browser.close()
    finally:
        localserver.stop(server)


if __name__ == "__main__":
    main()
